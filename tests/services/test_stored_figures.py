"""The stored figures a file's checks read: one read answers every check's keys."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine

from loaders.reference import GUARDED_COLUMNS
from services.stored_figures import StoredFigures
from store import queries
from store.batches import BatchMeta, commit_batch
from tests.services.test_results import Q3, Q4_15, rows

KEYS = ["indicator_id", "area_code", "period_key", "breakdown"]


@pytest.fixture
def engine(reference_engine: Engine) -> Engine:
    return reference_engine


def _keys(*specs: tuple[str, tuple[dt.date, dt.date, str]]) -> pd.DataFrame:
    return rows(*((area, period, 1.0, None, None) for area, period in specs)).loc[:, KEYS]


def _expected(engine: Engine, keys: pd.DataFrame) -> pd.DataFrame:
    with engine.connect() as conn:
        stored = queries.observations(conn)
    return stored.merge(keys, on=KEYS).loc[:, GUARDED_COLUMNS]


def test_one_read_answers_overlapping_keys_as_a_read_of_each_would(engine: Engine) -> None:
    commit_batch(engine, rows(("E10000017", Q3, 66.4, 1631, 245_633),
                              ("E10000017", Q4_15, 60.0, 1500, 250_000),
                              ("E92000001", Q4_15, 43.1, None, None)),
                 BatchMeta(file_name="a", file_hash="a"))
    lookup = StoredFigures(engine)
    jumps = _keys(("E10000017", Q4_15), ("E92000001", Q4_15))
    removals = _keys(("E10000017", Q3), ("E92000001", Q3))
    for keys in (jumps, removals, jumps.iloc[:1]):
        pd.testing.assert_frame_equal(lookup(keys).reset_index(drop=True),
                                      _expected(engine, keys).reset_index(drop=True))
    assert lookup.reads == 1
    assert lookup(jumps)["value"].tolist() == [60.0, 43.1]


def test_keys_of_other_areas_widen_the_read(engine: Engine) -> None:
    commit_batch(engine, rows(("E10000017", Q3, 66.4, 1631, 245_633),
                              ("E92000001", Q3, 43.1, None, None)),
                 BatchMeta(file_name="b", file_hash="b"))
    lookup = StoredFigures(engine)
    assert lookup(_keys(("E10000017", Q3)))["value"].tolist() == [66.4]
    assert lookup(_keys(("E92000001", Q3)))["value"].tolist() == [43.1]
    assert lookup(_keys(("E10000017", Q4_15))).empty
    assert lookup.reads == 2
