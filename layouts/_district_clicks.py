"""Clicking a district on the districts page's map or ranked chart opens its scorecard.

The click is judged in the browser first (``assets/district_clicks.js``, a clientside
callback): a district the signed-in user may open is handed on to the server, which puts it
in the page's address; any other gets the sentence of :func:`click_rules` (a district viewer:
"You can view Preston only.") beside the charts and never reaches the server, whose access
gate would refuse a request naming a district the user may not see.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dash import ClientsideFunction, Input, Output, State, dcc
from dash.exceptions import PreventUpdate

from domain.url_state import search_string
from layouts import _districts_data as data
from layouts._shared_callbacks import shared_callback, shared_clientside_callback
from services.district_view import DEFAULT_VIEW

#: The page's ``dcc.Location`` and its state (indicator, period, view and partnership shown).
URL = "districts-url"
STATE = "districts-state"
MAP = "districts-map"
BARS = "districts-bars"
#: Which districts a click may open here, and what to say about any other.
CLICK_RULES = "districts-click-rules"
#: A district the user clicked and may open.
PICKED = "districts-picked"
#: Where a click on a district the user may not open is answered.
CLICK_NOTE = "districts-click-note"


def page_url(indicator: str | None, period: str | None, view: str | None,
             district: str | None, area: str | None = None) -> str:
    """The districts page's query string for these choices."""
    return search_string(indicator=indicator, period=period,
                         view=None if view == DEFAULT_VIEW else view, district=district,
                         area=area)


def click_rules(code: str | None) -> dict[str, Any]:
    """The districts of partnership ``code`` a click may open, and the sentence for the rest
    (empty when the user may open every one)."""
    every = data.districts(code)
    visible = data.visible_districts(code)
    names = " and ".join(str(name) for name in visible["name"]) or "no district"
    refusal = "" if len(visible) == len(every) else (
        f"You can view {names} only: the charts compare every district, but only "
        f"{'that scorecard' if len(visible) == 1 else 'those scorecards'} can be opened.")
    return {"open": [str(c) for c in visible["code"]], "refusal": refusal}


def click_stores(code: str | None) -> list[dcc.Store]:
    """The page's stores for clicks on partnership ``code``'s districts."""
    return [dcc.Store(id=CLICK_RULES, data=click_rules(code)), dcc.Store(id=PICKED)]


shared_clientside_callback(
    ClientsideFunction(namespace="districts", function_name="pick"),
    Output(PICKED, "data"), Output(CLICK_NOTE, "children"),
    Input(MAP, "clickData"), Input(BARS, "clickData"), State(CLICK_RULES, "data"),
    prevent_initial_call=True)


@shared_callback(Output(URL, "search"), Input(PICKED, "data"), State(STATE, "data"),
                 prevent_initial_call=True)
def open_district(code: str | None, state: Mapping[str, str | None] | None) -> str:
    """The address of district ``code``'s scorecard (if the user may see it)."""
    state = state or {}
    if not code or code not in set(data.visible_districts(state.get("area"))["code"]):
        raise PreventUpdate
    return page_url(state.get("indicator"), state.get("period"), state.get("view"), str(code),
                    state.get("area"))
