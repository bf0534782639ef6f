"""A compact store: space given back on SQLite, and the compact-store and judgement-key
migrations converting a store with figures, history and judgements without losing or
changing a row."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine, event, func, insert, select, text
from sqlalchemy.exc import OperationalError

from store import queries
from store.batches import BatchMeta, commit_batch
from store.compact import LARGE_LOAD, free_share, reclaim_space, refresh_statistics
from store.engine import downgrade_schema, upgrade_schema
from store.judgements import replace_judgements, typed_judgements
from store.models import ComputedResult, Observation, Period
from tests.store.conftest import BURNLEY, COUNTY, INDICATOR

KEY = "fy_quarter:2016-07-01:2016-09-30"
BEFORE = "0011_login_failure_clients"
#: The revision before judgements were keyed by area, series and period.
STORED_CHANGES = "0012_compact_store"
#: The revision before judgements' counts and ranks were stored as small integers.
FLOAT_COUNTS = "0013_judgement_key"


def figures(value: float, source: str = "LAIT") -> pd.DataFrame:
    """One quarter's figure for the county and its district."""
    start, end = dt.date(2016, 7, 1), dt.date(2016, 9, 30)
    return pd.DataFrame([{
        "indicator_id": INDICATOR, "area_code": code, "period_key": KEY, "breakdown": "all",
        "period_type": "fy_quarter", "period_start": start, "period_end": end,
        "period_label": "Q2 2016/17", "numerator": None, "denominator": None,
        "value": value + offset, "lower_ci": None, "upper_ci": None, "ci_level": None,
        "target": None, "ci_source": "none", "status": "final", "value_note": None,
        "source": source, "source_cell": f"Sheet1!H{offset + 2}", "illustrative": False,
    } for offset, code in enumerate((COUNTY, BURNLEY))])


def judgements(value: float) -> pd.DataFrame:
    return pd.DataFrame([
        {"indicator_id": INDICATOR, "area_code": code, "period_key": KEY, "breakdown": "all",
         "rag": "green", "national_significance": "Better", "direction": "improved",
         "value": value + offset, "trend": "No significant change", "range_scope": "",
         "previous_period": "Q2 2016/17", "county_code": COUNTY}
        for offset, code in enumerate((COUNTY, BURNLEY))])


def stored(engine: Engine) -> dict[str, pd.DataFrame]:
    """Everything a reader sees of the figures (every version) and the judgements."""
    with engine.connect() as conn:
        history = queries.observations(conn, current_only=False).sort_values(
            "observation_id", ignore_index=True)
        judged = queries.computed_results(conn).sort_values(["area_code"], ignore_index=True)
        typed = typed_judgements(conn, [INDICATOR]).sort_values(["area_code"],
                                                                ignore_index=True)
    return {"history": history, "judged": judged, "typed": typed}


def test_the_compact_store_migration_keeps_every_row(county_engine: Engine) -> None:
    commit_batch(county_engine, figures(10.0), BatchMeta(file_name="a", file_hash="a"))
    commit_batch(county_engine, figures(12.0, source="council records"),
                 BatchMeta(file_name="b", file_hash="b"))  # revises both: history kept
    with county_engine.begin() as conn:
        replace_judgements(conn, [INDICATOR], judgements(12.0), "1.0")
    before = stored(county_engine)
    assert len(before["history"]) == 4 and before["history"]["is_current"].sum() == 2

    downgrade_schema(county_engine, BEFORE)
    with county_engine.connect() as conn:
        held = conn.execute(text("select count(*) from observation")).scalar_one()
        judged = conn.execute(text("select count(*) from computed_result")).scalar_one()
    assert (held, judged) == (4, 2), "the earlier shape holds the same rows"
    upgrade_schema(county_engine)

    after = stored(county_engine)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(after[name], frame, check_dtype=False, obj=name)


def test_the_judgement_key_migration_keeps_every_judgement_and_change(
        county_engine: Engine) -> None:
    commit_batch(county_engine, figures(10.0), BatchMeta(file_name="a", file_hash="a"))
    earlier = judgements(10.0).assign(previous_value=[10.1, 11.0], comparable=[True, False],
                                      last_year_value=[0.1, None])
    with county_engine.begin() as conn:
        replace_judgements(conn, [INDICATOR], earlier, "1.0")
    before = stored(county_engine)
    judged = before["judged"].set_index("area_code")
    assert judged.loc[COUNTY, "change"] == 10.0 - 10.1 and pd.isna(judged.loc[BURNLEY, "change"])

    downgrade_schema(county_engine, STORED_CHANGES)
    with county_engine.connect() as conn:
        rows = conn.execute(text("select id, value, change, last_year_change "
                                 "from computed_result order by area_id")).all()
    assert [tuple(row[1:]) for row in rows] == [(10.0, 10.0 - 10.1, 10.0 - 0.1),
                                                (11.0, None, None)], "stored as before"
    assert len({row[0] for row in rows}) == 2
    upgrade_schema(county_engine)

    after = stored(county_engine)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(after[name], frame, check_dtype=False, obj=name)
    with county_engine.connect() as conn:
        columns = conn.execute(select(ComputedResult).limit(0)).keys()
    assert not {"id", "value", "change", "last_year_change"} & set(columns)


def test_the_counts_migration_keeps_every_count_and_rank(county_engine: Engine) -> None:
    commit_batch(county_engine, figures(10.0), BatchMeta(file_name="a", file_hash="a"))
    ranked = judgements(10.0).assign(rank=[1.0, 2.0], rank_of=[2.0, 2.0], quartile=[1.0, None],
                                     england_rank=[150.0, None], range_n=[0.0, 10.0],
                                     trend_chi2=[0.25, None])
    with county_engine.begin() as conn:
        replace_judgements(conn, [INDICATOR], ranked, "1.0")
    before = stored(county_engine)
    judged = before["judged"].set_index("area_code")
    assert judged.loc[COUNTY, "england_rank"] == 150.0 and judged["rank"].dtype == float

    downgrade_schema(county_engine, FLOAT_COUNTS)
    with county_engine.connect() as conn:
        floats = conn.execute(text("select rank, quartile, england_rank, range_n "
                                   "from computed_result order by area_id")).all()
    assert [tuple(row) for row in floats] == [(1.0, 1.0, 150.0, 0.0), (2.0, None, None, 10.0)]
    assert isinstance(floats[0][0], float), "stored as floats before"
    upgrade_schema(county_engine)

    after = stored(county_engine)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(after[name], frame, check_dtype=False, obj=name)
    with county_engine.connect() as conn:
        whole = conn.execute(text("select rank, england_rank from computed_result "
                                  "order by area_id")).all()
    assert [tuple(row) for row in whole] == [(1, 150), (2, None)]
    assert isinstance(whole[0][0], int), "stored as whole numbers"


def test_small_loads_leave_the_file_as_it_is(county_engine: Engine) -> None:
    if county_engine.dialect.name != "sqlite":
        assert reclaim_space(county_engine, rows_written=LARGE_LOAD) is False
        return
    commit_batch(county_engine, figures(10.0), BatchMeta(file_name="a", file_hash="a"))
    assert free_share(county_engine) < 0.1
    assert reclaim_space(county_engine, rows_written=2) is False
    assert reclaim_space(county_engine, rows_written=LARGE_LOAD) is True


def test_free_pages_left_by_deleting_are_given_back(county_engine: Engine) -> None:
    if county_engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL reclaims space itself (autovacuum)")
    commit_batch(county_engine, figures(10.0), BatchMeta(file_name="a", file_hash="a"))
    with county_engine.begin() as conn:
        conn.execute(insert(Period), [
            {"key": f"year:{year}", "type": "year", "start_date": dt.date(year, 1, 1),
             "end_date": dt.date(year, 12, 31), "label": "x" * 2000} for year in range(1, 2000)])
        conn.execute(Period.__table__.delete().where(Period.type == "year"))
    assert free_share(county_engine) >= 0.1
    assert reclaim_space(county_engine) is True
    assert free_share(county_engine) == 0.0
    with county_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Observation)).scalar_one() == 2


def test_a_rewrite_the_database_refuses_leaves_the_store_as_it_was(
        county_engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    if county_engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL reclaims space itself (autovacuum)")
    commit_batch(county_engine, figures(10.0), BatchMeta(file_name="a", file_hash="a"))

    def refuse(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement == "VACUUM":
            raise OperationalError(statement, {}, Exception("database is locked"))

    event.listen(county_engine, "before_cursor_execute", refuse)
    try:
        assert reclaim_space(county_engine, rows_written=LARGE_LOAD) is False
    finally:
        event.remove(county_engine, "before_cursor_execute", refuse)
    assert "not rewritten packed" in caplog.text
    with county_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Observation)).scalar_one() == 2


def test_a_large_load_leaves_postgresql_with_fresh_statistics(county_engine: Engine) -> None:
    """After a large load PostgreSQL's planner knows the loaded tables' new size; a small
    load, and SQLite, leave them to the database."""
    commit_batch(county_engine, figures(10.0), BatchMeta(file_name="a", file_hash="a"))
    postgres = county_engine.dialect.name == "postgresql"

    def planned_and_held() -> tuple[float, int]:
        with county_engine.connect() as conn:
            held = conn.execute(select(func.count()).select_from(Observation)).scalar_one()
            if not postgres:
                return -1.0, held
            planned = conn.execute(text("select reltuples from pg_class "
                                        "where relname = 'observation'")).scalar_one()
        return float(planned), int(held)

    assert refresh_statistics(county_engine, rows_written=LARGE_LOAD - 1) is False
    before, held = planned_and_held()
    assert held > 0 and before != held
    assert refresh_statistics(county_engine, rows_written=LARGE_LOAD) is postgres
    after, held = planned_and_held()
    assert (after == held) is postgres
