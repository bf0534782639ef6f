"""The cache follows the data: every committed or rolled-back batch changes its keys."""

from __future__ import annotations

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
from dash import Dash
from sqlalchemy import Engine, insert

from server.caching import cached, data_version, invalidate_after_commit
from store.batches import BatchMeta, commit_batch, rollback_batch
from store.models import IndicatorRow

calls: list[str] = []


@cached(timeout=60)
def expensive(area: str) -> str:
    calls.append(area)
    return f"{area}:{len(calls)}"


def _frame(value: float) -> pd.DataFrame:
    start, end = dt.date(2016, 7, 1), dt.date(2016, 9, 30)
    return pd.DataFrame([{
        "indicator_id": "cp_plans_number", "area_code": "E10000017",
        "period_key": f"fy_quarter:{start}:{end}", "breakdown": "all",
        "period_type": "fy_quarter", "period_start": start, "period_end": end,
        "period_label": "Q2 2016/17", "numerator": None, "denominator": None, "value": value,
        "lower_ci": None, "upper_ci": None, "ci_level": None, "target": None,
        "ci_source": "none", "status": "final", "value_note": None, "source": "test",
        "source_cell": "A1", "illustrative": False}])


def test_cache_is_invalidated_by_each_committed_batch(app: Dash, seeded_engine: Engine) -> None:
    with seeded_engine.begin() as conn:
        conn.execute(insert(IndicatorRow).values(
            id="cp_plans_number", title="Child protection plans", short_title="CP plans",
            outcome="feel_safe", polarity="no_judgement", value_type="count",
            period_type="fy_quarter"))
    calls.clear()
    with app.server.test_request_context():
        assert expensive("E10000017") == "E10000017:1"
    with app.server.test_request_context():
        assert expensive("E10000017") == "E10000017:1"  # cached
        before = data_version()
    result = commit_batch(seeded_engine, _frame(10), BatchMeta("a.xlsx", "a" * 64))
    with app.server.test_request_context():
        assert data_version() != before
        assert expensive("E10000017") == "E10000017:2"
    rollback_batch(seeded_engine, result.batch_id, user="approver")
    with app.server.test_request_context():
        assert expensive("E10000017") == "E10000017:3"
        invalidate_after_commit()
        assert expensive("E10000017") == "E10000017:4"  # cleared at once


def test_outside_the_app_the_function_just_runs() -> None:
    calls.clear()
    assert expensive("X") == "X:1" and expensive("X") == "X:2"


slow_calls: list[str] = []


@cached(timeout=60)
def slow(area: str) -> str:
    slow_calls.append(area)
    time.sleep(0.3)  # long enough for every thread to miss the cache at once
    return f"built for {area}"


def test_concurrent_misses_build_the_value_once(app: Dash) -> None:
    slow_calls.clear()
    barrier = threading.Barrier(6)

    def read(area: str) -> str:
        with app.server.test_request_context():
            barrier.wait()
            return slow(area)

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(read, ["E10000017"] * 4 + ["E07000117"] * 2))
    assert answers == ["built for E10000017"] * 4 + ["built for E07000117"] * 2
    assert sorted(slow_calls) == ["E07000117", "E10000017"]
