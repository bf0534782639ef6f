"""The stored audit trail on SQLite and PostgreSQL: entries clipped, filtered, newest first."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine, update

from store import audit
from store.models import AuditLog


def test_entries_are_written_clipped_and_read_back(store_engine: Engine) -> None:
    audit.record_now(store_engine, user="u" * 500, action="note", entity_id="e" * 500,
                     before={"role": "viewer"}, after={"text": "x" * 10_000},
                     detail="d" * 10_000)
    with store_engine.connect() as conn:
        row = audit.audit_frame(conn).iloc[0]
    assert (len(row["user"]), len(row["entity_id"])) == (120, 120)
    assert row["user"].endswith("…") and len(row["detail"]) == audit.MAX_FIELD
    assert len(row["after_json"]) == audit.MAX_FIELD
    assert json.loads(row["before_json"]) == {"role": "viewer"}


def test_an_entry_is_part_of_its_transaction(store_engine: Engine) -> None:
    try:
        with store_engine.begin() as conn:
            audit.record(conn, user="alice", action="role-change")
            raise RuntimeError("the change failed")
    except RuntimeError:
        pass
    with store_engine.connect() as conn:
        assert audit.audit_frame(conn).empty


def test_filters_narrow_and_order_the_entries(store_engine: Engine) -> None:
    for user, action in (("a", "sign-in"), ("b", "sign-in"), ("a", "batch-commit"),
                         ("a", "sign-in")):
        audit.record_now(store_engine, user=user, action=action)
    with store_engine.begin() as conn:
        conn.execute(update(AuditLog).where(AuditLog.id == 1)
                     .values(at=dt.datetime(2024, 1, 10, 23, 59)))
        conn.execute(update(AuditLog).where(AuditLog.id != 1)
                     .values(at=dt.datetime(2024, 1, 12, 9, 0)))
    with store_engine.connect() as conn:
        wanted = audit.AuditFilter(action="sign-in", user="a")
        assert list(audit.audit_frame(conn, wanted)["id"]) == [4, 1]
        assert list(audit.audit_frame(conn, audit.AuditFilter(limit=2))["id"]) == [4, 3]
        one_day = audit.AuditFilter(since=dt.date(2024, 1, 10), until=dt.date(2024, 1, 10))
        assert list(audit.audit_frame(conn, one_day)["id"]) == [1]
        after = audit.AuditFilter(since=dt.date(2024, 1, 11))
        assert list(audit.audit_frame(conn, after)["id"]) == [4, 3, 2]
        assert audit.audit_actions(conn) == ["batch-commit", "sign-in"]
        assert list(audit.audit_frame(conn).columns) == ["id", *audit.EXPORT_COLUMNS]
