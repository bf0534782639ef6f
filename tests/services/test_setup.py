"""Setting up the store: repeatable, and judgements of an earlier engine version recomputed."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import inspect, select, update

from indicators.judgements import ENGINE_VERSION
from services.results import refresh_results
from services.setup import initialise_store
from settings import load_settings
from store.batches import BatchMeta, commit_batch
from store.engine import downgrade_schema, make_engine
from store.models import ComputedResult, JudgementRun


def test_init_recomputes_only_judgements_of_an_earlier_engine(store_url: str) -> None:
    settings = load_settings(database_url=store_url)
    first = initialise_store(settings)
    assert first["indicators"] > 0 and first["judgements_recomputed"] == 0
    engine = make_engine(store_url)
    try:
        refresh_results(engine, commit_batch(engine, quarter_rows(), BatchMeta(
            file_name="q3", file_hash="q3")).changed_keys)
        with engine.begin() as conn:
            conn.execute(update(JudgementRun).values(engine_version="0.9.0"))

        again = initialise_store(settings)
        assert again["judgements_recomputed"] == 2
        with engine.connect() as conn:
            versions = set(conn.execute(select(JudgementRun.engine_version).join(
                ComputedResult, ComputedResult.run_id == JudgementRun.id)).scalars())
        assert versions == {ENGINE_VERSION}
        assert initialise_store(settings)["judgements_recomputed"] == 0
    finally:
        engine.dispose()


def quarter_rows() -> pd.DataFrame:
    """Two figures of one quarter: the county's, with counts, and England's."""
    start, end = dt.date(2016, 10, 1), dt.date(2016, 12, 31)
    return pd.DataFrame([{
        "indicator_id": "cp_plans_rate", "area_code": area,
        "period_key": f"fy_quarter:{start}:{end}", "breakdown": "all",
        "period_type": "fy_quarter", "period_start": start, "period_end": end,
        "period_label": "Q3 2016/17", "numerator": num, "denominator": den,
        "value": value, "lower_ci": None, "upper_ci": None, "ci_level": None,
        "target": None, "ci_source": "none", "status": "final", "value_note": None,
        "source": "test", "source_cell": None, "illustrative": False,
    } for area, value, num, den in [("E10000017", 66.4, 1631, 245_633),
                                     ("E92000001", 43.1, None, None)]])


def test_upgrading_a_store_from_json_judgements_recomputes_them(store_url: str) -> None:
    """A store made before judgements were typed (revision 0009) keeps its figures; the
    upgrade replaces the judgement table and ``init-db`` recomputes every judgement."""
    settings = load_settings(database_url=store_url)
    initialise_store(settings)
    engine = make_engine(store_url)
    try:
        refresh_results(engine, commit_batch(engine, quarter_rows(), BatchMeta(
            file_name="q3", file_hash="q3")).changed_keys)
        downgrade_schema(engine, "0009_judgement_indexes")
        assert "payload_json" in {c["name"] for c in inspect(engine).get_columns(
            "computed_result")}, "the store is in the earlier shape"

        upgraded = initialise_store(settings)
        assert upgraded["judgements_recomputed"] == 2
        with engine.connect() as conn:
            versions = list(conn.execute(select(JudgementRun.engine_version).join(
                ComputedResult, ComputedResult.run_id == JudgementRun.id)).scalars())
        assert versions == [ENGINE_VERSION] * 2
    finally:
        engine.dispose()
