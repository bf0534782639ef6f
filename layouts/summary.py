"""Performance summary: per outcome theme, what improved, what declined, and why it matters.

URL: ``/summary?area=E10000016&period=Q3-2016-17``. The sentences are generated from the
stored results (``indicators.narrative``), never typed in, in the style of the seed's
performance summary.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import html

from domain.errors import ScorecardError
from domain.url_state import page_href, period_param
from indicators.narrative import OutcomeSummary
from layouts import _data
from layouts._components import (
    attrs,
    empty_state,
    error_state,
    illustrative_notice,
    nav_heading,
    plain,
)
from layouts._pickers import cached_area_period_form
from server.caching import cached

dash.register_page(__name__, path="/summary", name="Performance summary", order=1,
                   title="Performance summary - CYPP performance scorecard")

CONTENT = "summary-content"
HEADING = "summary-heading"


def _indicator_list(names: list[str], ids: dict[str, str], area: str, period: str,
                    list_id: str, none_text: str) -> Any:
    if not names:
        return html.P(none_text, id=list_id)
    return html.Ul([html.Li(html.A(name, href=page_href("/indicator", id=ids.get(name),
                                                          area=area, period=period)))
                    for name in names], id=list_id)


def outcome_section(item: OutcomeSummary, ids: dict[str, str], area: str,
                    period: str) -> html.Section:
    """One outcome theme: improving and declining lists, then the generated paragraphs."""
    prefix = f"summary-{item.outcome}"
    return html.Section([
        html.H2(item.label, id=f"{prefix}-title"),
        html.Div([
            html.Div([html.H3("Improving indicators"),
                      _indicator_list(item.improving, ids, area, period, f"{prefix}-improving",
                                      "No indicator improved.")]),
            html.Div([html.H3("Declining indicators"),
                      _indicator_list(item.declining, ids, area, period, f"{prefix}-declining",
                                      "No indicator declined.")]),
        ], className="summary-lists"),
        html.Div([html.P(text) for text in item.paragraphs], className="summary-narrative",
                 id=f"{prefix}-narrative"),
    ], className="summary-outcome", **attrs({"aria-labelledby": f"{prefix}-title"}))


@cached(timeout=600)
def cached_content(area: str | None, period: str | None) -> Any:
    """:func:`summary_content` as plain dicts, kept until the data changes."""
    return plain(summary_content(area, period))


def summary_content(area: str | None, period: str | None) -> list[Any]:
    """The generated performance summary for the area and quarter in the URL."""
    try:
        state = _data.resolve_state(area, period)
        view, summaries = _data.summary(state.area_code, state.quarter.label)
    except ScorecardError as error:
        return [error_state("This summary cannot be shown", str(error))]
    heading = nav_heading(f"{view.area_name}: {view.quarter.label}", HEADING)
    if not summaries:
        return [heading, empty_state("No figures for this area and quarter",
                                     f"The store holds no figures for {view.area_name} up to "
                                     f"{view.quarter.label}. Choose another area or quarter.")]
    table = view.table
    ids = dict(zip(table["short_title"].fillna(table["title"]), table["indicator_id"],
                   strict=True))
    notice = illustrative_notice() if table["illustrative"].eq(True).any() else ""
    return [heading, notice,
            html.P("Generated from the stored figures: each sentence states the latest figure, "
                   "its change since the previous period and how it compares.",
                   className="lead"),
            *[outcome_section(s, ids, view.area_code, period_param(state.quarter))
              for s in summaries]]


def layout(area: str | None = None, period: str | None = None, **_query: str) -> html.Section:
    """The page for ``?area=&period=``."""
    if not _data.store_has_figures():
        return html.Section([html.H1("Performance summary"), empty_state(
            "No figures yet", "Load data first; the summary is written from stored figures.")])
    return html.Section([
        html.H1("Performance summary"),
        cached_area_period_form("summary", "/summary", area, period, "Show summary"),
        html.Div(cached_content(area, period), id=CONTENT),
    ], className="summary-page")
