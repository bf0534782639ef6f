"""Red/amber/green rating of scorecard rows, with a one-sentence reason for each.

The rule for each row comes from its ``rag_rule`` column and is looked up in :data:`RAG_RULES`, so
no indicator has its own branch. Every rule is vectorised over the rows that use it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

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
from indicators.typical_range import RANGE_COLUMNS, typical_range_rule

RuleResult = tuple[np.ndarray, np.ndarray]


def rag_rating(df: pd.DataFrame) -> pd.DataFrame:
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

    Returns
    -------
    pandas.DataFrame
        A copy of ``df`` with ``rag`` and ``rag_reason``, for example
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
    out = df.copy()
    rag = np.full(len(df), "grey", dtype=object)
    reason = np.full(len(df), "", dtype=object)
    for name, (rule, columns) in RAG_RULES.items():
        rows = (rules == name).to_numpy()
        if rows.any():
            check_columns(df, columns)
            rag[rows], reason[rows] = rule(df.loc[rows])
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
    red = significance.isin(["Worse", "Worst"]).to_numpy()
    green = significance.isin(["Better", "Best"]).to_numpy()
    amber = (significance == "Similar").to_numpy()
    rag = np.select([red, amber, green], ["red", "amber", "green"], "grey")
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
    tolerance = df["target_tolerance"].astype(float).fillna(0.0)
    sign = polarity_sign(df["polarity"].astype(object))
    judged = np.abs(sign) == 1
    margin = (value - target) * sign
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
    green = (judged & (margin >= 0)).to_numpy()
    amber = (judged & (margin < 0) & (margin >= -tolerance)).to_numpy()
    red = (judged & (margin < -tolerance)).to_numpy()
    tol = with_unit(number_text(tolerance, df["decimals"]), unit)
    rag = np.select([green, amber, red], ["green", "amber", "red"], "grey")
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
    better = label.str.endswith("getting better").to_numpy()
    worse = label.str.endswith("getting worse").to_numpy()
    flat = (label == "No significant change").to_numpy()
    neutral = label.isin(["Increasing", "Decreasing"]).to_numpy()
    rag = np.select([better, flat, worse], ["green", "amber", "red"], "grey")
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
    judged = (np.abs(sign) == 1) & value.notna().to_numpy() & rank.notna().to_numpy() \
        & (size > 0).to_numpy()
    quartile = pd.Series(np.clip(np.ceil(4 * rank.fillna(1) / size.fillna(1).clip(lower=1)),
                                 1, 4), index=df.index)
    scope = df["rank_scope"].fillna("").astype(str)
    position = (_ordinal(quartile) + " quartile of " + size.fillna(0).astype(int).astype(str)
                + " " + scope + " (rank " + rank.fillna(0).astype(int).astype(str) + "); "
                + polarity_text(df["polarity"]) + ".")
    green = judged & (quartile == 1).to_numpy()
    red = judged & (quartile == 4).to_numpy()
    amber = judged & ~green & ~red
    rag = np.select([green, amber, red], ["green", "amber", "red"], "grey")
    reason = np.select(
        [green, amber, red, value.isna().to_numpy(), np.abs(sign) != 1],
        ["Green: " + position, "Amber: " + position, "Red: " + position, NO_VALUE,
         GREY_PREFIX + "this indicator has no better or worse direction to rank by."],
        GREY_PREFIX + "no interval can be built and no other councils' figures for this "
        "period are held to rank it among.",
    )
    return rag, reason


#: Margin of the ``comparator`` rule when none is stated: this share of England's value.
DEFAULT_COMPARATOR_SHARE = 0.05


def _comparator_rule(df: pd.DataFrame) -> RuleResult:
    """Comparison with the benchmark by a stated margin, for figures that cannot be tested:
    better beyond the margin green, within it amber, worse beyond it red. The margin is
    ``comparator_margin`` (value units) or :data:`DEFAULT_COMPARATOR_SHARE` of the benchmark."""
    value, bench = df["value"].astype(float), df["benchmark_value"].astype(float)
    stated = df["comparator_margin"].astype(float)
    margin = stated.fillna(DEFAULT_COMPARATOR_SHARE * bench.abs())
    sign = polarity_sign(df["polarity"].astype(object))
    better = (value - bench) * sign
    judged = (np.abs(sign) == 1) & value.notna().to_numpy() & bench.notna().to_numpy()
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
    green = judged & (better > margin).to_numpy()
    red = judged & (better < -margin).to_numpy()
    amber = judged & ~green & ~red
    rag = np.select([green, amber, red], ["green", "amber", "red"], "grey")
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
    return np.full(len(df), "grey", dtype=object), reason


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
