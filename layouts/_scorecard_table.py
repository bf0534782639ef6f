"""The scorecard table as Board members know it from the seed scorecards (seed 002).

Grouped by outcome theme, with the seed's columns; every coloured cell carries a symbol and
words, and the rating explains itself with its stored reason. Clicking a row (or its link)
opens the indicator page. Pure: a scorecard table frame in, Dash components out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from dash import html

from domain.url_state import page_href
from indicators.currency import OUT_OF_DATE
from indicators.definition_rows import themes_in_order
from indicators.display import (
    comparator_text,
    direction_parts,
    format_change,
    format_value,
    is_missing,
    significance_parts,
    travel_text,
    trend_test_text,
)
from layouts._components import attrs, rag_cell, records, symbol_text, tip, updated_mark
from layouts._exports import restatement_markers
from layouts._markup import Markup, markup

ID_PREFIX = "scorecard"
ILLUSTRATIVE_MARK = "\u2020"
BASE_COLUMNS = ("Priority themes and indicators", "Updated?", "Current period", "Current",
                "Previous period", "Previous", "Change", "Trend", "National", "Regional",
                "Neighbours")
END_COLUMNS = ("Significance", "Rating")
#: The body cells the stylesheet addresses by their ``data-label``: a phone's card (the
#: indicator's name, its value, change and rating) and the laptop's sticky rating.
LABELLED = frozenset({"Current", "Change", "Rating"})


def _value(row: Mapping[str, Any], column: str) -> str:
    return format_value(row.get(column), row.get("decimals"), str(row.get("value_type")))


def _current(row: Mapping[str, Any]) -> Any:
    text = _value(row, "value")
    if row.get("illustrative") is True:
        note = str(row.get("value_note") or "Illustrative: modelled, not published")
        return tip([text, " ", html.Span(ILLUSTRATIVE_MARK, className="illustrative-mark")],
                   note, f"{ID_PREFIX}-note-{row['indicator_id']}", "illustrative")
    return text


def _change(row: Mapping[str, Any]) -> Any:
    shown: Any = row.get("change_display")
    if is_missing(shown) or is_missing(row.get("previous_period")):
        return ""
    try:
        shown = float(shown)
    except (TypeError, ValueError):
        return str(shown)  # the seed's words, e.g. "not comparable"
    text = format_change(shown, row.get("decimals"), str(row.get("value_type")))
    symbol, words, tone = direction_parts(row.get("direction"), shown)
    return [text, symbol_text(symbol, words, tone, "direction")]


def _comparator(row: Mapping[str, Any], kind: str) -> Any:
    shown, period = comparator_text(row.get(f"{kind}_display"), row.get(f"{kind}_period"),
                                    row.get("period_label"), row.get("decimals"),
                                    str(row.get("value_type")))
    if not period:
        return shown
    return [shown, html.Span(f"({period})", className="comparator-period")]


def _significance(row: Mapping[str, Any]) -> Any:
    symbol, words, tone = significance_parts(row.get("national_significance"))
    return symbol_text(symbol, words, tone, "significance") if symbol or words else ""


def _trend(row: Mapping[str, Any]) -> Any:
    """Direction of travel ("▼ decreased — better") and, beneath, the recent-trend test."""
    change = row.get("change_display")
    travel, tone = travel_text(row.get("direction"),
                               change if isinstance(change, str) else row.get("change"))
    test = trend_test_text(row.get("trend"))
    parts: list[Any] = [html.Span(travel, className=f"tone-{tone} trend-direction")] \
        if travel else []
    if test:
        parts.append(html.Span(test, className="trend-test"))
    return parts


def is_stale(row: Mapping[str, Any]) -> bool:
    """True when the row's figure is out of date for the reporting quarter."""
    return str(row.get("currency") or "") == OUT_OF_DATE


def _period(row: Mapping[str, Any]) -> Any:
    if is_stale(row):
        return html.Span(str(row.get("currency_label") or ""), className="latest-available")
    return str(row.get("period_label") or "")


def _restated(cell: Any, restated: pd.DataFrame | None, indicator_id: str,
              column: str) -> Any:
    """The cell's text, with a "restated since the <date> Board" marker for each snapshot
    that showed a different figure (seed 002's boards read the earlier one)."""
    markers = restatement_markers(restated, indicator_id, column) if restated is not None \
        else []
    if not markers:
        return cell
    return [cell, *[item for marker in markers for item in (html.Br(), marker)]]


def row_cells(row: Mapping[str, Any], with_county: bool, area_code: str,
              period: str, restated: pd.DataFrame | None = None) -> list[Any]:
    """The cells of one scorecard row, each explaining itself."""
    indicator_id = str(row["indicator_id"])
    href = page_href("/indicator", id=str(row["indicator_id"]), area=area_code, period=period)
    title = html.A(str(row["title"]), href=href, className="row-link")
    cells: list[Any] = [
        html.Th(title, scope="row", className="indicator-name"),
        html.Td(updated_mark(bool(row.get("updated")))),
        html.Td(_period(row)),
        html.Td(_restated(_current(row), restated, indicator_id, "current"),
                className="number"),
        html.Td("" if is_missing(row.get("previous_period")) else str(row["previous_period"])),
        html.Td(_restated(_value(row, "previous_value"), restated, indicator_id, "previous")
                if not is_missing(row.get("previous_period")) else "", className="number"),
        html.Td(_change(row), className="number"),
        html.Td(_trend(row)),
        html.Td(_comparator(row, "national"), className="number"),
        html.Td(_comparator(row, "regional"), className="number"),
        html.Td(_comparator(row, "neighbour"), className="number"),
    ]
    if with_county:
        cells.append(html.Td(_comparator(row, "county"), className="number"))
    cells.append(html.Td(_significance(row)))
    cells.append(html.Td(rag_cell(str(row.get("rag") or "grey"), str(row.get("rag_reason") or ""),
                                  f"{ID_PREFIX}-rag-{row['indicator_id']}")))
    return cells


def column_class(header: str) -> str:
    """The CSS class of a column, from its header: "Current period" -> ``col-current-period``.

    The stylesheet keys on these classes, never on column positions: it keeps the indicator
    and its rating in view at 1366 px, and shows a phone the name, value, change and rating
    as a card.
    """
    return "col-" + re.sub(r"[^a-z0-9]+", "-", header.lower()).strip("-")


def labelled_cells(cells: list[Any], headers: Sequence[str]) -> list[Any]:
    """``cells`` with a ``data-label`` naming the column where the stylesheet needs one
    (:data:`LABELLED`): a phone's card shows the label above the value, as the table's header
    would, and the laptop keeps the rating in view (header cells carry :func:`column_class`).
    Other cells go unlabelled: a label per cell would weigh more than the figures."""
    for cell, header in zip(cells, headers, strict=False):
        if header in LABELLED:
            setattr(cell, "data-label", header)
    return cells


def scorecard_table(table: pd.DataFrame, area_code: str, area_type: str, area_name: str,
                    quarter_label: str, period: str,
                    restated: pd.DataFrame | None = None) -> Markup:
    """The full table; ``period`` is the URL form of the quarter for row links; ``restated``
    (from :func:`services.restatements.restatements`) marks figures revised since a Board.

    Sent as one :class:`~layouts._markup.Markup` (the table holds no callback ids): the same
    elements at a third of the bytes of a component per cell."""
    with_county = area_type not in ("county", "region", "england")
    headers = [*BASE_COLUMNS, *(("County",) if with_county else ()), *END_COLUMNS]
    bodies = []
    for outcome, label in themes_in_order(table):
        rows = table[table["outcome"] == outcome]
        if rows.empty:
            continue
        group_id = f"{ID_PREFIX}-group-{outcome}"
        heading = html.Tr(html.Th(label, colSpan=len(headers),
                                  scope="rowgroup", id=group_id), className="outcome-row")
        body_rows = [html.Tr(labelled_cells(row_cells(r, with_county, area_code, period,
                                                      restated), headers),
                             className="scorecard-row out-of-date" if is_stale(r)
                             else "scorecard-row")
                     for r in records(rows)]
        bodies.append(html.Tbody([heading, *body_rows], className="outcome-group"))
    caption = (f"Performance dashboard {quarter_label}: {area_name}. Select an indicator to see "
               "its history, comparators and districts.")
    return markup(html.Div(html.Table([
        html.Caption(caption),
        html.Thead(html.Tr([html.Th(h, scope="col", className=column_class(h))
                            for h in headers])),
        *bodies,
    ], id=f"{ID_PREFIX}-table", className="scorecard-table"),
        className="table-scroll", tabIndex="0", role="region",
        **attrs({"aria-label": f"Scorecard table for {area_name}, {quarter_label}"})))
