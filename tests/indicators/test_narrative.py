"""Generated performance summary sentences, in the seed's style (seed 002)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from indicators.narrative import (
    change_sentence,
    comparator_sentence,
    outcome_summaries,
    period_phrase,
    subject,
)

CP_PLANS: dict[str, Any] = {
    "indicator_id": "cp_plans_number", "title": "Number of cyp on child protection plans",
    "short_title": "Children on child protection plans", "outcome": "feel_safe",
    "value_type": "count", "decimals": 0, "unit_label": "", "period_type": "fy_quarter",
    "period_label": "Q3 2016/17", "value": 1631.0, "previous_period": "Q2 2016/17",
    "previous_value": 1734.0, "change": -103.0, "direction": "decreased", "comparable": True,
    "definition": "Children subject to a child protection plan at the end of the quarter.",
    "illustrative": False,
}
CLA_RATE: dict[str, Any] = {
    **CP_PLANS, "indicator_id": "cla_rate", "short_title": "Looked after children rate",
    "value_type": "rate", "decimals": 1, "unit_label": "per 10,000 aged 0-17", "value": 74.0,
    "previous_value": 72.7, "change": 1.3, "direction": "worsened",
    "national_value": 60.0, "national_period": "Q4 2015/16", "national_significance": "Worse",
    "regional_value": 82.0, "regional_period": "Q4 2015/16", "regional_significance": "Better",
    "region_name": "North West", "neighbour_value": 63.0, "neighbour_period": "Q4 2015/16",
    "neighbour_significance": "Worse",
}
INCIDENTS: dict[str, Any] = {
    **CP_PLANS, "indicator_id": "domestic_incidents_children",
    "short_title": "Domestic incidents involving children", "value": 2511.0,
    "previous_value": 2661.0, "change": -150.0, "direction": "improved",
    "definition": "Domestic incidents recorded in the quarter where a child was involved.",
}


def test_the_seed_sentence_for_child_protection_plans() -> None:
    assert change_sentence(CP_PLANS) == (
        "The number of children on child protection plans at the end of quarter three 2016/17 "
        "(1,631) had reduced when compared to the end of the previous quarter (1,734).")


def test_judged_changes_say_whether_they_improved() -> None:
    assert change_sentence(INCIDENTS) == (
        "The number of domestic incidents involving children in quarter three 2016/17 (2,511) "
        "had reduced when compared to the previous quarter (2,661), an improvement.")


def test_rates_carry_their_unit_and_comparators_their_periods() -> None:
    assert change_sentence(CLA_RATE) == (
        "The looked after children rate at the end of quarter three 2016/17 (74.0 per 10,000 "
        "aged 0-17) had increased when compared to the end of the previous quarter (72.7), a "
        "decline.")
    assert comparator_sentence(CLA_RATE) == (
        "It was significantly worse than England (60.0 in Q4 2015/16) and statistical "
        "neighbours (63.0 in Q4 2015/16) and significantly better than the North West region "
        "(82.0 in Q4 2015/16).")


def test_without_a_previous_figure_or_comparators() -> None:
    first = {**CP_PLANS, "previous_period": None, "previous_value": None, "change": None}
    assert change_sentence(first) == ("The number of children on child protection plans at the "
                                      "end of quarter three 2016/17 (1,631) cannot be compared "
                                      "with an earlier figure.")
    assert comparator_sentence(CP_PLANS) is None
    assert change_sentence({**CP_PLANS, "value": None}) is None


@pytest.mark.parametrize(("label", "kind", "expected"), [
    ("Q3 2016/17", "fy_quarter", "quarter three 2016/17"),
    ("Q2 2015", "cal_quarter", "quarter two 2015"),
    ("2015/16 (academic)", "academic_year", "the 2015/16 academic year"),
    ("Jul 2015 - Jun 2016", "rolling_12m", "the year Jul 2015 to Jun 2016"),
    ("At 31 Dec 2016", "snapshot", "at 31 Dec 2016"),
    ("2015/16", "fin_year", "2015/16"),
])
def test_period_phrases(label: str, kind: str, expected: str) -> None:
    assert period_phrase(label, kind) == expected


def test_subjects_follow_the_value_type() -> None:
    assert subject({"short_title": "CSC referrals", "value_type": "count"}) == (
        "The number of CSC referrals")
    assert subject({"short_title": "First time entrants", "value_type": "rate"}) == (
        "The rate of first time entrants")
    assert subject({"short_title": "Care leavers in work", "value_type": "percentage"}) == (
        "The percentage for care leavers in work")


def test_outcome_summaries_list_improving_and_declining() -> None:
    summaries = outcome_summaries(pd.DataFrame([CP_PLANS, CLA_RATE, INCIDENTS]))
    assert [s.outcome for s in summaries] == ["feel_safe"]
    only = summaries[0]
    assert only.improving == ["Domestic incidents involving children"]
    assert only.declining == ["Looked after children rate"]
    assert len(only.paragraphs) == 3
    assert only.paragraphs[0].startswith("The number of children on child protection plans")


def test_out_of_date_figures_are_neither_improving_nor_declining() -> None:
    stale = {**CLA_RATE, "currency": "out of date",
             "currency_label": "latest available: Q3 2016/17"}
    summaries = outcome_summaries(pd.DataFrame([CP_PLANS, stale, INCIDENTS]))
    only = summaries[0]
    assert only.declining == []
    assert only.improving == ["Domestic incidents involving children"]
    assert only.paragraphs[1].endswith(
        "(The latest available figure is for Q3 2016/17; it is out of date for this quarter.)")


def test_snapshots_read_at_their_date_not_in_at_it() -> None:
    row = {**CLA_RATE, "short_title": "Children in need rate", "period_type": "snapshot",
           "period_label": "At 31 Mar 2017", "previous_period": "At 31 Mar 2016",
           "value": 335.7, "previous_value": 411.5, "change": -75.8, "direction": "decreased",
           "definition": "Children in need per 10,000 children."}
    sentence = change_sentence(row)
    assert sentence is not None
    assert "rate at 31 Mar 2017 (335.7 per 10,000 aged 0-17)" in sentence
    assert "compared to the figure at 31 Mar 2016 (411.5)" in sentence
    assert " in at " not in sentence and " to at " not in sentence
