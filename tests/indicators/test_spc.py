"""XmR limits against reference_spc.csv, end-to-end point types, icons and assurance."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators import assurance_icon, spc_chart, variation_icon, xmr_limits

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "reference"
CASES = pd.read_csv(REFERENCE / "reference_spc.csv", dtype=str, keep_default_na=False)
RULES = pd.read_csv(REFERENCE / "reference_spc_rules.csv", dtype=str, keep_default_na=False)


def _vector(text: str) -> list[float]:
    return [float(v) for v in text.split(";")]


@pytest.mark.parametrize("case", CASES.to_dict("records"), ids=list(CASES["case_id"]))
def test_reference_limits_and_flags(case: dict[str, str]) -> None:
    values = _vector(case["values"])
    screen = case["screen_outliers"] == "TRUE"
    fix = int(case["fix_after_n_points"]) if case["fix_after_n_points"] else None
    limits = xmr_limits(values, screen, fix)
    tolerance = float(case["abs_tolerance"])
    for name in ("mean", "lpl", "upl", "nlpl", "nupl"):
        if case[f"expected_{name}"]:
            assert getattr(limits, name) == pytest.approx(float(case[f"expected_{name}"]),
                                                          abs=tolerance), name
    if case["expected_special_cause_flag"]:
        chart = spc_chart(values, screen_outliers=screen, fix_after_n_points=fix)
        expected = [bool(v) for v in _vector(case["expected_special_cause_flag"])]
        assert chart["special_cause_flag"].tolist() == expected


@pytest.mark.parametrize("row", RULES[RULES["rule"] == "assurance"].to_dict("records"),
                         ids=lambda r: f"{r['input']}-{r['input2']}")
def test_reference_assurance(row: dict[str, str]) -> None:
    lpl, upl, target = _vector(row["input"])
    expected = None if row["expected"] == "NA" else row["expected"]
    assert assurance_icon(lpl, upl, target, row["input2"]) == expected


def test_reference_end_to_end_point_types() -> None:
    row = RULES[RULES["rule"] == "end_to_end_point_type"].iloc[0]
    chart = spc_chart(_vector(row["input"]), row["input2"])
    assert chart["point_type"].tail(2).tolist() == row["expected"].split(";")


def test_rebase_restarts_limits() -> None:
    values = [10.0] * 4 + [11, 9, 10, 11] + [50, 52, 49, 51, 50, 48]
    rebase = [False] * 8 + [True] + [False] * 5
    chart = spc_chart(values, "increase", rebase=rebase)
    assert chart["segment"].tolist() == [0] * 8 + [1] * 6
    assert chart.loc[0, "mean"] == pytest.approx(81 / 8)
    assert chart.loc[8, "mean"] == pytest.approx(50.0)
    assert not chart["special_cause_flag"].iloc[8:].any()
    assert chart["trial_limits"].all()


def test_variation_icon_follows_latest_point() -> None:
    chart = spc_chart([5, 5.2, 4.9, 5.1, 5.0, 4.8, 5.1, 5.0, 4.9, 5.2, 5.0, 5.1, 9.0], "decrease")
    assert chart["special_cause_type"].iloc[-1] == "Above UCL"
    assert variation_icon(chart["point_type"], "decrease") == "concern_high"
    assert variation_icon(["special_cause_improvement"], "increase") == "improvement_high"
    assert variation_icon(["special_cause_neutral_low"], "neutral") == "neutral_low"


def test_assurance_without_target() -> None:
    assert assurance_icon(1, 3, None, "increase") is None
    assert assurance_icon(1, 3, float("nan"), "increase") is None


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: xmr_limits([1.0, np.nan, 2.0]), "'values'"),
        (lambda: xmr_limits([1.0]), "'values'"),
        (lambda: xmr_limits([1.0, 2.0, 3.0], fix_after_n_points=1), "'fix_after_n_points'"),
        (lambda: spc_chart([1.0, 2.0], "upwards"), "'improvement_direction'"),
        (lambda: spc_chart([1.0, 2.0], rebase=[True]), "'rebase'"),
        (lambda: variation_icon(["unknown"], "increase"), "'point_types'"),
    ],
)
def test_invalid_input_raises(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
