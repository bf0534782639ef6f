"""The Admin page's "Published sources" section: the last pulls from Fingertips and DfE EES
(scheduled and by hand), every indicator's source mappings, and a form mapping an indicator to a
Fingertips id or an EES column and filter. Ids start ``admin-`` so the server lets only
administrators call them (see ``server.roles``)."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, dash_table, dcc, html
from dash.exceptions import PreventUpdate

from domain.errors import ScorecardError
from layouts._components import records
from layouts._shared_callbacks import shared_callback
from server.auth import current_user
from server.context import engine
from services.catalogue_admin import map_indicator, mappings
from services.pulls import recent_runs

RUNS_TABLE = "admin-pull-runs"
MAPPINGS_TABLE = "admin-mappings"
MAP_INDICATOR = "admin-map-indicator"
MAP_FINGERTIPS = "admin-map-fingertips"
MAP_EES_COLUMN = "admin-map-ees-column"
MAP_EES_FILTER = "admin-map-ees-filter"
MAP_SAVE = "admin-map-save"
MAP_STATUS = "admin-map-status"

RUN_COLUMNS = [("source", "Source"), ("started_at", "Started"), ("started_by", "By"),
               ("status", "Result"), ("message", "Detail"), ("batch_id", "Batch")]
MAPPING_COLUMNS = [("indicator_id", "Indicator"), ("title", "Title"),
                   ("fingertips_id", "Fingertips id"), ("lait_measure", "LAIT measure"),
                   ("ees_indicator", "EES column"), ("ees_filter", "EES filter"),
                   ("origin", "From")]
CELL_STYLE = {"maxWidth": "24rem", "overflow": "hidden", "textOverflow": "ellipsis",
              "whiteSpace": "nowrap", "textAlign": "left"}


def _rows(frame: Any) -> list[dict[str, Any]]:
    return records(frame.astype("string").fillna(""))


def _table(table_id: str, columns: list[tuple[str, str]], rows: list[dict[str, Any]],
           caption: str) -> html.Div:
    return html.Div([
        html.P(caption, className="table-caption", id=f"{table_id}-caption"),
        dash_table.DataTable(  # type: ignore[attr-defined]
            id=table_id, data=rows, columns=[{"id": c, "name": n} for c, n in columns],
            page_size=15, sort_action="native", filter_action="native",
            style_cell=CELL_STYLE, style_table={"overflowX": "auto"}),
    ])


def sources_section() -> html.Div:
    """The section's tables and mapping form, as the store stands now."""
    runs = recent_runs(engine())
    frame = mappings(engine())
    return html.Div([
        html.H2("Published sources"),
        _table(RUNS_TABLE, RUN_COLUMNS, _rows(runs),
               "The last pulls from Fingertips and DfE EES, newest first (`scorecard pull` "
               "and the daily refresh)."),
        _table(MAPPINGS_TABLE, MAPPING_COLUMNS, _rows(frame),
               "Each indicator's source ids. 'added' and 'mapped' are this site's changes."),
        html.Div([
            html.Label("Indicator", htmlFor=MAP_INDICATOR),
            dcc.Dropdown(frame["indicator_id"].tolist(), None, id=MAP_INDICATOR),
            html.Label("Fingertips indicator id", htmlFor=MAP_FINGERTIPS),
            dcc.Input(id=MAP_FINGERTIPS, type="number", min=1, step=1),
            html.Label("EES indicator column", htmlFor=MAP_EES_COLUMN),
            dcc.Input(id=MAP_EES_COLUMN, type="text", maxLength=120),
            html.Label("EES filter (column=option; ...)", htmlFor=MAP_EES_FILTER),
            dcc.Input(id=MAP_EES_FILTER, type="text", maxLength=300),
            html.Button("Save mapping", id=MAP_SAVE, n_clicks=0),
            html.P(id=MAP_STATUS, role="status"),
        ], className="user-form"),
    ], className="sources-section")


@shared_callback(Output(MAP_STATUS, "children"), Output(MAPPINGS_TABLE, "data"),
                 Input(MAP_SAVE, "n_clicks"), State(MAP_INDICATOR, "value"),
                 State(MAP_FINGERTIPS, "value"), State(MAP_EES_COLUMN, "value"),
                 State(MAP_EES_FILTER, "value"), prevent_initial_call=True)
def save_mapping(_clicks: int, indicator: str | None, fingertips: int | None,
                 ees_column: str | None, ees_filter: str | None
                 ) -> tuple[str, list[dict[str, Any]]]:
    """Map the chosen indicator; the catalogue's own message when the mapping is refused."""
    actor = current_user()
    if actor is None or not indicator:
        raise PreventUpdate
    cells = {k: str(v).strip() for k, v in {"fingertips_id": fingertips,
                                            "ees_indicator": ees_column,
                                            "ees_filter": ees_filter}.items()
             if v not in (None, "")}
    if not cells:
        message = "Give a Fingertips id or an EES column to map."
    else:
        try:
            map_indicator(engine(), indicator, cells, actor.username)
            message = f"{indicator} mapped: " + ", ".join(f"{k} {v}" for k, v in cells.items())
        except ScorecardError as error:
            message = str(error).splitlines()[0] if len(str(error)) < 400 else str(
                error)[:400]
    return message, _rows(mappings(engine()))
