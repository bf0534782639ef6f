"""Cells of the scorecard as the screen writes them, shared by the workbook and the PDF pack.

Numbers, changes, symbols and words come from :mod:`indicators.display`, the module the pages
use, so an exported figure reads exactly as it does on screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from exports.content import BoardContent
from indicators.currency import OUT_OF_DATE
from indicators.display import (
    UPDATED_SYMBOL,
    format_change,
    format_value,
    is_missing,
    rag_parts,
    significance_parts,
    travel_text,
    trend_test_text,
)
from indicators.scorecard import export_table

QUARTER_WORDS = {"1": "One", "2": "Two", "3": "Three", "4": "Four"}
#: The seed's dashboard key (seed 002), symbol then words.
DASHBOARD_KEY = (
    (UPDATED_SYMBOL, "updated this quarter"),
    ("\u25b2 / \u25bc", "the figure rose / fell (words say whether that is better)"),
    ("\u25b6", "same as previous"),
    ("\u25cf", "significance against England (words say better, worse or similar)"),
    ("\u2716 / \u25c6 / \u2714 / \u2013", "RAG rating: red / amber / green / not rated"),
)
#: Columns of the on-screen scorecard table, in order (heading, key in :class:`ScorecardCells`).
SCORECARD_HEADINGS = (
    ("Priority themes and indicators", "title"), ("Updated?", "updated"),
    ("Current period", "current_period"), ("Current", "current"),
    ("Previous period", "previous_period"), ("Previous", "previous"), ("Change", "change"),
    ("Trend", "trend"), ("National", "national"), ("Regional", "regional"),
    ("Statistical neighbours", "neighbour"), ("County", "county"),
    ("Significance", "significance"), ("RAG", "rag"),
)
RAG_FILLS = {"red": "F4CCCC", "amber": "FCE5B0", "green": "D9EAD3", "grey": "EEEEEE"}
TONE_COLOURS = {"good": "1B6E20", "bad": "B00020", "neutral": "333333", "similar": "7A5C00",
                "none": "333333"}


def quarter_title(period_label: str) -> str:
    """``"Q3 2016/17"`` -> ``"Quarter Three 2016/17"`` (other labels unchanged)."""
    if len(period_label) > 2 and period_label[0] == "Q" and period_label[1] in QUARTER_WORDS:
        return f"Quarter {QUARTER_WORDS[period_label[1]]}{period_label[2:]}"
    return period_label


def produced_month(produced: str) -> str:
    """``"2017-02-14T10:00:00"`` -> ``"February 2017"``, as the seed's "Produced:" line."""
    return f"{dt.datetime.fromisoformat(produced):%B %Y}"


def long_date(text: str | None) -> str:
    """An ISO date or datetime written out in full ("14 March 2017"); blank for none."""
    if not text:
        return ""
    value = dt.datetime.fromisoformat(text)
    if len(text) <= 10:
        return f"{value:%d %B %Y}".lstrip("0")
    return f"{value:%d %B %Y %H:%M} UTC".lstrip("0")


@dataclass(frozen=True)
class ScorecardCells:
    """One scorecard row as display text, plus the tones that colour it."""

    indicator_id: str
    outcome_label: str
    title: str
    updated: str
    current_period: str
    current: str
    previous_period: str
    previous: str
    change: str
    trend: str
    trend_tone: str
    national: str
    regional: str
    neighbour: str
    county: str
    significance: str
    significance_tone: str
    rag: str
    rag_key: str
    rag_reason: str
    note: str
    trend_direction: str = ""
    trend_test: str = ""
    currency: str = ""
    row_class: str = ""

    def text(self, key: str) -> str:
        """One cell as text, by field name."""
        return str(getattr(self, key))


def _comparator(row: Mapping[str, Any], kind: str) -> str:
    shown = row.get(f"{kind}_display")
    if isinstance(shown, str):
        return shown
    text = format_value(shown, row.get("decimals"), row.get("value_type"))
    period = row.get(f"{kind}_period")
    if not is_missing(shown) and not is_missing(period) and period != row.get("period_label"):
        text = f"{text} ({period})"
    return text


def cells(row: Mapping[str, Any]) -> ScorecardCells:
    """The row's cells as the scorecard page writes them."""
    decimals, kind = row.get("decimals"), row.get("value_type")
    change = row.get("change_display")
    travel, tone = travel_text(row.get("direction"), change if isinstance(change, str)
                               else row.get("change"))
    test = trend_test_text(row.get("trend"))
    stale = str(row.get("currency") or "") == OUT_OF_DATE
    sig_symbol, sig_words, sig_tone = significance_parts(row.get("national_significance"))
    rag_symbol, rag_word = rag_parts(row.get("rag"))
    notes = [str(row["value_note"])] if not is_missing(row.get("value_note")) else []
    if row.get("illustrative"):
        notes.insert(0, "Illustrative figure")
    return ScorecardCells(
        indicator_id=str(row["indicator_id"]), outcome_label=str(row.get("outcome_label")),
        title=str(row.get("title")), updated=UPDATED_SYMBOL if row.get("updated") else "",
        current_period=str(row.get("currency_label") if stale else row.get("period_label")
                           or ""),
        current=format_value(row.get("value"), decimals, kind),
        previous_period=str(row.get("previous_period") or ""),
        previous=format_value(row.get("previous_value"), decimals, kind)
        if not is_missing(row.get("previous_period")) else "",
        change=change if isinstance(change, str) else format_change(change, decimals, kind)
        if not is_missing(change) else "",
        trend="; ".join(t for t in (travel, test) if t), trend_tone=tone,
        national=_comparator(row, "national"), regional=_comparator(row, "regional"),
        neighbour=_comparator(row, "neighbour"), county=_comparator(row, "county"),
        significance=f"{sig_symbol} {sig_words}".strip(), significance_tone=sig_tone,
        rag=f"{rag_symbol} {rag_word}", rag_key=str(row.get("rag") or "grey"),
        rag_reason=str(row.get("rag_reason") or ""), note="; ".join(notes),
        trend_direction=travel, trend_test=test,
        currency=str(row.get("currency_label") or "") if stale else "",
        row_class="out-of-date" if stale else "")


def grouped_cells(content: BoardContent) -> list[tuple[str, list[ScorecardCells]]]:
    """The rows by outcome theme, in scorecard order."""
    groups: dict[str, list[ScorecardCells]] = {}
    for row in content.rows:
        groups.setdefault(str(row.get("outcome_label")), []).append(cells(row))
    return list(groups.items())


def csv_frame(content: BoardContent) -> pd.DataFrame:
    """The CSV export's columns (:data:`indicators.scorecard.EXPORT_COLUMNS`), rounded."""
    return export_table(content.table())


def restatement_text(item: Mapping[str, Any]) -> str:
    """"Restated since the 14 March 2017 Board: was 2,511, now 2,530"."""
    when = long_date(str(item.get("meeting_date")))
    old = format_value(item.get("old_value"), item.get("decimals"), item.get("value_type"))
    new = format_value(item.get("new_value"), item.get("decimals"), item.get("value_type"))
    return f"Restated since the {when} Board: was {old}, now {new}"


#: Columns of an area table rounded to the indicator's decimals in a CSV download.
ROUNDED_AREA_COLUMNS = ("value", "lower_ci", "upper_ci")
#: Columns of an area table that hold whole numbers (counts of people).
WHOLE_AREA_COLUMNS = ("numerator", "denominator", "rank", "rank_of")


def rounded_area_frame(areas: pd.DataFrame, decimals: Any) -> pd.DataFrame:
    """An area table as a CSV download writes it: figures and intervals rounded to the
    indicator's ``decimals`` (whole numbers without ".0"), counts and ranks as whole numbers,
    everything else unchanged."""
    places = 1 if is_missing(decimals) else int(decimals)
    out = areas.copy()
    for column in ROUNDED_AREA_COLUMNS:
        if column in out.columns:
            out[column] = pd.Series([_round_to(value, places) for value in out[column]],
                                    index=out.index, dtype=object)
    for column in WHOLE_AREA_COLUMNS:
        if column in out.columns:
            out[column] = pd.Series([_round_to(value, 0) for value in out[column]],
                                    index=out.index, dtype=object)
    return out


def _round_to(value: Any, places: int) -> Any:
    if isinstance(value, bool) or is_missing(value) or isinstance(value, str):
        return value
    number = float(value)
    return round(number) if places <= 0 else round(number, places)
