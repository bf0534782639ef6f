"""Board snapshots on the scorecard page: what each Board meeting was shown, and a form for an
approver to freeze the live scorecard for the next one.

Every reader sees the snapshots of the area and quarter on screen, each with its papers as
circulated (PDF, workbook, CSV, byte-identical forever). Approvers also see the freeze form;
its component IDs carry ``-approval-``, so the access gate asks for the approver role before
the callback runs. The callback itself is registered by the scorecard page (:mod:`layouts.home`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import dash
import pandas as pd
from dash import dcc, html
from dash.exceptions import PreventUpdate

from domain.errors import ScorecardError
from domain.periods import Period, period_from_key
from domain.roles import Role
from exports.tables import long_date
from layouts._components import DATE_INPUT, attrs
from layouts._exports import download_links
from server.auth import current_user
from server.caching import invalidate_after_commit
from server.context import engine, settings
from services.snapshots import create_snapshot, list_snapshots

LIST_ID = "snapshot-list"
CONTEXT_ID = "snapshot-approval-context"
MEETING_ID = "snapshot-approval-meeting"
FREEZE_ID = "snapshot-approval-freeze"
MESSAGE_ID = "snapshot-approval-message"


def snapshot_items(area_code: str, quarter: Period) -> list[Any]:
    """One entry per snapshot of this area and quarter, newest meeting first."""
    with engine().connect() as conn:
        frame = list_snapshots(conn, area_code, quarter.key)
    if frame.empty:
        return [html.P(f"No Board has been sent the {quarter.label} scorecard yet.")]
    items = []
    for row in frame.to_dict("records"):
        meeting = long_date(str(row["meeting_date"]))
        frozen = long_date(pd.Timestamp(row["created_at"]).isoformat())
        items.append(html.Li([
            html.P([html.Strong(f"{meeting} Board"),
                    f": frozen by {row['approver']} on {frozen} (content hash ",
                    html.Code(str(row["content_hash"])[:12]), ")."]),
            download_links("snapshot", title=f"Papers for the {meeting} Board",
                           snapshot_id=int(row["id"])),
        ], className="snapshot-item"))
    return [html.Ul(items, className="snapshot-items")]


def _freeze_form() -> html.Div:
    return html.Div([
        html.Label("Date of the Board meeting", htmlFor=MEETING_ID),
        dcc.Input(id=MEETING_ID, type=DATE_INPUT, required=True),
        html.Button("Freeze this scorecard for the Board", id=FREEZE_ID, n_clicks=0,
                    className="button"),
        html.P("Freezing keeps exactly what is on screen now, with its papers; later "
               "uploads are marked on the live scorecard as restated.", className="hint"),
    ], className="snapshot-form")


def snapshots_panel(area_code: str, quarter: Period) -> html.Section:
    """The "Board snapshots" section for the scorecard page."""
    user = current_user()
    can_freeze = bool(user and user.has_role(Role.APPROVER))
    return html.Section([
        html.H2("Board snapshots", id="snapshots-title"),
        dcc.Store(id=CONTEXT_ID, data={"area": area_code, "period": quarter.key}),
        dcc.Loading(html.Div(snapshot_items(area_code, quarter), id=LIST_ID)),
        _freeze_form() if can_freeze else None,
        html.P(id=MESSAGE_ID, role="status", className="snapshot-message"),
    ], className="snapshots-panel", **attrs({"aria-labelledby": "snapshots-title"}))


def freeze(clicks: int | None, context: dict[str, str], meeting: str | None
           ) -> tuple[Any, str]:
    """The freeze button: a new snapshot and the list redrawn, or why it was refused."""
    user = current_user()
    if user is None or not clicks:
        raise PreventUpdate
    try:
        meeting_date = dt.date.fromisoformat(meeting or "")
    except ValueError:
        return dash.no_update, "Enter the date of the Board meeting first."
    try:
        quarter = period_from_key(str(context["period"]))
        made = create_snapshot(engine(), settings(), str(context["area"]), quarter,
                               meeting_date, user.username)
    except (ScorecardError, KeyError, ValueError) as error:
        return dash.no_update, f"The scorecard could not be frozen: {error}"
    invalidate_after_commit()
    return (snapshot_items(made.area_code, quarter),
            f"Frozen for the {long_date(meeting_date.isoformat())} Board "
            f"(content hash {made.content_hash[:12]}).")
