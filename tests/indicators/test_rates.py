"""DataFrame wrapper for crude rates: exact/Byar switch, grouped sums, zero counts, errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from indicators import rate_with_ci

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "reference"
CASES = pd.read_csv(REFERENCE / "reference_cases.csv", keep_default_na=False, dtype=str)
GROUPED = CASES[CASES["method"].str.startswith("poisson_rate")
                & CASES["notes"].str.startswith("grouped input")]


def test_appends_rate_interval_and_method_per_row() -> None:
    df = pd.DataFrame({"events": [0, 5, 10, 250], "population": [5000, 100, 200, 220]})
    out = rate_with_ci(df, "events", "population", multiplier=100_000)
    assert out["ci_method"].tolist() == ["Exact", "Exact", "Byars", "Byars"]
    assert out["statistic"].iloc[0] == "rate per 100,000"
    assert out.loc[0, "lower_ci"] == 0.0  # zero events are fine (unlike PHStatsMethods)
    assert out.loc[1, ["lower_ci", "upper_ci"]].tolist() == pytest.approx(
        [1623.4863901184199, 11668.332079322669], rel=1e-9)
    assert out.loc[3, "value"] == pytest.approx(113636.36363636365)  # x > n allowed


def test_default_multiplier_is_per_10000() -> None:
    out = rate_with_ci(pd.DataFrame({"numerator": [0], "denominator": [5000]}))
    assert out["statistic"].iloc[0] == "rate per 10,000"
    assert out["upper_ci"].iloc[0] == pytest.approx(7.378, abs=5e-4)


@pytest.mark.parametrize("row", GROUPED.to_dict("records"), ids=lambda r: r["numerator"])
def test_grouped_reference_rows_sum_before_computing(row: dict[str, str]) -> None:
    x, n = float(row["numerator"]), float(row["denominator"])
    df = pd.DataFrame({"area": ["A", "A"], "numerator": [x / 2] * 2, "denominator": [n / 2] * 2})
    out = rate_with_ci(df, multiplier=float(row["multiplier"]), group_by="area")
    expected_method = "Exact" if row["method"] == "poisson_rate_exact" else "Byars"
    assert out["ci_method"].iloc[0] == expected_method
    for column, expected in (("value", "expected_value"), ("lower_ci", "expected_lower"),
                             ("upper_ci", "expected_upper")):
        assert out[column].iloc[0] == pytest.approx(float(row[expected]), rel=1e-6)


def test_missing_counts_give_missing_results_and_method() -> None:
    df = pd.DataFrame({"numerator": [None, 10], "denominator": [100, None]})
    out = rate_with_ci(df)
    assert out[["value", "lower_ci", "upper_ci"]].isna().all().all()
    assert out["ci_method"].iloc[0] is None


@pytest.mark.parametrize(
    ("frame", "kwargs", "message"),
    [
        (pd.DataFrame({"numerator": [-1], "denominator": [10]}), {}, "'numerator'"),
        (pd.DataFrame({"numerator": [1], "denominator": [-3]}), {}, "'denominator'"),
        (pd.DataFrame({"numerator": [1], "denominator": [10]}), {"multiplier": -1},
         "'multiplier'"),
        (pd.DataFrame({"numerator": [1], "denominator": [10]}), {"confidence": 2},
         "'confidence'"),
    ],
)
def test_invalid_input_raises(frame: pd.DataFrame, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rate_with_ci(frame, **kwargs)
