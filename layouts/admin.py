"""Admin: the audit log (filter, export as CSV), user roles and the published sources (pulls
and indicator mappings). Administrators only.

Access is enforced on the server for this page and every ``admin-`` callback (``access="admin"``
here and the ``admin-`` id prefix; see ``server.roles``). Tables render text, never HTML, so
names and details typed by users show exactly as typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

import dash
from dash import Input, Output, State, callback, ctx, dash_table, dcc, html
from dash.exceptions import PreventUpdate

from domain.errors import ScorecardError
from domain.roles import Role
from layouts._components import records
from layouts._sources import sources_section
from server.auth import current_user
from server.context import engine
from services import accounts
from store.areas import districts
from store.audit import AuditFilter, audit_actions, audit_frame

dash.register_page(__name__, path="/admin", name="Admin", order=90, nav=False, access="admin")

AUDIT_ACTION = "admin-audit-action"
AUDIT_USER = "admin-audit-user"
AUDIT_DATES = "admin-audit-dates"
AUDIT_TABLE = "admin-audit-table"
AUDIT_EXPORT = "admin-audit-export"
USERS_TABLE = "admin-users-table"
USER_SELECT = "admin-user-select"
ROLE_SELECT = "admin-role-select"
AREA_SELECT = "admin-area-select"
ROLE_SAVE = "admin-role-save"
ACTIVE_TOGGLE = "admin-active-toggle"
USER_STATUS = "admin-user-status"
REFRESH = "admin-refresh"

AUDIT_COLUMNS = [("at", "When"), ("user", "User"), ("action", "Action"),
                 ("entity_type", "Item"), ("entity_id", "Which"), ("detail", "Detail"),
                 ("before_json", "Before"), ("after_json", "After")]
USER_COLUMNS = [("username", "Username"), ("display_name", "Name"), ("role", "Role"),
                ("area_code", "District"), ("active", "Active"), ("demo", "Demo")]
CELL_STYLE = {"maxWidth": "22rem", "overflow": "hidden", "textOverflow": "ellipsis",
              "whiteSpace": "nowrap", "textAlign": "left"}


def _user_rows() -> list[dict[str, Any]]:
    return [{"username": u.username, "display_name": u.display_name, "role": u.role.label,
             "area_code": u.area_code or "", "active": "yes" if u.is_active else "no",
             "demo": "yes" if u.is_demo else ""} for u in accounts.list_users(engine())]


def _audit_rows(action: str | None, user: str | None, since: str | None,
                until: str | None) -> list[dict[str, Any]]:
    wanted = AuditFilter(action=action, user=user or None, limit=500,
                         since=dt.date.fromisoformat(since[:10]) if since else None,
                         until=dt.date.fromisoformat(until[:10]) if until else None)
    with engine().connect() as conn:
        frame = audit_frame(conn, wanted)
    frame["at"] = frame["at"].astype("string").str.slice(0, 19)
    return records(frame.astype(object).where(frame.notna(), ""))


def _districts() -> list[dict[str, str]]:
    with engine().connect() as conn:
        rows = districts(conn)
    return [{"label": f"{name} ({code})", "value": code} for code, name in rows]


def _table(table_id: str, columns: list[tuple[str, str]], rows: list[dict[str, Any]],
           caption: str) -> html.Div:
    return html.Div([
        html.P(caption, className="table-caption", id=f"{table_id}-caption"),
        # dash_table attaches its components at import, out of the type checker's sight
        dash_table.DataTable(  # type: ignore[attr-defined]
            id=table_id, data=rows, columns=[{"id": c, "name": n} for c, n in columns],
            page_size=25, sort_action="native", style_cell=CELL_STYLE,
            style_table={"overflowX": "auto"}),
    ])


def layout(**_query: str) -> html.Section:
    """The Admin page: the audit log's filters and table, the users and the role form."""
    with engine().connect() as conn:
        actions = audit_actions(conn)
    users = _user_rows()
    return html.Section([
        html.H1("Administration"),
        html.P(html.A("Edit the Board's scorecard definition (rows, order, rules, targets)",
                      href="/admin/scorecard-definition", id="admin-definition-link")),
        dcc.Store(id=REFRESH, data=0),
        html.H2("Audit log"),
        html.Div([
            html.Label("Action", htmlFor=AUDIT_ACTION),
            dcc.Dropdown(actions, None, id=AUDIT_ACTION, placeholder="Any action"),
            html.Label("User", htmlFor=AUDIT_USER),
            dcc.Input(id=AUDIT_USER, type="text", debounce=True, maxLength=120),
            html.Label("Dates", htmlFor=AUDIT_DATES),
            dcc.DatePickerRange(id=AUDIT_DATES, display_format="D MMM YYYY"),
            html.A("Download the audit log (CSV)", id=AUDIT_EXPORT,
                   href="/api/admin/audit.csv", className="download-link"),
        ], className="filters"),
        _table(AUDIT_TABLE, AUDIT_COLUMNS, [], "Newest first; up to 500 entries shown."),
        html.H2("Users and roles"),
        _table(USERS_TABLE, USER_COLUMNS, users, "Everyone who can sign in."),
        html.Div([
            html.Label("User", htmlFor=USER_SELECT),
            dcc.Dropdown([u["username"] for u in users], None, id=USER_SELECT),
            html.Label("Role", htmlFor=ROLE_SELECT),
            dcc.Dropdown([{"label": r.label, "value": r.key} for r in Role], None,
                         id=ROLE_SELECT),
            html.Label("District (district viewers only)", htmlFor=AREA_SELECT),
            dcc.Dropdown(_districts(), None, id=AREA_SELECT),
            html.Button("Change role", id=ROLE_SAVE, n_clicks=0),
            html.Button("Disable or re-enable", id=ACTIVE_TOGGLE, n_clicks=0),
            html.P(id=USER_STATUS, role="status"),
        ], className="user-form"),
        sources_section(),
    ], className="admin-page")


@callback(Output(AUDIT_TABLE, "data"), Output(AUDIT_EXPORT, "href"),
          Input(AUDIT_ACTION, "value"), Input(AUDIT_USER, "value"),
          Input(AUDIT_DATES, "start_date"), Input(AUDIT_DATES, "end_date"),
          Input(REFRESH, "data"))
def show_audit(action: str | None, user: str | None, since: str | None, until: str | None,
               _refresh: int) -> tuple[list[dict[str, Any]], str]:
    """The entries matching the filters, and the CSV link for the same filters."""
    query = {k: v for k, v in {"action": action, "user": user, "since": (since or "")[:10],
                               "until": (until or "")[:10]}.items() if v}
    return (_audit_rows(action, user, since, until),
            "/api/admin/audit.csv" + (f"?{urlencode(query)}" if query else ""))


@callback(Output(USER_STATUS, "children"), Output(USERS_TABLE, "data"),
          Output(REFRESH, "data"),
          Input(ROLE_SAVE, "n_clicks"), Input(ACTIVE_TOGGLE, "n_clicks"),
          State(USER_SELECT, "value"), State(ROLE_SELECT, "value"),
          State(AREA_SELECT, "value"), State(REFRESH, "data"), prevent_initial_call=True)
def change_user(_save: int, _toggle: int, username: str | None, role: str | None,
                area: str | None, refresh: int) -> tuple[str, list[dict[str, Any]], int]:
    """Change the chosen user's role or switch the account off or on (never one's own)."""
    actor = current_user()
    if actor is None or not username:
        raise PreventUpdate
    if username == actor.username:
        return "You cannot change your own account here.", _user_rows(), refresh
    try:
        if ctx.triggered_id == ACTIVE_TOGGLE:
            record = next(u for u in accounts.list_users(engine()) if u.username == username)
            changed = accounts.set_active(engine(), username, not record.is_active,
                                          actor=actor.username)
            message = f"{changed.username} is now {'enabled' if changed.is_active else 'disabled'}."
        else:
            if not role:
                return "Choose a role first.", _user_rows(), refresh
            changed = accounts.set_role(engine(), username, Role.parse(role), area_code=area,
                                        actor=actor.username)
            message = f"{changed.username} is now {changed.role.label}."
    except (ScorecardError, StopIteration) as error:
        message = str(error) or "That user no longer exists."
    return message, _user_rows(), (refresh or 0) + 1
