"""Districts: a partnership's districts (or its groupings of them) for one indicator.

URL: ``/districts?indicator=cla_rate&period=Q3+2016/17&view=footprints&district=CODE&area=CODE``
(all optional: the first district-level indicator, its latest period, districts, no district,
the partnership ``area`` belongs to, else a district viewer's own, else the first stored).
A map (where boundaries are shipped), ranked bars with 95% intervals and the council's line, a
funnel plot, each area's trend, and one district's scorecard against its council. Every chart
has its table alternative.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import dcc, html

from domain.boundaries import (
    BOUNDARIES_URL_PATH,
    CODE_PROPERTY,
    district_boundaries,
    district_centroids,
)
from domain.errors import ScorecardError
from domain.url_state import page_href, period_param, quarter_param
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
from layouts._district_clicks import BARS, CLICK_NOTE, MAP, STATE, URL, click_stores
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
from services.district_view import DEFAULT_VIEW, DistrictView, choose_indicator, views

dash.register_page(__name__, path="/districts", name="Districts", order=20,
                   title="Districts - CYPP performance scorecard")

FORM = "districts-form"
INDICATOR = "districts-indicator"
PERIOD = "districts-period"
VIEW = "districts-view"
DISTRICT = "districts-district"
CONTENT = "districts-content"
SCORECARD = "districts-scorecard"
HEADING = "districts-heading"
FUNNEL = "districts-funnel"
TRENDS = "districts-trends"


def _summary(view: DistrictView) -> html.Div:
    ind = view.indicator
    county = view.county
    name = view.council_name
    county_text = (f"{name}: {value_text(county.value, ind, county.illustrative)}"
                   f" ({county.period_label})." if county else f"No {name} figure.")
    return html.Div([
        nav_heading(f"{ind.title}: {view.period_label}", HEADING),
        html.P([f"{views(view.council)[view.view][0]}. {county_text} ",
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
        f"shown (all their counts taken together, which can differ from {view.council_name}'s "
        "own figure); areas outside the limits differ by more than chance would explain."
        f"{left_out}")


def content(view: DistrictView) -> list[Any]:
    """Everything below the pickers for one indicator, period and view."""
    if view.empty:
        return [empty_state("No district figures for this choice",
                            "Choose another indicator or period.")]
    ind = view.indicator
    table = area_table_frame(view)
    name = view.council_name
    columns = area_columns(ind, name)
    trend_frame, trend_columns = trend_table_frame(view)
    return [
        _summary(view),
        illustrative_notice() if view.illustrative else "",
        html.P(id=CLICK_NOTE, role="status", className="districts-click-note"),
        html.Div([
            _map_panel(view, table, columns),
            html.Div(chart_with_table(
                ranked_bars(view), table, columns, "Ranked", BARS,
                "Areas best first (highest first where there is no judgement), with 95% "
                f"intervals; the dashed line is {name}."), className="districts-panel"),
        ], className="districts-grid"),
        _funnel(view),
        chart_with_table(trend_multiples(view), trend_frame, trend_columns,
                         "Trends", TRENDS, "Each area's figures over time (solid) beside "
                         f"{name}'s (dashed)."),
        download_links("districts", title="Download these figures", indicator_id=ind.id,
                       period=view.period_label, view=view.view,
                       area=view.council.council if view.council else None),
    ]


def _map_panel(view: DistrictView, table: Any, columns: Any) -> html.Div:
    """The map, or a sentence saying why there is none: boundaries ship only for some councils'
    districts, and a locality or ward list carries none."""
    boundaries = district_boundaries()
    mapped = {f["properties"][CODE_PROPERTY] for f in boundaries["features"]}
    members = [code for codes in (views(view.council)[view.view][1] or {}).values()
               for code in codes] or list(view.areas["area_code"])
    if not members or not set(members) <= mapped:
        return html.Div(html.Section([html.H3("Map"), html.P(
            f"No map: the product ships no boundaries for {view.council_name}'s "
            f"{views(view.council)[DEFAULT_VIEW][0].lower()}. The ranked chart and its table "
            "below show the same figures.")], className="districts-note"),
            className="districts-panel")
    return html.Div([chart_with_table(
        district_map(view, dash.get_relative_path(BOUNDARIES_URL_PATH), district_centroids()),
        table, columns, "Map", MAP, f"Each area shaded by how it compares with "
        f"{view.council_name} (95% confidence interval against the council's value), marked "
        "with its number in the key and its value."),
        map_key(view, f"{MAP}-key"), attribution()], className="districts-panel")


@cached(timeout=600)
def cached_content(indicator_id: str, period: str | None, view_name: str,
                   code: str | None = None) -> Any:
    """:func:`content` as plain dicts, kept until the data changes (the charts are the page's
    slowest part to build, and every reader of a view sees the same ones)."""
    return plain(content(data.view(indicator_id, period, view_name, code)))


def _no_districts(code: str | None) -> Any:
    """Why there is nothing to show: no sub-areas defined yet, or no figures for them."""
    council = data.council(code)
    if council is None:
        return empty_state("No partnership yet", "Make one with `scorecard partnership init "
                           "LA_CODE` or load a profile with `scorecard partnership load FILE`.")
    if data.districts(code).empty:
        return empty_state(
            f"No sub-areas are defined for {council.name} yet",
            f"{council.name}'s partnership has no districts, localities or wards. Add them "
            f"with `scorecard partnership subareas {council.council} FILE`, where FILE is a "
            "CSV of code, name and (optionally) population aged 0-17, one sub-area a row.")
    return empty_state("No district figures yet", f"Load figures for {council.name}'s "
                       f"{views(council)[DEFAULT_VIEW][0].lower()} to compare them.")


def _view_content(indicator: str | None, period: str | None, view_name: str,
                  code: str | None = None) -> tuple[Any, DistrictView | None]:
    chosen = choose_indicator(data.indicators(code), indicator)
    if chosen is None:
        return [_no_districts(code)], None
    try:
        shown = data.view(chosen.id, period, view_name, code)
    except ScorecardError as error:
        return [error_state("These figures cannot be shown", str(error))], None
    return cached_content(chosen.id, period, view_name, code), shown


def scorecard_section(district: str | None, period: str | None = None,
                      code: str | None = None) -> list[Any]:
    """The chosen district's figures against its council, as at the reporting quarter the URL
    names (the latest when it names none, or names a period that is not a quarter)."""
    council = data.council(code)
    name = council.name if council else "the council"
    names = dict(zip(data.districts(code)["code"], data.districts(code)["name"], strict=True))
    if not district or district not in names:
        return [html.P("Choose a district above (or click one on the map or chart) to see "
                       f"its scorecard against {name}.", className="districts-note")]
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
                                    period, "districts-scorecard-table", name),
            html.P(dcc.Link(f"Open the full scorecard for {names[district]}",
                            href=page_href("/", area=district, period=period))),
            download_links("scorecard", title=f"Download {names[district]}'s scorecard",
                           area=district, period=card.quarter)]


def _form(view: DistrictView | None, view_name: str, district: str | None,
          code: str | None = None) -> html.Form:
    indicators = [{"label": i.title, "value": i.id} for i in data.indicators(code)]
    periods = [{"label": label, "value": label} for _key, label in (view.periods if view
                                                                     else [])]
    visible = data.visible_districts(code)
    districts = [{"label": "None", "value": ""}] + [
        {"label": n, "value": c} for c, n in zip(visible["code"], visible["name"], strict=True)]
    shown = [{"label": label, "value": key}
             for key, (label, _g, _n) in data.view_choices(code).items()]
    return picker_form(FORM, "/districts", [
        select_field(INDICATOR, "indicator", "Indicator", indicators,
                     view.indicator.id if view else None),
        select_field(PERIOD, "period", "Period", periods, view.period_label if view else None),
        select_field(VIEW, "view", "Show", shown, view_name),
        select_field(DISTRICT, "district", "District scorecard", districts, district or ""),
    ], hidden={"area": code} if code else None, toggle_label="Change indicator or quarter")


def layout(indicator: str | None = None, period: str | None = None, view: str | None = None,
           district: str | None = None, area: str | None = None,
           **_query: str) -> html.Section:
    """The page for ``?indicator=&period=&view=&district=&area=``; an ``area`` that is one of
    the partnership's districts (as the menu links and the other pages name it) opens that
    district's scorecard when no district is given."""
    if not _data.store_has_figures():
        return html.Section(empty_state("No scorecard data yet", "Load the demo data or "
                                        "upload figures first."), className="districts-page")
    home = data.home_area(area)
    code = data.council_code(home)
    council = data.council(code)
    view_name = view if view in data.view_choices(code) else DEFAULT_VIEW
    children, shown = _view_content(indicator, period, view_name, code)
    visible = set(data.visible_districts(code)["code"])
    district = district if district in visible else (home if home in visible else None)
    name = council.name if council else "the council"
    return html.Section([
        dcc.Location(id=URL, refresh="callback-nav"),
        dcc.Store(id=STATE, data={"indicator": shown.indicator.id if shown else None,
                                  "period": shown.period_label if shown else None,
                                  "view": view_name, "area": code}),
        *click_stores(code),
        html.H1("Districts"),
        html.P(f"How {name}'s districts compare with each other and with {name}: "
               "child protection, children looked after and every other indicator held for "
               "districts.", className="lead"),
        _form(shown, view_name, district, code),
        html.Div(children, id=CONTENT),
        html.Section([html.H2("District scorecard", id="districts-scorecard-heading"),
                      html.Div(scorecard_section(district, period, code), id=SCORECARD)],
                     className="districts-scorecard",
                     **attrs({"aria-labelledby": "districts-scorecard-heading"})),
    ], className="districts-page")
