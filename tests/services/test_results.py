"""Stored judgements: refresh after a commit, and the RAG flips an upload would cause."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Engine

from services import results
from services.results import rag_flips, refresh_results
from services.stored_judgements import results_for_area
from store import queries
from store.batches import BatchMeta, commit_batch, plan_changes

Q3 = (dt.date(2016, 10, 1), dt.date(2016, 12, 31), "Q3 2016/17")
Q4_15 = (dt.date(2016, 1, 1), dt.date(2016, 3, 31), "Q4 2015/16")


@pytest.fixture
def engine(reference_engine: Engine) -> Engine:
    return reference_engine


def rows(*specs: tuple[str, tuple[dt.date, dt.date, str], float, float | None,
                       float | None]) -> pd.DataFrame:
    return pd.DataFrame([{
        "indicator_id": "cp_plans_rate", "area_code": area,
        "period_key": f"fy_quarter:{start}:{end}", "breakdown": "all",
        "period_type": "fy_quarter", "period_start": start, "period_end": end,
        "period_label": label, "numerator": num, "denominator": den, "value": value,
        "lower_ci": None, "upper_ci": None, "ci_level": None, "target": None,
        "ci_source": "none", "status": "final", "value_note": None, "source": "test",
        "source_cell": None, "illustrative": False,
    } for area, (start, end, label), value, num, den in specs])


def test_flips_are_previewed_on_an_empty_store(engine: Engine) -> None:
    incoming = rows(("E10000017", Q3, 66.4, 1631, 245_633), ("E92000001", Q4_15, 43.1,
                                                             None, None))
    with engine.connect() as conn:
        flips = rag_flips(conn, plan_changes(conn, incoming))
    lancashire = flips[flips["area_code"] == "E10000017"]
    assert lancashire[["old_rag", "new_rag"]].values.tolist() == [[None, "red"]]


def test_refresh_stores_judgements_and_flips_compare_with_them(engine: Engine) -> None:
    first = rows(("E10000017", Q3, 66.4, 1631, 245_633), ("E92000001", Q4_15, 43.1, None,
                                                          None))
    result = commit_batch(engine, first, BatchMeta(file_name="a", file_hash="a"))
    assert refresh_results(engine, result.changed_keys) == 2
    with engine.connect() as conn:
        stored = queries.computed_results(conn, area_codes=["E10000017"])
        assert stored["rag"].tolist() == ["red"]
        revised = rows(("E92000001", Q4_15, 70.0, None, None))  # England above Lancashire
        flips = rag_flips(conn, plan_changes(conn, revised))
    assert flips.loc[flips["area_code"] == "E10000017", ["old_rag", "new_rag"]
                     ].values.tolist() == [["red", "green"]]


def test_a_count_upload_rejudges_the_rate_it_is_the_numerator_of(engine: Engine) -> None:
    published = pd.concat([rows(("E10000017", Q4_15, 34.2, None, None),
                                ("E92000001", Q4_15, 40.6, None, None))])
    first = commit_batch(engine, published, BatchMeta(file_name="rates", file_hash="r"))
    refresh_results(engine, first.changed_keys)
    with engine.connect() as conn:
        before = queries.computed_results(conn, area_codes=["E10000017"])
        # no counts: compared with England by a margin, not tested
        assert before["rag"].tolist() == ["green"]
        counts = rows(("E10000017", Q4_15, 895, None, None)).assign(
            indicator_id="cp_plans_number")
        flips = rag_flips(conn, plan_changes(conn, counts))
    assert flips[["indicator_id", "old_rag", "new_rag"]].values.tolist() == [
        ["cp_plans_number", None, "grey"]]

    second = commit_batch(engine, counts, BatchMeta(file_name="counts", file_hash="c"))
    assert set(second.changed_keys["indicator_id"]) == {"cp_plans_number"}
    # the count and the rate it is the numerator of; England's rate reads neither
    assert refresh_results(engine, second.changed_keys) == 2
    with engine.connect() as conn:
        after = results_for_area(conn, "E10000017").set_index("indicator_id")
    assert after.loc["cp_plans_rate", "rag"] == "green"
    assert "significantly lower than England" in after.loc["cp_plans_rate", "rag_reason"]
    assert after.loc["cp_plans_rate", "denominator"] == round(895 * 10_000 / 34.2)
    assert "published count (895)" in after.loc["cp_plans_rate", "value_note"]


def test_overlapping_refreshes_are_serialised(engine: Engine,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    commit_batch(engine, rows(("E10000017", Q3, 66.4, 1631, 245_633)),
                 BatchMeta(file_name="a", file_hash="a"))
    # Each refresh waits after judging until the other has judged too (or 1.5 s pass):
    # unserialised, both would then replace the same stored judgements at once.
    barrier = threading.Barrier(2)
    judge = results.compute_judgements
    waits: list[bool] = []

    def judge_then_wait(*args: Any, **kwargs: Any) -> pd.DataFrame:
        judged = judge(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=1.5)
        waits.append(True)
        return judged

    monkeypatch.setattr(results, "compute_judgements", judge_then_wait)
    with ThreadPoolExecutor(2) as pool:
        stored = [f.result(timeout=60) for f in [
            pool.submit(refresh_results, engine, ["cp_plans_rate"]) for _ in range(2)]]
    assert stored[0] == stored[1] > 0 and len(waits) == 2, "each refresh judged once"
    with engine.connect() as conn:
        assert len(queries.computed_results(conn, indicator_ids=["cp_plans_rate"])) == stored[0]


def test_indicators_are_judged_in_parts_of_bounded_figures() -> None:
    counts = {"b": 40, "a": 70, "c": 50, "d": 200, "e": 10}
    assert results.parts(counts, 100) == [["a"], ["b", "c"], ["d"], ["e"]]
    assert results.parts({}, 100) == []


def test_a_whole_recompute_in_parts_stores_what_one_pass_stores(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    published = pd.concat([
        rows(("E10000017", Q4_15, 34.2, 895, 261_700), ("E92000001", Q4_15, 40.6, None, None),
             ("E10000017", Q3, 36.0, None, None)),
        rows(("E10000017", Q4_15, 895, None, None)).assign(indicator_id="cp_plans_number")])
    commit_batch(engine, published, BatchMeta(file_name="f", file_hash="f"))
    ids = ["cp_plans_number", "cp_plans_rate"]

    def stored() -> pd.DataFrame:
        with engine.connect() as conn:
            out = queries.computed_results(conn, indicator_ids=ids)
        return out.drop(columns=[c for c in out if c in ("id", "computed_at")]).sort_values(
            ["indicator_id", "area_code", "period_key"]).reset_index(drop=True)

    assert refresh_results(engine, ids) == 4
    whole = stored()
    monkeypatch.setattr(results, "PART_FIGURES", 1)
    assert refresh_results(engine, ids) == 4
    pd.testing.assert_frame_equal(stored(), whole)


def test_a_part_that_fails_to_judge_while_the_one_before_is_written_stores_nothing(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    published = pd.concat([
        rows(("E10000017", Q4_15, 34.2, 895, 261_700), ("E92000001", Q4_15, 40.6, None, None)),
        rows(("E10000017", Q4_15, 895, None, None)).assign(indicator_id="cp_plans_number")])
    commit_batch(engine, published, BatchMeta(file_name="f", file_hash="f"))
    ids = ["cp_plans_number", "cp_plans_rate"]
    assert refresh_results(engine, ids) == 3
    with engine.connect() as conn:
        before = queries.computed_results(conn, indicator_ids=ids)
    monkeypatch.setattr(results, "PART_FIGURES", 1)  # two parts: the second judged while
    judge, calls = results.compute_judgements, []  # the first is written

    def second_fails(*args: Any, **kwargs: Any) -> pd.DataFrame:
        calls.append(threading.current_thread().name)
        if len(calls) == 2:
            raise RuntimeError("judging failed")
        return judge(*args, **kwargs)

    monkeypatch.setattr(results, "compute_judgements", second_fails)
    with pytest.raises(RuntimeError, match="judging failed"):
        refresh_results(engine, ids)
    assert calls == [threading.main_thread().name] * 2
    with engine.connect() as conn:
        after = queries.computed_results(conn, indicator_ids=ids)
    pd.testing.assert_frame_equal(after, before)
