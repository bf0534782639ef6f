"""Making Data Count special-cause rules for XmR charts, as vectorised numpy functions.

Each rule takes whole series and returns one flag per point, with the same conventions as
NHSRplotthedots (1/-1/0 integer vectors), so the rule vectors of its test suite can be checked
one by one. :func:`special_cause_type` combines them in the package's order of precedence.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from indicators._validation import StrArray, as_float_array, check_choice

IntArray = npt.NDArray[np.int64]
RUN_LENGTH = 7
DIRECTIONS = ("increase", "decrease", "neutral")
_DIRECTION_SIGN = {"increase": 1, "decrease": -1, "neutral": 0}


def seven_point_trend(y: Any) -> IntArray:
    """1 (or -1) on the 7th point of 7 points each strictly higher (lower) than the one before.

    Equal neighbours break a run. Series shorter than 7 points give all zeros.

    References
    ----------
    .. [1] nhs-r-community/NHSRplotthedots@050b07d7: R/ptd_calculate_point_type.R
       (``ptd_seven_point_trend``).
    """
    values = as_float_array(y, "y").reshape(-1)
    out = np.zeros(values.size, dtype=np.int64)
    if values.size < RUN_LENGTH:
        return out
    steps = sliding_window_view(np.sign(np.diff(values)), RUN_LENGTH - 1)
    out[RUN_LENGTH - 1:] = np.all(steps == 1, axis=1).astype(np.int64) - np.all(steps == -1, axis=1)
    return out


def part_of_seven_trend(v: Any) -> IntArray:
    """1 for every point in a run whose 7th point is flagged (the flag and the 6 points before).

    References
    ----------
    .. [1] nhs-r-community/NHSRplotthedots@050b07d7: R/ptd_calculate_point_type.R
       (``ptd_part_of_seven_trend``).
    """
    flags = np.abs(as_float_array(v, "v").reshape(-1)) == 1
    padded = np.concatenate([flags, np.zeros(RUN_LENGTH - 1, dtype=bool)])
    return np.any(sliding_window_view(padded, RUN_LENGTH), axis=1).astype(np.int64)


def seven_point_one_side_mean(relative_to_mean: Any) -> IntArray:
    """1 on each point that ends a run of 7 on the same side of the mean.

    ``relative_to_mean`` is the sign of (y - mean); a point exactly on the mean (0) breaks a run.

    References
    ----------
    .. [1] nhs-r-community/NHSRplotthedots@050b07d7: R/ptd_calculate_point_type.R
       (``ptd_seven_point_one_side_mean``).
    """
    side = as_float_array(relative_to_mean, "relative_to_mean").reshape(-1)
    windows = sliding_window_view(np.concatenate([np.zeros(RUN_LENGTH - 1), side]), RUN_LENGTH)
    same = np.all(windows == windows[:, -1:], axis=1) & (windows[:, -1] != 0)
    return same.astype(np.int64)


def two_in_three(close_to_limits: Any, relative_to_mean: Any) -> IntArray:
    """1 for each point in a window of 3 holding at least 2 near-limit points, all 3 on one side.

    References
    ----------
    .. [1] nhs-r-community/NHSRplotthedots@050b07d7: R/ptd_calculate_point_type.R
       (``ptd_two_in_three``).
    """
    close = as_float_array(close_to_limits, "close_to_limits").reshape(-1)
    side = as_float_array(relative_to_mean, "relative_to_mean").reshape(-1)
    if close.size != side.size:
        raise ValueError("'close_to_limits' and 'relative_to_mean' must have the same length")
    pad = np.zeros(2)
    near = sliding_window_view(np.concatenate([pad, close, pad]), 3).sum(axis=1)
    sides = sliding_window_view(np.concatenate([pad, side, pad]), 3).sum(axis=1)
    window = (near >= 2) & (np.abs(sides) == 3)
    hit = window[:-2] | window[1:-1] | window[2:]
    return hit.astype(np.int64)


def part_of_two_in_three(close_to_limits: Any, relative_to_mean: Any) -> IntArray:
    """1 for the near-limit points that belong to a qualifying 2-of-3 window.

    Combines :func:`two_in_three` with the near-limit flags, as the package's special-cause
    test does (points in the window that are not near a limit are not flagged).

    References
    ----------
    .. [1] nhs-r-community/NHSRplotthedots@050b07d7: R/ptd_calculate_point_type.R
       (``ptd_part_of_two_in_three(ptd_two_in_three(close_to_limits, relative_to_mean),
       close_to_limits)``).
    """
    close = as_float_array(close_to_limits, "close_to_limits").reshape(-1)
    hit = two_in_three(close, relative_to_mean) == 1
    return (hit & (np.abs(close) == 1)).astype(np.int64)


def special_cause_type(
    y: Any, relative_to_mean: Any, close_to_limits: Any, outside_limits: Any
) -> StrArray:
    """Name the first special-cause rule each point meets, or "Common Cause".

    Precedence: "Above UCL"/"Below LCL", "7 Point Trend (Increasing|Decreasing)",
    "2 in 3 Above|Below CL", "7 Points Above|Below CL".

    References
    ----------
    .. [1] nhs-r-community/NHSRplotthedots@050b07d7: R/ptd_calculate_point_type.R
       (``ptd_special_cause_type``).
    """
    values = as_float_array(y, "y").reshape(-1)
    side = as_float_array(relative_to_mean, "relative_to_mean").reshape(-1)
    close = as_float_array(close_to_limits, "close_to_limits").reshape(-1)
    outside = as_float_array(outside_limits, "outside_limits").reshape(-1)
    trend = part_of_seven_trend(seven_point_trend(values))
    near = part_of_two_in_three(close, side)
    shift = part_of_seven_trend(seven_point_one_side_mean(side))
    # Direction of a trend point: the step after it when the next point is in the trend too,
    # otherwise the step before it.
    steps = np.sign(np.diff(values))
    after = np.append(steps, steps[-1:]) if steps.size else np.zeros(values.size)
    before = np.concatenate([[0.0], steps])
    next_in_trend = np.append(trend[1:], 0).astype(bool)
    direction = np.where(next_in_trend & trend.astype(bool), after, before)
    above = np.where(side > 0, "Above", "Below")
    return np.select(
        [outside != 0, trend != 0, near != 0, shift != 0],
        [np.where(side == 1, "Above UCL", "Below LCL"),
         np.where(direction == 1, "7 Point Trend (Increasing)", "7 Point Trend (Decreasing)"),
         np.char.add(np.char.add("2 in 3 ", above), " CL"),
         np.char.add(np.char.add("7 Points ", above), " CL")],
        "Common Cause",
    )


def point_type(special_cause: Any, improvement_direction: str) -> StrArray:
    """Point type from the special-cause type and the improvement direction.

    Above/Increasing points are high, Below/Decreasing low. With direction "increase" high is
    "special_cause_improvement" and low "special_cause_concern" ("decrease" the reverse);
    "neutral" gives "special_cause_neutral_high"/"_low". Common cause → "common_cause".

    References
    ----------
    .. [1] nhs-r-community/NHSRplotthedots@050b07d7: R/ptd_calculate_point_type.R
       (``ptd_point_type``).
    """
    check_choice(improvement_direction, "improvement_direction", DIRECTIONS)
    names = np.asarray(special_cause, dtype=str).reshape(-1)
    high = np.char.find(names, "Above") >= 0
    high |= np.char.find(names, "Increasing") >= 0
    low = (np.char.find(names, "Below") >= 0) | (np.char.find(names, "Decreasing") >= 0)
    level = high.astype(np.int64) - low
    if improvement_direction == "neutral":
        choices = ["special_cause_neutral_high", "special_cause_neutral_low"]
    else:
        level = level * _DIRECTION_SIGN[improvement_direction]
        choices = ["special_cause_improvement", "special_cause_concern"]
    return np.select([level > 0, level < 0], choices, "common_cause")
