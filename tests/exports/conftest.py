"""Fixtures for export tests: a small Lancashire store holding the seed 002 papers.

The Q2 and Q3 2016/17 papers are committed as two uploads and judged.

Reference areas are cut down to England, the regions, Lancashire and its districts and teams.
The looked-after rate carries counts and populations (so it has a Byar interval and is judged
against England): the Q3 2016/17 rate is significantly worse than England's and worsening,
which makes it an exception indicator of the Q3 board pack.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine

from demo.partnership import demo_profile
from demo.seed_scorecards import read_seed
from domain.areas import area_relationships, reference_areas
from domain.catalogue import load_catalogue
from domain.periods import parse_period
from services.results import refresh_results
from settings import Settings
from store.batches import OBSERVATION_COLUMNS, BatchMeta, CommitResult, commit_batch
from store.reference import seed_reference_data

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
LANCASHIRE = "E10000017"
ENGLAND = "E92000001"
Q3 = "Q3 2016/17"
#: Child population behind the looked-after rate (per 10,000): counts / population.
POPULATION = {LANCASHIRE: 245_405.0, ENGLAND: 11_735_000.0, "E12000002": 1_560_000.0}
KEPT_TYPES = ("england", "region", "county", "district", "team", "footprint")


def seed_reference(engine: Engine) -> None:
    areas = reference_areas(SHARED_DATA, [demo_profile()])
    keep = areas[areas["type"].isin(KEPT_TYPES)]
    links = area_relationships(SHARED_DATA, [demo_profile()])
    links = links[links["parent_code"].isin(keep["code"]) & links["child_code"].isin(keep["code"])]
    seed_reference_data(engine, load_catalogue(), keep, links)


def paper_frame(paper: str) -> pd.DataFrame:
    """One paper's figures as upload rows (the store's observation columns)."""
    catalogue = load_catalogue()
    seed = read_seed(catalogue)
    rows = seed[seed["paper"] == paper]
    periods = [parse_period(label, catalogue[ind].period_type)
               for label, ind in zip(rows["period_label"], rows["indicator_id"], strict=True)]
    frame = pd.DataFrame({
        "indicator_id": rows["indicator_id"].to_numpy(), "area_code": rows["area_code"].to_numpy(),
        "period_key": rows["period_key"].to_numpy(), "breakdown": rows["breakdown"].to_numpy(),
        "period_type": [p.type.value for p in periods],
        "period_start": [p.start for p in periods], "period_end": [p.end for p in periods],
        "period_label": [p.label for p in periods], "numerator": None, "denominator": None,
        "value": rows["value"].to_numpy(dtype=float), "lower_ci": None, "upper_ci": None,
        "ci_level": None, "target": None, "ci_source": "none", "status": "final",
        "value_note": rows["note"].replace("", None).to_numpy(), "source": paper,
        "source_cell": None, "illustrative": False})
    frame = frame.drop_duplicates(["indicator_id", "area_code", "period_key", "breakdown"],
                                  keep="last").reset_index(drop=True)
    rate = frame["indicator_id"].eq("cla_rate") & frame["area_code"].isin(list(POPULATION))
    frame.loc[rate, "denominator"] = frame.loc[rate, "area_code"].map(POPULATION)
    frame.loc[rate, "numerator"] = (frame.loc[rate, "value"] * frame.loc[rate, "denominator"]
                                    / 10_000).round()
    return frame.loc[:, list(OBSERVATION_COLUMNS)]


def commit_paper(engine: Engine, frame: pd.DataFrame, name: str) -> CommitResult:
    result = commit_batch(engine, frame, BatchMeta(file_name=name, file_hash=(name * 8)[:64],
                                                  uploaded_by="officer"))
    refresh_results(engine, result.changed_keys)
    return result


def seed_board_store(engine: Engine) -> None:
    """Reference data plus the Q2 and Q3 2016/17 papers, judged."""
    seed_reference(engine)
    for paper in ("Q2 2016/17", Q3):
        commit_paper(engine, paper_frame(paper), f"{paper} scorecard.xlsx")


@pytest.fixture
def board_engine(store_engine: Engine) -> Engine:
    """A store holding the Q2 and Q3 2016/17 papers (SQLite, and PostgreSQL when reachable)."""
    seed_board_store(store_engine)
    return store_engine


@pytest.fixture
def board_settings(board_engine: Engine) -> Settings:
    return Settings(database_url=board_engine.url.render_as_string(hide_password=False),
                    secret_key="test")


@pytest.fixture
def revise() -> Callable[[Engine, str, str, float], CommitResult]:
    """Upload a revision of one Q3 2016/17 Lancashire figure (indicator, name, new value)."""
    def upload(engine: Engine, indicator_id: str, name: str, value: float) -> CommitResult:
        frame = paper_frame(Q3)
        row = frame[(frame["indicator_id"] == indicator_id)
                    & (frame["area_code"] == LANCASHIRE)
                    & (frame["period_label"] == Q3)].copy()
        row["value"] = value
        if indicator_id == "cla_rate":
            row["numerator"] = round(value * POPULATION[LANCASHIRE] / 10_000)
        return commit_paper(engine, row, name)
    return upload
