"""Crude rates with exact Poisson (< 10 events) or Byar (>= 10) confidence intervals."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from indicators._frames import counts_frame, multiplier_text
from indicators._intervals import rate_ci, rate_ci_method
from indicators._validation import as_float_array, check_positive, normalise_confidence


def rate_with_ci(
    df: pd.DataFrame,
    numerator: str = "numerator",
    denominator: str = "denominator",
    multiplier: float = 10_000,
    confidence: float = 0.95,
    group_by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Append a crude rate and its confidence interval to a frame.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per area and period (or per row to be summed, with ``group_by``).
    numerator, denominator : str
        Column names of the events ``x`` and the population ``n``. ``x > n`` is allowed.
    multiplier : float, default 10,000
        Rate unit (10,000 for "per 10,000 children"; Fingertips' default is 100,000).
    confidence : float, default 0.95
        0.9-1 or 90-100.
    group_by : str or sequence of str, optional
        Columns to group by; events and populations are summed first and a missing value anywhere
        in a group makes the group's results missing.

    Returns
    -------
    pandas.DataFrame
        A copy of ``df`` (or one row per group) with ``value`` (``x/n × M``), ``lower_ci``,
        ``upper_ci``, ``statistic`` ("rate per M"), ``ci_method`` ("Exact" for x < 10,
        "Byars" otherwise, missing where x is missing) and ``confidence`` (0-1 scale).

    Raises
    ------
    ValueError
        If a column is missing, a numerator is negative, a denominator is zero or less, the
        multiplier is not positive or the confidence level is out of range.

    References
    ----------
    .. [1] Breslow NE, Day NE. Statistical methods in cancer research, volume II. IARC; 1987.
    .. [2] ukhsa-collaboration/PHEindicatormethods@093fd288: R/Rates.R (``phe_rate``);
       DataS-DHSC/PHStatsMethods@4a444632: PHStatsMethods/rates.py (``ph_rate``), without its
       rejection of zero counts.
    """
    level = normalise_confidence(confidence)
    check_positive(as_float_array(multiplier, "multiplier"), "multiplier")
    out, x, n = counts_frame(df, numerator, denominator, group_by)
    lower, upper = rate_ci(x, n, multiplier, level)
    out["value"] = x / n * multiplier
    out["lower_ci"] = lower
    out["upper_ci"] = upper
    out["statistic"] = f"rate per {multiplier_text(multiplier)}"
    method = pd.Series(rate_ci_method(x), index=out.index, dtype=object)
    out["ci_method"] = method.where(method != "", None)
    out["confidence"] = level
    return out
