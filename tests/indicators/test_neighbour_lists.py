"""Neighbour averages use the DfE list in force for the figure's period, and say which."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from indicators._comparators import with_neighbour_summary
from indicators._series import with_ranks

#: (period label, period end) of a 2016/17 quarter and a 2025/26 quarter.
PERIODS = [("Q3 2016/17", dt.date(2016, 12, 31)), ("Q1 2025/26", dt.date(2025, 6, 30))]
#: The area, a neighbour only in the 2021 list, one only in the 2025 list, one in both.
VALUES = {"A": 70.0, "OLD": 60.0, "NEW": 90.0, "BOTH": 80.0}
NEIGHBOURS = pd.DataFrame({
    "area_code": ["A"] * 4,
    "neighbour_code": ["OLD", "BOTH", "NEW", "BOTH"],
    "model": ["dfe_sn_2021", "dfe_sn_2021", "dfe_sn_2025", "dfe_sn_2025"],
    # the earliest list stands for every period before its successor
    "valid_from": [None, None, dt.date(2025, 5, 1), dt.date(2025, 5, 1)],
    "valid_to": [dt.date(2025, 4, 30), dt.date(2025, 4, 30), None, None],
})


def _frame() -> pd.DataFrame:
    rows = [{"indicator_id": "cla_rate", "breakdown": "all", "area_code": area,
             "area_type": "other_la", "county_code": None, "period_key": label,
             "period_label": label, "period_end": end, "value": value,
             "comparators": ("neighbours",), "polarity": "low_is_good"}
            for label, end in PERIODS for area, value in VALUES.items()]
    return pd.DataFrame(rows)


def test_each_period_uses_the_list_in_force_and_names_it() -> None:
    out = with_neighbour_summary(_frame(), NEIGHBOURS)
    own = out[out["area_code"] == "A"].set_index("period_key")
    assert own.loc["Q3 2016/17", "neighbour_value"] == pytest.approx(70.0)   # OLD, BOTH
    assert own.loc["Q1 2025/26", "neighbour_value"] == pytest.approx(85.0)   # NEW, BOTH
    assert own["neighbour_model"].tolist() == ["dfe_sn_2021", "dfe_sn_2025"]
    assert own["neighbour_size"].tolist() == [2, 2]  # one list's size, not both lists'


def test_pairs_without_dates_are_always_in_force() -> None:
    undated = NEIGHBOURS.drop(columns=["model", "valid_from", "valid_to"]).drop_duplicates()
    out = with_neighbour_summary(_frame(), undated)
    own = out[out["area_code"] == "A"].set_index("period_key")
    assert own.loc["Q3 2016/17", "neighbour_value"] == pytest.approx(230 / 3)


def test_ranks_use_the_list_in_force_now() -> None:
    frame = _frame()
    ranked = with_ranks(frame, NEIGHBOURS)
    own = ranked[(ranked["area_code"] == "A") & (ranked["period_key"] == "Q1 2025/26")]
    assert own["rank_of"].iloc[0] == 3  # A, NEW and BOTH: OLD left the group in May 2025
