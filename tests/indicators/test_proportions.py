"""DataFrame wrapper for proportions: columns, grouped sums, missing values and errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators import proportion_with_ci, wilson_ci

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "reference"
CASES = pd.read_csv(REFERENCE / "reference_cases.csv", keep_default_na=False, dtype=str)
GROUPED = CASES[(CASES["method"] == "wilson_proportion")
                & CASES["notes"].str.startswith("grouped input")]


def test_appends_value_interval_and_metadata() -> None:
    df = pd.DataFrame({"area": ["A", "B"], "cases": [65, 1045], "children": [100, 5000]})
    out = proportion_with_ci(df, "cases", "children")
    assert list(out.columns) == ["area", "cases", "children", "value", "lower_ci", "upper_ci",
                                 "statistic", "ci_method", "confidence"]
    assert out["value"].tolist() == pytest.approx([65.0, 20.9])
    assert out.loc[0, "lower_ci"] == pytest.approx(55.25444329688797, rel=1e-12)
    assert out.loc[0, "upper_ci"] == pytest.approx(73.63575175690247, rel=1e-12)
    assert set(out["statistic"]) == {"percentage"} and set(out["ci_method"]) == {"Wilson"}
    assert set(out["confidence"]) == {0.95}
    assert "value" not in df.columns  # input untouched


def test_multiplier_and_percentage_confidence() -> None:
    df = pd.DataFrame({"numerator": [5], "denominator": [100]})
    out = proportion_with_ci(df, multiplier=1, confidence=99.8)
    assert out["statistic"].iloc[0] == "proportion of 1"
    assert out["confidence"].iloc[0] == 0.998
    assert out["lower_ci"].iloc[0] == pytest.approx(0.013865320725997183, rel=1e-12)


@pytest.mark.parametrize("row", GROUPED.to_dict("records"), ids=lambda r: r["numerator"])
def test_grouped_reference_rows_sum_before_computing(row: dict[str, str]) -> None:
    """Each grouped reference row is the sum of two identical input rows."""
    x, n = float(row["numerator"]), float(row["denominator"])
    df = pd.DataFrame({"area": ["A", "A"], "numerator": [x / 2] * 2, "denominator": [n / 2] * 2})
    out = proportion_with_ci(df, multiplier=1, group_by="area")
    assert len(out) == 1
    assert out["numerator"].iloc[0] == x and out["denominator"].iloc[0] == n
    assert out["value"].iloc[0] == pytest.approx(float(row["expected_value"]), rel=1e-6)
    assert out["lower_ci"].iloc[0] == pytest.approx(float(row["expected_lower"]), rel=1e-6)
    assert out["upper_ci"].iloc[0] == pytest.approx(float(row["expected_upper"]), rel=1e-6)


def test_missing_value_in_group_makes_group_missing() -> None:
    df = pd.DataFrame({"area": ["A", "A", "B", "B"], "numerator": [1, None, 2, 3],
                       "denominator": [10, 10, 10, 10]})
    out = proportion_with_ci(df, group_by=["area"]).set_index("area")
    assert out.loc["A", ["value", "lower_ci", "upper_ci"]].isna().all()
    assert out.loc["B", "value"] == pytest.approx(25.0)
    assert out.loc["B", "lower_ci"] == pytest.approx(wilson_ci(5, 20)[0] * 100)


def test_missing_rows_give_missing_results() -> None:
    df = pd.DataFrame({"numerator": pd.array([None, 4], dtype="Int64"),
                       "denominator": pd.array([100, None], dtype="Int64")})
    out = proportion_with_ci(df)
    assert out[["value", "lower_ci", "upper_ci"]].isna().all().all()


@pytest.mark.parametrize(
    ("frame", "kwargs", "message"),
    [
        (pd.DataFrame({"numerator": [-1], "denominator": [10]}), {}, "'numerator'"),
        (pd.DataFrame({"numerator": [1], "denominator": [0]}), {}, "'denominator'"),
        (pd.DataFrame({"numerator": [11], "denominator": [10]}), {}, "'numerator'"),
        (pd.DataFrame({"numerator": [1], "denominator": [10]}), {"multiplier": 0},
         "'multiplier'"),
        (pd.DataFrame({"numerator": [1], "denominator": [10]}), {"confidence": 0.8},
         "'confidence'"),
        (pd.DataFrame({"numerator": [1], "denominator": [10]}), {"group_by": "area"}, "'area'"),
        (pd.DataFrame({"cases": [1], "denominator": [10]}), {}, "'numerator'"),
    ],
)
def test_invalid_input_raises(frame: pd.DataFrame, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        proportion_with_ci(frame, **kwargs)


def test_not_a_frame_raises_type_error() -> None:
    with pytest.raises(TypeError, match="'df'"):
        proportion_with_ci(np.array([[1, 2]]))  # type: ignore[arg-type]
