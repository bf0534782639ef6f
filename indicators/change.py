"""Change since the previous period and its direction, judged by polarity."""

from __future__ import annotations

from typing import Any

import numpy as np

from indicators._validation import as_float_array, is_scalar, polarity_sign, scalar_or_array

NOT_COMPARABLE = "not comparable"
NO_CHANGE = "no change"
#: Direction labels indexed by [judged?][sign of the polarity-adjusted change + 1].
_JUDGED = np.array(["worsened", NO_CHANGE, "improved"])
_NEUTRAL = np.array(["decreased", NO_CHANGE, "increased"])


def change_and_direction(
    current: Any,
    previous: Any,
    polarity: Any,
    comparable: Any = True,
    tolerance: float = 0.0,
) -> tuple[Any, Any]:
    """Change from the previous period (``current - previous``) and its direction.

    Parameters
    ----------
    current, previous : float or array_like
        Values of this and the previous period, in the indicator's unit (a change in a percentage
        is in percentage points).
    polarity : str or array_like of str
        "high_is_good", "low_is_good", "no_judgement" ("not_applicable" or missing are read as no
        judgement).
    comparable : bool or array_like of bool, default True
        False where the two periods cannot be compared (for example a change of definition).
    tolerance : float, default 0
        Changes no larger than this in absolute value count as "no change".

    Returns
    -------
    change : float or numpy.ndarray
        ``current - previous``; NaN where either is missing or the periods are not comparable.
    direction : str or numpy.ndarray of str
        "improved", "worsened" or "no change" for judged polarities; "increased", "decreased" or
        "no change" without a judgement; "not comparable" where ``change`` is NaN.

    Raises
    ------
    ValueError
        If a polarity is not a known spelling or ``tolerance`` is negative.

    Notes
    -----
    This is the plain direction of movement, not a significance test; for "significantly changed"
    compare the two periods' confidence intervals with :func:`indicators.compare_ci_overlap`.

    References
    ----------
    .. [1] ukhsa-collaboration/fingertips-open@67808972: PholioVisualisationWS/Analysis/
       TrendBetweenTwoValuesCalculator.cs (change since the previous period).
    """
    if tolerance < 0:
        raise ValueError(f"'tolerance' must not be negative; got {tolerance!r}")
    now = as_float_array(current, "current")
    before = as_float_array(previous, "previous")
    ok = np.asarray(comparable, dtype=bool)
    change = np.where(ok, now - before, np.nan)
    sign = np.nan_to_num(polarity_sign(polarity), nan=0.0)
    step = np.where(change > tolerance, 1, np.where(change < -tolerance, -1, 0))
    judged = _JUDGED[(step * sign).astype(np.intp) + 1]
    direction = np.where(sign == 0, _NEUTRAL[step + 1], judged)
    direction = np.where(np.isnan(change), NOT_COMPARABLE, direction)
    scalar = is_scalar(current, previous, polarity, comparable)
    return scalar_or_array(change, scalar), str(direction) if scalar else direction


def percent_change(current: Any, previous: Any) -> Any:
    """Percentage change ``100 × (current − previous) / |previous|``.

    NaN where either value is missing or ``previous`` is 0 (no defined percentage change).

    References
    ----------
    .. [1] Office for National Statistics. Guide to calculating percentage change (relative
       change with respect to the earlier value).
    """
    now = as_float_array(current, "current")
    before = as_float_array(previous, "previous")
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.where(before == 0, np.nan, 100.0 * (now - before) / np.abs(before))
    return scalar_or_array(result, is_scalar(current, previous))
