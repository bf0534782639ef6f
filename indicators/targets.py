"""Targets of a scorecard row for one area and reporting quarter, with trajectories.

Pure functions. A target belongs to one area (a county's target is never its districts');
the target that applies in a reporting quarter is the area's earliest target due on or after
the quarter's end. With a baseline, the quarter's figure is judged against the straight line
from the baseline to the target, read at the quarter's end (the "trajectory"); the rating is
then :func:`indicators.rag.rag_rating`'s target rule, whose reason names the trajectory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from domain.periods import Period
from domain.scorecard_definition import Target


def trajectory_value(target: Target, quarter_end: dt.date) -> float:
    """The target's value at ``quarter_end``: linear from the baseline (at the baseline
    period's end) to the target (at the target period's end); the target itself without a
    baseline, at or after the target's period, or before the baseline.

    References
    ----------
    .. [1] NHS England, "Making data count" (2019): a trajectory is the planned path to a
       target, checked each month or quarter against the plan's straight line.
    """
    if target.baseline_period is None or target.baseline_value is None:
        return target.value
    start, end = target.baseline_period.end, target.period.end
    if quarter_end >= end or quarter_end <= start:
        return target.value if quarter_end >= end else target.baseline_value
    share = (quarter_end - start).days / (end - start).days
    return target.baseline_value + (target.value - target.baseline_value) * share


@dataclass(frozen=True)
class AppliedTarget:
    """What a row is judged against: ``value`` (the trajectory's point, or the target),
    the target it leads to, and the quarter of the trajectory ("Q3"; empty without one)."""

    value: float
    target: float
    trajectory_quarter: str = ""


def target_for(targets: Iterable[Target], area_code: str, quarter: Period
               ) -> AppliedTarget | None:
    """What ``area_code`` is judged against in ``quarter``: its earliest target due at or
    after the quarter's end, read on its trajectory; None when the definition sets this area
    no such target."""
    due = sorted((t for t in targets
                  if t.area_code == area_code and t.period.end >= quarter.end),
                 key=lambda t: t.period.end)
    if not due:
        return None
    target = due[0]
    if target.baseline_period is None or quarter.end >= target.period.end:
        return AppliedTarget(target.value, target.value)
    return AppliedTarget(trajectory_value(target, quarter.end), target.value,
                         quarter.label.split(" ")[0])
