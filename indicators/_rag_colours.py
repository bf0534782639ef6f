"""The colour each RAG rule gives a row, apart from the words of its reason.

A store keeps only the colour and the fields a reason is worded from, so the judgements of a
whole load are coloured by these functions alone; :mod:`indicators.rag` words the reason
(when a row is shown) from the same colours, so the two never disagree.
Each function reads the columns its rule documents in :func:`indicators.rag.rag_rating` and
returns an object array of "red", "amber", "green" or "grey", one per row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators._validation import polarity_sign

Colours = np.ndarray
#: Colour names in the order the masks passed to :func:`_pick` are given.
_GREEN_AMBER_RED = ("green", "amber", "red")


def _pick(masks: list[np.ndarray], names: tuple[str, ...]) -> Colours:
    """The first colour whose mask holds for each row; grey where none does."""
    return np.select(masks, list(names), "grey").astype(object)


def benchmark_colour(df: pd.DataFrame) -> Colours:
    """Worse/Worst red, Similar amber, Better/Best green; anything else grey."""
    significance = df["significance"].fillna("Not compared").astype(str)
    red = significance.isin(["Worse", "Worst"]).to_numpy()
    amber = (significance == "Similar").to_numpy()
    green = significance.isin(["Better", "Best"]).to_numpy()
    return _pick([red, amber, green], ("red", "amber", "green"))


def target_margin(df: pd.DataFrame) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """How far each value is on the good side of its target (negative when short of it),
    the amber tolerance (missing = 0) and the polarity's sign."""
    value, target = df["value"].astype(float), df["target"].astype(float)
    tolerance = df["target_tolerance"].astype(float).fillna(0.0)
    sign = polarity_sign(df["polarity"].astype(object))
    return (value - target) * sign, tolerance, sign


def target_colour(df: pd.DataFrame) -> Colours:
    """Meets the target green, short of it within the tolerance amber, further short red."""
    margin, tolerance, sign = target_margin(df)
    judged = np.abs(sign) == 1
    return _pick([(judged & (margin >= 0)).to_numpy(),
                  (judged & (margin < 0) & (margin >= -tolerance)).to_numpy(),
                  (judged & (margin < -tolerance)).to_numpy()], _GREEN_AMBER_RED)


def trend_colour(df: pd.DataFrame) -> Colours:
    """Getting better green, no significant change amber, getting worse red."""
    label = df["trend_label"].fillna("").astype(str)
    return _pick([label.str.endswith("getting better").to_numpy(),
                  (label == "No significant change").to_numpy(),
                  label.str.endswith("getting worse").to_numpy()], _GREEN_AMBER_RED)


def rank_quartile(df: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    """Each row's quartile ``ceil(4 x rank / n)`` (1 = best) and whether it is judged: a
    value, a rank, councils ranked and a better-or-worse direction."""
    value = df["value"].astype(float)
    rank, size = df["rank"].astype(float), df["rank_of"].astype(float)
    sign = polarity_sign(df["polarity"].astype(object))
    judged = (np.abs(sign) == 1) & value.notna().to_numpy() & rank.notna().to_numpy() \
        & (size > 0).to_numpy()
    quartile = pd.Series(np.clip(np.ceil(4 * rank.fillna(1) / size.fillna(1).clip(lower=1)),
                                 1, 4), index=df.index)
    return quartile, judged


def rank_colour(df: pd.DataFrame) -> Colours:
    """Top quartile green, bottom quartile red, the middle two amber."""
    quartile, judged = rank_quartile(df)
    green = judged & (quartile == 1).to_numpy()
    red = judged & (quartile == 4).to_numpy()
    return _pick([green, judged & ~green & ~red, red], _GREEN_AMBER_RED)


#: Margin of the ``comparator`` rule when none is stated: this share of England's value.
DEFAULT_COMPARATOR_SHARE = 0.05


def comparator_margin(df: pd.DataFrame) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """How far each value is better than the benchmark (in value units, by the polarity),
    the margin it is judged by (``comparator_margin``, or :data:`DEFAULT_COMPARATOR_SHARE`
    of the benchmark) and whether it is judged."""
    value, bench = df["value"].astype(float), df["benchmark_value"].astype(float)
    margin = df["comparator_margin"].astype(float).fillna(DEFAULT_COMPARATOR_SHARE * bench.abs())
    sign = polarity_sign(df["polarity"].astype(object))
    judged = (np.abs(sign) == 1) & value.notna().to_numpy() & bench.notna().to_numpy()
    return (value - bench) * sign, margin, judged


def comparator_colour(df: pd.DataFrame) -> Colours:
    """Better beyond the margin green, within it amber, worse beyond it red."""
    better, margin, judged = comparator_margin(df)
    green = judged & (better > margin).to_numpy()
    red = judged & (better < -margin).to_numpy()
    return _pick([green, judged & ~green & ~red, red], _GREEN_AMBER_RED)


def no_colour(df: pd.DataFrame) -> Colours:
    """Grey: the indicator is monitored without a judgement."""
    return np.full(len(df), "grey", dtype=object)
