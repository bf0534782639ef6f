"""Vectorised recent trend: the reference cases, and row-for-row agreement with recent_trend."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators import recent_trend
from indicators._series import TREND_WINDOW, with_trend
from indicators._validation import polarity_sign
from indicators.trend_windows import recent_trend_windows

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "reference"
ROWS = pd.read_csv(REFERENCE / "reference_trend.csv")
POLARITIES = np.array(["high_is_good", "low_is_good", "no_judgement", "not_applicable"])
#: Cases of the general method with gaps allowed (FingertipsNext), the branch vectorised here.
GENERAL_CASES = [
    case_id for case_id, case in ROWS.groupby("case_id")
    if not case_id.startswith("open_") and not case["comparator_method"].iloc[0].startswith("SPC")
    and case["value_type"].iloc[0] == "proportion"
]


def _one_row(case: pd.DataFrame, column: str) -> np.ndarray:
    return case[column].to_numpy(dtype=float)[None, :]


@pytest.mark.parametrize("case_id", GENERAL_CASES)
def test_reference_cases_match_the_scalar_test(case_id: str) -> None:
    case = ROWS[ROWS["case_id"] == case_id].sort_values("period")
    polarity = case["polarity"].iloc[0]
    polarity = None if pd.isna(polarity) else polarity
    expected = recent_trend(case["value"], case["lower95"], case["upper95"], case["count"],
                            case["denominator"], polarity)
    result = recent_trend_windows(
        *(_one_row(case, c) for c in ("value", "lower95", "upper95", "count", "denominator")),
        polarity_sign(np.array([polarity], dtype=object)))
    assert result.label[0] == expected.label
    np.testing.assert_allclose(result.chi2[0], expected.chi2, rtol=1e-9, atol=1e-9, equal_nan=True)


def test_reference_has_general_cases() -> None:
    assert len(GENERAL_CASES) >= 3


def _random_windows(rows: int, seed: int) -> dict[str, np.ndarray]:
    """Windows with trends, noise, gaps, missing CIs, zero-width CIs and count = denominator."""
    rng = np.random.default_rng(seed)
    width = TREND_WINDOW
    t = np.arange(width)[None, :]
    denominator = rng.integers(20, 5_000, (rows, 1)) * np.ones((1, width))
    base = rng.uniform(0.05, 0.6, (rows, 1)) + rng.normal(0, 0.03, (rows, 1)) * t
    p = np.clip(base + rng.normal(0, 0.02, (rows, width)), 0.0, 1.0)
    count = np.round(p * denominator)
    value = count / denominator * 100
    half = 196 * np.sqrt(np.maximum(p * (1 - p), 1e-4) / denominator)
    lower, upper = value - half, value + half
    for array, share in ((value, 0.08), (lower, 0.05), (count, 0.03)):
        array[rng.uniform(size=array.shape) < share] = np.nan
    zero_width = rng.uniform(size=upper.shape) < 0.01
    upper[zero_width] = lower[zero_width]
    full = rng.uniform(size=count.shape) < 0.005
    count[full] = denominator[full]
    short = rng.integers(0, width - 4, rows)
    value[t < short[:, None]] = np.nan
    return {"value": value, "lower": lower, "upper": upper, "count": count,
            "denominator": denominator,
            "polarity": POLARITIES[rng.integers(0, len(POLARITIES), rows)]}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_row_matches_recent_trend(seed: int) -> None:
    data = _random_windows(3_000, seed)
    result = recent_trend_windows(data["value"], data["lower"], data["upper"], data["count"],
                                  data["denominator"], polarity_sign(data["polarity"]))
    labels, chi2 = [], []
    for i, polarity in enumerate(data["polarity"]):
        scalar = recent_trend(data["value"][i], data["lower"][i], data["upper"][i],
                              data["count"][i], data["denominator"][i], str(polarity))
        labels.append(scalar.label)
        chi2.append(scalar.chi2)
    assert list(result.label) == labels
    np.testing.assert_allclose(result.chi2, chi2, rtol=1e-9, atol=1e-9, equal_nan=True)
    # The random series exercise every outcome, so the comparison means something.
    assert {"Cannot be calculated", "No significant change"} <= set(labels)
    assert any("getting" in label for label in labels)


def _series_frame(data: dict[str, np.ndarray], series: int) -> pd.DataFrame:
    """Long rows for ``series`` series of ``TREND_WINDOW`` quarters each, shuffled."""
    frames = []
    for i in range(series):
        starts = pd.date_range("2015-04-01", periods=TREND_WINDOW, freq="QS-APR")
        frames.append(pd.DataFrame({
            "indicator_id": f"ind_{i % 7}", "area_code": f"E0{i:07d}", "breakdown": "all",
            "period_type": "fy_quarter", "period_start": starts.date,
            "period_end": (starts + pd.offsets.QuarterEnd()).date,
            "value": data["value"][i], "lower_ci": data["lower"][i],
            "upper_ci": data["upper"][i], "numerator": data["count"][i],
            "denominator": data["denominator"][i], "polarity": data["polarity"][i],
            "value_type": "percentage" if i % 5 else "count",
        }))
    return pd.concat(frames, ignore_index=True).sample(frac=1.0, random_state=4)


def test_with_trend_tests_each_period_on_its_own_history() -> None:
    data = _random_windows(200, 9)
    judged = with_trend(_series_frame(data, 200))
    for i in range(200):
        rows = judged[judged["area_code"] == f"E0{i:07d}"]
        if i % 5 == 0:
            assert rows["trend"].isna().all()
            continue
        assert list(rows["trend"].iloc[:4]) == ["Cannot be calculated"] * 4
        for position in range(4, TREND_WINDOW):
            window = slice(0, position + 1)
            expected = recent_trend(data["value"][i][window], data["lower"][i][window],
                                    data["upper"][i][window], data["count"][i][window],
                                    data["denominator"][i][window], str(data["polarity"][i]))
            assert rows["trend"].iloc[position] == expected.label
            np.testing.assert_allclose(rows["trend_chi2"].iloc[position], expected.chi2,
                                       rtol=1e-9, atol=1e-9, equal_nan=True)
