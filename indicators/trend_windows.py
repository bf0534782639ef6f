"""Recent trend for many windows at once: :func:`indicators.trend.recent_trend`, vectorised.

The scorecard needs the recent-trend marker as at every period of every series: one test per
row, each over that period and the ones before it. Calling :func:`recent_trend` once per row
costs tens of microseconds of Python each, which dominates recomputing a store of every English
LA. Here each row is one line of a 2-D array of its window (oldest first, NaN where the series
has no earlier point) and every step of the method runs as array arithmetic over all rows.

The method is that of METHODS.md section 6 with gaps allowed (FingertipsNext) and the
CI-weighted regression; the chi-square-for-counts branch stays in :func:`recent_trend`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from indicators._validation import FloatArray
from indicators.trend import (
    CANNOT,
    CHI2_THRESHOLD,
    DECREASING,
    INCREASING,
    JUDGED_LABELS,
    NO_CHANGE,
    POINTS_TO_USE,
)


@dataclass(frozen=True)
class TrendWindows:
    """Per-row results of :func:`recent_trend_windows`: polarity-judged labels and chi-square."""

    label: Any
    chi2: FloatArray


def recent_trend_windows(
    values: FloatArray,
    lower95: FloatArray,
    upper95: FloatArray,
    counts: FloatArray,
    denominators: FloatArray,
    signs: FloatArray,
) -> TrendWindows:
    """Recent-trend marker of each row's window, as :func:`recent_trend` gives it.

    Parameters
    ----------
    values, lower95, upper95, counts, denominators : numpy.ndarray, shape (rows, width)
        Each row one window of a series, oldest first, NaN where there is no point; ``width``
        is at least 5.
    signs : numpy.ndarray, shape (rows,)
        Polarity sign per row (+1 high is good, -1 low is good, 0 or NaN no judgement), as
        :func:`indicators._validation.polarity_sign` gives it.

    Returns
    -------
    TrendWindows
        ``label`` (object array: "Increasing and getting better", …, "No significant change",
        "Cannot be calculated") and ``chi2`` (0 where the trend cannot be calculated, NaN where
        too few points carry a CI), row for row equal to :func:`recent_trend` on the same window
        with ``allow_gaps=True`` and ``method="ci_weighted"``.

    References
    ----------
    .. [1] ukhsa-collaboration/fingertips-open@67808972: PholioVisualisationWS/Analysis/
       TrendMarkers/TrendMarkerCalculator.cs.
    .. [2] dhsc-govuk/FingertipsNext@d1600f4a: trend-analysis/TrendAnalysisApp/Calculator/Legacy/
       TrendMarkerCalculator.cs.
    """
    y, lo, up, x, n = (np.asarray(a, dtype=np.float64) for a in (
        values, lower95, upper95, counts, denominators))
    rows = y.shape[0]
    with np.errstate(invalid="ignore"):
        valid = ~np.isnan(y) & ~np.isnan(x) & (x != -1) & (n > 0)
        cannot = (valid.sum(axis=1) < POINTS_TO_USE) | np.any(valid & (x == n), axis=1)
    with_ci = valid & ~np.isnan(lo) & ~np.isnan(up)
    # Keep the POINTS_TO_USE most recent points that have a CI.
    from_right = np.cumsum(with_ci[:, ::-1], axis=1)[:, ::-1]
    kept = with_ci & (from_right <= POINTS_TO_USE)
    k = kept.sum(axis=1)
    width = np.where(kept, up - lo, 1.0)
    too_few = (k < 3) | np.any(width <= 0, axis=1)
    slope, chi2, same_sign = _weighted_fits(y, width, kept, too_few | cannot)

    significant = ~cannot & ~too_few & same_sign & (chi2 > CHI2_THRESHOLD) & (slope != 0)
    marker = np.full(rows, NO_CHANGE, dtype=object)
    marker[significant & (slope > 0)] = INCREASING
    marker[significant & (slope < 0)] = DECREASING
    label = marker.copy()
    for (judged_marker, sign), text in JUDGED_LABELS.items():
        label[(marker == judged_marker) & (signs == sign)] = text
    label[cannot] = CANNOT
    chi2 = np.where(cannot, 0.0, np.where(too_few, np.nan, chi2))
    return TrendWindows(label, chi2)


def _weighted_fits(y: FloatArray, width: FloatArray, kept: Any, skip: Any
                   ) -> tuple[FloatArray, FloatArray, Any]:
    """Weighted slope, chi-square and the leave-one-out sign check of every row's kept points.

    ``t`` numbers the kept points 1..k from the oldest, as the scalar fit does after dropping
    the others; the leave-one-out sums subtract each kept point's terms from the totals.
    """
    fit = kept & ~skip[:, None]
    t = np.cumsum(fit, axis=1).astype(np.float64)
    w = np.where(fit, (3.92 / np.where(fit, width, 1.0)) ** 2, 0.0)
    yy = np.where(fit, y, 0.0)
    terms = (w, w * t * yy, w * t, w * yy, w * t * t)
    totals = [term.sum(axis=1) for term in terms]
    s1, s2, s3, s4, s5 = totals
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (s1 * s2 - s3 * s4) / (s1 * s5 - s3 * s3)
        variance = s1 / (s1 * s5 - s3 * s3)
        chi2 = slope * slope / variance
        o1, o2, o3, o4, o5 = (total[:, None] - term for total, term in zip(totals, terms,
                                                                           strict=True))
        left_out = (o1 * o2 - o3 * o4) / (o1 * o5 - o3 * o3)
    all_positive = (slope >= 0) & np.all(~fit | (left_out >= 0), axis=1)
    all_negative = (slope < 0) & np.all(~fit | (left_out < 0), axis=1)
    return slope, chi2, all_positive | all_negative
