"""Read queries on SQLite and PostgreSQL: batches behind an area's figures, area names, period
ends."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine

from store import queries
from store.batches import BatchMeta, commit_batch
from tests.store.conftest import BURNLEY, COUNTY, INDICATOR


@pytest.fixture
def engine(county_engine: Engine) -> Engine:
    return county_engine


def figure(area: str, start: dt.date, end: dt.date, kind: str = "fy_quarter"
           ) -> dict[str, object]:
    return {"indicator_id": INDICATOR, "area_code": area, "period_key": f"{kind}:{start}",
            "breakdown": "all", "period_type": kind, "period_start": start, "period_end": end,
            "period_label": str(end), "numerator": None, "denominator": None, "value": 5.0,
            "lower_ci": None, "upper_ci": None, "ci_level": None, "target": None,
            "ci_source": "none", "status": "final", "value_note": None, "source": "test",
            "source_cell": "Data!E2", "illustrative": False}


Q2 = (dt.date(2016, 7, 1), dt.date(2016, 9, 30))
Q3 = (dt.date(2016, 10, 1), dt.date(2016, 12, 31))
YEAR = (dt.date(2016, 4, 1), dt.date(2017, 3, 31))


def test_batches_behind_an_areas_current_figures(engine: Engine) -> None:
    first = commit_batch(engine, pd.DataFrame([figure(COUNTY, *Q2), figure(BURNLEY, *Q2)]),
                         BatchMeta(file_name="q2.csv", file_hash="a" * 64))
    second = commit_batch(engine, pd.DataFrame([figure(COUNTY, *Q3),
                                                figure(COUNTY, *YEAR, kind="fy")]),
                          BatchMeta(file_name="q3.csv", file_hash="b" * 64))
    keys = [f"fy_quarter:{Q2[0]}", f"fy_quarter:{Q3[0]}"]
    with engine.connect() as conn:
        behind = queries.batches_behind(conn, COUNTY, keys)
        assert [batch for batch, _ in behind] == [first.batch_id, second.batch_id]
        assert all(isinstance(at, dt.datetime) for _, at in behind)
        assert [b for b, _ in queries.batches_behind(conn, BURNLEY, keys[1:])] == []
        assert sorted(queries.period_ends(conn)) == [Q2[1], Q3[1], YEAR[1]]
        assert sorted(queries.period_ends(conn, "fy_quarter")) == [Q2[1], Q3[1]]


def test_an_areas_name_and_type(engine: Engine) -> None:
    with engine.connect() as conn:
        assert queries.area_name_type(conn, BURNLEY) == ("Burnley", "district")
        assert queries.area_name_type(conn, "E99999999") is None


def test_figure_counts_are_of_current_figures_per_indicator(engine: Engine) -> None:
    commit_batch(engine, pd.DataFrame([figure(COUNTY, *Q2), figure(BURNLEY, *Q2)]),
                 BatchMeta(file_name="q2.csv", file_hash="c" * 64))
    revised = {**figure(COUNTY, *Q2), "value": 6.0}
    commit_batch(engine, pd.DataFrame([revised, figure(COUNTY, *Q3)]),
                 BatchMeta(file_name="q3.csv", file_hash="d" * 64))
    with engine.connect() as conn:
        assert queries.figure_counts(conn, [INDICATOR, "nothing_stored"]) == {INDICATOR: 3}
