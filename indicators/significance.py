"""Significance of an area's value against a benchmark (England, region, statistical neighbours).

Each comparer works out a raw result ("higher", "similar", "lower" than the benchmark) and then
applies the indicator's polarity, vectorised over arrays:

* ``high_is_good`` / ``low_is_good``: "Better", "Similar", "Worse" (two-level method adds "Best"
  and "Worst" for significance at 99.8%);
* ``no_judgement``: "Higher", "Similar", "Lower";
* ``not_applicable``, or any missing input: "Not compared".

An area should never be compared with itself; callers leave such rows' benchmark missing.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from indicators._validation import (
    FloatArray,
    StrArray,
    as_float_array,
    chi2_quantile,
    is_scalar,
    normalise_confidence,
    polarity_sign,
    z_value,
)

NOT_COMPARED = "Not compared"
#: Labels indexed by 1 + polarity-adjusted raw result (-1, 0, +1), then the no-judgement labels
#: indexed by 4 + raw result, then "Not compared".
_ONE_LEVEL = np.array(["Worse", "Similar", "Better", "Lower", "Similar", "Higher", NOT_COMPARED])
#: As above for the two-level method, raw results -2..+2 (±2 = significant at 99.8%).
_TWO_LEVEL = np.array(
    ["Worst", "Worse", "Similar", "Better", "Best",
     "Lower", "Lower", "Similar", "Higher", "Higher", NOT_COMPARED]
)


def compare_to_benchmark(lower: Any, upper: Any, benchmark: Any, polarity: Any) -> Any:
    """Compare an area's confidence interval with a benchmark point value (method 1).

    Parameters
    ----------
    lower, upper : float or array_like
        The area's confidence limits at the comparison level (95% or 99.8%).
    benchmark : float or array_like
        Benchmark value (its own CI is ignored).
    polarity : str or array_like of str
        "high_is_good", "low_is_good", "no_judgement" or "not_applicable".

    Returns
    -------
    str or numpy.ndarray of str
        ``upper < benchmark`` → area lower; ``lower > benchmark`` → area higher; otherwise
        "Similar" (a benchmark exactly on a bound is similar). Mapped through polarity to
        "Better"/"Worse" or "Higher"/"Lower"; "Not compared" if a limit, the benchmark or the
        polarity is missing, or the polarity is "not_applicable".

    Raises
    ------
    ValueError
        If a polarity is not one of the four spellings.

    References
    ----------
    .. [1] dhsc-govuk/FingertipsNext@d1600f4a: api/.../BenchmarkComparisonEngine.cs.
    .. [2] ukhsa-collaboration/fingertips-open@67808972: PholioVisualisationWS/Analysis/
       SingleOverlappingCIsForOneCILevelComparer.cs, IndicatorComparer.cs.
    """
    lo = as_float_array(lower, "lower")
    up = as_float_array(upper, "upper")
    b = as_float_array(benchmark, "benchmark")
    raw = np.asarray((lo > b).astype(np.float64))
    raw -= up < b
    raw[np.isnan(lo + up + b)] = np.nan
    return _label(raw, polarity, _ONE_LEVEL, is_scalar(lower, upper, benchmark, polarity))


def compare_two_level(
    lower95: Any, upper95: Any, lower998: Any, upper998: Any, benchmark: Any, polarity: Any
) -> Any:
    """Compare with a benchmark at 95% and 99.8% at once (two CI levels, method 17).

    Returns
    -------
    str or numpy.ndarray of str
        Benchmark inside the 95% CI (inclusive) → "Similar"; between the 95% and 99.8% bounds →
        "Better"/"Worse"; beyond the 99.8% bound → "Best"/"Worst" (significant at 99.8%). With
        no judgement both levels read "Higher"/"Lower". "Not compared" if any limit, the
        benchmark or the polarity is missing.

    References
    ----------
    .. [1] ukhsa-collaboration/fingertips-open@67808972: PholioVisualisationWS/Analysis/
       SingleOverlappingCIsForTwoCILevelsComparer.cs; test
       AnalysisTest/SingleOverlappingCIsForTwoCILevelsComparerTest.cs.
    """
    lo95, up95 = as_float_array(lower95, "lower95"), as_float_array(upper95, "upper95")
    lo998, up998 = as_float_array(lower998, "lower998"), as_float_array(upper998, "upper998")
    b = as_float_array(benchmark, "benchmark")
    raw = np.select(
        [(b >= lo95) & (b <= up95), (b < lo95) & (b >= lo998), b < lo998, b <= up998],
        [0.0, 1.0, 2.0, -1.0],
        -2.0,
    )
    missing = np.isnan(lo95) | np.isnan(up95) | np.isnan(lo998) | np.isnan(up998) | np.isnan(b)
    raw = np.where(missing, np.nan, raw)
    scalar = is_scalar(lower95, upper95, lower998, upper998, benchmark, polarity)
    return _label(raw, polarity, _TWO_LEVEL, scalar)


def compare_ci_overlap(
    value: Any,
    lower: Any,
    upper: Any,
    benchmark: Any,
    benchmark_lower: Any,
    benchmark_upper: Any,
    polarity: Any,
) -> Any:
    """Compare two intervals: any overlap, touching included, is "Similar" (method 12).

    Also used for "change since the previous period" (latest vs previous value and 95% CIs).

    Returns
    -------
    str or numpy.ndarray of str
        "Similar" when the CIs overlap, otherwise higher/lower by the point values, mapped
        through polarity; "Not compared" if any value, limit or the polarity is missing.

    References
    ----------
    .. [1] ukhsa-collaboration/fingertips-open@67808972: PholioVisualisationWS/Analysis/
       DoubleOverlappingCIsComparer.cs, TrendBetweenTwoValuesCalculator.cs.
    """
    v, lo, up = (as_float_array(a, n) for a, n in ((value, "value"), (lower, "lower"),
                                                   (upper, "upper")))
    b, blo, bup = (as_float_array(a, n) for a, n in ((benchmark, "benchmark"),
                                                     (benchmark_lower, "benchmark_lower"),
                                                     (benchmark_upper, "benchmark_upper")))
    overlap = np.where(b < v, lo <= bup, blo <= up)
    raw = np.where(overlap, 0.0, np.where(v < b, -1.0, 1.0))
    missing = np.isnan(v + lo + up + b + blo + bup)
    raw = np.where(missing, np.nan, raw)
    scalar = is_scalar(value, lower, upper, benchmark, benchmark_lower, benchmark_upper, polarity)
    return _label(raw, polarity, _ONE_LEVEL, scalar)


def compare_spc_proportion(
    value: Any, denominator: Any, benchmark: Any, polarity: Any,
    confidence: float = 0.95, unit: float = 100,
) -> Any:
    """Compare a proportion with Wilson control limits built around the benchmark (method 5).

    Parameters
    ----------
    value, benchmark : float or array_like
        Area value and benchmark in ``unit`` (e.g. percentages with ``unit = 100``).
    denominator : float or array_like
        Area denominator ``n``; zero, negative or missing → "Not compared".
    polarity : str or array_like of str
    confidence : float, default 0.95
        0.95 or 0.998 (or 95, 99.8).
    unit : float, default 100

    Returns
    -------
    str or numpy.ndarray of str
        With ``p₀ = benchmark/unit`` and ``E = n·p₀``, limits
        ``(2E + z² ∓ z·sqrt(z² + 4E(1 − p₀))) / (2(n + z²))``; value above → higher, below →
        lower, mapped through polarity. The area's own CI is not used. ``z`` is the exact normal
        quantile (Fingertips stores 1.96 and 3.0902).

    References
    ----------
    .. [1] ukhsa-collaboration/fingertips-open@67808972: PholioVisualisationWS/Analysis/
       SpcForProportionsComparer.cs; test AnalysisTest/SpcForProportionsComparerTest.cs.
    """
    level = normalise_confidence(confidence)
    v = as_float_array(value, "value") / unit
    n = as_float_array(denominator, "denominator")
    p0 = as_float_array(benchmark, "benchmark") / unit
    z = z_value(level)
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = n * p0
        spread = z * np.sqrt(z * z + 4.0 * expected * (1.0 - p0))
        lower = (2.0 * expected + z * z - spread) / (2.0 * (n + z * z))
        upper = (2.0 * expected + z * z + spread) / (2.0 * (n + z * z))
    raw = _outside(v, lower, upper, ~(n > 0))
    return _label(raw, polarity, _ONE_LEVEL, is_scalar(value, denominator, benchmark, polarity))


def compare_spc_rate(
    value: Any, denominator: Any, benchmark: Any, polarity: Any,
    confidence: float = 0.95, unit: float = 100_000,
) -> Any:
    """Compare a rate with exact Poisson control limits built around the benchmark (method 6).

    Returns
    -------
    str or numpy.ndarray of str
        With ``E = benchmark × n / unit``, count limits ``χ²_{2⌈E⌉}⁻¹(α/2)/2`` (0 when E = 0)
        and ``χ²_{2⌊E⌋+2}⁻¹(1 − α/2)/2``, each divided by ``n`` and multiplied by ``unit``; value
        above → higher, below → lower, mapped through polarity. Zero, negative or missing
        denominators → "Not compared".

    References
    ----------
    .. [1] ukhsa-collaboration/fingertips-open@67808972: PholioVisualisationWS/Analysis/
       SpcForDsrComparer.cs, StatisticalMethods.cs (``PoisLow``, ``PoisHigh``); test
       AnalysisTest/SpcForDsrComparerTest.cs.
    """
    alpha = 1.0 - normalise_confidence(confidence)
    v = as_float_array(value, "value")
    n = as_float_array(denominator, "denominator")
    valid = n > 0
    safe_n = np.where(valid, n, 1.0)
    expected = np.maximum(as_float_array(benchmark, "benchmark") * safe_n / unit, 0.0)
    low_df = np.where(expected > 0, 2.0 * np.ceil(expected), 1.0)
    lower = np.where(expected > 0, chi2_quantile(alpha / 2, low_df) / 2.0, 0.0) / safe_n * unit
    upper = chi2_quantile(1.0 - alpha / 2, 2.0 * np.floor(expected) + 2.0) / 2.0 / safe_n * unit
    raw = _outside(v, lower, upper, ~valid)
    return _label(raw, polarity, _ONE_LEVEL, is_scalar(value, denominator, benchmark, polarity))


def _outside(value: FloatArray, lower: FloatArray, upper: FloatArray, invalid: Any) -> FloatArray:
    """Raw result of a value against control limits: +1 above, -1 below, 0 inside, NaN invalid."""
    raw = np.where(upper < value, 1.0, np.where(lower > value, -1.0, 0.0))
    invalid = invalid | np.isnan(value) | np.isnan(lower) | np.isnan(upper)
    return np.where(invalid, np.nan, raw)


def _label(raw: FloatArray, polarity: Any, table: StrArray, scalar: bool) -> Any:
    """Turn raw results (negative = area lower) into labels through the polarity.

    ``table`` holds the judged labels for raw results -m..m, then the no-judgement labels for
    -m..m, then "Not compared" (m = 1 for one level, 2 for two levels).
    """
    sign = polarity_sign(polarity)
    m = (len(table) - 1) // 4
    if sign.ndim == 0:
        index = np.asarray(raw + (3 * m + 1) if sign == 0 else raw * sign + m)
    else:
        index = np.where(sign == 0, raw + (3 * m + 1), raw * sign + m)
    index[np.isnan(index)] = len(table) - 1
    labels = table.astype(object).take(index.astype(np.intp))
    return str(labels) if scalar else labels
