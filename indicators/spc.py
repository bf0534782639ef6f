"""XmR statistical process control charts ("plot the dots", NHS Making Data Count).

:func:`xmr_limits` computes the centre line and process limits of one segment;
:func:`spc_chart` applies them per rebase segment and tags each point with the special-cause
rules of :mod:`indicators.spc_rules`; :func:`variation_icon` and :func:`assurance_icon` summarise
the latest point (METHODS.md section 7).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from indicators._validation import FloatArray, as_float_array, check_choice
from indicators.spc_rules import DIRECTIONS, point_type, special_cause_type

LIMIT = 2.66
NEAR_LIMIT = 2 * LIMIT / 3
SCREEN_FACTOR = 3.267
#: Segments with fewer points than this get "trial limits" (the package warns below 13).
WARNING_THRESHOLD = 13


@dataclass(frozen=True)
class XmrLimits:
    """Centre line, mean moving range and the process and near-process limits of one segment."""

    mean: float
    mr_bar: float
    lpl: float
    upl: float
    nlpl: float
    nupl: float
    n_baseline: int


def xmr_limits(
    values: Any, screen_outliers: bool = True, fix_after_n_points: int | None = None
) -> XmrLimits:
    """XmR limits of one unbroken series.

    Parameters
    ----------
    values : array_like
        The series in time order, without gaps (missing values raise ``ValueError``).
    screen_outliers : bool, default True
        Drop moving ranges of at least 3.267 × the mean moving range before recomputing it (the R
        package default). ``False`` matches the Making Data Count Excel tool.
    fix_after_n_points : int, optional
        Compute the limits from the first ``k`` points only (``k >= 2``; the Making Data Count
        guidance asks for at least 12). Longer than the series means all points.

    Returns
    -------
    XmrLimits
        ``mean`` of the baseline, mean moving range ``mr_bar``, process limits
        ``mean ± 2.66·mr_bar`` and near-limits ``mean ± (2/3)·2.66·mr_bar``. When every remaining
        moving range is 0 the limits collapse onto the mean.

    References
    ----------
    .. [1] nhs-r-community/NHSRplotthedots@050b07d7: R/ptd_spc_standard.R; tests
       tests/testthat/test-ptd_spc_standard.R; nhs-pycom/nhspy-plotthedots@bfdefe4a:
       tests/unittests/test_limits_calculations.py.
    .. [2] NHS England. Making Data Count: strengthening your decisions. 2019.
    """
    y = _series(values)
    if fix_after_n_points is not None:
        if isinstance(fix_after_n_points, bool) or not isinstance(fix_after_n_points, int):
            raise TypeError("'fix_after_n_points' must be an integer")
        if fix_after_n_points < 2:
            raise ValueError("'fix_after_n_points' must be at least 2")
        y = y[:fix_after_n_points]
    if y.size < 2:
        raise ValueError("'values' must hold at least 2 points to form a moving range")
    moving = np.abs(np.diff(y))
    mr_bar = float(moving.mean())
    if screen_outliers and mr_bar > 0:
        mr_bar = float(moving[moving < SCREEN_FACTOR * mr_bar].mean())
    mean = float(y.mean())
    return XmrLimits(mean, mr_bar, mean - LIMIT * mr_bar, mean + LIMIT * mr_bar,
                     mean - NEAR_LIMIT * mr_bar, mean + NEAR_LIMIT * mr_bar, int(y.size))


def spc_chart(
    values: Any,
    improvement_direction: str = "increase",
    *,
    screen_outliers: bool = True,
    fix_after_n_points: int | None = None,
    rebase: Any = None,
) -> pd.DataFrame:
    """Limits, special-cause flags and point types for every point of a series.

    Parameters
    ----------
    values : array_like
        The series in time order, without gaps.
    improvement_direction : {"increase", "decrease", "neutral"}
    screen_outliers, fix_after_n_points
        As :func:`xmr_limits`, applied within each segment.
    rebase : array_like of bool, optional
        True on the first point of each new segment (for example after a change of definition);
        limits and rules restart there.

    Returns
    -------
    pandas.DataFrame
        One row per point: ``y, segment, mean, lpl, upl, nlpl, nupl, outside_limits,
        relative_to_mean, close_to_limits, special_cause_type, special_cause_flag, point_type,
        trial_limits`` (True when the segment has fewer than 13 points).

    References
    ----------
    .. [1] nhs-r-community/NHSRplotthedots@050b07d7: R/ptd_spc.R, R/ptd_spc_standard.R,
       R/ptd_calculate_point_type.R, R/ptd_add_short_group_warnings.R.
    """
    check_choice(improvement_direction, "improvement_direction", DIRECTIONS)
    y = _series(values)
    starts = np.zeros(y.size, dtype=bool) if rebase is None else np.asarray(rebase, dtype=bool)
    if starts.shape != y.shape:
        raise ValueError("'rebase' must have one entry per value")
    segment = np.cumsum(starts | (np.arange(y.size) == 0)) - 1
    frames = [
        _segment_frame(y[segment == s], s, improvement_direction, screen_outliers,
                       fix_after_n_points)
        for s in np.unique(segment)
    ]
    return pd.concat(frames, ignore_index=True)


def variation_icon(point_types: Any, improvement_direction: str) -> str:
    """Variation icon from the point type of the latest point.

    Returns "common_cause", "improvement_high", "improvement_low", "concern_high",
    "concern_low", "neutral_high" or "neutral_low".

    References
    ----------
    .. [1] nhs-r-community/NHSRplotthedots@050b07d7: R/geom_ptd_icon.R (``ptd_get_icons``).
    """
    check_choice(improvement_direction, "improvement_direction", DIRECTIONS)
    latest = str(np.asarray(point_types, dtype=str).reshape(-1)[-1])
    high = "high" if improvement_direction == "increase" else "low"
    low = "low" if improvement_direction == "increase" else "high"
    icons = {
        "common_cause": "common_cause",
        "special_cause_improvement": f"improvement_{high}",
        "special_cause_concern": f"concern_{low}",
        "special_cause_neutral_high": "neutral_high",
        "special_cause_neutral_low": "neutral_low",
    }
    check_choice(latest, "point_types", icons)
    return icons[latest]


def assurance_icon(
    lpl: float, upl: float, target: float | None, improvement_direction: str
) -> str | None:
    """Assurance icon from the latest point's process limits and the target.

    Returns "consistent_pass", "consistent_fail" or "inconsistent" (the process will hit and miss
    the target); ``None`` without a target or for a neutral direction.

    References
    ----------
    .. [1] nhs-r-community/NHSRplotthedots@050b07d7: R/ptd_calculate_assurance_type.R; test
       tests/testthat/test-ptd_calculate_assurance_type.R.
    """
    check_choice(improvement_direction, "improvement_direction", DIRECTIONS)
    if target is None or np.isnan(target) or improvement_direction == "neutral":
        return None
    increasing = improvement_direction == "increase"
    if target > upl:
        return "consistent_fail" if increasing else "consistent_pass"
    if target < lpl:
        return "consistent_pass" if increasing else "consistent_fail"
    return "inconsistent"


def _segment_frame(
    y: FloatArray, segment: int, direction: str, screen: bool, fix_after: int | None
) -> pd.DataFrame:
    limits = xmr_limits(y, screen, fix_after)
    outside = (y > limits.upl) | (y < limits.lpl)
    side = np.sign(y - limits.mean)
    close = ~outside & ((y < limits.nlpl) | (y > limits.nupl))
    cause = special_cause_type(y, side, close, outside)
    return pd.DataFrame({
        "y": y,
        "segment": segment,
        "mean": limits.mean,
        "lpl": limits.lpl,
        "upl": limits.upl,
        "nlpl": limits.nlpl,
        "nupl": limits.nupl,
        "outside_limits": outside,
        "relative_to_mean": side.astype(np.int64),
        "close_to_limits": close,
        "special_cause_type": cause,
        "special_cause_flag": cause != "Common Cause",
        "point_type": point_type(cause, direction),
        "trial_limits": y.size < WARNING_THRESHOLD,
    })


def _series(values: Any) -> FloatArray:
    y = as_float_array(values, "values").reshape(-1)
    if np.any(np.isnan(y)):
        raise ValueError("'values' must not contain missing values; an XmR chart needs an "
                         "unbroken series")
    return y
