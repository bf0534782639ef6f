"""The audit trail for administrators: who signed in, uploaded, approved, rolled back or changed
what, and when, exported as CSV (text a spreadsheet would run as a formula is neutralised).

Entries are written and read by :mod:`store.audit`; the Admin page shows them too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pandas as pd
from flask import Blueprint, Flask, Response, request

from server.context import engine, settings
from services.exports import neutralise_formula
from store.audit import EXPORT_COLUMNS, AuditFilter, audit_frame


def filter_from_args(args: Any) -> AuditFilter:
    """The entries asked for by a request's query string (``action``, ``user``, ``since`` and
    ``until`` as ISO dates); a date that does not parse is ignored."""
    def day(name: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(args.get(name, ""))
        except ValueError:
            return None
    return AuditFilter(action=args.get("action") or None, user=args.get("user") or None,
                       since=day("since"), until=day("until"))


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
    """The audit entries the query string asks for, as a marked CSV download."""
    with engine().connect() as conn:
        frame = audit_frame(conn, filter_from_args(request.args))
    body = audit_csv(frame, settings().sensitivity)
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=audit-log.csv"})


def register_audit_routes(server: Flask) -> None:
    """Serve ``/api/admin/audit.csv`` (administrators only, by the route policy)."""
    server.register_blueprint(audit_routes)
