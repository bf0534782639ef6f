"""Compare: every district-level indicator for every district, each compared with its council.

URL: ``/compare?view=footprints&outcome=feel_safe&period=Q3-2016-17&area=CODE`` (all
optional: districts, every outcome, each indicator's latest period, the first partnership or
the one ``area`` belongs to; a quarter shows each indicator at its latest period ending by the
quarter's end).
The "tartan rug" (a grid coloured by the comparison, each cell also written as value and
symbol) with its table alternative, whose row headers open the indicator on the Districts page.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import html

from domain.errors import ScorecardError
from domain.url_state import area_param, period_param, quarter_param
from domain.vocabulary import OUTCOME_LABELS
from layouts import _data
from layouts import _districts_data as data
from layouts._compare_figures import rug_figure, rug_table_frame
from layouts._compare_list import rug_list
from layouts._components import (
    attrs,
    chart_with_table,
    empty_state,
    error_state,
    illustrative_notice,
    nav_heading,
    period_options,
    picker_form,
    plain,
    select_field,
    symbol_mark,
)
from layouts._districts_components import county_words
from server.caching import cached
from services.district_view import DEFAULT_VIEW

dash.register_page(__name__, path="/compare", name="Compare", order=25,
                   title="Compare districts - CYPP performance scorecard")

FORM = "compare-form"
VIEW = "compare-view"
OUTCOME = "compare-outcome"
PERIOD = "compare-period"
LATEST = ""
CONTENT = "compare-content"
RUG = "compare-rug"
HEADING = "compare-heading"
ALL_OUTCOMES = "all"


def key(council: str = "the council") -> html.Section:
    """What the colours and symbols mean, and how the comparison is made."""
    items = [html.Li(words, className=f"tone tone-{tone}", **symbol_mark(symbol))
             for symbol, words, tone in county_words(council).values()]
    return html.Section([
        html.H2("How to read the grid", id="compare-key-title"),
        html.Ul(items, className="key-list"),
        html.P("An area is better or worse (higher or lower, where higher is neither good nor "
               f"bad) than {council} when its 95% confidence interval lies wholly above or "
               "below the council's figure; otherwise it is similar. Groups of districts are "
               "computed from the districts' summed counts. Figures marked \u2020 are "
               "illustrative.", className="key-note"),
    ], className="dashboard-key compare-key", **attrs({"aria-labelledby": "compare-key-title"}))


@cached(timeout=600)
def cached_content(view_name: str, outcome: str | None, period: str | None = None,
                   code: str | None = None) -> Any:
    """:func:`content` as plain dicts, kept until the data changes."""
    return plain(content(view_name, outcome, period, code))


def content(view_name: str, outcome: str | None, period: str | None = None,
            code: str | None = None) -> list[Any]:
    """The rating grid and its table for a grouping, outcome and partnership, as at
    ``period`` (a reporting quarter as links write it, or None for each indicator's latest)."""
    try:
        rug = data.rug(view_name, outcome, period, code)
    except ScorecardError as error:
        return [error_state("The comparison cannot be shown", str(error))]
    council = rug.council.name if rug.council else "the council"
    if rug.empty:
        return [empty_state("No district figures to compare",
                            f"Load figures for {council}'s districts, or choose every "
                            "outcome.")]
    frame, columns = rug_table_frame(rug)
    label = data.view_choices(code)[view_name][0]
    return [
        nav_heading(f"{label}: {OUTCOME_LABELS.get(outcome or '', 'every outcome')}"
                    + (f", as at {quarter_param(period)}" if quarter_param(period) else ""),
                    HEADING),
        illustrative_notice() if rug.illustrative else "",
        chart_with_table(rug_figure(rug), frame, columns, f"{label} compared with {council}",
                         RUG, "Each indicator at its latest period; each cell shows the value "
                         f"and how it compares with {council}."),
        rug_list(rug, council),
    ]


def _outcome(value: str | None) -> str | None:
    return value if value in OUTCOME_LABELS else None


def _period(value: str | None) -> str | None:
    """The quarter named, as links write it (``Q3 2016/17`` -> ``Q3-2016-17``), else None."""
    quarter = quarter_param(value)
    return period_param(quarter) if quarter else None


def layout(view: str | None = None, outcome: str | None = None, period: str | None = None,
           area: str | None = None, **_query: str) -> html.Section:
    """The page for ``?view=&outcome=&period=&area=``."""
    if not _data.store_has_figures():
        return html.Section(empty_state("No scorecard data yet", "Load the demo data or "
                                        "upload figures first."), className="compare-page")
    code = data.council_code(data.home_area(area))
    council = data.council(code)
    name = council.name if council else "the council"
    choices = data.view_choices(code)
    view_name = view if view in choices else DEFAULT_VIEW
    outcomes = [{"label": "Every outcome", "value": ALL_OUTCOMES}] + [
        {"label": label, "value": key} for key, label in OUTCOME_LABELS.items()]
    views = [{"label": label, "value": k} for k, (label, _g, _n) in choices.items()]
    periods = [{"label": "Latest for each indicator", "value": LATEST},
               *period_options(_data.quarters())]
    return html.Section([
        html.H1("Compare districts"),
        html.P(f"Every indicator held for {name}'s districts, district by district, against "
               f"{name}.", className="lead"),
        picker_form(FORM, "/compare", [
            select_field(VIEW, "view", "Show", views, view_name),
            select_field(OUTCOME, "outcome", "Outcome", outcomes,
                         _outcome(outcome) or ALL_OUTCOMES),
            select_field(PERIOD, "period", "As at quarter", periods, _period(period) or LATEST),
        ], hidden={"area": code} if code and area_param(area) else None,
            toggle_label="Change outcome or quarter"),
        key(name),
        html.Div(cached_content(view_name, _outcome(outcome), _period(period), code),
                 id=CONTENT),
    ], className="compare-page")
