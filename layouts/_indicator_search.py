"""The indicator search box on the Scorecard and Indicator pages.

Typing a name, id or theme lists the matching indicators (from
:func:`services.indicator_search.find_indicators`) as links to their pages, keeping the area
and quarter on screen. One pattern-matched callback serves every box; the results region is
announced politely to screen readers.
"""

from __future__ import annotations

from typing import Any

from dash import MATCH, Input, Output, State, dcc, html

from domain.errors import ScorecardError
from domain.url_state import page_href, period_param
from layouts import _data
from layouts._components import attrs
from layouts._shared_callbacks import shared_callback
from services.catalogue import catalogue
from services.indicator_search import MAX_RESULTS, find_indicators, theme_label

INPUT_TYPE = "indicator-search-input"
RESULTS_TYPE = "indicator-search-results"
CONTEXT_TYPE = "indicator-search-context"


def search_box(page: str, area: str | None, period: str | None) -> html.Section:
    """The box for ``page`` (its id prefix); results link to the area and quarter the URL's
    ``area`` and ``period`` name (dropped when they name none the page can show)."""
    try:
        state = _data.resolve_state(area, period)
        area, period = state.area_code, period_param(state.quarter)
    except ScorecardError:
        area, period = None, None
    hint_id = f"{page}-indicator-search-hint"
    return html.Section([
        # The input sits inside its label (which also holds the hint): its pattern-matched id
        # cannot be a label's htmlFor, and dcc.Input takes no aria-describedby.
        html.Label([
            html.Span("Find an indicator", className="search-label"),
            html.Span("Type part of a name, an id or an outcome theme.", className="hint",
                      id=hint_id),
            dcc.Input(id={"type": INPUT_TYPE, "page": page}, type="search", debounce=0.3,
                      placeholder="e.g. looked after, cla_rate, feel safe",
                      autoComplete="off"),
        ]),
        dcc.Store(id={"type": CONTEXT_TYPE, "page": page}, data={"area": area, "period": period}),
        html.Div(id={"type": RESULTS_TYPE, "page": page}, role="status",
                 **attrs({"aria-live": "polite"})),
    ], className="indicator-search", role="search")


def search_results(query: str | None, area: str | None, period: str | None) -> list[Any]:
    """The matching indicators as links to their pages, with a count."""
    if not (query or "").strip():
        return []
    found = find_indicators(catalogue().values(), query)
    if not found:
        return [html.P(f"No indicator matches \u201c{query}\u201d.", className="search-count")]
    more = " (the first shown; type more to narrow)" if len(found) == MAX_RESULTS else ""
    return [
        html.P(f"{len(found)} indicator{'s' if len(found) != 1 else ''}{more}:",
               className="search-count"),
        html.Ul([html.Li([
            dcc.Link(indicator.title, href=page_href("/indicator", id=indicator.id, area=area,
                                                     period=period)),
            html.Span(f" {indicator.id} \u00b7 {theme_label(indicator)}",
                      className="search-theme"),
        ]) for indicator in found], className="search-results"),
    ]


@shared_callback(Output({"type": RESULTS_TYPE, "page": MATCH}, "children"),
                 Input({"type": INPUT_TYPE, "page": MATCH}, "value"),
                 State({"type": CONTEXT_TYPE, "page": MATCH}, "data"), prevent_initial_call=True)
def show_matches(query: str | None, context: dict[str, str | None] | None) -> list[Any]:
    """List the indicators the typed words name."""
    context = context or {}
    return search_results(query, context.get("area"), context.get("period"))
