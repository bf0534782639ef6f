"""Districts: Lancashire's 12 districts (or its footprints or teams) for one indicator.

URL: ``/districts?indicator=cla_rate&period=Q3+2016/17&view=footprints&district=E07000117``
(all optional: the first district-level indicator, its latest period, districts, no district).
A map, ranked bars with 95% intervals and the county line, a funnel plot, each area's trend,
and one district's scorecard against Lancashire. Every chart has its table alternative.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash
from dash import Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from domain.boundaries import BOUNDARIES_URL_PATH, district_centroids
from domain.errors import ScorecardError
from domain.url_state import page_href, period_param, quarter_param, search_string
from layouts import _data
from layouts import _districts_data as data
from layouts._components import (
    attrs,
    chart_with_table,
    empty_state,
    error_state,
    illustrative_notice,
    nav_heading,
    picker_form,
    plain,
    select_field,
)
from layouts._district_figures import (
    district_map,
    funnel_plot,
    ranked_bars,
    trend_multiples,
    value_text,
)
from layouts._districts_components import (
    FUNNEL_COLUMNS,
    area_columns,
    area_table_frame,
    attribution,
    funnel_table_frame,
    scorecard_table,
    trend_table_frame,
)
from layouts._exports import download_links
from layouts._map_key import map_key
from server.caching import cached
from services.district_view import DEFAULT_VIEW, VIEWS, DistrictView, choose_indicator

dash.register_page(__name__, path="/districts", name="Districts", order=20,
                   title="Districts - CYPP performance scorecard")

FORM = "districts-form"
INDICATOR = "districts-indicator"
PERIOD = "districts-period"
VIEW = "districts-view"
DISTRICT = "districts-district"
URL = "districts-url"
STATE = "districts-state"
CONTENT = "districts-content"
SCORECARD = "districts-scorecard"
HEADING = "districts-heading"
MAP = "districts-map"
BARS = "districts-bars"
FUNNEL = "districts-funnel"
TRENDS = "districts-trends"


def _url(indicator: str | None, period: str | None, view: str | None,
         district: str | None) -> str:
    return search_string(indicator=indicator, period=period,
                         view=None if view == DEFAULT_VIEW else view, district=district)


def _summary(view: DistrictView) -> html.Div:
    ind = view.indicator
    county = view.county
    county_text = (f"Lancashire: {value_text(county.value, ind, county.illustrative)}"
                   f" ({county.period_label})." if county else "No Lancashire figure.")
    return html.Div([
        nav_heading(f"{ind.title}: {view.period_label}", HEADING),
        html.P([f"{VIEWS[view.view][0]}. {county_text} ",
                f"Unit: {ind.unit_label}." if ind.unit_label else ""]),
        html.Details([html.Summary("About this indicator"), html.P(ind.definition)],
                     className="districts-definition"),
    ])


def _funnel(view: DistrictView) -> Any:
    if view.funnel is None:
        reason = ("Funnel plots need a numerator and denominator for each area; "
                  f"{view.indicator.short_title} has none for this period, or is a count.")
        return html.Section([html.H3("Funnel plot"), html.P(reason)],
                            className="districts-note")
    left_out = (f" Left out for lack of counts: {', '.join(view.funnel.left_out)}."
                if view.funnel.left_out else "")
    return chart_with_table(
        funnel_plot(view.funnel, view.indicator),
        funnel_table_frame(view.funnel, view.indicator), FUNNEL_COLUMNS,
        "Funnel plot", FUNNEL, "Each area against the size of its population, within 95% "
        "(dashed) and 99.8% (solid) control limits around the pooled average of the areas "
        "shown (all their counts taken together, which can differ from the county's own "
        "figure); areas outside the limits differ by more than chance would explain."
        f"{left_out}")


def content(view: DistrictView) -> list[Any]:
    """Everything below the pickers for one indicator, period and view."""
    if view.empty:
        return [empty_state("No district figures for this choice",
                            "Choose another indicator or period.")]
    ind = view.indicator
    table = area_table_frame(view)
    columns = area_columns(ind)
    trend_frame, trend_columns = trend_table_frame(view)
    return [
        _summary(view),
        illustrative_notice() if view.illustrative else "",
        html.Div([
            html.Div([chart_with_table(
                district_map(view, dash.get_relative_path(BOUNDARIES_URL_PATH),
                             district_centroids()), table,
                columns, "Map", MAP, "Each area shaded by how it compares with Lancashire "
                "(95% confidence interval against the county value), marked with its number "
                "in the key and its value."),
                map_key(view, f"{MAP}-key"), attribution()], className="districts-panel"),
            html.Div(chart_with_table(
                ranked_bars(view), table, columns, "Ranked", BARS,
                "Areas best first (highest first where there is no judgement), with 95% "
                "intervals; the dashed line is Lancashire."), className="districts-panel"),
        ], className="districts-grid"),
        _funnel(view),
        chart_with_table(trend_multiples(view), trend_frame, trend_columns,
                         "Trends", TRENDS, "Each area's figures over time (solid) beside "
                         "Lancashire's (dashed)."),
        download_links("districts", title="Download these figures", indicator_id=ind.id,
                       period=view.period_label, view=view.view),
    ]


@cached(timeout=600)
def cached_content(indicator_id: str, period: str | None, view_name: str) -> Any:
    """:func:`content` as plain dicts, kept until the data changes (the charts are the page's
    slowest part to build, and every reader of a view sees the same ones)."""
    return plain(content(data.view(indicator_id, period, view_name)))


def _view_content(indicator: str | None, period: str | None, view_name: str
                  ) -> tuple[Any, DistrictView | None]:
    chosen = choose_indicator(data.indicators(), indicator)
    if chosen is None:
        return [empty_state("No district figures yet", "Load figures for Lancashire's "
                            "districts (the demo data has them) to compare districts.")], None
    try:
        shown = data.view(chosen.id, period, view_name)
    except ScorecardError as error:
        return [error_state("These figures cannot be shown", str(error))], None
    return cached_content(chosen.id, period, view_name), shown


def scorecard_section(district: str | None, period: str | None = None) -> list[Any]:
    """The chosen district's figures against the county, as at the reporting quarter the URL
    names (the latest when it names none, or names a period that is not a quarter)."""
    names = dict(zip(data.districts()["code"], data.districts()["name"], strict=True))
    if not district or district not in names:
        return [html.P("Choose a district above (or click one on the map or chart) to see "
                       "its scorecard against Lancashire.", className="districts-note")]
    try:
        state = _data.resolve_state(district, period if quarter_param(period) else None)
        card = _data.scorecard(district, state.quarter.label)
    except ScorecardError as error:
        return [error_state("This district's scorecard cannot be shown", str(error))]
    if card.table.empty:
        return [empty_state(f"No figures for {names[district]}",
                            "The store holds no figures for this district yet.")]
    period = period_param(state.quarter)
    notice = illustrative_notice() if card.table["illustrative"].eq(True).any() else ""
    return [notice, scorecard_table(card.table, district, names[district], card.quarter.label,
                                    period, "districts-scorecard-table"),
            html.P(dcc.Link(f"Open the full scorecard for {names[district]}",
                            href=page_href("/", area=district, period=period))),
            download_links("scorecard", title=f"Download {names[district]}'s scorecard",
                           area=district, period=card.quarter)]


def _form(view: DistrictView | None, view_name: str, district: str | None) -> html.Form:
    indicators = [{"label": i.title, "value": i.id} for i in data.indicators()]
    periods = [{"label": label, "value": label} for _key, label in (view.periods if view
                                                                     else [])]
    visible = data.visible_districts()
    districts = [{"label": "None", "value": ""}] + [
        {"label": n, "value": c} for c, n in zip(visible["code"], visible["name"], strict=True)]
    views = [{"label": label, "value": key} for key, (label, _g, _n) in VIEWS.items()]
    return picker_form(FORM, "/districts", [
        select_field(INDICATOR, "indicator", "Indicator", indicators,
                     view.indicator.id if view else None),
        select_field(PERIOD, "period", "Period", periods, view.period_label if view else None),
        select_field(VIEW, "view", "Show", views, view_name),
        select_field(DISTRICT, "district", "District scorecard", districts, district or ""),
    ])


def layout(indicator: str | None = None, period: str | None = None, view: str | None = None,
           district: str | None = None, area: str | None = None, **_query: str
           ) -> html.Section:
    """The page for ``?indicator=&period=&view=&district=``; ``area`` (as the menu links and
    the other pages name it) opens that district's scorecard when no district is given."""
    district = district or area
    if not _data.store_has_figures():
        return html.Section(empty_state("No scorecard data yet", "Load the demo data or "
                                        "upload figures first."), className="districts-page")
    view_name = view if view in VIEWS else DEFAULT_VIEW
    children, shown = _view_content(indicator, period, view_name)
    district = district if district in set(data.visible_districts()["code"]) else None
    return html.Section([
        dcc.Location(id=URL, refresh="callback-nav"),
        dcc.Store(id=STATE, data={"indicator": shown.indicator.id if shown else None,
                                  "period": shown.period_label if shown else None,
                                  "view": view_name}),
        html.H1("Districts"),
        html.P("How Lancashire's districts compare with each other and with the county: "
               "child protection, children looked after and every other indicator held for "
               "districts.", className="lead"),
        _form(shown, view_name, district),
        html.Div(children, id=CONTENT),
        html.Section([html.H2("District scorecard", id="districts-scorecard-heading"),
                      html.Div(scorecard_section(district, period), id=SCORECARD)],
                     className="districts-scorecard",
                     **attrs({"aria-labelledby": "districts-scorecard-heading"})),
    ], className="districts-page")


@callback(Output(URL, "search"), Input(MAP, "clickData"), Input(BARS, "clickData"),
          State(STATE, "data"), prevent_initial_call=True)
def open_district(map_click: dict[str, Any] | None, bar_click: dict[str, Any] | None,
                  state: Mapping[str, str | None] | None) -> str:
    """Clicking a district on the map or chart opens its scorecard (if the user may see it)."""
    click = map_click if ctx.triggered_id == MAP else bar_click
    points = (click or {}).get("points") or [{}]
    code = points[0].get("location") or points[0].get("customdata")
    if not code or code not in set(data.visible_districts()["code"]):
        raise PreventUpdate
    state = state or {}
    return _url(state.get("indicator"), state.get("period"), state.get("view"), str(code))
