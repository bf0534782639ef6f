"""Laying out and rating a scorecard table by a definition's rows (pure functions)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.definition_rows import (
    ROW_COLUMNS,
    board_rows,
    rerated,
    theme_key,
    themes_in_order,
)


def table() -> pd.DataFrame:
    """Three scorecard rows as :func:`indicators.scorecard.scorecard_table` gives them."""
    return pd.DataFrame({
        "indicator_id": ["a", "b", "c"], "outcome": ["feel_safe", "feel_safe", "do_well"],
        "outcome_label": ["Outcome one - to feel safe", "Outcome one - to feel safe",
                          "Outcome two - to do well"],
        "value": [74.0, 367.0, 5.0], "lower_ci": [70.6, np.nan, np.nan],
        "upper_ci": [77.5, np.nan, np.nan], "ci_level": [0.95, np.nan, np.nan],
        "unit_label": ["per 10,000", "", "%"], "decimals": [1, 0, 1],
        "polarity": ["low_is_good", "high_is_good", "high_is_good"],
        "area_type": ["county"] * 3, "national_value": [60.0, np.nan, np.nan],
        "national_significance": ["Worse", None, None], "trend": [None, None, None],
        "rag_rule": ["benchmark", "target", "none"], "target_value": [np.nan, 4303.0, np.nan],
        "rag": ["red", "red", "grey"], "rag_reason": ["stored", "stored", "stored"]})


def rows() -> pd.DataFrame:
    """The definition: b then a under a heading of its own; c is not on the Board."""
    return pd.DataFrame.from_records([
        ("b", "theme-1", "Families", 1, 1, "target", 30.0, 350.0, 400.0, "Q3"),
        ("a", "theme-1", "Families", 1, 2, "benchmark", None, None, None, ""),
    ], columns=list(ROW_COLUMNS))


def test_definition_rows_are_rated_by_its_rule_and_target() -> None:
    out = rerated(table(), rows()).set_index("indicator_id")
    assert out.loc["b", "rag"] == "green"
    assert out.loc["b", "rag_reason"] == (
        "Green: 367 meets the Q3 trajectory 350 towards the year-end target of 400; high is "
        "good.")
    assert out.loc["a", "rag"] == "red"
    assert out.loc["c", "rag_reason"] == "stored"  # outside the definition: as stored
    assert out["in_definition"].tolist() == [True, True, False]


def test_an_area_without_its_own_target_is_not_rated_against_anothers() -> None:
    spec = rows().assign(target=[np.nan, np.nan], target_year_end=[np.nan, np.nan],
                         trajectory_quarter=["", ""])
    out = rerated(table(), spec).set_index("indicator_id")
    assert out.loc["b", "rag"] == "grey"
    assert out.loc["b", "rag_reason"] == ("No RAG rating: no target is set for this indicator "
                                          "in this area.")


def test_the_board_holds_the_definitions_rows_in_its_order_under_its_headings() -> None:
    board = board_rows(table(), rows())
    assert board["indicator_id"].tolist() == ["b", "a"]
    assert themes_in_order(board) == [("theme-1", "Families")]


def test_theme_keys_and_the_fallback_order() -> None:
    assert theme_key("Outcome two - to do well", 5) == "do_well"
    assert theme_key("Families", 2) == "theme-2"
    bare = table().drop(columns=["outcome_label"]).iloc[::-1]
    assert [k for k, _ in themes_in_order(bare)] == ["feel_safe", "do_well"]


def _without_counts() -> pd.DataFrame:
    """Two county percentages published without counts, with England's value and no rank."""
    return table().iloc[[2, 2]].assign(
        indicator_id=["d", "e"], value=[85.3, 58.0], national_value=[93.6, 52.8],
        rag_rule=["benchmark", "benchmark"], rag=["grey", "grey"]).reset_index(drop=True)


def test_a_benchmark_row_without_an_interval_falls_back_to_the_definitions_target() -> None:
    spec = pd.DataFrame.from_records([
        ("d", "theme-1", "Health", 1, 1, "benchmark", None, 90.0, 90.0, ""),
    ], columns=list(ROW_COLUMNS))
    out = rerated(_without_counts(), spec).set_index("indicator_id")
    assert out.loc["d", "rag_rule_used"] == "target" and out.loc["d", "rag"] == "red"
    assert out.loc["d", "rag_reason"].startswith(
        "Red: 85.3% is 4.7 percentage points below the target of 90.0%; high is good. No "
        "confidence interval can be built")


def test_the_comparator_rule_in_a_definition_uses_the_rows_tolerance() -> None:
    spec = pd.DataFrame.from_records([
        ("d", "theme-1", "Health", 1, 1, "comparator", 10.0, None, None, ""),
        ("e", "theme-1", "Health", 1, 2, "comparator", 2.0, None, None, ""),
    ], columns=list(ROW_COLUMNS))
    out = rerated(_without_counts(), spec).set_index("indicator_id")
    assert out["rag"].tolist() == ["amber", "green"]
    assert out["rag_rule_used"].tolist() == ["comparator", "comparator"]
    assert out.loc["e", "rag_reason"] == (
        "Green: 58.0% is above England's 52.8% by more than the margin of 2.00 percentage "
        "points; not tested for significance: no counts are published; high is good.")


def test_a_board_may_read_a_row_against_similar_councils_range() -> None:
    spec = rows().assign(rule=["target", "typical_range"])
    stored = table().assign(range_low=[50.0, np.nan, np.nan], range_q1=[55.0, np.nan, np.nan],
                            range_q3=[65.0, np.nan, np.nan], range_high=[72.0, np.nan, np.nan],
                            range_n=[10.0, np.nan, np.nan],
                            range_scope=["statistical neighbours", "", ""])
    out = rerated(stored, spec).set_index("indicator_id")
    assert out.loc["a", "rag"] == "red" and out.loc["a", "rag_rule"] == "typical_range"
    assert out.loc["a", "rag_reason"].startswith(
        "Red: 74.0 per 10,000 is above the whole range of its 10 statistical neighbours "
        "(50.0-72.0);")
    older = rerated(table(), spec).set_index("indicator_id")  # stored before ranges were kept
    assert older.loc["a", "rag"] == "grey"
    assert older.loc["a", "rag_reason"].startswith("No RAG rating: too few comparable councils")
