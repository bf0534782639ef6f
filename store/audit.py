"""The stored audit trail (``audit_log``): add an entry, read entries back through a filter.

Entries are written in the same transaction as the change they record (:func:`record`), or
alone when nothing else is written (:func:`record_now`: sign-ins, refusals).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select

from store.models import AuditLog

#: Longest text kept in one audit field; longer user-supplied text is cut, never rejected.
MAX_FIELD = 4000
EXPORT_COLUMNS = ("at", "user", "action", "entity_type", "entity_id", "before_json",
                  "after_json", "detail")


def _clip(value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    return value if len(value) <= limit else value[: limit - 1] + "…"


def record(conn: Connection, *, user: str, action: str, entity_type: str = "",
           entity_id: str = "", before: Any = None, after: Any = None,
           detail: str | None = None) -> None:
    """Add one audit entry inside the caller's transaction."""
    conn.execute(insert(AuditLog).values(
        user=_clip(user, 120) or "", action=action, entity_type=entity_type,
        entity_id=_clip(entity_id, 120) or "",
        before_json=None if before is None else _clip(json.dumps(before, default=str),
                                                       MAX_FIELD),
        after_json=None if after is None else _clip(json.dumps(after, default=str), MAX_FIELD),
        detail=_clip(detail, MAX_FIELD)))


def record_now(engine: Engine, **entry: Any) -> None:
    """Add one audit entry in its own transaction (sign-ins, refusals)."""
    with engine.begin() as conn:
        record(conn, **entry)


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to read: one action, one user, days from ``since`` to ``until``
    inclusive, at most ``limit`` of them."""

    action: str | None = None
    user: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    limit: int = 1000


def audit_frame(conn: Connection, wanted: AuditFilter = AuditFilter()) -> pd.DataFrame:
    """Audit entries, newest first, narrowed by ``wanted``."""
    stmt = select(AuditLog.id, *(getattr(AuditLog, c) for c in EXPORT_COLUMNS))
    if wanted.action:
        stmt = stmt.where(AuditLog.action == wanted.action)
    if wanted.user:
        stmt = stmt.where(AuditLog.user == wanted.user)
    if wanted.since:
        stmt = stmt.where(AuditLog.at >= dt.datetime.combine(wanted.since, dt.time()))
    if wanted.until:
        stmt = stmt.where(AuditLog.at < dt.datetime.combine(
            wanted.until + dt.timedelta(days=1), dt.time()))
    stmt = stmt.order_by(AuditLog.id.desc()).limit(wanted.limit)
    return pd.read_sql(stmt, conn)


def audit_actions(conn: Connection) -> list[str]:
    """Every action the trail holds, in alphabetical order."""
    return sorted(conn.execute(select(AuditLog.action).distinct()).scalars())
