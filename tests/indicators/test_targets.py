"""Targets per area and trajectories: the value a quarter is judged against, and the reason
that names the trajectory."""

from __future__ import annotations

import pandas as pd
import pytest

from domain.periods import Period, parse_period
from domain.scorecard_definition import Target
from domain.vocabulary import PeriodType
from indicators.rag import rag_rating
from indicators.targets import target_for, trajectory_value

COUNTY, DISTRICT = "E10000017", "E07000117"


def quarter(text: str) -> Period:
    return parse_period(text, hint=PeriodType.FY_QUARTER)


#: 2,000 at the end of Q4 2015/16 rising to 4,303 by the end of Q4 2016/17.
YEAR_END = Target(COUNTY, quarter("Q4 2016/17"), 4303, quarter("Q4 2015/16"), 2000)


@pytest.mark.parametrize(("text", "expected"), [
    ("Q4 2015/16", 2000),            # at the baseline
    ("Q2 2016/17", 2000 + 2303 * 183 / 365),
    ("Q3 2016/17", 2000 + 2303 * 275 / 365),
    ("Q4 2016/17", 4303),            # the year-end target itself
    ("Q1 2017/18", 4303),
])
def test_trajectory_is_linear_between_baseline_and_target(text: str, expected: float) -> None:
    assert trajectory_value(YEAR_END, quarter(text).end) == pytest.approx(expected)


def test_a_target_without_baseline_applies_as_it_is() -> None:
    flat = Target(COUNTY, quarter("Q4 2016/17"), 4303)
    applied = target_for([flat], COUNTY, quarter("Q2 2016/17"))
    assert applied is not None
    assert (applied.value, applied.target, applied.trajectory_quarter) == (4303, 4303, "")


def test_a_county_target_is_never_a_districts() -> None:
    assert target_for([YEAR_END], DISTRICT, quarter("Q3 2016/17")) is None
    own = Target(DISTRICT, quarter("Q4 2016/17"), 367)
    applied = target_for([YEAR_END, own], DISTRICT, quarter("Q3 2016/17"))
    assert applied is not None and applied.value == 367


def test_the_earliest_target_due_applies_and_past_targets_do_not() -> None:
    later = Target(COUNTY, quarter("Q4 2017/18"), 5000)
    applied = target_for([later, YEAR_END], COUNTY, quarter("Q3 2016/17"))
    assert applied is not None and applied.target == 4303
    applied = target_for([later, YEAR_END], COUNTY, quarter("Q1 2017/18"))
    assert applied is not None and applied.target == 5000
    assert target_for([YEAR_END], COUNTY, quarter("Q1 2017/18")) is None


def test_the_reason_names_the_trajectory() -> None:
    applied = target_for([YEAR_END], COUNTY, quarter("Q3 2016/17"))
    assert applied is not None and applied.trajectory_quarter == "Q3"
    rated = rag_rating(pd.DataFrame({
        "rag_rule": ["target", "target"], "value": [3400.0, 3800.0], "unit_label": ["", ""],
        "decimals": [0, 0], "polarity": ["high_is_good", "high_is_good"],
        "target": [applied.value] * 2, "target_tolerance": [430.0, 430.0],
        "target_year_end": [applied.target] * 2, "trajectory_quarter": ["Q3", "Q3"]}))
    assert rated["rag"].tolist() == ["amber", "green"]
    assert rated["rag_reason"][0] == (
        "Amber: 3,400 is 335 below the Q3 trajectory 3,735 towards the year-end target of "
        "4,303, within the tolerance of 430.")
    assert rated["rag_reason"][1] == (
        "Green: 3,800 meets the Q3 trajectory 3,735 towards the year-end target of 4,303; "
        "high is good.")
