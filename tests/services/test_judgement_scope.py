"""Incremental judgements: recomputing only what changed figures can alter gives the stored
judgements a full recompute gives, on the demo and on random sequences of batches."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine

from demo.build import build_demo_workbooks
from demo.load import load_demo
from demo.partnership import DEMO_PROFILE
from domain.areas import area_relationships, default_data_dir, reference_areas
from domain.periods import period_containing
from services import results
from services.catalogue import catalogue
from services.judgement_scope import history_window, judgement_scope, trim_history
from services.partnerships import load_profile_file
from services.setup import initialise_store
from settings import load_settings
from store import queries
from store.batches import BatchMeta, commit_batch, plan_changes
from store.engine import make_engine
from store.judged_figures import judged_observations
from store.judgements import STORED_COLUMNS, typed_judgements
from store.reference import seed_reference_data
from store.rollback import rollback_batch

ENGLAND = "E92000001"
#: The demo partnership's council.
DEFAULT_AREA = "E10000017"
STORED = ["indicator_id", "area_code", "period_key", "breakdown", *STORED_COLUMNS]
#: A count, the rate it is the numerator of, a percentage with counts and an annual measure.
INDICATORS = ["cla_number", "cla_rate", "cp_plans_number", "cp_plans_rate",
              "care_leavers_eet", "cla_starts_number", "cla_starts_rate", "ks2_rwm_expected"]


def stored(engine: Engine) -> pd.DataFrame:
    """Every stored judgement, in key order."""
    with engine.connect() as conn:
        frame = typed_judgements(conn, sorted(catalogue())).loc[:, STORED]
    return frame.sort_values(STORED[:4]).reset_index(drop=True)


def assert_same_as_full_recompute(engine: Engine) -> None:
    incremental = stored(engine)
    results.refresh_results(engine)
    full = stored(engine)
    assert incremental[STORED[:4]].equals(full[STORED[:4]]), "different judgements stored"
    differ = (incremental.astype(object).fillna("-") != full.astype(object).fillna("-")).any(axis=1)
    for mine, theirs in zip(incremental[differ].head(3).to_dict("records"),
                            full[differ].head(3).to_dict("records"), strict=True):
        fields = {k: (mine[k], theirs[k]) for k in STORED[4:]
                  if str(mine[k]) != str(theirs[k])}
        pytest.fail(f"{mine} differs from a full recompute: {fields}")


@pytest.fixture
def engine(store_engine: Engine) -> Engine:
    data = default_data_dir()
    seed_reference_data(store_engine, catalogue(), reference_areas(data),
                        area_relationships(data))
    assert load_profile_file(store_engine, DEMO_PROFILE, "test").report.valid
    return store_engine


def _pool(engine: Engine) -> list[str]:
    """England, the default area's region, the default area, its districts and neighbours,
    and a few other councils: areas whose figures judge one another."""
    with engine.connect() as conn:
        areas = queries.areas(conn)
        neighbours = results.neighbour_frame(conn)
    parent = areas.set_index("code")["parent_code"]
    districts = areas.loc[areas["parent_code"].eq(DEFAULT_AREA), "code"].tolist()
    near = neighbours.loc[neighbours["area_code"].eq(DEFAULT_AREA), "neighbour_code"].tolist()
    others = areas.loc[areas["type"].eq("other_la"), "code"].head(4).tolist()
    return [ENGLAND, str(parent[DEFAULT_AREA]), DEFAULT_AREA, *districts[:5], *near[:5],
            *others]


def _batch(rng: random.Random, pool: list[str]) -> pd.DataFrame:
    """A random batch: a few indicators x areas x periods, some rates without counts."""
    known = catalogue()
    rows = []
    for indicator_id in rng.sample(INDICATORS, rng.randint(1, 3)):
        ind = known[indicator_id]
        last = period_containing(ind.period_type, dt.date(2017, 3, 31))
        for area in rng.sample(pool, rng.randint(1, 5)):
            for back in rng.sample(range(16), rng.randint(1, 3)):
                period = last.previous(back)
                denominator = rng.randint(2000, 9000)
                numerator = rng.randint(50, denominator // 3)
                with_counts = not ind.is_count and rng.random() < 0.5
                value = (numerator if ind.is_count
                         else round(numerator / denominator * ind.multiplier, 1))
                rows.append({
                    "indicator_id": indicator_id, "area_code": area, "period_key": period.key,
                    "breakdown": "all", "period_type": period.type.value,
                    "period_start": period.start, "period_end": period.end,
                    "period_label": period.label,
                    "numerator": numerator if with_counts else None,
                    "denominator": denominator if with_counts else None, "value": value,
                    "lower_ci": None, "upper_ci": None, "ci_level": None, "target": None,
                    "ci_source": "none", "status": "final", "value_note": None,
                    "source": "test", "source_cell": None, "illustrative": False})
    frame = pd.DataFrame(rows)
    return frame.drop_duplicates(["indicator_id", "area_code", "period_key"])


@pytest.mark.parametrize("seed", [1, 2])
def test_random_batches_and_rollbacks_store_what_a_full_recompute_stores(
        engine: Engine, seed: int) -> None:
    rng = random.Random(seed)
    pool = _pool(engine)
    committed: list[int] = []
    for step in range(8):
        if committed and rng.random() < 0.25:
            rollback_batch(engine, committed.pop(), "test", after=results.store_judgements)
        else:
            outcome = commit_batch(engine, _batch(rng, pool),
                                   BatchMeta(file_name=f"b{step}", file_hash=f"{seed}-{step}"),
                                   after=results.store_judgements)
            committed.append(outcome.batch_id)
        assert_same_as_full_recompute(engine)


def test_a_preview_flags_the_rating_flips_a_full_recompute_would(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)
    pool = _pool(engine)
    for step in range(5):
        batch = _batch(rng, pool)
        with engine.connect() as conn:
            planned = plan_changes(conn, batch)
            scoped = results.rag_flips(conn, planned)
            with monkeypatch.context() as patched:
                patched.setattr(results, "SCOPE_SHARE", 0.0)  # whole indicators
                full = results.rag_flips(conn, planned)
        order = ["indicator_id", "area_code", "period_key"]
        pd.testing.assert_frame_equal(scoped.sort_values(order).reset_index(drop=True),
                                      full.sort_values(order).reset_index(drop=True))
        commit_batch(engine, batch, BatchMeta(file_name=f"p{step}", file_hash=f"p{step}"),
                     after=results.store_judgements)


def _history(indicator_id: str, pool: list[str], backs: range, rng: random.Random
             ) -> pd.DataFrame:
    """Rates with counts for ``pool`` at the periods ``backs`` before the one holding
    31 March 2017, a few left out (gaps the trend's window spans)."""
    rows = []
    for area in pool:
        for back in backs:
            if rng.random() < 0.2:
                continue
            period = period_containing(catalogue()[indicator_id].period_type,
                                       dt.date(2017, 3, 31)).previous(back)
            denominator = rng.randint(2000, 9000)
            numerator = rng.randint(50, denominator // 3)
            rows.append({
                "indicator_id": indicator_id, "area_code": area, "period_key": period.key,
                "breakdown": "all", "period_type": period.type.value,
                "period_start": period.start, "period_end": period.end,
                "period_label": period.label, "numerator": numerator,
                "denominator": denominator, "value": round(numerator / denominator * 1e4, 1),
                "lower_ci": None, "upper_ci": None, "ci_level": None, "target": None,
                "ci_source": "none", "status": "final", "value_note": None, "source": "test",
                "source_cell": None, "illustrative": False})
    return pd.DataFrame(rows)


def test_a_recent_change_to_a_long_history_is_judged_from_the_recent_figures(
        engine: Engine) -> None:
    """Judging only the recent figures (each series' last few and those the comparators
    reach) gives the latest periods what the whole history gives them."""
    rng = random.Random(5)
    pool = _pool(engine)
    history = pd.concat([_history(i, pool, range(3, 20), rng)
                         for i in ("cla_rate", "cla_starts_rate")], ignore_index=True)
    commit_batch(engine, history, BatchMeta(file_name="history", file_hash="h"),
                 after=results.store_judgements)
    for step, area in enumerate([DEFAULT_AREA, ENGLAND, pool[4]]):
        recent = pd.concat([_history(i, [area], range(step, step + 2), rng)
                            for i in ("cla_rate", "cla_starts_rate")], ignore_index=True)
        commit_batch(engine, recent, BatchMeta(file_name=f"recent{step}", file_hash=f"r{step}"),
                     after=results.store_judgements)
        assert_same_as_full_recompute(engine)


def test_the_store_trims_a_history_as_trim_history_does(engine: Engine) -> None:
    """The history window the database applies keeps exactly the figures
    :func:`~services.judgement_scope.trim_history` keeps of the whole history."""
    rng = random.Random(7)
    pool = _pool(engine)
    history = pd.concat([_history(i, pool, range(0, 20), rng)
                         for i in ("cla_rate", "cla_starts_rate")], ignore_index=True)
    commit_batch(engine, history, BatchMeta(file_name="h", file_hash="h"))
    revised = history.sample(frac=0.3, random_state=3)  # superseded figures are not read
    commit_batch(engine, revised.assign(value=revised["value"] + 1),
                 BatchMeta(file_name="r", file_hash="r"))
    ends = sorted(set(history["period_end"]))
    sizes = []
    with engine.connect() as conn:
        whole = judged_observations(conn)
        for since in (ends[0], ends[len(ends) // 2], ends[-3], ends[-1]):
            for continuing in (True, False):
                window = history_window(since, continuing=continuing)
                trimmed = judged_observations(conn, window=window)
                expected = (trim_history(whole, since) if continuing
                            else _every_series_trimmed(whole, since))
                pd.testing.assert_frame_equal(trimmed, expected)
                sizes.append(len(trimmed))
    assert len(whole) == len(history) and min(sizes) < len(whole) * 0.6


def _every_series_trimmed(whole: pd.DataFrame, since: dt.date) -> pd.DataFrame:
    """What ``trim_history`` keeps when every series counts as continuing: with a figure
    after ``since`` appended to each series, then dropped again."""
    far = pd.Timestamp(since) + pd.Timedelta(days=40_000)
    series = whole.drop_duplicates(["indicator_id", "area_code", "breakdown", "period_type"])
    marker = series.assign(period_end=far.date(), period_start=far.date(), value=-1.0)
    trimmed = trim_history(pd.concat([whole, marker], ignore_index=True), since)
    return trimmed[trimmed["period_end"] != far.date()].reset_index(drop=True)


def test_a_local_change_is_judged_as_a_slice(engine: Engine) -> None:
    """A county's figure reaches its own series, its districts (county comparator and
    ranks) and the councils it is a neighbour of from its period on; and every council at its
    period alone (ranks and ranges among all English councils); not England."""
    with engine.connect() as conn:
        areas = queries.areas(conn)
        geography = results.geography_frame(conn)
        neighbours = results.neighbour_frame(conn)
    changed = pd.DataFrame([{"indicator_id": "cla_number", "area_code": DEFAULT_AREA,
                             "period_key": "k", "breakdown": "all"}])
    scope = judgement_scope(changed, {"k": dt.date(2017, 3, 31)}, geography, neighbours,
                            dict(zip(areas["code"], areas["type"], strict=True)), catalogue())
    assert set(scope.targets["indicator_id"]) == {"cla_number", "cla_rate"}
    reached = set(scope.targets["area_code"])
    districts = set(areas.loc[areas["parent_code"].eq(DEFAULT_AREA), "code"])
    with_it = set(neighbours.loc[neighbours["neighbour_code"].eq(DEFAULT_AREA), "area_code"])
    open_ended = scope.targets[scope.targets["to_end"].isna()]
    assert set(open_ended["area_code"]) == {DEFAULT_AREA} | districts | with_it
    councils = set(areas.loc[areas["type"].isin(["county", "other_la"]), "code"])
    at_period = scope.targets[scope.targets["to_end"].notna()]
    assert set(at_period["area_code"]) == councils - set(open_ended["area_code"])
    assert set(at_period["to_end"]) == {dt.date(2017, 3, 31)}
    assert ENGLAND not in reached and ENGLAND in scope.read_areas
    assert set(scope.targets["from_end"]) == {dt.date(2017, 3, 31)}


def test_a_next_period_reaches_only_the_areas_that_hold_figures_from_it(
        engine: Engine) -> None:
    """Given where each series' latest figure ends, a county's figure for a period no other
    area has reached yet is judged alone: its districts, the councils it is a neighbour of
    and every other council hold nothing from that period, so none of them is a target and
    only the county and what it is compared with are read."""
    with engine.connect() as conn:
        areas = queries.areas(conn)
        geography = results.geography_frame(conn)
        neighbours = results.neighbour_frame(conn)
    types = dict(zip(areas["code"], areas["type"], strict=True))
    changed = pd.DataFrame([{"indicator_id": "cla_number", "area_code": DEFAULT_AREA,
                             "period_key": "k", "breakdown": "all"}])
    end = dt.date(2017, 3, 31)
    everyone = areas.loc[areas["type"].ne("england"), "code"]
    before = [pd.DataFrame({"indicator_id": i, "breakdown": "all", "area_code": everyone,
                            "latest_end": dt.date(2016, 12, 31)})
              for i in ("cla_number", "cla_rate")]
    latest = pd.concat([*before, pd.DataFrame([{"indicator_id": "cla_number",
                                                "breakdown": "all", "area_code": DEFAULT_AREA,
                                                "latest_end": end}])], ignore_index=True)
    scope = judgement_scope(changed, {"k": end}, geography, neighbours, types, catalogue(),
                            latest)
    assert scope.targets[["indicator_id", "area_code"]].values.tolist() == [
        ["cla_number", DEFAULT_AREA]]
    own = geography.set_index("area_code").loc[DEFAULT_AREA]
    near = set(neighbours.loc[neighbours["area_code"].eq(DEFAULT_AREA), "neighbour_code"])
    assert set(scope.read_areas) == {DEFAULT_AREA, ENGLAND, own["region_code"]} | near
    whole = judgement_scope(changed, {"k": end}, geography, neighbours, types, catalogue())
    assert len(whole.read_areas) > 5 * len(scope.read_areas)


def test_a_district_change_stays_among_its_neighbours(engine: Engine) -> None:
    """A district's figure reaches its own series, its siblings (ranks) and no council."""
    with engine.connect() as conn:
        areas = queries.areas(conn)
        geography = results.geography_frame(conn)
        neighbours = results.neighbour_frame(conn)
    district = areas.loc[areas["parent_code"].eq(DEFAULT_AREA), "code"].iloc[0]
    changed = pd.DataFrame([{"indicator_id": "cla_number", "area_code": district,
                             "period_key": "k", "breakdown": "all"}])
    scope = judgement_scope(changed, {"k": dt.date(2017, 3, 31)}, geography, neighbours,
                            dict(zip(areas["code"], areas["type"], strict=True)), catalogue())
    assert scope.targets["to_end"].isna().all()
    assert set(scope.targets["area_code"]) <= set(
        areas.loc[areas["parent_code"].eq(DEFAULT_AREA), "code"])
    assert len(scope.read_areas) < len(areas) / 2


def test_the_demo_store_holds_what_a_full_recompute_stores(tmp_path: Path,
                                                           sqlite_template: Path) -> None:
    path = tmp_path / "demo.db"
    path.write_bytes(sqlite_template.read_bytes())
    settings = load_settings(database_url=f"sqlite:///{path}", demo_dir=tmp_path / "demo")
    initialise_store(settings)
    build_demo_workbooks(settings)
    assert load_demo(settings).ok
    engine = make_engine(settings.database_url)
    try:
        assert_same_as_full_recompute(engine)
    finally:
        engine.dispose()


def test_a_council_change_moves_every_councils_rank_at_its_period(engine: Engine) -> None:
    """With figures for more than a hundred councils, one council's revised figure moves the
    England-wide rank (and range) of every council at that period; the incremental refresh
    stores what a full recompute stores."""
    with engine.connect() as conn:
        areas = queries.areas(conn)
    councils = areas.loc[areas["type"].isin(["county", "other_la"]), "code"].tolist()
    assert len(councils) > 110
    rng = random.Random(7)
    pool = councils[:120]
    period = period_containing(catalogue()["cla_rate"].period_type, dt.date(2017, 3, 31))

    def figures(codes: list[str]) -> pd.DataFrame:
        return pd.DataFrame([{
            "indicator_id": "cla_rate", "area_code": code, "period_key": period.key,
            "breakdown": "all", "period_type": period.type.value,
            "period_start": period.start, "period_end": period.end,
            "period_label": period.label, "numerator": None, "denominator": None,
            "value": round(rng.uniform(30, 120), 1), "lower_ci": None, "upper_ci": None,
            "ci_level": None, "target": None, "ci_source": "none", "status": "final",
            "value_note": None, "source": "test", "source_cell": None,
            "illustrative": False} for code in codes])

    commit_batch(engine, figures(pool), BatchMeta(file_name="all", file_hash="all"),
                 after=results.store_judgements)
    assert_same_as_full_recompute(engine)
    commit_batch(engine, figures([pool[3]]).assign(value=250.0),
                 BatchMeta(file_name="one", file_hash="one"), after=results.store_judgements)
    assert_same_as_full_recompute(engine)
