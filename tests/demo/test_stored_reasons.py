"""The demo's stored judgements read back as a fresh compute gives them: every field the
store keeps typed or joins, and every RAG reason worded from the stored fields."""

from __future__ import annotations

import pandas as pd

from services.catalogue import catalogue
from services.results import judge
from services.stored_judgements import stored_results
from store import queries
from store.judgement_codes import RESULT_COLUMNS
from tests.demo.conftest import DemoStore

KEYS = ["indicator_id", "area_code", "period_key", "breakdown"]


def _plain(values: pd.Series) -> list[object]:
    objects = values.astype(object)
    return objects.where(objects.notna(), None).tolist()


def test_every_stored_judgement_reads_back_as_a_fresh_compute(demo: DemoStore) -> None:
    with demo.engine.connect() as conn:
        stored = stored_results(queries.computed_results(conn))
        fresh = judge(conn, sorted(catalogue()))
    fresh["period_start"] = [str(day)[:10] for day in fresh["period_start"]]
    merged = fresh.merge(stored, on=KEYS, how="outer", suffixes=("_fresh", "_stored"),
                         indicator=True)
    assert merged["_merge"].eq("both").all() and len(merged) > 10_000
    assert merged["rag_reason_stored"].str.len().gt(0).all()
    differ = {}
    for column in [*RESULT_COLUMNS, "rag_reason"]:
        pairs = zip(_plain(merged[f"{column}_fresh"]), _plain(merged[f"{column}_stored"]),
                    strict=True)
        wrong = [(ours, theirs) for ours, theirs in pairs if ours != theirs]
        if wrong:
            differ[column] = (len(wrong), wrong[0])
    assert not differ, f"read back otherwise than computed: {differ}"


def test_england_is_never_compared_with_england(demo: DemoStore) -> None:
    with demo.engine.connect() as conn:
        england = stored_results(queries.computed_results(conn, area_codes=["E92000001"]))
    reasons = england["rag_reason"]
    assert len(reasons) > 100
    assert not reasons.str.contains("England's [0-9]|no England value|than England",
                                    regex=True).any()
    assert not england["rag_rule_used"].isin(["benchmark", "comparator", "rank"]).any()
    assert reasons.str.contains("England's own figure").sum() > 100
