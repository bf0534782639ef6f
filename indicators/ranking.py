"""Ranks among districts and quantile bands of a value within a comparator group."""

from __future__ import annotations

from typing import Any

import numpy as np

from indicators._validation import FloatArray, as_float_array, check_choice, polarity_sign

#: Fewest comparator values for percentile bounds (Fingertips needs more than 3).
MIN_VALUES = 4


def rank_areas(values: Any, polarity: str) -> FloatArray:
    """Rank areas so that 1 is the best value given the polarity; ties share the lowest rank.

    Parameters
    ----------
    values : array_like
        One value per area (one indicator, one period).
    polarity : str
        "high_is_good" ranks the highest value 1, "low_is_good" the lowest. Without a judgement
        ("no_judgement", "not_applicable") the highest value is ranked 1.

    Returns
    -------
    numpy.ndarray
        Ranks 1..N as floats; missing values get NaN and are not counted.

    References
    ----------
    .. [1] ukhsa-collaboration/PHEindicatormethods@093fd288: R/Quantiles.R (``phe_quantile``:
       ``rank(..., ties.method = "min")``).
    """
    sign = float(polarity_sign(polarity))
    direction = -1.0 if sign == -1.0 else 1.0
    x = as_float_array(values, "values").reshape(-1)
    from scipy.stats import rankdata  # here: importing scipy.stats is slow and large

    return rankdata(-direction * x, method="min", nan_policy="omit").astype(np.float64)


def quantile_band(
    values: Any, comparators: Any, n_bands: int = 4, polarity: str = "no_judgement"
) -> FloatArray:
    """Band of each value among a comparator group, using PERCENTILE.INC bounds.

    Parameters
    ----------
    values : array_like
        Values to band (usually members of ``comparators``).
    comparators : array_like
        The comparator group (e.g. the statistical neighbours, or the 12 districts); missing
        values are ignored.
    n_bands : int, default 4
        4 for quartiles, 5 for quintiles.
    polarity : str, default "no_judgement"
        Without a judgement, and for "low_is_good", band 1 holds the lowest values; for
        "high_is_good" the band number is reversed so that band 1 is always the best.

    Returns
    -------
    numpy.ndarray
        Bands 1..``n_bands`` as floats; NaN for missing values, or for all values when the group
        has fewer than ``max(n_bands, 4)`` valid values.

    Notes
    -----
    Bound k is the linearly interpolated percentile at position ``(N − 1)·k/n_bands + 1`` of the
    sorted values (Excel PERCENTILE.INC, rounded to 10 decimals), and a value goes in the first
    band whose upper bound is at least the value. This is the legacy Fingertips definition; it
    was chosen over ``phe_quantile`` (rank-based, for deprivation deciles of many small areas)
    and SQL ``NTILE`` (which splits tied values between bands) because a district's band then
    depends only on its value and the group's distribution, ties always share a band, and
    Fingertips' own test vectors pin it down.

    References
    ----------
    .. [1] ukhsa-collaboration/fingertips-open@67808972: PholioVisualisationWS/Analysis/
       ValueCategoriesCalculator.cs, QuartilesComparer.cs, QuintilesComparer.cs.
    """
    if isinstance(n_bands, bool) or not isinstance(n_bands, int) or n_bands < 2:
        raise ValueError(f"'n_bands' must be an integer of at least 2; got {n_bands!r}")
    check_choice(polarity, "polarity", ("high_is_good", "low_is_good", "no_judgement",
                                        "not_applicable"))
    x = as_float_array(values, "values")
    bounds = percentile_bounds(comparators, n_bands)
    if bounds.size == 0:
        return np.full(np.shape(x), np.nan)
    band = np.searchsorted(bounds[1:-1], x, side="left") + 1.0
    if polarity == "high_is_good":
        band = n_bands + 1.0 - band
    return np.where(np.isnan(x), np.nan, band)


def quartile_band(values: Any, comparators: Any, polarity: str = "no_judgement") -> FloatArray:
    """Quartile (1-4) of each value among the comparators; see :func:`quantile_band`."""
    return quantile_band(values, comparators, 4, polarity)


def percentile_bounds(comparators: Any, n_bands: int) -> FloatArray:
    """Band bounds (min, inner PERCENTILE.INC bounds, max) of a comparator group.

    References
    ----------
    .. [1] ukhsa-collaboration/fingertips-open@67808972: PholioVisualisationWS/Analysis/
       ValueCategoriesCalculator.cs (``GetCategoryBounds``).
    """
    group = as_float_array(comparators, "comparators").reshape(-1)
    group = np.sort(group[~np.isnan(group)])
    if group.size < max(n_bands, MIN_VALUES):
        return np.array([], dtype=np.float64)
    return np.round(np.quantile(group, np.arange(0, n_bands + 1) / n_bands, method="linear"), 10)
