"""How a scorecard figure or judgement is written: numbers, changes, symbols and words.

Pure functions shared by the pages, the generated narrative and the exports, so a figure reads
the same everywhere. Meaning never rests on colour alone: every symbol comes with its words,
following the seed scorecard's dashboard key (seed 002).
"""

from __future__ import annotations

import math
from typing import Any, Final

import pandas as pd

NO_DATA: Final = "no data"

#: The dashboard key (seed 002), as (symbol, words, CSS tone) rows.
UPDATED_SYMBOL: Final = "\u2605"  # ★
DIRECTION_SYMBOLS: Final = {
    "improved": ("\u25b2", "good"),      # ▲ (drawn ▼ when a fall is the improvement)
    "worsened": ("\u25bc", "bad"),
    "increased": ("\u25b2", "neutral"),
    "decreased": ("\u25bc", "neutral"),
    "no change": ("\u25b6", "neutral"),  # ▶ same as previous
    "not comparable": ("", "neutral"),
}
SIGNIFICANCE_WORDS: Final = {
    "Better": ("significantly better than England", "good"),
    "Worse": ("significantly worse than England", "bad"),
    "Similar": ("similar to England", "similar"),
    "Higher": ("significantly higher than England", "neutral"),
    "Lower": ("significantly lower than England", "neutral"),
    "Not compared": ("not compared with England", "none"),
}
SIGNIFICANCE_SYMBOL: Final = "\u25cf"  # ●
#: Significance against the partnership's council -> (words with ``{council}`` for its name,
#: CSS tone): the districts pages, their charts and their tables word a comparison with the
#: council this way (see :func:`county_significance_words`).
COUNTY_SIGNIFICANCE_TEMPLATES: Final = {
    "Better": ("better than {council}", "good"),
    "Similar": ("similar to {council}", "similar"),
    "Worse": ("worse than {council}", "bad"),
    "Higher": ("higher than {council}", "neutral"),
    "Lower": ("lower than {council}", "neutral"),
    "Not compared": ("not compared", "none"),
}


def county_significance_words(council: str) -> dict[str, tuple[str, str]]:
    """Significance against the council -> (words, CSS tone), naming the council.

    >>> county_significance_words("Kent")["Better"]
    ('better than Kent', 'good')
    """
    return {label: (words.format(council=council), tone)
            for label, (words, tone) in COUNTY_SIGNIFICANCE_TEMPLATES.items()}
#: DfE statistical-neighbour model (``domain.areas.NEIGHBOUR_MODELS``) -> how pages and exports
#: name the list a neighbour average is over.
NEIGHBOUR_LISTS: Final = {"dfe_sn_2021": "DfE April 2021 list",
                          "dfe_sn_2025": "DfE May 2025 list"}
RAG_LABELS: Final = {
    "red": ("\u2716", "Red"),       # ✖
    "amber": ("\u25c6", "Amber"),   # ◆
    "green": ("\u2714", "Green"),   # ✔
    "grey": ("\u2013", "Not rated"),
}
RAG_ORDER: Final = ("red", "amber", "green", "grey")


def is_missing(value: Any) -> bool:
    """True for None, NaN, pandas' NA and empty strings."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def format_value(value: Any, decimals: Any = 1, value_type: str | None = None) -> str:
    """A figure with thousands separators and the catalogue's decimals.

    Percentages end in ``%``; text (the seed's "not comparable", "unavailable") passes through;
    a missing value reads "no data".

    >>> format_value(1631, 0, "count"), format_value(48.2, 1, "percentage")
    ('1,631', '48.2%')
    """
    if is_missing(value):
        return NO_DATA
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return value
    places = 1 if is_missing(decimals) else int(decimals)
    number = float(value)
    if math.isinf(number):
        return NO_DATA
    text = f"{number:,.{places}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    return f"{text}%" if value_type == "percentage" else text


def format_change(change: Any, decimals: Any = 1, value_type: str | None = None) -> str:
    """A change with its sign (``+170``, ``-103``); percentages in points (``+2.5 pts``)."""
    if is_missing(change) or isinstance(change, str):
        return NO_DATA if is_missing(change) else str(change)
    places = 1 if is_missing(decimals) else int(decimals)
    rounded = round(float(change), places)
    text = format_value(abs(rounded), places)
    sign = "+" if rounded > 0 else "-" if rounded < 0 else ""
    unit = " pts" if value_type == "percentage" else ""
    return f"{sign}{text}{unit}"


def direction_parts(direction: Any, change: Any = None) -> tuple[str, str, str]:
    """(symbol, words, tone) for a change: ▲/▼ point the way the figure moved.

    ``tone`` is "good", "bad" or "neutral": the colour, always shown beside the words.
    """
    if is_missing(direction):
        return "", "", "neutral"
    words = str(direction)
    symbol, tone = DIRECTION_SYMBOLS.get(words, ("", "neutral"))
    if words in ("improved", "worsened") and not is_missing(change) \
            and not isinstance(change, str):
        symbol = "\u25b2" if float(change) > 0 else "\u25bc" if float(change) < 0 else "\u25b6"
    return symbol, words, tone


def significance_parts(label: Any) -> tuple[str, str, str]:
    """(symbol, words, tone) for the significance against England; blank when not compared."""
    if is_missing(label) or str(label) == "Not compared":
        return "", "", "none"
    words, tone = SIGNIFICANCE_WORDS.get(str(label), (str(label).lower(), "neutral"))
    return SIGNIFICANCE_SYMBOL, words, tone


def rag_parts(rag: Any) -> tuple[str, str]:
    """(symbol, word) for a RAG rating."""
    return RAG_LABELS.get(str(rag), RAG_LABELS["grey"])


def comparator_text(value: Any, period: Any, local_period: Any, decimals: Any,
                    value_type: str | None) -> tuple[str, str]:
    """A comparator's figure and, when its period differs from the local one, that period."""
    shown = format_value(value, decimals, value_type)
    if is_missing(value) or isinstance(value, str) or is_missing(period):
        return shown, ""
    return shown, "" if str(period) == str(local_period) else str(period)


POLARITY_WORDS: Final = {
    "high_is_good": "High is good",
    "low_is_good": "Low is good",
    "no_judgement": "No judgement: a rise or fall is not good or bad in itself",
}
CI_METHOD_WORDS: Final = {
    "wilson": "Wilson score interval",
    "byar_exact": "Exact Poisson interval below 10 events, Byar's method from 10",
    "published": "The interval published with the figure",
    "none": "None (the figure has no interval)",
}
RAG_RULE_WORDS: Final = {
    "benchmark": "Compared with England: significantly better is green, similar amber, "
                 "significantly worse red",
    "target": "Against the target: met is green, within the tolerance amber, missed red",
    "trend": "Recent trend: getting better is green, no significant change amber, "
             "getting worse red",
    "none": "Not rated: monitored without a judgement",
}
#: SPC variation icons (Making Data Count) as (symbol, words, tone).
SPC_ICON_WORDS: Final = {
    "common_cause": ("\u2013", "Common cause variation: no significant change", "neutral"),
    "improvement_high": ("\u25b2", "Special cause improvement: significantly high", "good"),
    "improvement_low": ("\u25bc", "Special cause improvement: significantly low", "good"),
    "concern_high": ("\u25b2", "Special cause concern: significantly high", "bad"),
    "concern_low": ("\u25bc", "Special cause concern: significantly low", "bad"),
    "neutral_high": ("\u25b2", "Special cause variation: significantly high (no judgement)",
                     "neutral"),
    "neutral_low": ("\u25bc", "Special cause variation: significantly low (no judgement)",
                    "neutral"),
}
SPC_POINT_WORDS: Final = {
    "common_cause": "common cause",
    "special_cause_improvement": "special cause: improvement",
    "special_cause_concern": "special cause: concern",
    "special_cause_neutral_high": "special cause: high",
    "special_cause_neutral_low": "special cause: low",
}


def interval_text(lower: Any, upper: Any, decimals: Any, value_type: str | None) -> str:
    """``"63.2 to 69.7"``, or empty when either end is missing."""
    if is_missing(lower) or is_missing(upper):
        return ""
    low = format_value(lower, decimals, value_type)
    return f"{low} to {format_value(upper, decimals, value_type)}"


#: Recent-trend labels that say no test result (too few points, or not a testable value).
NO_TREND_TEST: Final = ("", "Cannot be calculated")


def travel_text(direction: Any, change: Any) -> tuple[str, str]:
    """(text, tone) for the direction of travel: "▼ decreased — better", "▲ increased — worse",
    "▲ increased" (no better or worse direction), "▶ no change"; blank without a change."""
    if is_missing(direction) or is_missing(change) or isinstance(change, str):
        return "", "neutral"
    moved = float(change)
    symbol = "\u25b2" if moved > 0 else "\u25bc" if moved < 0 else "\u25b6"
    verb = "increased" if moved > 0 else "decreased" if moved < 0 else "no change"
    judged = {"improved": (" \u2014 better", "good"), "worsened": (" \u2014 worse", "bad")}
    suffix, tone = judged.get(str(direction), ("", "neutral"))
    return f"{symbol} {verb}{suffix}", tone


def trend_test_text(label: Any) -> str:
    """The recent-trend test (METHODS.md section 6) as the Trend cell's second line:
    "recent trend: decreasing and getting better"; blank with fewer than 5 points."""
    if is_missing(label) or str(label) in NO_TREND_TEST:
        return ""
    return f"recent trend: {str(label)[:1].lower()}{str(label)[1:]}"
