"""Setting up the store: repeatable, and judgements of an earlier engine version recomputed."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import select, update

from indicators.judgements import ENGINE_VERSION
from services.results import refresh_results
from services.setup import initialise_store
from settings import load_settings
from store.batches import BatchMeta, commit_batch
from store.engine import make_engine
from store.models import ComputedResult


def test_init_recomputes_only_judgements_of_an_earlier_engine(store_url: str) -> None:
    settings = load_settings(database_url=store_url)
    first = initialise_store(settings)
    assert first["indicators"] > 0 and first["judgements_recomputed"] == 0
    engine = make_engine(store_url)
    try:
        start, end = dt.date(2016, 10, 1), dt.date(2016, 12, 31)
        rows = pd.DataFrame([{
            "indicator_id": "cp_plans_rate", "area_code": area,
            "period_key": f"fy_quarter:{start}:{end}", "breakdown": "all",
            "period_type": "fy_quarter", "period_start": start, "period_end": end,
            "period_label": "Q3 2016/17", "numerator": num, "denominator": den,
            "value": value, "lower_ci": None, "upper_ci": None, "ci_level": None,
            "target": None, "ci_source": "none", "status": "final", "value_note": None,
            "source": "test", "source_cell": None, "illustrative": False,
        } for area, value, num, den in [("E10000017", 66.4, 1631, 245_633),
                                         ("E92000001", 43.1, None, None)]])
        refresh_results(engine, commit_batch(engine, rows, BatchMeta(
            file_name="q3", file_hash="q3")).changed_keys)
        with engine.begin() as conn:
            conn.execute(update(ComputedResult).values(engine_version="0.9.0"))

        again = initialise_store(settings)
        assert again["judgements_recomputed"] == 2
        with engine.connect() as conn:
            versions = set(conn.execute(select(ComputedResult.engine_version)).scalars())
        assert versions == {ENGINE_VERSION}
        assert initialise_store(settings)["judgements_recomputed"] == 0
    finally:
        engine.dispose()
