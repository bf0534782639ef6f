"""Pieces of the indicator page: the headline, the method, and the three charts with tables.

Pure: an :class:`~services.indicator_view.IndicatorView` in, Dash components out.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import html

from domain.url_state import page_href
from indicators.display import (
    CI_METHOD_WORDS,
    POLARITY_WORDS,
    RAG_RULE_WORDS,
    SPC_ICON_WORDS,
    SPC_POINT_WORDS,
    format_value,
    interval_text,
    is_missing,
)
from indicators.narrative import change_sentence, comparator_sentence
from layouts._components import attrs, chart_with_table, rag_cell, symbol_text
from layouts._figures import (
    DAGGER,
    PERIOD_TYPE_WORDS,
    district_figure,
    series_figure,
    spc_figure,
)
from layouts._scorecard_table import is_stale
from services.indicator_view import IndicatorView

PREFIX = "indicator"


def _fmt(view: IndicatorView, value: Any) -> str:
    ind = view.indicator
    return format_value(value, ind.decimals, ind.value_type.value)


def _interval(view: IndicatorView, row: Any) -> str:
    ind = view.indicator
    return interval_text(row.get("lower_ci"), row.get("upper_ci"), ind.decimals,
                         ind.value_type.value)


def _unit(view: IndicatorView) -> str:
    ind = view.indicator
    return ind.unit_label or {"count": "Number", "percentage": "Percentage"}.get(
        ind.value_type.value, "Value")


def headline(view: IndicatorView, period: str) -> html.Section:
    """The latest figure, its rating with the reason, and what it means in words. A figure out
    of date for the reporting quarter is marked as the scorecard marks it (grey italics,
    "latest available: 2014/15") and not rated."""
    latest = view.latest
    if latest is None:
        return html.Section(html.P(f"No figure for {view.area_name} up to "
                                   f"{view.quarter.label}."), className="indicator-section")
    row = {**latest, "definition": view.indicator.definition,
           "short_title": view.indicator.short_title}
    value = _fmt(view, latest.get("value"))
    if latest.get("illustrative") is True:
        value += DAGGER
    stale = is_stale(latest)
    unit = view.indicator.unit_label
    when: list[Any] = [f"{unit}, " if unit else "", html.Span(
        str(latest.get("currency_label") or ""), className="latest-available")] if stale else [
        f"{unit} in {latest['period_label']}" if unit else f"in {latest['period_label']}"]
    sentences = [s for s in (change_sentence(row), comparator_sentence(row)) if s]
    return html.Section([
        html.P([html.Span(value, className="headline-figure", id=f"{PREFIX}-value"), " ",
                html.Span(when, id=f"{PREFIX}-period")],
               className="out-of-date-figure" if stale else None),
        html.P(["Rating: ", rag_cell(str(latest.get("rag") or "grey"),
                                     str(latest.get("rag_reason") or ""), f"{PREFIX}-rag-tip")]),
        html.P(str(latest.get("rag_reason") or ""), className="rag-reason"),
        *[html.P(s) for s in sentences],
        html.P(str(latest["value_note"]), className="notice notice-illustrative"
               if latest.get("illustrative") is True else "notice")
        if not is_missing(latest.get("value_note")) else "",
    ], className="indicator-section", id=f"{PREFIX}-headline")


def method(view: IndicatorView) -> html.Section:
    """Definition and method, from the catalogue."""
    ind = view.indicator
    comparators = ", ".join(c.value for c in ind.comparators) or "none (not comparable)"
    facts = [
        ("Definition", ind.definition),
        ("Polarity", POLARITY_WORDS.get(ind.polarity.value, ind.polarity.value)),
        ("Measure", f"{ind.value_type.value.capitalize()}"
                    + (f", {ind.unit_label}" if ind.unit_label else "")),
        ("Periods", PERIOD_TYPE_WORDS.get(ind.period_type.value, ind.period_type.value)),
        ("Interval", CI_METHOD_WORDS.get(ind.ci_method.value, ind.ci_method.value)),
        ("Compared with", comparators),
        ("Rating rule", RAG_RULE_WORDS.get(ind.rag_rule.value, ind.rag_rule.value)),
        ("Source", ind.source),
    ]
    items: list[Any] = []
    for term, text in facts:
        items += [html.Dt(term), html.Dd(text)]
    return html.Section([html.H2("Definition and method", id=f"{PREFIX}-method-title"),
                         html.Dl(items, className="facts")],
                        className="indicator-section", id=f"{PREFIX}-method",
                        **attrs({"aria-labelledby": f"{PREFIX}-method-title"}))


def series_chart(view: IndicatorView) -> html.Figure:
    """The indicator's time series against its comparators, with its table."""
    ind = view.indicator
    local = view.series.assign(series=view.area_name)
    comps = view.comparators.assign(series=view.comparators["name"])
    rows = pd.concat([local, comps], ignore_index=True) if not comps.empty else local
    table = pd.DataFrame({
        "series": rows["series"], "period": rows["period_label"],
        "value": [_fmt(view, v) + (DAGGER if i is True else "")
                  for v, i in zip(rows["value"], rows.get("illustrative", [None] * len(rows)),
                                  strict=True)],
        "interval": [_interval(view, r) for r in rows.to_dict("records")],
    })
    local_words = PERIOD_TYPE_WORDS.get(str(view.series["period_type"].iloc[-1]), "") \
        if not view.series.empty else ""
    summary = (f"{view.area_name}'s {local_words} figures with 95% intervals; comparators are "
               "plotted at the end of their own periods, which may differ from the local ones.")
    figure = series_figure(view.series, view.comparators, view.area_name, _unit(view),
                           ind.decimals, ind.value_type.value)
    return chart_with_table(figure, table, [("series", "Series"), ("period", "Period"),
                                            ("value", "Value"), ("interval", "95% interval")],
                            "Over time, with comparators", f"{PREFIX}-series", summary)


def spc_chart_section(view: IndicatorView) -> Any:
    """The statistical process control chart, or why there is none."""
    ind = view.indicator
    if view.spc.empty:
        return html.Section([html.H3("Statistical process control"),
                             html.P("Too few figures for an SPC chart (at least three are "
                                    "needed).")], className="indicator-section")
    symbol, words, tone = SPC_ICON_WORDS.get(view.spc_icon or "", ("", "", "neutral"))
    spc = view.spc
    table = pd.DataFrame({
        "period": spc["period_label"], "value": spc["y"].map(lambda v: _fmt(view, v)),
        "mean": spc["mean"].map(lambda v: _fmt(view, v)),
        "limits": [f"{_fmt(view, lo)} to {_fmt(view, hi)}"
                   for lo, hi in zip(spc["lpl"], spc["upl"], strict=True)],
        "variation": [f"{SPC_POINT_WORDS.get(p, p)}"
                      + ("" if rule == "Common Cause" else f" ({rule})")
                      for p, rule in zip(spc["point_type"], spc["special_cause_type"],
                                         strict=True)],
    })
    trial = " Limits are provisional: fewer than 13 points." if bool(spc["trial_limits"].any()) \
        else ""
    summary = f"Latest point: {words.lower()}.{trial}"
    figure = spc_figure(spc, _unit(view), ind.decimals, ind.value_type.value)
    return html.Div([
        html.P([html.Strong("SPC variation, latest point: "),
                symbol_text(symbol, words, tone, "spc-icon")],
               id=f"{PREFIX}-spc-icon", className="notice"),
        chart_with_table(figure, table, [("period", "Period"), ("value", "Value"),
                                         ("mean", "Mean"), ("limits", "Process limits"),
                                         ("variation", "Variation")],
                         "Statistical process control (XmR)", f"{PREFIX}-spc", summary),
    ])


def district_section(view: IndicatorView, period: str) -> Any:
    """The indicator's district figures, linked to each district's page."""
    ind = view.indicator
    districts = view.districts
    if districts.empty:
        return html.Section([html.H3("Districts"),
                             html.P("No district figures are held for this indicator.")],
                            className="indicator-section", id=f"{PREFIX}-districts")
    links = [html.A(f"{name}{DAGGER if illus is True else ''}",
                      href=page_href("/indicator", id=ind.id, area=code, period=period))
             for code, name, illus in zip(districts["area_code"], districts["area_name"],
                                          districts["illustrative"], strict=True)]
    table = pd.DataFrame({
        "district": links, "period": districts["period_label"],
        "value": districts["value"].map(lambda v: _fmt(view, v)),
        "interval": [_interval(view, r) for r in districts.to_dict("records")],
        "county": districts["county_significance"].fillna("").replace("Not compared", ""),
    })
    county = districts["county_value"].dropna()
    reference = float(county.iloc[0]) if not county.empty else None
    figure = district_figure(districts, reference, view.council_name, view.area_code,
                             _unit(view), ind.decimals, ind.value_type.value)
    summary = ("Each district's latest figure with its 95% interval; the dashed line is "
               f"{view.council_name}. Select a district in the table to see its figures.")
    return chart_with_table(figure, table, [("district", "District"), ("period", "Period"),
                                            ("value", "Value"), ("interval", "95% interval"),
                                            ("county", f"Compared with {view.council_name}")],
                            "Districts", f"{PREFIX}-districts", summary, table_open=True)
