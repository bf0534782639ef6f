"""Scorecard (home): the quarterly RAG scorecard for an area and reporting quarter.

URL: ``/?area=CODE&period=Q3-2016-17`` (both optional: the first partnership's council, or a
district viewer's own district, and the latest quarter). ``&view=all`` shows every indicator
with a figure instead of the Board's rows (the definition in force).
A headline first (RAG counts by outcome theme with their movement since the previous quarter,
and the exceptions: worse than England and worsening), then the dashboard key and the table.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, State, callback, html

from domain.errors import ScorecardError
from domain.url_state import page_href, period_param
from layouts import _board_pack, _data, _snapshots
from layouts._board_pack import pack_builder
from layouts._components import (
    attrs,
    dashboard_key,
    empty_state,
    error_state,
    illustrative_notice,
    nav_heading,
    plain,
)
from layouts._exports import download_links
from layouts._headline import headline
from layouts._indicator_search import search_box
from layouts._markup import markup
from layouts._pickers import cached_area_period_form
from layouts._scorecard_table import scorecard_table
from server.caching import cached
from services.scorecard import VIEWS, ScorecardView

dash.register_page(__name__, path="/", name="Scorecard", order=0,
                   title="Scorecard - CYPP performance scorecard")

#: Component ids (the form's fields are scorecard-area and scorecard-period).
CONTENT = "scorecard-content"
HEADING = "scorecard-heading"
VIEW_TOGGLE = "scorecard-view"


@cached(timeout=600)
def cached_content(area: str | None, period: str | None, view: str | None = None) -> Any:
    """:func:`scorecard_content` as plain dicts, kept until the data changes."""
    return plain(scorecard_content(area, period, view))


def view_toggle(view: ScorecardView, period: str) -> html.Nav:
    """Links between the Board's scorecard and all indicators, the current one marked."""
    links = []
    for name, text in (("board", "Board scorecard"), ("all", "All indicators")):
        current = view.view == name
        href = page_href("/", area=view.area_code, period=period,
                         view=None if name == "board" else name)
        links.append(html.Li(html.A(text, href=href, id=f"{VIEW_TOGGLE}-{name}",
                                    className="view-toggle-link"
                                    + (" view-toggle-current" if current else ""),
                                    **attrs({"aria-current": "page"} if current else {}))))
    shown = (view.definition if view.definition and view.view == "board"
             else "every indicator with a figure" if view.definition
             else "every indicator with a figure (no Board definition in force)")
    return html.Nav([html.Ul(links, className="view-toggle-links"),
                     html.P(f"Showing: {shown}.", className="view-toggle-note")],
                    id=VIEW_TOGGLE, className="view-toggle",
                    **attrs({"aria-label": "Scorecard view"}))


def _empty_store() -> html.Section:
    return html.Section([
        html.H1("No scorecard data yet"),
        html.P("The store is empty. Load data with one of:"),
        html.Ul([
            html.Li([html.Code("scorecard init-db"), " then ", html.Code("scorecard demo"),
                     " to load the demonstration partnership's data, or "]),
            html.Li([html.Code("scorecard partnership init LA_CODE"),
                     " to build any council's partnership from the published figures;"]),
            html.Li([html.Code("scorecard load FILE.xlsx"),
                     " to load your own workbook in the upload template format."]),
        ]),
    ], className="empty-state")


def scorecard_content(area: str | None, period: str | None,
                      view_name: str | None = None) -> list[Any]:
    """Headline, key and table for the area and quarter named in the URL, in the view it
    names (the Board's rows unless ``view=all``)."""
    chosen = view_name if view_name in VIEWS else "board"
    try:
        state = _data.resolve_state(area, period)
        view = _data.scorecard(state.area_code, state.quarter.label, chosen)
    except ScorecardError as error:
        return [error_state("This scorecard cannot be shown", str(error))]
    title = nav_heading(f"{view.area_name}: {view.quarter.label}", HEADING)
    if view.table.empty:
        return [title, empty_state("No figures for this area and quarter",
                                   f"The store holds no figures for {view.area_name} up to "
                                   f"{view.quarter.label}. Choose another area or quarter.")]
    previous = _data.scorecard(state.area_code, state.quarter.previous().label, chosen)
    notice = illustrative_notice() if view.table["illustrative"].eq(True).any() else ""
    restated = _data.restatements(state.area_code, state.quarter.label)
    return [title, view_toggle(view, period_param(state.quarter)), notice,
            markup(headline(view, previous.table, period_param(state.quarter))),
            markup(dashboard_key("scorecard-key")),
            scorecard_table(view.table, view.area_code, view.area_type, view.area_name,
                            view.quarter.label, period_param(state.quarter), restated),
            download_links("scorecard", area=view.area_code, period=view.quarter,
                           extra=None if _data.outside_partnerships(view.area_code)
                           else pack_builder(view.area_code, view.quarter.label))]


def layout(area: str | None = None, period: str | None = None, view: str | None = None,
           **_query: str) -> html.Section:
    """The page for ``?area=&period=``; choosing in the form loads the new URL in place."""
    if not _data.store_has_figures():
        return _empty_store()
    area = area or _data.default_area()
    return html.Section([
        html.H1("CYPP performance scorecard"),
        html.P("Are children and young people safer, doing better, happier and healthier? "
               "Each indicator's latest figure, how it changed, and how it compares.",
               className="lead"),
        cached_area_period_form("scorecard", "/", area, period, "Show scorecard"),
        search_box("scorecard", area, period),
        html.Div(cached_content(area, period, view if view in VIEWS else None), id=CONTENT),
        snapshots_section(area, period),
    ], className="scorecard-page")


def snapshots_section(area: str | None, period: str | None) -> html.Section | None:
    """What each Board was shown for this area and quarter; approvers can freeze it. None
    for a council outside every partnership (it has no Board)."""
    try:
        state = _data.resolve_state(area, period)
    except ScorecardError:
        return None
    if _data.outside_partnerships(state.area_code):
        return None
    return _snapshots.snapshots_panel(state.area_code, state.quarter)


@callback(Output(_snapshots.LIST_ID, "children"), Output(_snapshots.MESSAGE_ID, "children"),
          Input(_snapshots.FREEZE_ID, "n_clicks"), State(_snapshots.CONTEXT_ID, "data"),
          State(_snapshots.MEETING_ID, "value"), prevent_initial_call=True,
          running=[(Output(_snapshots.FREEZE_ID, "disabled"), True, False)])
def freeze_for_board(clicks: int | None, context: dict[str, str], meeting: str | None
                     ) -> tuple[Any, str]:
    """Freeze the scorecard shown as a Board snapshot (approvers)."""
    return _snapshots.freeze(clicks, context, meeting)


@callback(Output(_board_pack.JOB_ID, "data"), Output(_board_pack.POLL_ID, "disabled"),
          Output(_board_pack.STATUS_ID, "children"), Input(_board_pack.BUTTON_ID, "n_clicks"),
          State(_board_pack.CONTEXT_ID, "data"), prevent_initial_call=True)
def build_board_pack(clicks: int | None, context: dict[str, str]) -> tuple[Any, bool, Any]:
    """Start building the board pack PDF in the background."""
    return _board_pack.start(clicks, context)


@callback(Output(_board_pack.STATUS_ID, "children", allow_duplicate=True),
          Output(_board_pack.POLL_ID, "disabled", allow_duplicate=True),
          Input(_board_pack.POLL_ID, "n_intervals"), State(_board_pack.JOB_ID, "data"),
          prevent_initial_call=True)
def board_pack_progress(_ticks: int | None, job_id: int | None) -> tuple[Any, bool]:
    """Report the board pack job's progress until it finishes."""
    return _board_pack.poll(job_id)
