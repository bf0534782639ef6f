"""The scorecard headline: RAG counts by theme with movement, and the exceptions list."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import html

from domain.url_state import page_href
from indicators.display import RAG_ORDER, format_value, rag_parts
from indicators.headline import (
    exceptions,
    movement_words,
    out_of_date_count,
    out_of_date_words,
    rag_counts,
)
from layouts._components import attrs, records, symbol_mark
from services.scorecard import ScorecardView


def _whole(value: Any) -> int:
    """A count read from a frame cell (numpy integers and whole floats alike)."""
    return int(value)


def _count_cell(count: int, movement: int, rag: str) -> html.Td:
    return html.Td([html.Span(str(count), className="count"), " ",
                    html.Span(f"({movement_words(movement)})", className="movement")],
                   className=f"count-cell count-{rag}")


def counts_table(current: pd.DataFrame, previous: pd.DataFrame | None,
                 previous_label: str) -> html.Table:
    """Red, amber and green counts per outcome theme, with movement since last quarter."""
    counts = rag_counts(current, previous)
    headers = [html.Th("Outcome theme", scope="col")]
    for rag in RAG_ORDER:
        symbol, word = rag_parts(rag)
        headers.append(html.Th(html.Span(word, className=f"rag rag-{rag}", **symbol_mark(symbol)),
                               scope="col"))
    rows = []
    for (_outcome, label), group in counts.groupby(["outcome", "outcome_label"], sort=False):
        by_rag = group.set_index("rag")
        rows.append(html.Tr([html.Th(str(label), scope="row"), *[
            _count_cell(_whole(by_rag.at[r, "count"]), _whole(by_rag.at[r, "movement"]), r)
            for r in RAG_ORDER]]))
    caption = f"Indicators by rating and outcome theme (change since {previous_label})"
    return html.Table([html.Caption(caption), html.Thead(html.Tr(headers)), html.Tbody(rows)],
                      id="scorecard-counts", className="data-table counts-table")


def _exception_item(row: dict[str, Any], area_code: str, period: str) -> html.Li:
    value = format_value(row.get("value"), row.get("decimals"), str(row.get("value_type")))
    previous = format_value(row.get("previous_value"), row.get("decimals"),
                            str(row.get("value_type")))
    national = format_value(row.get("national_value"), row.get("decimals"),
                            str(row.get("value_type")))
    href = page_href("/indicator", id=str(row["indicator_id"]), area=area_code, period=period)
    return html.Li([
        html.A(str(row.get("short_title") or row["title"]), href=href),
        f": {value} in {row.get('period_label')}, worse than {row.get('previous_period')} "
        f"({previous}) and significantly worse than England ({national}).",
    ])


def _stale_words(table: pd.DataFrame) -> str:
    """"5 figures out of date", not counted under any rating."""
    words = out_of_date_words(out_of_date_count(table))
    return f"{words[:1].upper()}{words[1:]}: shown as the latest available, not rated."


def headline(view: ScorecardView, previous: pd.DataFrame, period: str) -> html.Section:
    """Counts and exceptions for the scorecard in ``view`` against the previous quarter's."""
    found = exceptions(view.table)
    items = [_exception_item(r, view.area_code, period) for r in records(found)]
    listing: Any = (html.Ul(items, id="scorecard-exceptions") if items else html.P(
        "No indicator is both significantly worse than England and worsening.",
        id="scorecard-exceptions"))
    return html.Section([
        html.H2("Headline", id="scorecard-headline-title", className="visually-hidden"),
        html.Div([counts_table(view.table, previous, view.quarter.previous().label),
                  html.P(_stale_words(view.table), id="scorecard-out-of-date",
                         className="out-of-date-count")],
                 className="headline-counts"),
        html.Div([html.H3("Exceptions: worse than England and worsening"), listing],
                 className="headline-exceptions"),
    ], className="headline", **attrs({"aria-labelledby": "scorecard-headline-title"}))
