"""Recent trend of an indicator: the Fingertips "increasing and getting better" marker.

A CI-weighted least-squares slope over the 5 most recent valid points, tested at 99.8% with a
leave-one-out sign check (METHODS.md section 6). It is not a chi-square test for trend in
proportions, except in the legacy "SPC for proportions" branch (``method="spc_proportion"``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from indicators._validation import FloatArray, as_float_array, check_choice, polarity_sign

POINTS_TO_USE = 5
#: 0.998 quantile of chi-square with 1 degree of freedom (99.8% test).
CHI2_THRESHOLD = 9.54953570608324
#: Value types the marker is calculated for (FingertipsNext adds DSRs to the legacy two).
TREND_VALUE_TYPES = ("proportion", "crude rate", "directly standardised rate")

INCREASING, DECREASING = "Increasing", "Decreasing"
NO_CHANGE, CANNOT = "No significant change", "Cannot be calculated"
#: Marker and polarity sign -> the label a reader sees ("Decreasing and getting better").
JUDGED_LABELS = {
    (INCREASING, 1.0): "Increasing and getting better",
    (DECREASING, 1.0): "Decreasing and getting worse",
    (INCREASING, -1.0): "Increasing and getting worse",
    (DECREASING, -1.0): "Decreasing and getting better",
}


@dataclass(frozen=True)
class TrendResult:
    """Outcome of :func:`recent_trend`.

    ``marker`` is "Increasing", "Decreasing", "No significant change" or "Cannot be calculated";
    ``label`` adds the polarity ("Decreasing and getting better"); ``message`` says why a trend
    cannot be calculated (empty otherwise).
    """

    marker: str
    label: str
    chi2: float
    slope: float
    points_used: int
    message: str = ""


def recent_trend(
    values: Any,
    lower95: Any,
    upper95: Any,
    counts: Any,
    denominators: Any,
    polarity: str | None = "no_judgement",
    *,
    value_type: str = "proportion",
    year_range: int = 1,
    method: str = "ci_weighted",
    allow_gaps: bool = True,
) -> TrendResult:
    """Recent-trend marker of one area's time series.

    Parameters
    ----------
    values, lower95, upper95, counts, denominators : array_like
        One entry per period, **oldest first**; missing entries are NaN. ``lower95``/``upper95``
        are the 95% confidence limits of ``values``.
    polarity : str, optional
        "high_is_good", "low_is_good", "no_judgement" (None or "not_applicable" read as no
        judgement) — only the label depends on it.
    value_type : str, default "proportion"
        Proportion, crude rate or directly standardised rate; anything else cannot be calculated.
    year_range : int, default 1
        Years per period; rolling multi-year periods cannot be calculated.
    method : {"ci_weighted", "spc_proportion"}
        The general CI-weighted regression, or the legacy chi-square test for trend in counts
        (Fingertips indicators compared by "SPC for proportions").
    allow_gaps : bool, default True
        True (FingertipsNext) uses every valid point; False (legacy Fingertips) uses only the
        unbroken run of valid points ending at the latest period.

    Returns
    -------
    TrendResult
        Valid points need a value, a count and a denominator > 0; fewer than 5, or any valid point
        with count = denominator, gives "Cannot be calculated" (chi2 0, as in the anchors). Points
        without both CI bounds are then dropped; with fewer than 3 left (or a zero-width CI) the
        marker is "No significant change" and chi2 NaN. Otherwise the most recent 5 (or fewer)
        points are fitted with weights ``1/SE²``, ``SE = (upper95 − lower95)/3.92``; the slope is
        significant if ``X² = b²/var(b) > 9.5495`` and every leave-one-out slope has the same
        sign (0 counts as positive).

    Notes
    -----
    The legacy SPC-for-proportions branch never sets a slope, so Fingertips labels every
    significant result "Decreasing"; here its direction is the sign of the least-squares slope of
    ``log(x/(n−x))``, the same slopes its sign check uses.

    References
    ----------
    .. [1] ukhsa-collaboration/fingertips-open@67808972: PholioVisualisationWS/Analysis/
       TrendMarkers/TrendMarkerCalculator.cs, TrendRequest.cs; test
       AnalysisTest/TrendMarkerCalculatorTest.cs.
    .. [2] dhsc-govuk/FingertipsNext@d1600f4a: trend-analysis/TrendAnalysisApp/Calculator/Legacy/
       TrendMarkerCalculator.cs, TrendRequest.cs; tests TrendAnalysisApp.UnitTests/Calculator.
    """
    check_choice(method, "method", METHODS)
    sign = float(polarity_sign(polarity if polarity != "not_applicable" else None))
    y, lo, up, x, n = (as_float_array(a, name).reshape(-1) for a, name in (
        (values, "values"), (lower95, "lower95"), (upper95, "upper95"),
        (counts, "counts"), (denominators, "denominators")))
    if len({y.size, lo.size, up.size, x.size, n.size}) != 1:
        raise ValueError("'values', 'lower95', 'upper95', 'counts' and 'denominators' must have "
                         "the same length")
    message = _ineligible(y, x, n, value_type, year_range, allow_gaps)
    if message:
        return TrendResult(CANNOT, CANNOT, 0.0, np.nan, 0, message)
    valid = _valid_points(y, x, n, allow_gaps)
    chosen = np.flatnonzero(valid & ~np.isnan(lo) & ~np.isnan(up))[-POINTS_TO_USE:]
    width = up[chosen] - lo[chosen]
    if chosen.size < 3 or np.any(width <= 0):
        return TrendResult(NO_CHANGE, NO_CHANGE, np.nan, np.nan, int(chosen.size))
    slope, chi2, slopes = _FITS[method](y[chosen], width, x[chosen], n[chosen])
    same_sign = bool(np.all(slopes >= 0) or np.all(slopes < 0))
    marker = NO_CHANGE
    if same_sign and chi2 > CHI2_THRESHOLD and slope != 0:
        marker = INCREASING if slope > 0 else DECREASING
    label = JUDGED_LABELS.get((marker, sign), marker)
    return TrendResult(marker, label, float(chi2), float(slope), int(chosen.size))


def _valid_points(y: FloatArray, x: FloatArray, n: FloatArray, allow_gaps: bool) -> Any:
    valid = ~np.isnan(y) & ~np.isnan(x) & (x != -1) & (n > 0)
    if not allow_gaps:
        # Keep only the unbroken run ending at the latest period.
        breaks = np.flatnonzero(~valid)
        if breaks.size:
            valid[: breaks[-1] + 1] = False
    return valid


def _ineligible(
    y: FloatArray, x: FloatArray, n: FloatArray, value_type: str, year_range: int,
    allow_gaps: bool,
) -> str:
    """Reason the trend cannot be calculated, or "" if it can."""
    valid = _valid_points(y, x, n, allow_gaps)
    reasons = [
        (value_type not in TREND_VALUE_TYPES,
         "The recent trend cannot be calculated for this value type"),
        (year_range != 1, "The recent trend cannot be calculated for this year range"),
        (y.size < POINTS_TO_USE, "Not enough data points to calculate recent trend"),
        (int(valid.sum()) < POINTS_TO_USE,
         "Not enough data points with valid values to calculate recent trend"),
        (bool(np.any(x[valid] == n[valid])),
         "The recent trend cannot be calculated (a count equals its denominator)"),
    ]
    return next((text for failed, text in reasons if failed), "")


def _weighted_fit(y: FloatArray, w: FloatArray) -> tuple[float, float, FloatArray]:
    """Weighted slope, its chi-square, and the full + leave-one-out slopes."""
    t = np.arange(1.0, y.size + 1.0)
    terms = np.stack([w, w * t * y, w * t, w * y, w * t * t])
    sums = np.column_stack([terms.sum(axis=1), terms.sum(axis=1)[:, None] - terms])
    s1, s2, s3, s4, s5 = sums
    slopes = (s1 * s2 - s3 * s4) / (s1 * s5 - s3 * s3)
    variance = s1[0] / (s1[0] * s5[0] - s3[0] ** 2)
    return float(slopes[0]), float(slopes[0] ** 2 / variance), slopes


def _counts_fit(x: FloatArray, n: FloatArray) -> tuple[float, float, FloatArray]:
    """Chi-square test for trend in counts, with leave-one-out OLS slopes of the log-odds."""
    t = np.arange(1.0, x.size + 1.0)
    total_n, total_x = n.sum(), x.sum()
    nt, nt2, xt = (n * t).sum(), (n * t * t).sum(), (x * t).sum()
    chi2 = total_n * (total_n * xt - total_x * nt) ** 2 / (
        total_x * (total_n - total_x) * (total_n * nt2 - nt**2))
    with np.errstate(divide="ignore", invalid="ignore"):
        logit = np.log(x / (n - x))
    if not np.all(np.isfinite(logit)):
        # Zero counts make the log-odds undefined: no direction, so no significant trend.
        return np.nan, float(chi2), np.array([np.nan])
    keep = np.vstack([np.ones(x.size, bool), ~np.eye(x.size, dtype=bool)])
    k = keep.sum(axis=1)
    sy, syt = (keep * logit).sum(axis=1), (keep * logit * t).sum(axis=1)
    st, st2 = (keep * t).sum(axis=1), (keep * t * t).sum(axis=1)
    slopes = (k * syt - sy * st) / (k * st2 - st**2)
    return float(slopes[0]), float(chi2), slopes


#: Trend method -> its fit, from ``(values, 95% interval widths, counts, denominators)``.
_FITS: dict[str, Callable[[FloatArray, FloatArray, FloatArray, FloatArray],
                          tuple[float, float, FloatArray]]] = {
    "ci_weighted": lambda y, width, _x, _n: _weighted_fit(y, (3.92 / width) ** 2),
    "spc_proportion": lambda _y, _width, x, n: _counts_fit(x, n),
}
#: The trend methods :func:`recent_trend` accepts.
METHODS = tuple(_FITS)
