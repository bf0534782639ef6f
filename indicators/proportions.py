"""Proportions and percentages with Wilson score confidence intervals, DataFrame in and out."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from indicators._frames import counts_frame, multiplier_text
from indicators._intervals import wilson_ci
from indicators._validation import (
    as_float_array,
    check_not_above,
    check_positive,
    normalise_confidence,
)


def proportion_with_ci(
    df: pd.DataFrame,
    numerator: str = "numerator",
    denominator: str = "denominator",
    multiplier: float = 100,
    confidence: float = 0.95,
    group_by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Append a proportion and its Wilson confidence interval to a frame.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per area and period (or per row to be summed, with ``group_by``).
    numerator, denominator : str
        Column names of the cases ``x`` and the sample ``n``.
    multiplier : float, default 100
        Scale of ``value``, ``lower_ci`` and ``upper_ci`` (100 = percentage, 1 = proportion).
    confidence : float, default 0.95
        0.9-1 or 90-100.
    group_by : str or sequence of str, optional
        Columns to group by; numerators and denominators are summed first and a missing value
        anywhere in a group makes the group's results missing.

    Returns
    -------
    pandas.DataFrame
        A copy of ``df`` (or one row per group) with columns ``value`` (``x/n × M``),
        ``lower_ci``, ``upper_ci``, ``statistic`` ("percentage" or "proportion of M"),
        ``ci_method`` ("Wilson") and ``confidence`` (0-1 scale). Rows with a missing numerator
        or denominator get NaN value and limits, not an error.

    Raises
    ------
    ValueError
        If a column is missing, a numerator is negative or above its denominator, a denominator
        is zero or less, the multiplier is not positive or the confidence level is out of range.

    References
    ----------
    .. [1] Wilson EB. Probable inference, the law of succession, and statistical inference.
       J Am Stat Assoc 1927; 22: 209-212.
    .. [2] ukhsa-collaboration/PHEindicatormethods@093fd288: R/Proportions.R (``phe_proportion``);
       DataS-DHSC/PHStatsMethods@4a444632: PHStatsMethods/proportions.py (``ph_proportion``).
    """
    level = normalise_confidence(confidence)
    check_positive(as_float_array(multiplier, "multiplier"), "multiplier")
    out, x, n = counts_frame(df, numerator, denominator, group_by)
    check_not_above(x, n, "numerator")
    lower, upper = wilson_ci(x, n, level)
    out["value"] = x / n * multiplier
    out["lower_ci"] = lower * multiplier
    out["upper_ci"] = upper * multiplier
    out["statistic"] = (
        "percentage" if multiplier == 100 else f"proportion of {multiplier_text(multiplier)}"
    )
    out["ci_method"] = "Wilson"
    out["confidence"] = level
    return out
