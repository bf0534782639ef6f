"""RAG colour and reason for each rule, vectorised over a frame."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators import RAG_RULES, compare_to_benchmark, rag_rating, recent_trend


def _rows(**columns: list) -> pd.DataFrame:
    size = len(next(iter(columns.values())))
    base = {
        "title": ["Indicator"] * size, "value": [np.nan] * size, "lower_ci": [np.nan] * size,
        "upper_ci": [np.nan] * size, "ci_level": [0.95] * size, "unit_label": [""] * size,
        "decimals": [1] * size, "polarity": ["low_is_good"] * size, "rag_rule": ["none"] * size,
        "benchmark_label": ["England"] * size, "benchmark_value": [np.nan] * size,
        "significance": [None] * size, "target": [np.nan] * size,
        "target_tolerance": [np.nan] * size, "trend_label": [None] * size,
        "comparator_margin": [np.nan] * size,
    }
    base.update(columns)
    return pd.DataFrame(base)


def test_benchmark_rule_example_sentence() -> None:
    df = _rows(value=[66.4], lower_ci=[63.2], upper_ci=[69.7], unit_label=["per 10,000"],
               rag_rule=["benchmark"], benchmark_value=[43.1], significance=["Worse"])
    out = rag_rating(df)
    assert out["rag"].tolist() == ["red"]
    assert out["rag_reason"].iloc[0] == ("Red: 66.4 per 10,000 (95% CI 63.2-69.7) is "
                                         "significantly higher than England's 43.1; low is good.")


def test_benchmark_rule_colours_and_grey_reasons() -> None:
    df = _rows(
        value=[30.0, 45.0, 60.0, np.nan, 45.0, 45.0, 45.0, 60.0],
        lower_ci=[27.0, 40.0, 55.0, np.nan, np.nan, 40.0, 40.0, 55.0],
        upper_ci=[33.0, 50.0, 65.0, np.nan, np.nan, 50.0, 50.0, 65.0],
        polarity=["low_is_good"] * 5 + ["not_applicable", "low_is_good", "no_judgement"],
        rag_rule=["benchmark"] * 8,
        benchmark_value=[43.1] * 5 + [43.1, np.nan, 43.1],
        unit_label=["%"] * 8, decimals=[0] * 8,
    )
    df["significance"] = compare_to_benchmark(df["lower_ci"], df["upper_ci"],
                                              df["benchmark_value"], df["polarity"].to_numpy())
    out = rag_rating(df)
    assert out["rag"].tolist() == ["green", "amber", "red", "grey", "grey", "grey", "grey",
                                   "grey"]
    reasons = out["rag_reason"].tolist()
    assert reasons[0] == ("Green: 30% (95% CI 27-33) is significantly lower than England's 43; "
                          "low is good.")
    assert reasons[2].startswith("Red: 60% (95% CI 55-65) is significantly higher")
    assert reasons[1] == ("Amber: 45% (95% CI 40-50) is not significantly different from "
                          "England's 43.")
    assert reasons[3] == "No RAG rating: no value is available for this period."
    assert reasons[4] == ("No RAG rating: 45% has no confidence interval, so it cannot be tested "
                          "against England's 43.")
    assert reasons[5] == "No RAG rating: this indicator is not compared with a benchmark."
    assert reasons[6] == "No RAG rating: no England value is available to compare with."
    assert reasons[7].endswith("and this indicator has no better or worse direction.")


def test_two_level_labels_are_rated() -> None:
    df = _rows(value=[10.0, 20.0], lower_ci=[9.0, 19.0], upper_ci=[11.0, 21.0],
               ci_level=[0.998, 0.998], polarity=["high_is_good"] * 2, rag_rule=["benchmark"] * 2,
               benchmark_value=[15.0, 15.0], significance=["Worst", "Best"])
    out = rag_rating(df)
    assert out["rag"].tolist() == ["red", "green"]
    assert "(99.8% CI 9.0-11.0)" in out["rag_reason"].iloc[0]


def test_target_rule_respects_polarity_and_tolerance() -> None:
    df = _rows(value=[82.0, 78.5, 70.0, 9.0, 11.0, np.nan, 80.0, 50.0],
               polarity=["high_is_good"] * 3 + ["low_is_good"] * 3 + ["high_is_good",
                                                                     "no_judgement"],
               rag_rule=["target"] * 8, unit_label=["%"] * 3 + ["per 10,000"] * 5,
               target=[80, 80, 80, 10, 10, 10, np.nan, 50],
               target_tolerance=[2, 2, 2, 0.5, 0.5, 0.5, 1, 1])
    out = rag_rating(df)
    assert out["rag"].tolist() == ["green", "amber", "red", "green", "red", "grey", "grey",
                                   "grey"]
    reasons = out["rag_reason"].tolist()
    assert reasons[0] == "Green: 82.0% meets the target of 80.0%; high is good."
    assert reasons[1] == ("Amber: 78.5% is 1.5 percentage points below the target of 80.0%, "
                          "within the tolerance of 2.0 percentage points.")
    assert reasons[4] == ("Red: 11.0 per 10,000 is 1.0 per 10,000 above the target of "
                          "10.0 per 10,000; low is good.")
    assert reasons[6] == "No RAG rating: no target is set for this indicator in this area."
    assert "no better or worse direction" not in reasons[7] and "needs a better" in reasons[7]


def test_trend_rule_uses_trend_labels() -> None:
    labels = [recent_trend([1, 2, 3, 4, 5], [0.9, 1.9, 2.9, 3.9, 4.9], [1.1, 2.1, 3.1, 4.1, 5.1],
                           [1] * 5, [10] * 5, polarity).label
              for polarity in ("high_is_good", "low_is_good", "no_judgement")]
    df = _rows(rag_rule=["trend"] * 6,
               trend_label=[*labels, "No significant change", "Cannot be calculated", None])
    out = rag_rating(df)
    assert out["rag"].tolist() == ["green", "red", "grey", "amber", "grey", "grey"]
    assert out["rag_reason"].iloc[0] == "Green: the recent trend is increasing and getting better."
    assert out["rag_reason"].iloc[4] == (
        "No RAG rating: fewer than five periods with published counts are held to test a "
        "trend; the Trend column shows the direction of travel.")
    assert out["rag_reason"].iloc[5] == (
        "No RAG rating: the recent-trend test applies to rates and percentages, not to this "
        "kind of figure; the Trend column shows its direction of travel.")


def test_none_rule_and_missing_rule() -> None:
    out = rag_rating(pd.DataFrame({"rag_rule": ["none", None]}))
    assert out["rag"].tolist() == ["grey", "grey"]
    assert set(out["rag_reason"]) == {
        "No RAG rating: this indicator is monitored without a judgement."}


def test_registry_covers_the_rules() -> None:
    assert set(RAG_RULES) == {"benchmark", "target", "trend", "rank", "comparator",
                              "typical_range", "none"}
    for name in RAG_RULES:
        assert name in rag_rating.__doc__  # every rule is documented


def test_errors_name_the_problem() -> None:
    with pytest.raises(ValueError, match="'rag_rule'"):
        rag_rating(pd.DataFrame({"rag_rule": ["benchmark", "colour"]}))
    with pytest.raises(ValueError, match="'target'"):
        rag_rating(_rows(rag_rule=["target"]).drop(columns="target"))
    with pytest.raises(ValueError, match="'rag_rule'"):
        rag_rating(pd.DataFrame({"value": [1.0]}))


def test_rank_rule_bands_quartiles_with_polarity() -> None:
    df = _rows(rag_rule=["rank"] * 6, value=[10.0, 20.0, 30.0, 40.0, np.nan, 5.0],
               polarity=["high_is_good"] * 4 + ["low_is_good", "no_judgement"],
               rank=[52.0, 1.0, 151.0, 76.0, np.nan, 3.0],
               rank_of=[151.0, 151.0, 151.0, 151.0, np.nan, 11.0],
               rank_scope=["English councils"] * 6)
    out = rag_rating(df)
    assert out["rag"].tolist() == ["amber", "green", "red", "amber", "grey", "grey"]
    assert out["rag_reason"].iloc[0] == (
        "Amber: 2nd quartile of 151 English councils (rank 52); high is good.")
    assert out["rag_reason"].iloc[2].startswith("Red: 4th quartile of 151")
    assert out["rag_reason"].iloc[4] == "No RAG rating: no value is available for this period."
    assert "no better or worse direction" in out["rag_reason"].iloc[5]


def test_rank_rule_without_a_rank_names_why() -> None:
    out = rag_rating(_rows(rag_rule=["rank"], value=[12.0], rank=[np.nan], rank_of=[np.nan],
                           rank_scope=[""]))
    assert out["rag"].tolist() == ["grey"]
    assert "no other councils' figures" in out["rag_reason"].iloc[0]


def test_none_rule_names_a_missing_direction() -> None:
    out = rag_rating(_rows(rag_rule=["none", "none"], polarity=["no_judgement", "low_is_good"]))
    assert "neither better nor worse" in out["rag_reason"].iloc[0]
    assert out["rag_reason"].iloc[1] == (
        "No RAG rating: this indicator is monitored without a judgement.")


def test_comparator_rule_example_sentences() -> None:
    df = _rows(rag_rule=["comparator"] * 3, value=[82.0, 82.0, 77.0], unit_label=["%"] * 3,
               decimals=[0] * 3, polarity=["high_is_good"] * 3, benchmark_value=[80.0] * 3,
               comparator_margin=[1.5, np.nan, 1.5])
    out = rag_rating(df)
    assert out["rag"].tolist() == ["green", "amber", "red"]
    assert out["rag_reason"].tolist() == [
        "Green: 82% is above England's 80% by more than the margin of 1.5 percentage points; "
        "not tested for significance: no counts are published; high is good.",
        "Amber: 82% is within 4.0 percentage points of England's 80% (margin: 5% of England's "
        "value); not tested for significance: no counts are published; high is good.",
        "Red: 77% is below England's 80% by more than the margin of 1.5 percentage points; "
        "not tested for significance: no counts are published; high is good."]


def test_comparator_rule_follows_polarity_and_the_default_margin() -> None:
    # England 10.6, default margin 0.53: 11.0 and 10.1 are within it, 11.2 and 10.0 beyond.
    df = _rows(rag_rule=["comparator"] * 4, value=[11.0, 10.1, 11.2, 10.0],
               benchmark_value=[10.6] * 4)
    out = rag_rating(df)
    assert out["rag"].tolist() == ["amber", "amber", "red", "green"]
    assert out["rag_reason"].iloc[2].startswith(
        "Red: 11.2 is above England's 10.6 by more than the margin of 0.53 (5% of England's "
        "value); not tested for significance")
    assert out["rag_reason"].iloc[3].endswith("; low is good.")


def test_comparator_rule_with_an_interval_says_it_is_no_significance_test() -> None:
    df = _rows(rag_rule=["comparator"], value=[12.0], lower_ci=[11.0], upper_ci=[13.0],
               benchmark_value=[10.0], comparator_margin=[1.0])
    reason = rag_rating(df)["rag_reason"].iloc[0]
    assert reason == ("Red: 12.0 is above England's 10.0 by more than the margin of 1.00; a "
                      "comparison by margin, not a significance test; low is good.")


def test_comparator_rule_grey_reasons() -> None:
    df = _rows(rag_rule=["comparator"] * 3, value=[np.nan, 5.0, 5.0],
               benchmark_value=[4.0, 4.0, np.nan],
               polarity=["low_is_good", "no_judgement", "low_is_good"])
    out = rag_rating(df)
    assert out["rag"].tolist() == ["grey"] * 3
    assert out["rag_reason"].tolist() == [
        "No RAG rating: no value is available for this period.",
        "No RAG rating: this indicator has no better or worse direction to compare by.",
        "No RAG rating: no England value is available to compare with."]


def _ranged(values: list[float], polarity: str = "no_judgement", scope: str =
            "statistical neighbours", count: float = 10.0) -> pd.DataFrame:
    size = len(values)
    return _rows(value=values, rag_rule=["typical_range"] * size, polarity=[polarity] * size,
                 unit_label=["per 10,000"] * size, range_low=[30.0] * size,
                 range_q1=[38.0] * size, range_q3=[47.5] * size, range_high=[60.2] * size,
                 range_n=[count] * size, range_scope=[scope] * size)


def test_typical_range_rule_example_sentences() -> None:
    out = rag_rating(_ranged([52.1, 42.0, 70.0]))
    assert out["rag"].tolist() == ["amber", "green", "red"]
    assert out["rag_reason"].tolist() == [
        "Amber: 52.1 per 10,000 is above the middle half of its 10 statistical neighbours "
        "(38.0-47.5); a high or low value is neither better nor worse in itself, so the colour "
        "flags an unusual level to look into, not good or bad performance.",
        "Green: 42.0 per 10,000 is within the middle half of its 10 statistical neighbours "
        "(38.0-47.5), in line with similar councils; a high or low value is neither better nor "
        "worse in itself, so the colour flags how unusual the level is, not good or bad "
        "performance.",
        "Red: 70.0 per 10,000 is above the whole range of its 10 statistical neighbours "
        "(30.0-60.2); a high or low value is neither better nor worse in itself, so the colour "
        "flags an unusual level to look into, not good or bad performance."]


@pytest.mark.parametrize("polarity", ["no_judgement", "low_is_good", "high_is_good"])
def test_typical_range_rule_bands_ignore_polarity(polarity: str) -> None:
    values = [20.0, 30.0, 35.0, 38.0, 47.5, 50.0, 60.2, 61.0]
    out = rag_rating(_ranged(values, polarity))
    assert out["rag"].tolist() == ["red", "amber", "amber", "green", "green", "amber", "amber",
                                   "red"]
    assert out["rag_reason"].str.contains("below|above|within").all()
    assert not out["rag_reason"].str.contains("is good").any()


def test_typical_range_rule_against_english_councils() -> None:
    out = rag_rating(_ranged([35.0], scope="other English councils", count=151.0))
    assert out["rag_reason"].iloc[0].startswith(
        "Amber: 35.0 per 10,000 is below the middle half of 151 other English councils "
        "(38.0-47.5);")


def test_typical_range_rule_grey_reasons() -> None:
    df = _ranged([45.0, np.nan], scope="")
    df.loc[0, ["range_low", "range_q1", "range_q3", "range_high"]] = np.nan
    out = rag_rating(df)
    assert out["rag"].tolist() == ["grey", "grey"]
    assert out["rag_reason"].tolist() == [
        "No RAG rating: too few comparable councils (fewer than 5 statistical neighbours or "
        "English councils) have a figure for this period to show whether this level is "
        "unusual; a high or low value is neither better nor worse in itself.",
        "No RAG rating: no value is available for this period."]
    with pytest.raises(ValueError, match="range_q1"):
        rag_rating(df.drop(columns="range_q1"))


def _mixed_rows(seed: int, size: int = 400) -> pd.DataFrame:
    """Rows of every rule with values, intervals, benchmarks, targets, ranks and ranges drawn
    at random (some missing), so each rule meets each of its colours and grey cases."""
    random = np.random.default_rng(seed)

    def some(values: np.ndarray, missing: float = 0.2) -> np.ndarray:
        return np.where(random.random(size) < missing, np.nan, values)

    value = some(random.uniform(0, 100, size))
    low = some(value - random.uniform(-10, 30, size))
    high = some(low + random.uniform(0, 40, size))
    return _rows(
        rag_rule=random.choice(list(RAG_RULES), size).tolist(),
        value=value.tolist(), lower_ci=some(value - 3).tolist(),
        upper_ci=some(value + 3).tolist(),
        polarity=random.choice(["low_is_good", "high_is_good", "no_judgement"], size).tolist(),
        benchmark_value=some(random.uniform(0, 100, size)).tolist(),
        significance=random.choice(["Worse", "Worst", "Similar", "Better", "Best", "Higher",
                                    "Lower", "Not compared"], size).tolist(),
        target=some(value + random.uniform(-8, 8, size)).tolist(),
        target_tolerance=some(random.uniform(0, 10, size), 0.5).tolist(),
        trend_label=random.choice(["Increasing and getting better", "No significant change",
                                   "Decreasing and getting worse", "Increasing", "",
                                   "Cannot be calculated"], size).tolist(),
        comparator_margin=some(random.uniform(0, 10, size), 0.5).tolist(),
        rank=some(random.integers(1, 150, size).astype(float)).tolist(),
        rank_of=some(np.full(size, 150.0)).tolist(),
        rank_scope=["English councils"] * size,
        range_low=low.tolist(), range_q1=(low + (high - low) / 4).tolist(),
        range_q3=(high - (high - low) / 4).tolist(), range_high=high.tolist(),
        range_n=[10.0] * size,
        range_scope=random.choice(["statistical neighbours", "other English councils", ""],
                                  size).tolist())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_colours_without_reasons_are_the_worded_colours(seed: int) -> None:
    df = _mixed_rows(seed)
    worded = rag_rating(df)
    colours = rag_rating(df, reasons=False)
    assert list(colours.columns) == ["rag"]
    assert colours.index.equals(df.index)
    assert colours["rag"].tolist() == worded["rag"].tolist()
    # every colour is met, so the comparison covers each rule's bands
    for name in RAG_RULES:
        seen = set(worded.loc[df["rag_rule"].eq(name), "rag"])
        assert seen == ({"grey"} if name == "none" else {"red", "amber", "green", "grey"}), name
