"""The audit trail: who signed in, uploaded, approved, rolled back or changed what, and when.

Entries are written in the same transaction as the change they record. Administrators read
them on the Admin page and export them as CSV (text a spreadsheet would run as a formula is
neutralised).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any

import pandas as pd
from flask import Blueprint, Flask, Response, request
from sqlalchemy import Connection, Engine, insert, select

from services.exports import neutralise_formula
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
    action: str | None = None
    user: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    limit: int = 1000

    @classmethod
    def from_args(cls, args: Any) -> AuditFilter:
        def day(name: str) -> dt.date | None:
            try:
                return dt.date.fromisoformat(args.get(name, ""))
            except ValueError:
                return None
        return cls(action=args.get("action") or None, user=args.get("user") or None,
                   since=day("since"), until=day("until"))


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
    return sorted(conn.execute(select(AuditLog.action).distinct()).scalars())


def audit_csv(frame: pd.DataFrame, marking: str) -> str:
    """The entries as CSV text with a sensitivity marking; formulas neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f"# {marking}"])
    writer.writerow(["# CYPP performance scorecard: audit log"])
    writer.writerow(list(EXPORT_COLUMNS))
    safe = frame.loc[:, list(EXPORT_COLUMNS)].astype(object)
    for row in safe.itertuples(index=False, name=None):
        writer.writerow(["" if v is None or v is pd.NaT or (isinstance(v, float) and v != v)
                         else neutralise_formula(str(v)) for v in row])
    return out.getvalue()


audit_routes = Blueprint("audit", __name__)


@audit_routes.get("/api/admin/audit.csv")
def export_audit() -> Response:
    from server.context import engine, settings
    with engine().connect() as conn:
        frame = audit_frame(conn, AuditFilter.from_args(request.args))
    body = audit_csv(frame, settings().sensitivity)
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=audit-log.csv"})


def register_audit_routes(server: Flask) -> None:
    server.register_blueprint(audit_routes)
