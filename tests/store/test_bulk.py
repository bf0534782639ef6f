"""Set-based inserts: COPY on PostgreSQL, executemany elsewhere, the same rows either way."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, select

from store import bulk
from store.bulk import _defaults, insert_columns, insert_rows
from store.models import Area, AuditLog, ComputedResult, JudgementRun, Period


def test_rows_and_python_side_defaults_are_stored(store_engine: Engine) -> None:
    with store_engine.begin() as conn:
        rows = [{"engine_version": v} for v in ("1", "2", "3")]
        assert insert_rows(conn, JudgementRun, rows) == 3
    with store_engine.connect() as conn:
        stored = conn.execute(select(JudgementRun.engine_version, JudgementRun.computed_at)
                              .order_by(JudgementRun.id)).all()
    assert [v for v, _ in stored] == ["1", "2", "3"]
    assert all(isinstance(at, dt.datetime) for _, at in stored)


def test_nothing_is_inserted_for_no_rows(store_engine: Engine) -> None:
    with store_engine.begin() as conn:
        assert insert_rows(conn, AuditLog, []) == 0
        assert conn.execute(select(func.count()).select_from(AuditLog)).scalar_one() == 0


def test_defaults_are_the_python_side_ones_of_the_columns_not_given() -> None:
    defaults = _defaults(ComputedResult.__table__, ["series_id"])
    assert defaults["rag"] == 0
    assert not {"id", "series_id"} & set(defaults)
    assert isinstance(_defaults(JudgementRun.__table__, [])["computed_at"], dt.datetime)


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


def test_more_rows_than_one_call_holds_all_go_in_in_order(
        store_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "BATCH", 3)
    versions = [f"v{n}" for n in range(8)]
    with store_engine.begin() as conn:
        assert insert_columns(conn, JudgementRun, {"engine_version": versions}) == 8
    with store_engine.connect() as conn:
        stored = conn.execute(select(JudgementRun.engine_version)
                              .order_by(JudgementRun.id)).scalars().all()
    assert stored == versions
