"""Special-cause rule vectors of reference_spc_rules.csv, one test per row."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators import spc_rules

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "reference"
ROWS = pd.read_csv(REFERENCE / "reference_spc_rules.csv", keep_default_na=False)
#: Rows whose ``rule`` names a rule vector; assurance and end-to-end rows are in test_spc.py.
RULE_ROWS = ROWS[ROWS["rule"].isin(["seven_point_trend", "part_of_seven_trend",
                                    "seven_point_one_side_mean", "two_in_three",
                                    "part_of_two_in_three"])]


def _vector(text: str) -> np.ndarray:
    return np.array([float(v) for v in text.split(";")])


@pytest.mark.parametrize("row", RULE_ROWS.to_dict("records"),
                         ids=[f"{r}-{i}" for r, i in zip(RULE_ROWS["rule"], RULE_ROWS["input"],
                                                          strict=True)])
def test_reference_rule_vector(row: dict[str, str]) -> None:
    rule = getattr(spc_rules, row["rule"])
    args = [_vector(row["input"])] + ([_vector(row["input2"])] if row["input2"] else [])
    assert rule(*args).tolist() == _vector(row["expected"]).astype(int).tolist()


def test_every_reference_row_is_tested_somewhere() -> None:
    others = set(ROWS["rule"]) - set(RULE_ROWS["rule"])
    assert others == {"assurance", "end_to_end_point_type"}


def test_special_cause_type_precedence_and_direction() -> None:
    y = np.array([1, 2, 3, 4, 5, 6, 7, 20.0])
    side = np.sign(y - 5)
    outside = y > 15
    types = spc_rules.special_cause_type(y, side, np.zeros(8), outside)
    assert types[-1] == "Above UCL"
    assert types[0] == "7 Point Trend (Increasing)" and types[6] == "7 Point Trend (Increasing)"
    assert spc_rules.point_type(types, "decrease").tolist()[-1] == "special_cause_concern"
    assert spc_rules.point_type(types, "neutral").tolist()[0] == "special_cause_neutral_high"
    assert spc_rules.point_type(["Common Cause", "2 in 3 Below CL"], "increase").tolist() == [
        "common_cause", "special_cause_concern"]


def test_short_and_empty_series() -> None:
    assert spc_rules.seven_point_trend([]).tolist() == []
    assert spc_rules.two_in_three([], []).tolist() == []
    with pytest.raises(ValueError, match="same length"):
        spc_rules.two_in_three([1, 0], [1])
    with pytest.raises(ValueError, match="'improvement_direction'"):
        spc_rules.point_type(["Common Cause"], "up")
