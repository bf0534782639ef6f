"""Red/amber/green rating of scorecard rows, with a one-sentence reason for each.

The rule for each row comes from its ``rag_rule`` column and is looked up in :data:`RAG_RULES`, so
no indicator has its own branch. Every rule is vectorised over the rows that use it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from indicators._rag_colours import DEFAULT_COMPARATOR_SHARE as DEFAULT_COMPARATOR_SHARE
from indicators._rag_colours import (
    benchmark_colour,
    comparator_colour,
    comparator_margin,
    no_colour,
    rank_colour,
    rank_quartile,
    target_colour,
    target_margin,
    trend_colour,
)
from indicators._rag_text import (
    GREY_PREFIX,
    NO_VALUE,
    ci_text,
    gap_unit,
    number_text,
    polarity_text,
    with_unit,
)
from indicators._validation import check_columns, polarity_sign
from indicators.typical_range import RANGE_COLUMNS, typical_range_colour, typical_range_rule

RuleResult = tuple[np.ndarray, np.ndarray]


def rag_rating(df: pd.DataFrame, *, reasons: bool = True) -> pd.DataFrame:
    """Append ``rag`` ("red", "amber", "green", "grey") and ``rag_reason`` to scorecard rows.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per indicator (and area/period) with ``rag_rule`` in {"benchmark", "target",
        "trend", "rank", "comparator", "typical_range", "none"} (missing means "none") and the
        columns that rule reads:

        * benchmark: ``value, lower_ci, upper_ci, ci_level, unit_label, decimals, polarity,
          benchmark_label, benchmark_value, significance`` (output of
          :func:`indicators.compare_to_benchmark` or :func:`indicators.compare_two_level`);
        * target: ``value, unit_label, decimals, polarity, target, target_tolerance`` (amber
          band in value units; missing = 0); optionally ``trajectory_quarter`` ("Q3", or empty)
          and ``target_year_end``, when ``target`` is a trajectory's point
          (:func:`indicators.targets.target_for`);
        * trend: ``trend_label`` (label of :func:`indicators.recent_trend`);
        * rank: ``value, polarity, rank, rank_of, rank_scope`` (1 = best; ``rank_scope``
          names the councils ranked, e.g. "English councils");
        * comparator: ``value, unit_label, decimals, polarity, benchmark_label,
          benchmark_value, comparator_margin`` (value units; missing = 5% of the benchmark
          value) and optionally ``lower_ci, upper_ci``;
        * typical_range: ``value, unit_label, decimals`` and the comparators' range
          (:data:`indicators.typical_range.RANGE_COLUMNS`).

    reasons : bool
        Whether to word each row's reason. Without it (a store keeps only the colour and the
        fields the reason is worded from) the colours alone are returned.

    Returns
    -------
    pandas.DataFrame
        A copy of ``df`` with ``rag`` and ``rag_reason``, or (``reasons=False``) a frame of
        ``rag`` alone on ``df``'s index; a reason reads for example
        "Red: 66.4 per 10,000 (95% CI 63.2-69.7) is significantly higher than England's 43.1;
        low is good."

    Notes
    -----
    benchmark: Worse/Worst → red, Similar → amber, Better/Best → green; Higher/Lower (no
    judgement) and not compared → grey, with the reason. target: meets the target → green,
    within the tolerance → amber, otherwise red, in the direction of the polarity. trend:
    getting better → green, no significant change → amber, getting worse → red, otherwise grey.
    rank: quartile ``ceil(4 × rank / n)``: 1st → green, 2nd and 3rd → amber, 4th → red, e.g.
    "Amber: 2nd quartile of 151 English councils (rank 52); high is good."
    comparator (for figures published without counts, so not a significance test): better
    than the benchmark by more than the margin → green, within it → amber, worse by more →
    red, e.g. "Green: 82% is above England's 80% by more than the margin of 2.0 percentage
    points; not tested for significance: no counts are published; high is good."
    typical_range (measures with no better or worse direction): within the comparators'
    middle half green, within their whole range amber, beyond it red, whatever the polarity
    (:func:`indicators.typical_range.typical_range_rule`).
    none: grey, "No RAG rating: this indicator is monitored without a judgement."

    Raises
    ------
    ValueError
        If ``rag_rule`` holds an unknown rule, or a column a rule in use needs is missing.

    References
    ----------
    .. [1] METHODS.md sections 3 and 6 (benchmark significance and recent-trend labels);
       dhsc-govuk/FingertipsNext@d1600f4a: components/organisms/BenchmarkLabel/
       BenchmarkLabelConfig.ts (colours of benchmark labels).
    """
    check_columns(df, ["rag_rule"])
    rules = df["rag_rule"].astype(object).where(df["rag_rule"].notna(), "none")
    unknown = sorted(set(rules) - set(RAG_RULES))
    if unknown:
        raise ValueError(f"'rag_rule' must be one of {', '.join(RAG_RULES)}; got {unknown[0]!r}")
    rag = np.full(len(df), "grey", dtype=object)
    reason = np.full(len(df), "", dtype=object)
    for name, (rule, columns) in RAG_RULES.items():
        rows = (rules == name).to_numpy()
        if rows.any():
            check_columns(df, columns)
            if reasons:
                rag[rows], reason[rows] = rule(df.loc[rows])
            else:
                rag[rows] = COLOURS[name](df.loc[rows])
    if not reasons:
        return pd.DataFrame({"rag": rag}, index=df.index)
    out = df.copy()
    out["rag"] = rag
    out["rag_reason"] = reason
    return out


def _benchmark_rule(df: pd.DataFrame) -> RuleResult:
    value, bench = df["value"].astype(float), df["benchmark_value"].astype(float)
    significance = df["significance"].fillna("Not compared").astype(str)
    v = with_unit(number_text(value, df["decimals"]), df["unit_label"])
    b = number_text(bench, df["decimals"])
    label = df["benchmark_label"].fillna("").astype(str).replace("", "the benchmark")
    whose = label + np.where(label.str.endswith("s"), "'", "'s") + " " + b
    ci = ci_text(df)
    higher = pd.Series(np.where(value > bench, "higher", "lower"), index=df.index, dtype=str)
    tested = v + ci + " is significantly " + higher + " than " + whose
    judged = tested + "; " + polarity_text(df["polarity"]) + "."
    sign = polarity_sign(df["polarity"].astype(object))
    neutral = significance.isin(["Higher", "Lower"]).to_numpy()
    grey_reasons = np.select(
        [value.isna().to_numpy(), neutral, np.isnan(sign),
         bench.isna().to_numpy(), (df["lower_ci"].isna() | df["upper_ci"].isna()).to_numpy()],
        [NO_VALUE,
         GREY_PREFIX + tested + ", and this indicator has no better or worse direction.",
         GREY_PREFIX + "this indicator is not compared with a benchmark.",
         GREY_PREFIX + "no " + label + " value is available to compare with.",
         GREY_PREFIX + v + " has no confidence interval, so it cannot be tested against "
         + whose + "."],
        GREY_PREFIX + v + " was not compared with " + whose + ".",
    )
    rag = benchmark_colour(df)
    red, amber, green = rag == "red", rag == "amber", rag == "green"
    reason = np.select(
        [red, amber, green],
        ["Red: " + judged,
         "Amber: " + v + ci + " is not significantly different from " + whose + ".",
         "Green: " + judged],
        grey_reasons,
    )
    return rag, reason


def _target_rule(df: pd.DataFrame) -> RuleResult:
    value, target = df["value"].astype(float), df["target"].astype(float)
    margin, tolerance, sign = target_margin(df)
    v = with_unit(number_text(value, df["decimals"]), df["unit_label"])
    t = with_unit(number_text(target, df["decimals"]), df["unit_label"])
    unit = gap_unit(df["unit_label"])
    gap = with_unit(number_text(margin.abs(), df["decimals"]), unit)
    side = pd.Series(np.where(sign > 0, "below", "above"), index=df.index, dtype=str)
    name = "the target of " + t
    if "trajectory_quarter" in df:  # optional: judged on a trajectory towards ``target_year_end``
        quarter = df["trajectory_quarter"].fillna("").astype(str)
        year_end = with_unit(number_text(df["target_year_end"].astype(float), df["decimals"]),
                              df["unit_label"])
        name = name.where(quarter == "", "the " + quarter + " trajectory " + t
                          + " towards the year-end target of " + year_end)
    missed = v + " is " + gap + " " + side + " " + name
    rag = target_colour(df)
    green, amber, red = rag == "green", rag == "amber", rag == "red"
    tol = with_unit(number_text(tolerance, df["decimals"]), unit)
    reason = np.select(
        [green, amber, red, value.isna().to_numpy(), target.isna().to_numpy()],
        ["Green: " + v + " meets " + name + "; " + polarity_text(df["polarity"]) + ".",
         "Amber: " + missed + ", within the tolerance of " + tol + ".",
         "Red: " + missed + "; " + polarity_text(df["polarity"]) + ".",
         NO_VALUE,
         GREY_PREFIX + "no target is set for this indicator in this area."],
        GREY_PREFIX + "a target needs a better or worse direction, and this indicator has none.",
    )
    return rag, reason


def _trend_rule(df: pd.DataFrame) -> RuleResult:
    label = df["trend_label"].fillna("").astype(str)
    text = label.str.lower()
    rag = trend_colour(df)
    better, flat, worse = rag == "green", rag == "amber", rag == "red"
    neutral = label.isin(["Increasing", "Decreasing"]).to_numpy()
    reason = np.select(
        [better, flat, worse, neutral],
        ["Green: the recent trend is " + text + ".",
         "Amber: there is no significant change in the recent trend.",
         "Red: the recent trend is " + text + ".",
         GREY_PREFIX + "the recent trend is " + text
         + ", which is neither better nor worse for this indicator."],
        np.where(label == "", GREY_PREFIX + "the recent-trend test applies to rates and "
                 "percentages, not to this kind of figure; the Trend column shows its "
                 "direction of travel.",
                 GREY_PREFIX + "fewer than five periods with published counts are held to "
                 "test a trend; the Trend column shows the direction of travel."),
    )
    return rag, reason


def _ordinal(n: pd.Series) -> pd.Series:
    return n.astype(int).astype(str) + n.astype(int).map({1: "st", 2: "nd", 3: "rd"}).fillna("th")


def _rank_rule(df: pd.DataFrame) -> RuleResult:
    """Quartile band of the rank (1 = best for the polarity): top quartile green, bottom red,
    the middle two amber, as DfE's LAIT bands councils."""
    value = df["value"].astype(float)
    rank, size = df["rank"].astype(float), df["rank_of"].astype(float)
    sign = polarity_sign(df["polarity"].astype(object))
    quartile, _ = rank_quartile(df)
    scope = df["rank_scope"].fillna("").astype(str)
    position = (_ordinal(quartile) + " quartile of " + size.fillna(0).astype(int).astype(str)
                + " " + scope + " (rank " + rank.fillna(0).astype(int).astype(str) + "); "
                + polarity_text(df["polarity"]) + ".")
    rag = rank_colour(df)
    green, amber, red = rag == "green", rag == "amber", rag == "red"
    reason = np.select(
        [green, amber, red, value.isna().to_numpy(), np.abs(sign) != 1],
        ["Green: " + position, "Amber: " + position, "Red: " + position, NO_VALUE,
         GREY_PREFIX + "this indicator has no better or worse direction to rank by."],
        GREY_PREFIX + "no interval can be built and no other councils' figures for this "
        "period are held to rank it among.",
    )
    return rag, reason


def _comparator_rule(df: pd.DataFrame) -> RuleResult:
    """Comparison with the benchmark by a stated margin, for figures that cannot be tested:
    better beyond the margin green, within it amber, worse beyond it red. The margin is
    ``comparator_margin`` (value units) or :data:`DEFAULT_COMPARATOR_SHARE` of the benchmark."""
    value, bench = df["value"].astype(float), df["benchmark_value"].astype(float)
    stated = df["comparator_margin"].astype(float)
    _, margin, _ = comparator_margin(df)
    sign = polarity_sign(df["polarity"].astype(object))
    v = with_unit(number_text(value, df["decimals"]), df["unit_label"])
    label = df["benchmark_label"].fillna("").astype(str).replace("", "the benchmark")
    whose = (label + np.where(label.str.endswith("s"), "'", "'s") + " "
             + with_unit(number_text(bench, df["decimals"]), df["unit_label"]))
    size = with_unit(number_text(margin, df["decimals"] + 1), gap_unit(df["unit_label"]))
    basis = pd.Series(np.where(stated.notna(), "", " (5% of " + label + np.where(
        label.str.endswith("s"), "'", "'s") + " value)"), index=df.index, dtype=object)
    side = pd.Series(np.where(value > bench, "above", "below"), index=df.index, dtype=str)
    untested = pd.Series("not tested for significance: no counts are published",
                         index=df.index, dtype=object)
    if {"lower_ci", "upper_ci"} <= set(df.columns):
        has_ci = (df["lower_ci"].notna() & df["upper_ci"].notna()).to_numpy()
        untested[has_ci] = "a comparison by margin, not a significance test"
    tail = "; " + untested + "; " + polarity_text(df["polarity"]) + "."
    beyond = (v + " is " + side + " " + whose + " by more than the margin of " + size + basis
              + tail)
    rag = comparator_colour(df)
    green, amber, red = rag == "green", rag == "amber", rag == "red"
    reason = np.select(
        [green, amber, red, value.isna().to_numpy(), np.abs(sign) != 1],
        ["Green: " + beyond, "Amber: " + v + " is within " + size + " of " + whose
         + basis.str.replace("(5%", "(margin: 5%", regex=False) + tail,
         "Red: " + beyond, NO_VALUE,
         GREY_PREFIX + "this indicator has no better or worse direction to compare by."],
        GREY_PREFIX + "no " + label + " value is available to compare with.",
    )
    return rag, reason


def _no_rule(df: pd.DataFrame) -> RuleResult:
    reason = np.full(len(df), GREY_PREFIX + "this indicator is monitored without a judgement.",
                     dtype=object)
    if "polarity" in df.columns:
        neutral = df["polarity"].astype(object).eq("no_judgement").to_numpy()
        reason[neutral] = (GREY_PREFIX + "a rise or fall in this indicator is neither better "
                           "nor worse in itself, so it is monitored without a judgement.")
    return no_colour(df), reason


#: Rule name -> (function of the rows using it, columns it reads).
RAG_RULES: dict[str, tuple[Callable[[pd.DataFrame], RuleResult], list[str]]] = {
    "benchmark": (_benchmark_rule, ["value", "lower_ci", "upper_ci", "ci_level", "unit_label",
                                    "decimals", "polarity", "benchmark_label", "benchmark_value",
                                    "significance"]),
    "target": (_target_rule, ["value", "unit_label", "decimals", "polarity", "target",
                              "target_tolerance"]),
    "trend": (_trend_rule, ["trend_label"]),
    "rank": (_rank_rule, ["value", "polarity", "rank", "rank_of", "rank_scope"]),
    "comparator": (_comparator_rule, ["value", "unit_label", "decimals", "polarity",
                                      "benchmark_label", "benchmark_value",
                                      "comparator_margin"]),
    "typical_range": (typical_range_rule, ["value", "unit_label", "decimals",
                                           *RANGE_COLUMNS]),
    "none": (_no_rule, []),
}
#: Rule name -> the colour it gives rows, without their reasons (:mod:`indicators._rag_colours`).
COLOURS: dict[str, Callable[[pd.DataFrame], np.ndarray]] = {
    "benchmark": benchmark_colour, "target": target_colour, "trend": trend_colour,
    "rank": rank_colour, "comparator": comparator_colour,
    "typical_range": typical_range_colour, "none": no_colour,
}
