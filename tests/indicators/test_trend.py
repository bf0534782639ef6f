"""Recent-trend marker against reference_trend.csv, plus eligibility edge cases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators import recent_trend
from indicators.trend import CHI2_THRESHOLD

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "reference"
ROWS = pd.read_csv(REFERENCE / "reference_trend.csv")
CASE_IDS = list(ROWS["case_id"].unique())
#: The reference's marker spellings (fingertips-open asserts only significance).
MARKERS = {
    "significant": {"Increasing", "Decreasing"},
    "not significant": {"No significant change"},
    "CannotBeCalculated": {"Cannot be calculated"},
    "NoChange": {"No significant change"},
    "Increasing": {"Increasing"},
    "Decreasing": {"Decreasing"},
}


def _run(case: pd.DataFrame):
    legacy = case["case_id"].iloc[0].startswith("open_")
    method = "spc_proportion" if case["comparator_method"].iloc[0].startswith("SPC") else (
        "ci_weighted")
    polarity = case["polarity"].iloc[0]
    return recent_trend(case["value"], case["lower95"], case["upper95"], case["count"],
                        case["denominator"], None if pd.isna(polarity) else polarity,
                        value_type=case["value_type"].iloc[0], method=method,
                        allow_gaps=not legacy)


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_reference_trend(case_id: str) -> None:
    case = ROWS[ROWS["case_id"] == case_id].sort_values("period")
    result = _run(case)
    assert result.marker in MARKERS[case["expected_marker"].iloc[0]]
    if not pd.isna(case["expected_label"].iloc[0]):
        assert result.label == case["expected_label"].iloc[0]
    if not pd.isna(case["expected_chi2"].iloc[0]):
        assert round(result.chi2, 2) == case["expected_chi2"].iloc[0]


def test_reference_has_eleven_cases() -> None:
    assert len(CASE_IDS) == 11


def test_significant_case_has_positive_slope_and_label_by_polarity() -> None:
    case = ROWS[ROWS["case_id"] == "open_set1_general"]
    args = (case["value"], case["lower95"], case["upper95"], case["count"], case["denominator"])
    assert recent_trend(*args, "high_is_good").label == "Increasing and getting better"
    assert recent_trend(*args, "low_is_good").label == "Increasing and getting worse"
    result = recent_trend(*args, "no_judgement")
    assert result.label == "Increasing" and result.slope > 0 and result.chi2 > CHI2_THRESHOLD


def test_only_five_most_recent_points_are_used() -> None:
    case = ROWS[ROWS["case_id"] == "next_mmr_coverage_yorkshire"]
    early = pd.DataFrame({"value": [50.0, 40.0], "lower95": [49.0, 39.0], "upper95": [51.0, 41.0],
                          "count": [5, 4], "denominator": [10, 10]})
    longer = pd.concat([early, case[early.columns]], ignore_index=True)
    result = recent_trend(longer["value"], longer["lower95"], longer["upper95"],
                          longer["count"], longer["denominator"], "high_is_good")
    assert result.points_used == 5 and result.label == "Decreasing and getting worse"


def test_gap_handling_legacy_versus_next() -> None:
    values = np.array([10.0, 11, np.nan, 12, 13, 14, 15])
    width = np.full(7, 0.2)
    counts, denominators = np.full(7, 50.0), np.full(7, 500.0)
    args = (values, values - width, values + width, counts, denominators, "high_is_good")
    assert recent_trend(*args).marker == "Increasing"
    legacy = recent_trend(*args, allow_gaps=False)  # only 4 unbroken points after the gap
    assert legacy.marker == "Cannot be calculated"


def test_ineligible_series() -> None:
    values = np.arange(1.0, 6.0)
    args = (values, values - 0.1, values + 0.1, np.full(5, 5.0), np.full(5, 10.0))
    assert recent_trend(*args, year_range=3).marker == "Cannot be calculated"
    assert recent_trend(*args, value_type="count").message.endswith("value type")
    missing_count = recent_trend(values, values - 0.1, values + 0.1,
                                 [5, 5, np.nan, 5, 5], np.full(5, 10.0))
    assert missing_count.marker == "Cannot be calculated"


def test_too_few_points_with_cis_is_no_change() -> None:
    values = np.arange(1.0, 6.0)
    lower = np.array([np.nan, np.nan, np.nan, 3.9, 4.9])
    result = recent_trend(values, lower, lower + 0.2, np.full(5, 5.0), np.full(5, 10.0))
    assert result.marker == "No significant change" and np.isnan(result.chi2)


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError, match="'method'"):
        recent_trend([1], [1], [1], [1], [1], method="ols")
    with pytest.raises(ValueError, match="same length"):
        recent_trend([1, 2], [1], [1], [1], [1])
    with pytest.raises(ValueError, match="'polarity'"):
        recent_trend([1], [1], [1], [1], [1], "up")
