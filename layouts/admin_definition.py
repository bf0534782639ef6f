"""Admin: edit the Board's scorecard definition in force. Administrators only.

URL: ``/admin/scorecard-definition?period=Q3-2016-17`` (default: the latest quarter). The
definition in force for the default area's partnership is copied into a draft; moving a row
up or down and changing a row's rule, tolerance or year-end target change the draft, and
"Save as a new version" stores it (the earlier versions are kept, the save is audited).
Access is enforced for the page (``access="admin"``) and every ``admin-`` callback.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from domain.errors import ScorecardError
from domain.url_state import parse_period_text
from domain.vocabulary import RagRule
from layouts import _data
from server.auth import current_user
from server.caching import invalidate_after_commit
from server.context import engine
from services.catalogue import catalogue
from services.scorecard_definitions import (
    RowEdit,
    definition_in_force,
    edit_draft,
    read_definition_text,
    save_draft,
    to_toml,
    year_end,
)

dash.register_page(__name__, path="/admin/scorecard-definition", name="Scorecard definition",
                   order=91, nav=False, access="admin",
                   title="Scorecard definition - CYPP performance scorecard")

DRAFT = "admin-def-draft"
ROWS = "admin-def-rows"
ROW = "admin-def-row"
UP = "admin-def-up"
DOWN = "admin-def-down"
RULE = "admin-def-rule"
TOLERANCE = "admin-def-tolerance"
TARGET = "admin-def-target"
APPLY = "admin-def-apply"
SAVE = "admin-def-save"
STATUS = "admin-def-status"


def rows_table(text: str, quarter_label: str) -> html.Table:
    """The draft's rows under their headings: position, indicator, rule, tolerance, targets."""
    definition, _ = read_definition_text(text, "the draft")
    titles = {k: v.title for k, v in catalogue().items()}
    bodies, number = [], 0
    for theme in definition.themes if definition else ():
        rows = []
        for row in theme.rows:
            number += 1
            targets = "; ".join(f"{t.value:g} by {t.period.label} ({t.area_code})"
                                for t in row.targets)
            rows.append(html.Tr([
                html.Td(str(number)), html.Td(titles.get(row.indicator_id, row.indicator_id)),
                html.Td(row.rule.value),
                html.Td("" if row.tolerance is None else f"{row.tolerance:g}"),
                html.Td(targets)], id=f"{ROWS}-{row.indicator_id}"))
        bodies.append(html.Tbody([html.Tr(html.Th(theme.heading, colSpan=5, scope="rowgroup"),
                                          className="outcome-row"), *rows]))
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in
                               ("#", "Indicator", "Rule", "Tolerance", "Targets")]))
    return html.Table([html.Caption(f"Draft definition (targets apply from {quarter_label})"),
                       head, *bodies], className="definition-table")


def _options(text: str) -> list[dict[str, str]]:
    definition, _ = read_definition_text(text, "the draft")
    titles = {k: v.short_title or v.title for k, v in catalogue().items()}
    return [{"label": f"{n}. {titles.get(row.indicator_id, row.indicator_id)}",
             "value": row.indicator_id}
            for n, (_, row) in enumerate(definition.rows if definition else [], start=1)]


def layout(period: str | None = None, **_query: str) -> html.Section:
    """The editor for the definition in force in ``period`` (default: the latest quarter)."""
    try:
        state = _data.resolve_state(_data.partnership_area(), period)
        with engine().connect() as conn:
            found = definition_in_force(conn, state.area_code, state.quarter)
    except ScorecardError as error:
        return html.Section([html.H1("Scorecard definition"), html.P(str(error))],
                            className="admin-page")
    quarter = state.quarter.label
    if found is None:
        return html.Section([
            html.H1("Scorecard definition"),
            html.P(f"No scorecard definition is in force in {quarter}: the scorecard shows "
                   "the catalogue's rows and themes. Load one with "),
            html.Code("scorecard scorecard-def load FILE.toml"),
        ], className="admin-page")
    text = to_toml(found.definition)
    return html.Section([
        html.H1("Scorecard definition"),
        html.P(f"{found.definition.title} ({found.definition.plan_years}), version "
               f"{found.stored.version}, saved by {found.stored.loaded_by} at "
               f"{found.stored.loaded_at:%d %b %Y %H:%M}. Changes stay in this draft until "
               "saved; every version is kept.", id="admin-def-version"),
        dcc.Store(id=DRAFT, data={"toml": text, "quarter": quarter}),
        html.Div([
            html.Fieldset([html.Legend("Row"),
                           dcc.RadioItems(_options(text), None, id=ROW,
                                          className="definition-rows-choice")]),
            html.Button("Move up", id=UP, n_clicks=0),
            html.Button("Move down", id=DOWN, n_clicks=0),
            html.Fieldset([html.Legend("Rule (leave unchosen to keep the row's)"),
                           dcc.RadioItems([r.value for r in RagRule], None, id=RULE,
                                          inline=True)]),
            html.Label("Tolerance (amber band)", htmlFor=TOLERANCE),
            dcc.Input(id=TOLERANCE, type="number", min=0),
            html.Label(f"Target for {year_end(state.quarter).label} "
                       f"({found.definition.partnership})", htmlFor=TARGET),
            dcc.Input(id=TARGET, type="number"),
            html.Button("Apply to the row", id=APPLY, n_clicks=0),
            html.Button("Save as a new version", id=SAVE, n_clicks=0),
            html.P(id=STATUS, role="status"),
        ], className="definition-form"),
        html.Div(rows_table(text, quarter), id=ROWS),
    ], className="admin-page")


@callback(Output(DRAFT, "data"), Output(ROWS, "children"), Output(ROW, "options"),
          Output(STATUS, "children"),
          Input(UP, "n_clicks"), Input(DOWN, "n_clicks"), Input(APPLY, "n_clicks"),
          Input(SAVE, "n_clicks"), State(ROW, "value"), State(RULE, "value"),
          State(TOLERANCE, "value"), State(TARGET, "value"), State(DRAFT, "data"),
          prevent_initial_call=True)
def edit_definition(_up: int, _down: int, _apply: int, _save: int, row: str | None,
                    rule: str | None, tolerance: float | None, target: float | None,
                    draft: dict[str, str]) -> tuple[Any, Any, Any, str]:
    """Make the button's change to the draft, or save the draft as a new version."""
    if not isinstance(draft, dict) or not isinstance(draft.get("toml"), str):
        raise PreventUpdate
    text, quarter = draft["toml"], str(draft.get("quarter"))
    try:
        if ctx.triggered_id == SAVE:
            user = current_user()
            saved = save_draft(engine(), text, user.username if user else "admin")
            invalidate_after_commit()
            return dash.no_update, dash.no_update, dash.no_update, (
                f"Saved as version {saved.version}.")
        if not row:
            return dash.no_update, dash.no_update, dash.no_update, "Choose a row first."
        step = {UP: -1, DOWN: 1}.get(str(ctx.triggered_id), 0)
        text = edit_draft(text, RowEdit(row, step, rule, tolerance, target),
                          parse_period_text(quarter))
    except (ScorecardError, ValueError) as error:
        return dash.no_update, dash.no_update, dash.no_update, str(error)
    return ({"toml": text, "quarter": quarter}, rows_table(text, quarter), _options(text),
            "Draft changed; save it as a new version to use it.")
