"""Confidence-interval primitives: Wilson, Byar and exact Poisson, vectorised over numpy arrays.

All functions accept scalars or array-likes (numpy arrays, lists, pandas Series). Scalar input
returns Python floats; anything else returns float64 numpy arrays of the broadcast shape.

Invalid input raises ``ValueError`` naming the argument: a negative count, a denominator of zero
or less, a numerator above its denominator for a proportion, or a confidence level outside
0.9-1 (90-100). Missing input (NaN, None, ``pd.NA``) is not an error: the matching results are NaN.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from indicators._validation import (
    FloatArray,
    as_float_array,
    check_non_negative,
    check_not_above,
    check_positive,
    chi2_quantile,
    is_scalar,
    normalise_confidence,
    scalar_or_array,
    z_value,
)

#: Counts below this use the exact Poisson interval in :func:`rate_ci`; counts at or above use Byar.
EXACT_BELOW = 10


def wilson_ci(numerator: Any, denominator: Any, confidence: float = 0.95) -> tuple[Any, Any]:
    """Wilson score interval for a proportion, on the 0-1 scale.

    Parameters
    ----------
    numerator : float or array_like
        Cases meeting the condition, ``x``. Non-integer values are accepted.
    denominator : float or array_like
        Cases in the sample, ``n``.
    confidence : float, default 0.95
        Confidence level, 0.9-1 or 90-100 (values of 90 or more are divided by 100).

    Returns
    -------
    lower, upper : float or numpy.ndarray
        Limits of ``x / n``, clamped to [0, 1]. ``confidence = 1`` gives (0, 1). NaN where the
        numerator or denominator is missing.

    Raises
    ------
    ValueError
        If ``numerator`` < 0, ``denominator`` <= 0, ``numerator`` > ``denominator``, or the
        confidence level is out of range.

    Notes
    -----
    ``lower, upper = (2x + z² ∓ z·sqrt(z² + 4x(1 − x/n))) / (2(n + z²))`` with
    ``z = Φ⁻¹(1 − α/2)``; no continuity correction (METHODS.md section 1).

    References
    ----------
    .. [1] Wilson EB. Probable inference, the law of succession, and statistical inference.
       J Am Stat Assoc 1927; 22: 209-212.
    .. [2] Newcombe RG, Altman DG. Proportions and their differences. In: Altman DG et al. (eds),
       Statistics with confidence, 2nd edn. BMJ Books; 2000: 46-48.
    .. [3] ukhsa-collaboration/PHEindicatormethods@093fd288: R/utils.R (``wilson_lower``,
       ``wilson_upper``), R/Proportions.R (``phe_proportion``).
    """
    level = normalise_confidence(confidence)
    x = as_float_array(numerator, "numerator")
    n = as_float_array(denominator, "denominator")
    check_non_negative(x, "numerator")
    check_positive(n, "denominator")
    check_not_above(x, n, "numerator")
    scalar = is_scalar(numerator, denominator)
    if level == 1:
        lower, upper = np.broadcast_arrays(np.where(np.isnan(x + n), np.nan, 0.0),
                                           np.where(np.isnan(x + n), np.nan, 1.0))
        return scalar_or_array(lower, scalar), scalar_or_array(upper, scalar)
    lower, upper = _wilson(x, n, z_value(level))
    return scalar_or_array(lower, scalar), scalar_or_array(upper, scalar)


def byar_ci(count: Any, confidence: float = 0.95) -> tuple[Any, Any]:
    """Byar's approximation to the Poisson interval of a count (no switch to exact).

    Parameters
    ----------
    count : float or array_like
        Observed events, ``x``.
    confidence : float, default 0.95
        Confidence level, 0.9-1 or 90-100.

    Returns
    -------
    lower, upper : float or numpy.ndarray
        Count-level limits. The lower limit is NaN where the formula goes negative (small counts at
        high confidence, and ``x = 0``), as in PHEindicatormethods' ``byars_lower``; the upper
        limit is always returned. NaN where the count is missing.

    Raises
    ------
    ValueError
        If ``count`` < 0 or the confidence level is out of range.

    Notes
    -----
    ``lower = x(1 − 1/(9x) − z/(3√x))³``, ``upper = (x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³``
    (METHODS.md section 2). Use :func:`rate_ci` for reporting, which switches to the exact
    interval below 10 events.

    References
    ----------
    .. [1] Breslow NE, Day NE. Statistical methods in cancer research, volume II: The design and
       analysis of cohort studies. Lyon: IARC; 1987.
    .. [2] ukhsa-collaboration/PHEindicatormethods@093fd288: R/utils.R (``byars_lower``,
       ``byars_upper``).
    """
    level = normalise_confidence(confidence)
    x = as_float_array(count, "count")
    check_non_negative(x, "count")
    lower, upper = _byar(x, z_value(level))
    scalar = is_scalar(count)
    return scalar_or_array(lower, scalar), scalar_or_array(upper, scalar)


def exact_poisson_ci(count: Any, confidence: float = 0.95) -> tuple[Any, Any]:
    """Exact Poisson interval of a count, chi-square form.

    Parameters
    ----------
    count : float or array_like
        Observed events, ``x``.
    confidence : float, default 0.95
        Confidence level, 0.9-1 or 90-100.

    Returns
    -------
    lower, upper : float or numpy.ndarray
        ``χ²_{2x}⁻¹(α/2)/2`` and ``χ²_{2x+2}⁻¹(1 − α/2)/2``. For ``x = 0`` the lower limit is 0
        (scipy's ``chi2.ppf(p, 0)`` is NaN, so zero is handled explicitly) and the upper limit is
        3.688879 at 95%. NaN where the count is missing.

    Raises
    ------
    ValueError
        If ``count`` < 0 or the confidence level is out of range.

    References
    ----------
    .. [1] Garwood F. Fiducial limits for the Poisson distribution. Biometrika 1936; 28: 437-442.
    .. [2] ukhsa-collaboration/PHEindicatormethods@093fd288: R/Rates.R (``phe_rate``, exact branch).
    """
    level = normalise_confidence(confidence)
    x = as_float_array(count, "count")
    check_non_negative(x, "count")
    lower, upper = _exact(x, level)
    scalar = is_scalar(count)
    return scalar_or_array(lower, scalar), scalar_or_array(upper, scalar)


def rate_ci(
    count: Any, denominator: Any, multiplier: Any, confidence: float = 0.95
) -> tuple[Any, Any]:
    """Confidence interval of a crude rate ``x / n × M``: exact below 10 events, Byar from 10.

    Parameters
    ----------
    count : float or array_like
        Observed events, ``x``. Counts above the denominator are allowed.
    denominator : float or array_like
        Population, ``n``.
    multiplier : float
        Rate unit ``M`` (e.g. 10,000 for "per 10,000 children").
    confidence : float, default 0.95
        Confidence level, 0.9-1 or 90-100.

    Returns
    -------
    lower, upper : float or numpy.ndarray
        Rate-level limits: the count interval divided by ``n`` and multiplied by ``M``. NaN where
        the count or denominator is missing. ``x = 0`` gives a lower limit of 0.

    Raises
    ------
    ValueError
        If ``count`` < 0, ``denominator`` <= 0, ``multiplier`` <= 0 or the confidence level is out
        of range.

    Notes
    -----
    The switch is strictly ``x < 10`` → exact Poisson (:func:`exact_poisson_ci`), otherwise Byar
    (:func:`byar_ci`); see :func:`rate_ci_method` for the per-row label.

    References
    ----------
    .. [1] ukhsa-collaboration/PHEindicatormethods@093fd288: R/Rates.R (``phe_rate``),
       R/utils.R (``byars_lower``, ``byars_upper``).
    .. [2] Breslow NE, Day NE. Statistical methods in cancer research, volume II. IARC; 1987.
    """
    level = normalise_confidence(confidence)
    x = as_float_array(count, "count")
    n = as_float_array(denominator, "denominator")
    check_non_negative(x, "count")
    check_positive(n, "denominator")
    m = as_float_array(multiplier, "multiplier")
    check_positive(m, "multiplier")
    lower, upper = _switching_count_ci(x, level)
    factor = np.asarray(m / n)
    lower, upper = np.asarray(lower * factor), np.asarray(upper * factor)
    scalar = is_scalar(count, denominator)
    return scalar_or_array(lower, scalar), scalar_or_array(upper, scalar)


def rate_ci_method(count: Any) -> Any:
    """Label of the interval :func:`rate_ci` uses for each count: "Exact", "Byars" or "" if missing.

    References
    ----------
    .. [1] ukhsa-collaboration/PHEindicatormethods@093fd288: R/Rates.R (``phe_rate``, column
       ``method``).
    """
    x = as_float_array(count, "count")
    labels = np.where(x < EXACT_BELOW, "Exact", np.where(np.isnan(x), "", "Byars"))
    return str(labels) if is_scalar(count) else labels


def _wilson(x: FloatArray, n: FloatArray, z: float) -> tuple[FloatArray, FloatArray]:
    """Wilson limits on the 0-1 scale, computed in place to keep large arrays fast."""
    z2 = z * z
    spread = np.asarray(x / n)
    np.subtract(1.0, spread, out=spread)
    spread *= x
    spread *= 4.0
    spread += z2
    np.sqrt(spread, out=spread)
    spread *= z
    centre = 2.0 * x + z2
    scale = np.asarray(2.0 * (n + z2))
    lower = np.asarray(centre - spread)
    lower /= scale
    np.maximum(lower, 0.0, out=lower)
    upper = np.asarray(centre + spread)
    upper /= scale
    np.minimum(upper, 1.0, out=upper)
    # x = n is exactly 1 in theory; rounding can land just below (x = 0 gives exactly 0).
    upper[np.asarray(x == n)] = 1.0
    return lower, upper


def _switching_count_ci(x: FloatArray, level: float) -> tuple[FloatArray, FloatArray]:
    """Count interval with the exact (x < 10) / Byar (x >= 10) switch; ``level`` on 0-1 scale."""
    if level == 1:
        missing = np.isnan(x)
        return np.where(missing, np.nan, 0.0), np.where(missing, np.nan, np.inf)
    counts = np.atleast_1d(x)
    lower, upper = _byar(counts, z_value(level))
    small = counts < EXACT_BELOW
    if np.any(small):
        lower[small], upper[small] = _exact(counts[small], level)
    return lower.reshape(np.shape(x)), upper.reshape(np.shape(x))


def _byar(x: FloatArray, z: float) -> tuple[FloatArray, FloatArray]:
    """Byar limits of counts ``x`` (lower NaN where negative or undefined)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        base = 1.0 - 1.0 / (9.0 * x) - z / (3.0 * np.sqrt(x))
        lower = np.asarray(x * base * base * base)
    lower[lower < 0] = np.nan
    x1 = x + 1.0
    base = 1.0 - 1.0 / (9.0 * x1) + z / (3.0 * np.sqrt(x1))
    return lower, x1 * base * base * base


def _exact(x: FloatArray, level: float) -> tuple[FloatArray, FloatArray]:
    """Exact Poisson limits of counts ``x``; each distinct count is evaluated once."""
    alpha = 1.0 - level
    if x.size > EXACT_BELOW and np.all((x >= 0) & (x < EXACT_BELOW) & (x == np.floor(x))):
        # Whole counts below the switch: look the ten possible answers up.
        lower, upper = _exact(np.arange(float(EXACT_BELOW)), level)
        index = x.astype(np.intp)
        return lower[index], upper[index]
    values, inverse = np.unique(x, return_inverse=True)
    df_lower = np.where(values > 0, 2.0 * values, 1.0)
    lower = np.where(values > 0, chi2_quantile(alpha / 2, df_lower) / 2.0, 0.0)
    lower = np.where(np.isnan(values), np.nan, lower)
    upper = chi2_quantile(1.0 - alpha / 2, 2.0 * values + 2.0) / 2.0
    shape = np.shape(x)
    return lower[inverse].reshape(shape), upper[inverse].reshape(shape)
