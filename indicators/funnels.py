"""Funnel plots: pooled average target, 95% and 99.8% control limits, and significance labels.

Proportion limits invert the Wilson interval in closed form; rate and ratio limits use exact
Poisson bounds of the event count found by the same bisection as PHEindicatormethods, so drawn
lines match the anchor's published test outputs. Significance labels follow
``assign_funnel_significance`` exactly (METHODS.md section 5).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.special import gammainc, gammaincc

from indicators._intervals import EXACT_BELOW, _switching_count_ci
from indicators._validation import (
    FloatArray,
    StrArray,
    as_float_array,
    check_choice,
    check_non_negative,
    check_not_above,
    check_positive,
    z_value,
)

#: Tail probabilities of the two funnel pairs: "2s" (95%) and "3s" (99.8%).
LEVELS: dict[str, float] = {"95": 0.95, "998": 0.998}
DSR_NOT_APPLICABLE = "Not applicable for events less than 10 for dsrs"
STATISTICS = ("proportion", "rate", "ratio")


def pooled_average(numerator: Any, denominator: Any) -> float:
    """Funnel target ``B = Σx / Σn`` (not the mean of the area values); NaN if any input is missing.

    References
    ----------
    .. [1] ukhsa-collaboration/PHEindicatormethods@093fd288: R/Funnels.R
       (``calculate_funnel_limits``, ``av``).
    """
    x = as_float_array(numerator, "numerator")
    n = as_float_array(denominator, "denominator")
    return float(np.sum(x) / np.sum(n))


def proportion_funnel_limits(
    denominator: Any, average: float, multiplier: float = 100
) -> pd.DataFrame:
    """Funnel control limits for proportions at each denominator.

    Parameters
    ----------
    denominator : array_like
        Denominators (x-axis positions) to evaluate.
    average : float
        Pooled average proportion on the 0-1 scale (see :func:`pooled_average`).
    multiplier : float, default 100
        Scale of the returned limits (100 = percentage).

    Returns
    -------
    pandas.DataFrame
        Columns ``denominator, lower_95, upper_95, lower_998, upper_998, baseline``. Limits are
        clipped to [0, ``multiplier``]; the anchor clips to 100 whatever the multiplier, which is
        the same for percentages and wrong otherwise.

    Notes
    -----
    The lower limit L solves ``wilson_upper(L·n, n) = B`` and the upper limit U solves
    ``wilson_lower(U·n, n) = B``, with z = Φ⁻¹(0.975) and Φ⁻¹(0.999) (closed form).

    References
    ----------
    .. [1] ukhsa-collaboration/PHEindicatormethods@093fd288: R/Funnels.R (``sigma_adjustment``,
       ``calculate_funnel_limits``), tests/testthat/testdata_funnel_prop_outputs.csv.
    .. [2] Spiegelhalter DJ. Funnel plots for comparing institutional performance. Stat Med 2005;
       24: 1185-1202.
    """
    n = as_float_array(denominator, "denominator").reshape(-1)
    check_positive(n, "denominator")
    if not 0 <= average <= 1:
        raise ValueError(f"'average' must be a proportion between 0 and 1; got {average!r}")
    check_positive(as_float_array(multiplier, "multiplier"), "multiplier")
    out = pd.DataFrame({"denominator": n})
    for suffix, level in LEVELS.items():
        low, high = _wilson_inverse(n, average, level)
        out[f"lower_{suffix}"] = np.clip(low * multiplier, 0.0, multiplier)
        out[f"upper_{suffix}"] = np.clip(high * multiplier, 0.0, multiplier)
    out["baseline"] = average * multiplier
    return out


def poisson_funnel_bounds(events: Any, confidence: float) -> tuple[FloatArray, FloatArray]:
    """Exact Poisson bounds (L, U) of event counts, found by the anchor's bisection.

    ``L`` is the mean for which P(X ≥ x) = α/2 and ``U`` the mean for which P(X ≤ x) = α/2. They
    equal the chi-square forms of :func:`indicators.exact_poisson_ci` to the bisection tolerance
    (1e-7 on the scale v = z/(1+x+z)).

    References
    ----------
    .. [1] ukhsa-collaboration/PHEindicatormethods@093fd288: R/utils.R (``poisson_funnel``,
       ``poisson_cis``).
    """
    x = as_float_array(events, "events")
    check_non_negative(x, "events")
    tail = (1.0 - confidence) / 2.0
    return _bisect(x, tail, "low"), _bisect(x, tail, "high")


def rate_funnel_limits(
    events: Any, average: float, multiplier: float, years_of_data: float = 1
) -> pd.DataFrame:
    """Funnel control limits for crude or directly standardised rates, by event count.

    Returns
    -------
    pandas.DataFrame
        For each event count ``x``: ``lower_95 = B·x/U(x)·M`` drawn at population
        ``population_lower_95 = U(x)/B/years``, ``upper_95 = B·x/L(x)·M`` drawn at
        ``population_upper_95 = L(x)/B/years``, the same for 99.8%, and ``baseline = B·M``.
        ``average`` is the pooled rate per person (Σx / Σn).

    References
    ----------
    .. [1] ukhsa-collaboration/PHEindicatormethods@093fd288: R/Funnels.R
       (``calculate_funnel_limits``, statistic = "rate"),
       tests/testthat/testdata_funnel_rate_outputs.csv.
    """
    x = as_float_array(events, "events").reshape(-1)
    check_positive(x, "events")
    check_positive(as_float_array(average, "average"), "average")
    check_positive(as_float_array(multiplier, "multiplier"), "multiplier")
    check_positive(as_float_array(years_of_data, "years_of_data"), "years_of_data")
    out = pd.DataFrame({"events": x})
    for suffix, level in LEVELS.items():
        low, high = poisson_funnel_bounds(x, level)
        out[f"population_lower_{suffix}"] = high / average / years_of_data
        out[f"lower_{suffix}"] = average * x / high * multiplier
        out[f"population_upper_{suffix}"] = low / average / years_of_data
        out[f"upper_{suffix}"] = average * x / low * multiplier
    out["baseline"] = average * multiplier
    return out


def ratio_funnel_limits(observed: Any, ratio_type: str = "isr") -> pd.DataFrame:
    """Funnel control limits for observed/expected ratios: ``x/U(x)`` and ``x/L(x)``.

    ``ratio_type = "isr"`` scales by 100 (indirectly standardised ratio); ``"count"`` subtracts 1.

    References
    ----------
    .. [1] ukhsa-collaboration/PHEindicatormethods@093fd288: R/Funnels.R
       (``calculate_funnel_limits``, statistic = "ratio"),
       tests/testthat/testdata_funnel_ratio_outputs.csv.
    """
    check_choice(ratio_type, "ratio_type", ("isr", "count"))
    x = as_float_array(observed, "observed").reshape(-1)
    check_positive(x, "observed")
    out = pd.DataFrame({"observed": x})
    for suffix, level in LEVELS.items():
        low, high = poisson_funnel_bounds(x, level)
        for side, bound in (("lower", high), ("upper", low)):
            ratio = x / bound
            out[f"{side}_{suffix}"] = ratio * 100 if ratio_type == "isr" else ratio - 1
    return out


def assign_funnel_significance(
    numerator: Any,
    denominator: Any = None,
    *,
    statistic: str = "proportion",
    rate: Any = None,
    rate_type: str | None = None,
    multiplier: float | None = None,
) -> StrArray:
    """Label each area of a funnel plot by where it falls against the 95% and 99.8% limits.

    Labels are "High (0.001)", "High (0.025)", "Low (0.001)", "Low (0.025)" and
    "Not significant" (plus the DSR "not applicable" label below).

    Parameters
    ----------
    numerator : array_like
        Events or cases per area (one funnel: all areas shown together).
    denominator : array_like, optional
        Denominators (proportions), expected counts (ratios) or populations (rates; required when
        any area has zero events, whose denominator cannot be rebuilt from its rate).
    statistic : {"proportion", "rate", "ratio"}
    rate : array_like, optional
        Area rates per ``multiplier`` (rates only).
    rate_type : {"crude", "dsr"}, optional
        Rates only. DSR areas with fewer than 10 events are labelled
        "Not applicable for events less than 10 for dsrs" and zero-event DSR areas are left out of
        the pooled average.
    multiplier : float, optional
        Rate unit (rates only).

    Returns
    -------
    numpy.ndarray of str

    Notes
    -----
    Proportions test ``x/n`` against the funnel limits at ``n`` around the pooled average (lows are
    tested before highs). Rates and ratios put an exact (x < 10) or Byar (x ≥ 10) interval at 95%
    and 99.8% around each area's own count, divide by the denominator (rates: ``M·x/rate``, or the
    population when x = 0) and ask whether the pooled average (1 for ratios) lies outside it.

    References
    ----------
    .. [1] ukhsa-collaboration/PHEindicatormethods@093fd288: R/Funnels.R
       (``assign_funnel_significance``), R/utils.R (``funnel_ratio_significance``),
       tests/testthat/testFunnels.R.
    """
    check_choice(statistic, "statistic", STATISTICS)
    x = as_float_array(numerator, "numerator").reshape(-1)
    check_non_negative(x, "numerator")
    if np.any(np.isnan(x)):
        raise ValueError("'numerator' must not contain missing values for a funnel")
    if statistic == "rate":
        return _rate_significance(x, denominator, rate, rate_type, multiplier)
    n = as_float_array(denominator, "denominator").reshape(-1)
    if np.any(np.isnan(n)):
        raise ValueError("'denominator' must not contain missing values for a funnel")
    check_positive(n, "denominator")
    if statistic == "ratio":
        return _count_interval_labels(x, n, 1.0)
    check_not_above(x, n, "numerator")
    value = x / n
    average = pooled_average(x, n)
    low998, high998 = _wilson_inverse(n, average, 0.998)
    low95, high95 = _wilson_inverse(n, average, 0.95)
    return np.select(
        [value < low998, value < low95, value > high998, value > high95],
        ["Low (0.001)", "Low (0.025)", "High (0.001)", "High (0.025)"],
        "Not significant",
    )


def _rate_significance(
    x: FloatArray, denominator: Any, rate: Any, rate_type: str | None, multiplier: float | None
) -> StrArray:
    rate_type = check_choice(rate_type, "rate_type", ("crude", "dsr"))
    if multiplier is None or rate is None:
        raise ValueError("'rate' and 'multiplier' are required when statistic is 'rate'")
    check_positive(as_float_array(multiplier, "multiplier"), "multiplier")
    r = as_float_array(rate, "rate").reshape(-1)
    zero = x == 0
    if rate_type == "dsr":
        fallback = np.full_like(x, np.nan)
    elif np.any(zero) and denominator is None:
        raise ValueError("'denominator' is required for rates when any area has zero events")
    else:
        fallback = np.broadcast_to(as_float_array(denominator, "denominator"), x.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        derived = np.where(zero, fallback, x / r * multiplier)
    average = float(np.sum(x) / np.nansum(derived))
    labels = _count_interval_labels(x, derived, average)
    if rate_type == "dsr":
        labels = np.where(x < EXACT_BELOW, DSR_NOT_APPLICABLE, labels)
    return labels


def _count_interval_labels(x: FloatArray, expected: FloatArray, target: float) -> StrArray:
    """Funnel labels from exact/Byar intervals around each count, divided by ``expected``."""
    bounds = {level: _switching_count_ci(x, level) for level in LEVELS.values()}
    with np.errstate(divide="ignore", invalid="ignore"):
        low998, high998 = (b / expected for b in bounds[0.998])
        low95, high95 = (b / expected for b in bounds[0.95])
    return np.select(
        [target < low998, target < low95, target > high998, target > high95],
        ["High (0.001)", "High (0.025)", "Low (0.001)", "Low (0.025)"],
        "Not significant",
    )


def _wilson_inverse(n: FloatArray, average: float, level: float) -> tuple[FloatArray, FloatArray]:
    """Proportions whose Wilson interval at ``n`` just touches ``average`` (0-1 scale)."""
    z2 = z_value(level) ** 2
    first = average * (n / z2 + 1.0)
    discriminant = (8.0 * first) ** 2 - 64.0 * (1.0 / z2 + 1.0 / n) * average * (
        n * (average * (n / z2 + 2.0) - 1.0) + z2 * (average - 1.0)
    )
    adjustment = np.sqrt(np.maximum(discriminant, 0.0)) / 8.0
    last = 1.0 / z2 + 1.0 / n
    return (first - adjustment) / last / n, (first + adjustment) / last / n


def _bisect(x: FloatArray, tail: float, side: str) -> FloatArray:
    """Vectorised form of the anchor's ``poisson_funnel`` bisection on v = z / (1 + x + z)."""
    v = np.full_like(x, 0.5)
    step = 0.5
    while step > 1e-7:
        step /= 2.0
        mean = (1.0 + x) * v / (1.0 - v)
        if side == "low":
            # P(X >= x | mean); X >= 0 is certain.
            prob = np.where(x > 0, gammainc(np.maximum(np.ceil(x), 1.0), mean), 1.0)
            v = np.where(prob > tail, v - step, v + step)
        else:
            prob = gammaincc(np.floor(x) + 1.0, mean)  # P(X <= x | mean)
            v = np.where(prob < tail, v - step, v + step)
    return (1.0 + x) * v / (1.0 - v)
