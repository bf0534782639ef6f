"""Two uploads of overlapping figures at the same moment are committed one after the other:
no error, no lost update, and a complete history (each revision supersedes the one before)."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Engine, insert, select

import store.batches as batches
from store import queries
from store.batches import BatchMeta, CommitResult, commit_batch
from store.models import Area, IndicatorRow, Observation, UploadBatch

KEY = ("domestic_incidents_children", "E10000017", "fy_quarter:2016-07-01:2016-09-30")


def _frame(value: float) -> pd.DataFrame:
    start, end = dt.date(2016, 7, 1), dt.date(2016, 9, 30)
    return pd.DataFrame([{
        "indicator_id": KEY[0], "area_code": KEY[1], "period_key": KEY[2], "breakdown": "all",
        "period_type": "fy_quarter", "period_start": start, "period_end": end,
        "period_label": "Q2 2016/17", "numerator": None, "denominator": None, "value": value,
        "lower_ci": None, "upper_ci": None, "ci_level": None, "target": None,
        "ci_source": "none", "status": "final", "value_note": None, "source": "test",
        "source_cell": "Data!E2", "illustrative": False}])


@pytest.fixture
def engine(store_engine: Engine) -> Engine:
    with store_engine.begin() as conn:
        conn.execute(insert(Area).values(code=KEY[1], name="Lancashire", type="county"))
        conn.execute(insert(IndicatorRow).values(
            id=KEY[0], title="Domestic incidents involving children",
            short_title="Domestic incidents", outcome="feel_safe", polarity="low_is_good",
            value_type="count", period_type="fy_quarter"))
    commit_batch(store_engine, _frame(100), BatchMeta("first.xlsx", "0" * 64))
    return store_engine


@pytest.mark.parametrize("values", [(200, 300), (200, 100)], ids=["both-revise", "one-reverts"])
def test_overlapping_uploads_are_serialised(engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                            values: tuple[float, float]) -> None:
    # Both transactions are held after planning until the other has planned too (or 1.5 s
    # pass): without serialisation both would plan against the same current row.
    barrier = threading.Barrier(2)
    original = batches.plan_changes

    def plan_then_wait(conn: Any, frame: pd.DataFrame) -> pd.DataFrame:
        planned = original(conn, frame)
        try:
            barrier.wait(timeout=1.5)
        except threading.BrokenBarrierError:
            pass
        return planned

    monkeypatch.setattr(batches, "plan_changes", plan_then_wait)
    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(commit_batch, engine, _frame(v), BatchMeta(f"{v}.xlsx", f"{v}" * 8))
                   for v in values]
        results: list[CommitResult] = [f.result(timeout=60) for f in futures]

    with engine.connect() as conn:
        history = pd.read_sql(select(Observation.id, Observation.supersedes_id,
                                     Observation.is_current, Observation.batch_id,
                                     Observation.value).order_by(Observation.id), conn)
        order = conn.execute(select(UploadBatch.id, UploadBatch.file_name)
                             .order_by(UploadBatch.id)).all()
    # Replay the batches one at a time, in the order they were committed: the store must
    # hold exactly what that sequence gives, with nothing lost.
    expected, current = [100.0], 100.0
    for _batch_id, name in order[1:]:
        value = float(name.split(".")[0])
        if value != current:
            expected.append(value)
            current = value
    assert history["value"].tolist() == expected
    assert history["is_current"].tolist() == [False] * (len(expected) - 1) + [True]
    ids, supersedes = history["id"].tolist(), history["supersedes_id"].tolist()
    assert supersedes[1:] == ids[:-1]  # each revision points at the one it replaced
    assert sum(r.rows_revised + r.rows_unchanged for r in results) == 2
    with engine.connect() as conn:
        assert len(queries.observation_history(conn, *KEY)) == len(expected)
