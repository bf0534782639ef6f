"""Indicator: one indicator for one area, with its method, history, SPC chart and districts.

URL: ``/indicator?id=cla_rate&area=E10000016&period=Q3-2016-17`` (area and period optional).
Every chart has its table alternative; modelled district figures say so.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import dash
from dash import ALL, Input, Output, State, callback, html

from domain.errors import ScorecardError
from domain.url_state import indicator_param, page_href, period_param
from layouts import _commentary, _data
from layouts._components import (
    empty_state,
    error_state,
    illustrative_notice,
    nav_heading,
    plain,
    select_field,
)
from layouts._exports import commentary_panel, download_links
from layouts._indicator_parts import (
    district_section,
    headline,
    method,
    series_chart,
    spc_chart_section,
)
from layouts._indicator_search import search_box
from layouts._pickers import area_period_form
from server.auth import allowed_area_codes
from server.caching import cached
from services.catalogue import catalogue

dash.register_page(__name__, path="/indicator", name="Indicator", order=2, nav=False,
                   title="Indicator - CYPP performance scorecard")

CONTENT = "indicator-content"
HEADING = "indicator-heading"
INDICATOR = "indicator-id"


def _indicator_options() -> list[dict[str, str]]:
    return [{"label": ind.short_title or ind.title, "value": ind.id}
            for ind in catalogue().values()]


@cached(timeout=600)
def cached_content(indicator_id: str | None, area: str | None, period: str | None,
                   allowed: tuple[str, ...] | None = None) -> Any:
    """:func:`indicator_content` as plain dicts, kept until the data changes."""
    return plain(indicator_content(indicator_id, area, period, allowed))


def indicator_content(indicator_id: str | None, area: str | None, period: str | None,
                      allowed: tuple[str, ...] | None = None) -> list[Any]:
    """The page below the form; ``allowed`` limits the districts shown (district viewers)."""
    try:
        wanted = indicator_param(indicator_id)
        if wanted is None:
            return [empty_state("Choose an indicator", "Choose one in the form above, or "
                                "find one by name, id or outcome theme in the search box.")]
        state = _data.resolve_state(area, period)
        view = _data.indicator(wanted, state.area_code, state.quarter.label)
    except ScorecardError as error:
        return [error_state("This indicator cannot be shown", str(error))]
    if allowed is not None:
        view = replace(view, districts=view.districts[view.districts["area_code"].isin(allowed)])
    url_period = period_param(state.quarter)
    illustrative = (view.series["illustrative"].eq(True).any()
                    or view.districts["illustrative"].eq(True).any())
    return [
        html.P(html.A("Back to the scorecard",
                        href=page_href("/", area=view.area_code, period=url_period)),
               className="back-link"),
        nav_heading(f"{view.indicator.title}: {view.area_name}, {view.quarter.label}", HEADING),
        illustrative_notice() if illustrative else "",
        headline(view, url_period),
        method(view),
        series_chart(view),
        spc_chart_section(view),
        district_section(view, url_period),
        download_links("indicator", indicator_id=view.indicator.id, area=view.area_code,
                       period=view.quarter),
    ]


def commentary_section(indicator_id: str | None, area: str | None,
                       period: str | None) -> html.Section | None:
    """Commentary and actions for the page's indicator, area and quarter; per user, so never
    cached with the figures (officers see a form, approvers an Approve button). None for a
    council outside every partnership, whose page is read-only."""
    try:
        state = _data.resolve_state(area, period)
        ind = catalogue().get(indicator_param(indicator_id) or "")
    except ScorecardError:
        return None
    if ind is None or _data.outside_partnerships(state.area_code):
        return None
    return commentary_panel(ind.id, state.area_code, state.quarter)


def layout(id: str | None = None, area: str | None = None, period: str | None = None,
           **_query: str) -> html.Section:
    """The page for ``?id=&area=&period=``; the form switches indicator, area or quarter."""
    if not _data.store_has_figures():
        return html.Section([html.H1("Indicator"), error_state(
            "No figures yet", "Load data first; indicators are shown from stored figures.")])
    allowed = allowed_area_codes()
    form = area_period_form("indicator", "/indicator", area, period, "Show indicator", leading=[
        select_field(INDICATOR, "id", "Indicator", _indicator_options(), id)],
        toggle_label="Change indicator, area or quarter")
    return html.Section([
        html.H1("Indicator"),
        form,
        search_box("indicator", area, period),
        html.Div(cached_content(id, area, period, None if allowed is None
                                else tuple(sorted(allowed))), id=CONTENT),
        commentary_section(id, area, period),
    ], className="indicator-page")


@callback(Output(_commentary.LIST_ID, "children"), Output(_commentary.MESSAGE_ID, "children"),
          Input(_commentary.SAVE_ID, "n_clicks"), State(_commentary.CONTEXT_ID, "data"),
          *(State(f, "value") for f in _commentary.FIELDS), prevent_initial_call=True)
def save_commentary(clicks: int | None, context: dict[str, str], narrative: str | None,
                    action: str | None, owner: str | None, due: str | None) -> tuple[Any, str]:
    """Save commentary and an action for the indicator shown."""
    return _commentary.save(clicks, context, narrative, action, owner, due)


# A separate callback, so the access gate asks for the approver role only to approve.
@callback(Output(_commentary.LIST_ID, "children", allow_duplicate=True),
          Output(_commentary.MESSAGE_ID, "children", allow_duplicate=True),
          Input({"type": _commentary.APPROVE_TYPE, "index": ALL}, "n_clicks"),
          State(_commentary.CONTEXT_ID, "data"), prevent_initial_call=True)
def approve_commentary(clicks: list[int | None], context: dict[str, str]) -> tuple[Any, str]:
    """Approve a version of the commentary (approvers)."""
    return _commentary.approve(clicks, context)
