"""Stored judgements kept in step with the figures: a store left with judgements older than
its figures (an earlier version stopped between a commit and its recompute) is repaired by
``scorecard init-db`` and ``scorecard recompute``."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine

from cli import main
from services.catalogue import catalogue
from services.ratings import (
    mismatched_indicators,
    recompute_all,
    repair_ratings,
    stale_indicators,
)
from services.results import store_judgements
from services.setup import initialise_store
from settings import Settings
from store import queries
from store.batches import BatchMeta, commit_batch

START, END = dt.date(2016, 10, 1), dt.date(2016, 12, 31)


def cp_plans(numerator: int) -> pd.DataFrame:
    """Lancashire's child protection plan rate for Q3 2016/17 with its count."""
    return pd.DataFrame([{
        "indicator_id": "cp_plans_rate", "area_code": "E10000017",
        "period_key": f"fy_quarter:{START}:{END}", "breakdown": "all",
        "period_type": "fy_quarter", "period_start": START, "period_end": END,
        "period_label": "Q3 2016/17", "numerator": numerator, "denominator": 245_633,
        "value": round(numerator / 245_633 * 10_000, 1), "lower_ci": None, "upper_ci": None,
        "ci_level": None, "target": None, "ci_source": "none", "status": "final",
        "value_note": None, "source": "test", "source_cell": None, "illustrative": False}])


@pytest.fixture
def stale_engine(engine: Engine) -> Engine:
    """A store whose last batch was committed without its judgements being recomputed."""
    commit_batch(engine, cp_plans(1631), BatchMeta("q3.xlsx", "a" * 64),
                 after=store_judgements)
    commit_batch(engine, cp_plans(9999), BatchMeta("q3-revised.xlsx", "b" * 64))
    return engine


def stored_numerator(engine: Engine) -> float:
    with engine.connect() as conn:
        stored = queries.computed_results(conn, area_codes=["E10000017"],
                                          indicator_ids=["cp_plans_rate"])
    return float(stored["numerator"].iloc[0])


def test_a_commit_stores_judgements_that_match_a_fresh_recompute(engine: Engine) -> None:
    commit_batch(engine, cp_plans(1631), BatchMeta("q3.xlsx", "a" * 64),
                 after=store_judgements)
    with engine.connect() as conn:
        assert stale_indicators(conn) == []
        assert mismatched_indicators(conn) == []


def test_a_commit_that_rejudges_a_slice_leaves_the_store_fresh(engine: Engine) -> None:
    england = cp_plans(1631).assign(area_code="E92000001")
    commit_batch(engine, pd.concat([cp_plans(1631), england], ignore_index=True),
                 BatchMeta("both.xlsx", "c" * 64), after=store_judgements)
    commit_batch(engine, cp_plans(1700), BatchMeta("county.xlsx", "d" * 64),
                 after=store_judgements)  # England's judgement is not recomputed
    with engine.connect() as conn:
        assert stale_indicators(conn) == []
        assert mismatched_indicators(conn) == []
        computed = queries.computed_results(conn, indicator_ids=["cp_plans_rate"])
    assert len(computed) == 2


def test_init_db_repairs_judgements_older_than_their_figures(settings: Settings,
                                                             stale_engine: Engine) -> None:
    with stale_engine.connect() as conn:
        assert stale_indicators(conn) == ["cp_plans_rate"]
        assert mismatched_indicators(conn) == ["cp_plans_rate"]
    assert stored_numerator(stale_engine) == 1631
    assert initialise_store(settings)["judgements_recomputed"] >= 1
    assert stored_numerator(stale_engine) == 9999
    with stale_engine.connect() as conn:
        assert stale_indicators(conn) == []
        assert mismatched_indicators(conn) == []
    assert initialise_store(settings)["judgements_recomputed"] == 0


def test_recompute_command_checks_and_repairs(settings: Settings, stale_engine: Engine,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    url = settings.database_url
    assert main(["--database-url", url, "recompute", "--check"]) == 1
    assert "cp_plans_rate" in capsys.readouterr().out
    assert main(["--database-url", url, "recompute"]) == 0
    assert "Recomputed and stored" in capsys.readouterr().out
    assert stored_numerator(stale_engine) == 9999
    assert main(["--database-url", url, "recompute", "--check"]) == 0


def test_the_recompute_judges_the_indicators_it_is_given(stale_engine: Engine) -> None:
    cp = {"cp_plans_rate": catalogue()["cp_plans_rate"]}
    with stale_engine.connect() as conn:
        assert stale_indicators(conn, indicators={}) == [], "nothing given, nothing stale"
        assert mismatched_indicators(conn, indicators=cp) == ["cp_plans_rate"]
    assert repair_ratings(stale_engine, indicators={}) == 0
    assert stored_numerator(stale_engine) == 1631
    stored = recompute_all(stale_engine, indicators=cp)
    assert stored >= 1 and stored_numerator(stale_engine) == 9999
    with stale_engine.connect() as conn:
        judged = queries.computed_results(conn)
        assert set(judged["indicator_id"]) == {"cp_plans_rate"}
        assert mismatched_indicators(conn, indicators=cp) == []
