"""How figures and judgements are written: numbers, changes, symbols with words."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.display import (
    NO_DATA,
    comparator_text,
    direction_parts,
    format_change,
    format_value,
    interval_text,
    is_missing,
    rag_parts,
    significance_parts,
)


@pytest.mark.parametrize(("value", "decimals", "value_type", "expected"), [
    (1631, 0, "count", "1,631"),
    (1734.0, 0, "count", "1,734"),
    (66.4, 1, "rate", "66.4"),
    (2286, 0, "rate", "2,286"),
    (48.2, 1, "percentage", "48.2%"),
    (-0.04, 1, "rate", "0.0"),
    (None, 1, "rate", NO_DATA),
    (math.nan, 1, "rate", NO_DATA),
    (pd.NA, 1, "rate", NO_DATA),
    ("not comparable", 1, "rate", "not comparable"),
    ("60.0", 1, "rate", "60.0"),
    (12.345, None, None, "12.3"),
])
def test_format_value(value: object, decimals: object, value_type: str | None,
                      expected: str) -> None:
    assert format_value(value, decimals, value_type) == expected


@pytest.mark.parametrize(("change", "decimals", "value_type", "expected"), [
    (-103, 0, "count", "-103"),
    (170, 0, "count", "+170"),
    (2.5, 1, "percentage", "+2.5 pts"),
    (0.0, 1, "rate", "0.0"),
    (1234.5, 0, "count", "+1,234"),
    (None, 0, "count", NO_DATA),
    ("not comparable", 0, "count", "not comparable"),
])
def test_format_change(change: object, decimals: int, value_type: str, expected: str) -> None:
    assert format_change(change, decimals, value_type) == expected


@pytest.mark.parametrize(("direction", "change", "expected"), [
    ("improved", -150, ("\u25bc", "improved", "good")),
    ("improved", 2.5, ("\u25b2", "improved", "good")),
    ("worsened", 11, ("\u25b2", "worsened", "bad")),
    ("worsened", -0.8, ("\u25bc", "worsened", "bad")),
    ("increased", 32, ("\u25b2", "increased", "neutral")),
    ("no change", 0, ("\u25b6", "no change", "neutral")),
    (None, None, ("", "", "neutral")),
])
def test_direction_parts_point_the_way_the_figure_moved(direction: str | None, change: object,
                                                         expected: tuple[str, str, str]) -> None:
    assert direction_parts(direction, change) == expected


def test_significance_and_rag_always_have_words() -> None:
    assert significance_parts("Worse") == ("\u25cf", "significantly worse than England", "bad")
    assert significance_parts("Similar")[1:] == ("similar to England", "similar")
    assert significance_parts("Not compared") == ("", "", "none")
    assert significance_parts(None) == ("", "", "none")
    assert rag_parts("red") == ("\u2716", "Red")
    assert rag_parts("grey")[1] == "Not rated"
    assert rag_parts("unknown")[1] == "Not rated"


def test_comparator_period_shown_only_where_it_differs() -> None:
    assert comparator_text(43.1, "Q4 2015/16", "Q3 2016/17", 1, "rate") == ("43.1",
                                                                             "Q4 2015/16")
    assert comparator_text(52.8, "2015/16", "2015/16", 1, "percentage") == ("52.8%", "")
    assert comparator_text("unavailable", "Q4 2015/16", "Q3 2016/17", 1, "rate") == (
        "unavailable", "")


def test_missing_and_intervals() -> None:
    assert is_missing(None) and is_missing(" ") and is_missing(math.nan) and is_missing(pd.NA)
    assert not is_missing(0) and not is_missing("0") and not is_missing((1, 2))
    assert interval_text(63.22, 69.71, 1, "rate") == "63.2 to 69.7"
    assert interval_text(None, 69.7, 1, "rate") == ""


@pytest.mark.parametrize(("direction", "change", "expected"), [
    ("improved", -4.2, ("\u25bc decreased \u2014 better", "good")),
    ("worsened", 1.3, ("\u25b2 increased \u2014 worse", "bad")),
    ("increased", 11.0, ("\u25b2 increased", "neutral")),
    ("no change", 0.0, ("\u25b6 no change", "neutral")),
    (None, 3.0, ("", "neutral")),
    ("improved", "not comparable", ("", "neutral")),
])
def test_travel_text_says_which_way_and_whether_better(direction: str | None, change: object,
                                                       expected: tuple[str, str]) -> None:
    from indicators.display import travel_text
    assert travel_text(direction, change) == expected


def test_trend_test_text_only_with_a_result() -> None:
    from indicators.display import trend_test_text
    assert trend_test_text("Decreasing and getting better") == (
        "recent trend: decreasing and getting better")
    assert trend_test_text("Cannot be calculated") == ""
    assert trend_test_text(None) == ""
