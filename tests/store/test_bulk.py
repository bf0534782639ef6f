"""Set-based inserts: COPY on PostgreSQL, executemany elsewhere, the same rows either way."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, insert, select

from store.bulk import _defaults, insert_columns, insert_rows
from store.models import Area, AuditLog, ComputedResult, IndicatorRow, Period


def test_rows_and_python_side_defaults_are_stored(store_engine: Engine) -> None:
    with store_engine.begin() as conn:
        conn.execute(insert(IndicatorRow).values(id="x", title="X", short_title="X",
                                              outcome="safe", polarity="high_is_good",
                                              value_type="count", period_type="fin_year"))
        conn.execute(insert(Area).values(code="A1", name="A one", type="other_la"))
        conn.execute(insert(Period).values(key="p", type="fin_year", label="P",
                                           start_date=dt.date(2016, 4, 1),
                                           end_date=dt.date(2017, 3, 31)))
        area = conn.execute(select(Area.id)).scalar_one()
        period = conn.execute(select(Period.id)).scalar_one()
        rows = [{"indicator_id": "x", "area_id": area, "period_id": period, "breakdown": b,
                 "engine_version": "1", "value": 1.5, "rag": "grey",
                 "significance": None, "direction": None} for b in ("all", "girls", "boys")]
        assert insert_rows(conn, ComputedResult, rows) == 3
    with store_engine.connect() as conn:
        stored = conn.execute(select(ComputedResult.breakdown, ComputedResult.computed_at)
                              .order_by(ComputedResult.id)).all()
    assert [b for b, _ in stored] == ["all", "girls", "boys"]
    assert all(at is not None for _, at in stored)


def test_nothing_is_inserted_for_no_rows(store_engine: Engine) -> None:
    with store_engine.begin() as conn:
        assert insert_rows(conn, AuditLog, []) == 0
        assert conn.execute(select(func.count()).select_from(AuditLog)).scalar_one() == 0


def test_defaults_are_the_python_side_ones_of_the_columns_not_given() -> None:
    defaults = _defaults(ComputedResult.__table__, ["indicator_id", "rag"])
    assert defaults["breakdown"] == "all" and isinstance(defaults["computed_at"], dt.datetime)
    assert not {"id", "indicator_id", "rag"} & set(defaults)


def test_columns_go_in_with_their_types_converted_and_defaults_filled(store_engine: Engine
                                                                      ) -> None:
    with store_engine.begin() as conn:
        made = dt.date(2017, 3, 31)
        assert insert_columns(conn, Period, {
            "key": ["a", "b"], "type": ["fin_year", "fin_year"], "label": ["A", "B"],
            "start_date": [dt.date(2016, 4, 1), dt.date(2015, 4, 1)],
            "end_date": [made, dt.date(2016, 3, 31)]}) == 2
        assert insert_columns(conn, Period, {"key": []}) == 0
    with store_engine.connect() as conn:
        stored = conn.execute(select(Period.key, Period.end_date).order_by(Period.key)).all()
    assert stored == [("a", made), ("b", dt.date(2016, 3, 31))]


def test_columns_of_unequal_length_or_unknown_names_are_refused(store_engine: Engine) -> None:
    with store_engine.begin() as conn, pytest.raises(ValueError, match="differ in length"):
        insert_columns(conn, Area, {"code": ["A1", "A2"], "name": ["one"], "type": ["x"]})
    with store_engine.begin() as conn, pytest.raises(ValueError, match="not a column"):
        insert_columns(conn, Area, {"code": ["A1"], "nickname": ["one"]})
