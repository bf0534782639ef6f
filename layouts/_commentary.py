"""The commentary panel: narrative and actions for one indicator, area and quarter.

Everyone who can see the indicator reads the current commentary and its history. Performance
officers get a form to write or edit it; approvers get an Approve button on versions awaiting
approval. The component IDs carry the ``commentary-`` prefix and the approve buttons the
``commentary-approve`` type, so the access gate requires those roles for the callbacks too.
The callbacks themselves are registered by the indicator page (:mod:`layouts.indicator`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import dash
import pandas as pd
from dash import ctx, dcc, html
from dash.exceptions import PreventUpdate

from domain.errors import ScorecardError
from domain.periods import Period
from domain.roles import Role
from domain.url_state import parse_period_text
from exports.tables import long_date
from layouts._components import DATE_INPUT, attrs, records
from server.auth import current_user
from server.context import engine
from services.commentary import (
    CommentaryDraft,
    add_commentary,
    approve_commentary,
    list_commentary,
)

CONTEXT_ID = "commentary-context"
LIST_ID = "commentary-list"
MESSAGE_ID = "commentary-message"
SAVE_ID = "commentary-save"
FIELDS = ("commentary-narrative", "commentary-action", "commentary-owner", "commentary-due")
APPROVE_TYPE = "commentary-approve"


def _period_key(period: Period | str) -> str:
    if isinstance(period, Period):
        return period.key
    if ":" in period:
        return period
    return parse_period_text(period).key


def _item(row: dict[str, Any], can_approve: bool) -> html.Li:
    byline = f"{row['author']}, {long_date(pd.Timestamp(row['created_at']).isoformat())}"
    parts: list[Any] = [html.P(row["narrative"], className="commentary-narrative")]
    if row["action"]:
        due = f", due {long_date(str(row['due_date']))}" if row.get("due_date") else ""
        parts.append(html.P([html.Strong("Action: "), row["action"],
                             f" (owner: {row['owner']}{due})"]))
    status = row["status"]
    if status == "approved":
        byline += (f"; approved by {row['approved_by']}, "
                   f"{long_date(pd.Timestamp(row['approved_at']).isoformat())}")
    parts.append(html.P([html.Span(status.capitalize(), className=f"status status-"
                                   f"{status.replace(' ', '-')}"), f" \u2014 {byline}"],
                        className="commentary-byline"))
    if can_approve and status == "awaiting approval":
        parts.append(html.Button("Approve this commentary", className="button",
                                 id={"type": APPROVE_TYPE, "index": int(row["id"])}))
    return html.Li(parts, className=f"commentary-item commentary-{status.replace(' ', '-')}")


def _list(indicator_id: str, area: str, period_key: str) -> list[Any]:
    user = current_user()
    can_approve = bool(user and user.has_role(Role.APPROVER))
    with engine().connect() as conn:
        frame = list_commentary(conn, area_code=area, period_key=period_key,
                                indicator_id=indicator_id, history=True)
    if frame.empty:
        return [html.P("No commentary for this quarter yet.")]
    current = records(frame[frame["is_current"]])
    older = records(frame[~frame["is_current"]])
    out: list[Any] = [html.Ul([_item(r, can_approve) for r in current],
                              className="commentary-items")]
    if older:
        out.append(html.Details([html.Summary(f"Earlier versions ({len(older)})"),
                                 html.Ul([_item(r, False) for r in older])]))
    return out


def _form() -> html.Div:
    def field(field_id: str, label: str, control: Any) -> html.Div:
        return html.Div([html.Label(label, htmlFor=field_id), control], className="field")
    return html.Div([
        html.H3("Write or edit commentary"),
        field(FIELDS[0], "What the figures show (narrative)",
              dcc.Textarea(id=FIELDS[0], maxLength=8000, style={"width": "100%"})),
        field(FIELDS[1], "Action", dcc.Textarea(id=FIELDS[1], maxLength=8000,
                                                style={"width": "100%"})),
        field(FIELDS[2], "Action owner", dcc.Input(id=FIELDS[2], type="text")),
        field(FIELDS[3], "Due date", dcc.Input(id=FIELDS[3], type=DATE_INPUT)),
        html.Button("Save commentary", id=SAVE_ID, className="button", n_clicks=0),
    ], className="commentary-form")


def commentary_panel(indicator_id: str, area: str, period: Period | str) -> html.Section:
    """Commentary and actions for the indicator page (one panel per page)."""
    key = _period_key(period)
    user = current_user()
    return html.Section([
        html.H2("Commentary and actions", id="commentary-title"),
        dcc.Store(id=CONTEXT_ID, data={"indicator": indicator_id, "area": area,
                                       "period": key}),
        html.Div(_list(indicator_id, area, key), id=LIST_ID),
        _form() if user and user.has_role(Role.PERFORMANCE_OFFICER) else None,
        html.P(id=MESSAGE_ID, role="status", className="commentary-message"),
    ], className="commentary-panel", **attrs({"aria-labelledby": "commentary-title"}))


def save(clicks: int | None, context: dict[str, str], narrative: str | None,
         action: str | None, owner: str | None, due: str | None) -> tuple[Any, str]:
    """"Save commentary": the new version and the list redrawn, or why it was refused."""
    user = current_user()
    if user is None or not clicks:
        raise PreventUpdate
    try:
        draft = CommentaryDraft(context["indicator"], context["area"], context["period"],
                                narrative or "", action or "", owner or "",
                                dt.date.fromisoformat(due) if due else None)
        add_commentary(engine(), draft, user.username)
    except (ScorecardError, ValueError) as error:
        return dash.no_update, str(error)
    return (_list(context["indicator"], context["area"], context["period"]),
            "Saved. It goes into the board pack once an approver approves it.")


def approve(clicks: list[int | None], context: dict[str, str]) -> tuple[Any, str]:
    """An approver's "Approve this commentary" on the version the button belongs to."""
    user = current_user()
    trigger = ctx.triggered_id
    if user is None or trigger is None or not any(clicks):
        raise PreventUpdate
    try:
        approve_commentary(engine(), int(dict(trigger)["index"]), user.username)
    except ScorecardError as error:
        return dash.no_update, str(error)
    return _list(context["indicator"], context["area"], context["period"]), "Approved."
