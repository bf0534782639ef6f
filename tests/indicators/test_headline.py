"""RAG counts by outcome theme with their movement, and the exceptions list."""

from __future__ import annotations

import pandas as pd
from pandas.testing import assert_frame_equal

from indicators.headline import exceptions, movement_words, rag_counts


def table(rows: list[tuple[str, str, str, str | None, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["indicator_id", "outcome", "rag",
                                       "national_significance", "direction"])


CURRENT = table([
    ("a", "feel_safe", "red", "Worse", "worsened"),
    ("b", "feel_safe", "grey", None, "increased"),
    ("c", "do_well", "green", "Better", "worsened"),
    ("d", "do_well", "red", "Worse", "improved"),
])
PREVIOUS = table([
    ("a", "feel_safe", "amber", "Similar", "worsened"),
    ("b", "feel_safe", "grey", None, "increased"),
    ("c", "do_well", "green", "Better", "improved"),
])


def test_counts_by_theme_and_rating_with_movement() -> None:
    counts = rag_counts(CURRENT, PREVIOUS)
    expected = pd.DataFrame({
        "outcome": ["feel_safe"] * 4 + ["do_well"] * 4,
        "outcome_label": ["Outcome one - to feel safe"] * 4 + ["Outcome two - to do well"] * 4,
        "rag": ["red", "amber", "green", "grey"] * 2,
        "count": [1, 0, 0, 1, 1, 0, 1, 0],
        "previous_count": [0, 1, 0, 1, 0, 0, 1, 0],
        "movement": [1, -1, 0, 0, 1, 0, 0, 0],
    })
    assert_frame_equal(counts, expected, check_dtype=False)


def test_counts_without_a_previous_quarter() -> None:
    counts = rag_counts(CURRENT, None)
    assert counts["previous_count"].eq(0).all()
    assert counts["movement"].tolist() == counts["count"].tolist()


def test_exceptions_are_worse_than_england_and_worsening() -> None:
    assert exceptions(CURRENT)["indicator_id"].tolist() == ["a"]
    assert exceptions(CURRENT.iloc[0:0]).empty


def test_movement_words() -> None:
    assert [movement_words(m) for m in (2, -1, 0)] == ["up 2", "down 1", "no change"]


def test_out_of_date_figures_are_counted_apart_and_never_exceptions() -> None:
    from indicators.headline import out_of_date_count, out_of_date_words
    stale = CURRENT.assign(currency=["out of date", "current", "current", "current"])
    assert out_of_date_count(stale) == 1
    assert out_of_date_count(CURRENT) == 0
    assert exceptions(stale)["indicator_id"].tolist() == []
    counts = rag_counts(stale).set_index(["outcome", "rag"])["count"]
    assert counts[("feel_safe", "red")] == 0 and counts[("feel_safe", "grey")] == 1
    assert [out_of_date_words(n) for n in (0, 1, 5)] == [
        "no figures out of date", "1 figure out of date", "5 figures out of date"]
