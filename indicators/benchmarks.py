"""Benchmarks built from a group of areas: pooled region/county values and neighbour summaries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from indicators._intervals import rate_ci, wilson_ci
from indicators._validation import (
    FloatArray,
    as_float_array,
    check_choice,
    check_non_negative,
    check_positive,
    normalise_confidence,
)


@dataclass(frozen=True)
class Benchmark:
    """A benchmark computed from summed counts: value and CI in the indicator's unit."""

    value: float
    lower_ci: float
    upper_ci: float
    numerator: float
    denominator: float
    statistic: str
    confidence: float


@dataclass(frozen=True)
class NeighbourSummary:
    """Mean and median of the comparator areas that have a value, and how many there are."""

    mean: float
    median: float
    n: int


def _proportion_limits(x: float, n: float, multiplier: float, level: float) -> tuple[float, float]:
    lower, upper = wilson_ci(x, n, level)
    return lower * multiplier, upper * multiplier


def _rate_limits(x: float, n: float, multiplier: float, level: float) -> tuple[float, float]:
    lower, upper = rate_ci(x, n, multiplier, level)
    return float(lower), float(upper)


#: Confidence-interval function for each statistic a pooled benchmark can take.
BENCHMARK_STATISTICS: dict[str, Callable[[float, float, float, float], tuple[float, float]]] = {
    "proportion": _proportion_limits,
    "rate": _rate_limits,
}


def benchmark_from_group(
    numerators: Any,
    denominators: Any,
    statistic: str = "proportion",
    multiplier: float = 100,
    confidence: float = 0.95,
) -> Benchmark:
    """Pool a group of areas into one benchmark: sum the counts first, then compute.

    Parameters
    ----------
    numerators, denominators : array_like
        Counts of the member areas (for example the 12 districts of a county).
    statistic : {"proportion", "rate"}
        Wilson interval for proportions; exact (< 10) / Byar (>= 10) for rates.
    multiplier : float, default 100
        Unit of the value (100 = percentage; 10,000 = per 10,000).
    confidence : float, default 0.95

    Returns
    -------
    Benchmark
        Value ``Σx / Σn × M`` with its CI. A missing count in any member makes every field
        except the labels NaN (no silent dropping of an area).

    Raises
    ------
    ValueError
        For a negative numerator, a denominator of zero or less, a proportion numerator above its
        denominator, an unknown ``statistic`` or an out-of-range confidence level.

    Notes
    -----
    Averaging member rates would weight small areas as much as large ones; the anchors always sum
    numerators and denominators (METHODS.md section 4).

    References
    ----------
    .. [1] ukhsa-collaboration/PHEindicatormethods@093fd288: R/Proportions.R, R/Rates.R
       (grouped ``phe_proportion`` / ``phe_rate``, test sheets ``testdata_Prop_g``,
       ``testdata_Rate_g``).
    """
    check_choice(statistic, "statistic", BENCHMARK_STATISTICS)
    level = normalise_confidence(confidence)
    x = as_float_array(numerators, "numerators")
    n = as_float_array(denominators, "denominators")
    check_non_negative(x, "numerators")
    check_positive(n, "denominators")
    total_x, total_n = float(np.sum(x)), float(np.sum(n))
    if np.isnan(total_x) or np.isnan(total_n):
        lower = upper = value = np.nan
    else:
        if statistic == "proportion" and total_x > total_n:
            raise ValueError(
                "'numerators' must sum to no more than 'denominators' for a proportion"
            )
        value = total_x / total_n * multiplier
        lower, upper = BENCHMARK_STATISTICS[statistic](total_x, total_n, multiplier, level)
    return Benchmark(value, lower, upper, total_x, total_n, statistic, level)


def neighbour_summary(values: Any) -> NeighbourSummary:
    """Mean, median and number of comparator values present (missing values are ignored).

    A statistical-neighbour average is treated as a benchmark value without a CI, so an area is
    compared with it by :func:`indicators.compare_to_benchmark` (METHODS.md section 4).

    References
    ----------
    .. [1] METHODS.md section 4 (no neighbour-averaging rule exists in the anchors).
    """
    array: FloatArray = as_float_array(values, "values").reshape(-1)
    present = array[~np.isnan(array)]
    if present.size == 0:
        return NeighbourSummary(np.nan, np.nan, 0)
    return NeighbourSummary(float(np.mean(present)), float(np.median(present)), int(present.size))
