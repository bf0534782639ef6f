"""The demo dataset, built and loaded from scratch into a fresh SQLite store.

The store is built once per test run (``conftest.py``; loading takes a few seconds).
Expected figures come from ``seed_002_expected.txt`` beside this file, typed from the seed
papers, not from ``demo/``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from demo.build import build_demo_workbooks
from demo.load import load_demo
from demo.partnership import demo_grouping, demo_profile
from domain.areas import county_districts
from domain.catalogue import SEED_SCORECARD_INDICATORS
from store import queries
from store.models import Observation, UploadBatch, ValidationIssueRow

TEAMS = demo_grouping("teams")[0]

if TYPE_CHECKING:
    from tests.demo.conftest import DemoStore

EXPECTED = Path(__file__).with_name("seed_002_expected.txt")
AREAS = {"LAN": "E10000017", "ENG": "E92000001", "NW": "E12000002"}
PAPER_FILES = {"Q2": "01_scorecard_q2_2016-17.xlsx", "Q3": "03_scorecard_q3_2016-17.xlsx"}
MODELLED = {"cp_plans_number": "cp_plans_rate", "cla_number": "cla_rate"}
NOTE = "Illustrative: modelled, not published"


def expected_figures() -> pd.DataFrame:
    rows = []
    for line in EXPECTED.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        head, entries = line.split("|", 1)
        papers, indicator = head.split()
        for entry in entries.split(";"):
            where, value = entry.strip().rsplit("=", 1)
            area, period, *breakdown = where.split(":")
            for paper in papers.split(","):
                rows.append({"paper": paper, "indicator_id": indicator,
                             "area_code": AREAS.get(area, area), "period_label": period,
                             "breakdown": breakdown[0] if breakdown else "all",
                             "value": float(value)})
    return pd.DataFrame(rows)


def all_versions(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return queries.observations(conn, current_only=False)


def batch_ids(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(select(UploadBatch.file_name, UploadBatch.id)).all())


def test_demo_loads_with_zero_errors_and_acknowledged_warnings(demo: DemoStore) -> None:
    assert demo.summary.ok, demo.summary.lines()
    assert [f.status for f in demo.summary.files] == ["committed"] * len(demo.paths)
    with demo.engine.connect() as conn:
        batches = queries.batches(conn)
        severities = set(conn.execute(select(ValidationIssueRow.severity)).scalars())
    assert len(batches) == len(demo.paths)
    assert (batches["error_count"] == 0).all()
    assert severities <= {"warning"}
    warned = batches[batches["warning_count"] > 0]
    assert not warned.empty
    assert warned["acknowledged_reason"].str.len().gt(40).all()


def test_every_seed_figure_is_stored_as_printed(demo: DemoStore) -> None:
    """Each paper's figures, as the store held them right after that paper's batch."""
    expected = expected_figures()
    assert set(SEED_SCORECARD_INDICATORS) <= set(expected["indicator_id"])
    versions = all_versions(demo.engine)
    ids = batch_ids(demo.engine)
    key = ["indicator_id", "area_code", "period_label", "breakdown"]
    wrong = []
    for paper, figures in expected.groupby("paper"):
        held = versions[versions["batch_id"] <= ids[PAPER_FILES[str(paper)]]]
        held = held.sort_values("observation_id").drop_duplicates(key, keep="last")
        merged = figures.merge(held, on=key, how="left", suffixes=("", "_stored"))
        bad = merged[~((merged["value_stored"] - merged["value"]).abs() < 1e-9)]
        wrong += bad.loc[:, ["paper", *key, "value", "value_stored"]].to_dict("records")
    assert wrong == []


def test_revised_q2_figures_keep_their_first_values_in_history(demo: DemoStore) -> None:
    ids = batch_ids(demo.engine)
    for indicator, first, revised in (("domestic_incidents_children", 2463, 2661),
                                      ("missing_children_police", 425, 427)):
        with demo.engine.connect() as conn:
            history = queries.observation_history(
                conn, indicator, "E10000017", "fy_quarter:2016-07-01:2016-09-30")
        assert history["value"].tolist() == [first, revised]
        assert history["batch_id"].tolist() == [ids[PAPER_FILES["Q2"]], ids[PAPER_FILES["Q3"]]]
        assert history["is_current"].tolist() == [False, True]
        assert history["status"].tolist() == ["final", "revised"]
        assert history["supersedes_id"].tolist()[1] == history["observation_id"].tolist()[0]


def test_every_modelled_value_is_flagged_illustrative(demo: DemoStore) -> None:
    versions = all_versions(demo.engine)
    district = versions["area_type"] == "district"
    modelled = district & versions["indicator_id"].isin([*MODELLED, *MODELLED.values()])
    assert modelled.sum() > 0
    assert versions.loc[modelled, "illustrative"].all()
    assert (versions.loc[modelled, "value_note"] == NOTE).all()
    flagged = versions[versions["illustrative"].astype(bool)]
    assert flagged.index.isin(versions.index[modelled]).all()


def test_modelled_district_counts_sum_to_the_county_count(demo: DemoStore) -> None:
    with demo.engine.connect() as conn:
        current = queries.observations(conn, indicator_ids=list(MODELLED))
    districts = current[current["area_type"] == "district"]
    county = current[current["area_code"] == "E10000017"].set_index(
        ["indicator_id", "period_key"])["value"]
    sums = districts.groupby(["indicator_id", "period_key"])["value"].agg(["sum", "size"])
    assert len(sums) == 26
    assert (sums["size"] == 12).all()
    assert (sums["sum"] == county.loc[sums.index]).all()


@pytest.mark.parametrize(("indicator", "team", "period_key", "quoted"), [
    ("cp_plans_rate", "CSC-PRE", "fy_quarter:2016-10-01:2016-12-31", 93.4),
    ("cp_plans_rate", "CSC-HRV", "fy_quarter:2016-10-01:2016-12-31", 81.2),
    ("cp_plans_rate", "CSC-BUR", "fy_quarter:2016-10-01:2016-12-31", 80.7),
    ("cp_plans_rate", "CSC-PEN", "fy_quarter:2016-10-01:2016-12-31", 74.9),
    ("cla_rate", "CSC-BUR", "fy_quarter:2016-10-01:2016-12-31", 132.4),
    ("cla_rate", "CSC-PEN", "fy_quarter:2016-10-01:2016-12-31", 103.6),
    ("cla_rate", "CSC-PRE", "fy_quarter:2016-10-01:2016-12-31", 84.9),
    ("cla_rate", "CSC-HRV", "fy_quarter:2016-10-01:2016-12-31", 79.5),
    ("cp_plans_rate", "CSC-PRE", "fy_quarter:2016-07-01:2016-09-30", 105.0),
    ("cp_plans_rate", "CSC-BUR", "fy_quarter:2016-07-01:2016-09-30", 86.3),
    ("cp_plans_rate", "CSC-HRV", "fy_quarter:2016-07-01:2016-09-30", 84.2),
    ("cla_rate", "CSC-BUR", "fy_quarter:2016-07-01:2016-09-30", 132.4),
    ("cla_rate", "CSC-PEN", "fy_quarter:2016-07-01:2016-09-30", 104.6),
    ("cla_rate", "CSC-PRE", "fy_quarter:2016-07-01:2016-09-30", 76.8),
])
def test_modelled_districts_match_the_quoted_rates(demo: DemoStore, indicator: str, team: str,
                                                   period_key: str, quoted: float) -> None:
    """Within half a child of the quoted rate, on ONS mid-2023 populations aged 0-17."""
    with demo.engine.connect() as conn:
        rows = queries.observations(conn, [indicator], list(TEAMS[team]))
    rows = rows[rows["period_key"] == period_key]
    population = county_districts(demo.settings.shared_data,
                                  demo_profile().council).set_index("code")
    people = population.loc[list(TEAMS[team]), "population_0_17"].sum()
    assert len(rows) == len(TEAMS[team])
    assert rows["denominator"].sum() == people
    rate = rows["numerator"].sum() / people * 10_000
    assert abs(rate - quoted) <= 0.5 / people * 10_000


def test_troubled_families_tables(demo: DemoStore) -> None:
    with demo.engine.connect() as conn:
        tf = queries.observations(conn, ["tf_families_attached", "tf_pbr_claims"])
    dec = tf[tf["period_label"] == "At 31 Dec 2016"].set_index(
        ["indicator_id", "area_code", "breakdown"])
    assert dec.loc[("tf_families_attached", "E10000017", "all"), "value"] == 3420
    assert dec.loc[("tf_families_attached", "E10000017", "all"), "target"] == 4303
    assert dec.loc[("tf_families_attached", "E07000123", "wpehs"), "value"] == 260
    assert dec.loc[("tf_families_attached", "E07000124", "csc"), "value"] == 25
    claims = tf[(tf["indicator_id"] == "tf_pbr_claims") & (tf["area_code"] == "E10000017")]
    assert claims[["period_label", "value", "target"]].values.tolist() == [
        ["At 31 Dec 2016", 46, 1320]]


def test_running_the_demo_again_changes_nothing(demo: DemoStore) -> None:
    def counts() -> tuple[int, int]:
        with demo.engine.connect() as conn:
            return (conn.execute(select(func.count()).select_from(UploadBatch)).scalar_one(),
                    conn.execute(select(func.count()).select_from(Observation)).scalar_one())

    before = counts()
    digests = [hashlib.sha256(p.read_bytes()).hexdigest() for p in demo.paths]
    paths = build_demo_workbooks(demo.settings)
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths] == digests
    again = load_demo(demo.settings, user="demo", paths=paths)
    assert [f.status for f in again.files] == ["skipped"] * len(paths)
    assert counts() == before


def test_lait_rates_are_judged_from_the_counts_published_beside_them(demo: DemoStore) -> None:
    from services.stored_judgements import results_for_area
    with demo.engine.connect() as conn:
        results = results_for_area(conn, "E10000017")
    latest = results[(results["period_label"] == "Q4 2024/25")].set_index("indicator_id")
    cp = latest.loc["cp_plans_rate"]
    assert (cp["value"], cp["numerator"]) == (34.2, 895)
    # The population the published rate implies is within 3% of ONS's mid-2023 estimate.
    county_population = county_districts(demo.settings.shared_data, demo_profile().council)[
        "population_0_17"].sum()
    assert abs(cp["denominator"] / county_population - 1) < 0.03
    assert cp["ci_source"] == "computed" and cp["rag"] == "green"
    assert "(95% CI 32.0-36.5) is significantly lower than England's 40.6" in cp["rag_reason"]
    assert latest.loc["cla_rate", "lower_ci"] < latest.loc["cla_rate", "value"]
