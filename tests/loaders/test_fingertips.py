"""Fingertips exports: published intervals, year conventions, headline and sex breakdowns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from demo.partnership import demo_profile
from domain.areas import reference_areas
from domain.catalogue import load_catalogue
from loaders import LoadContext, LoadResult, validate_file

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@pytest.fixture(scope="module")
def fingertips() -> LoadResult:
    ctx = LoadContext(load_catalogue(), reference_areas(SHARED_DATA, [demo_profile()]))
    return validate_file(SHARED_DATA / "fingertipsnext_nw_child_indicators_ci.csv", ctx)


def _rows(result: LoadResult, indicator: str, area: str = "E10000017") -> pd.DataFrame:
    frame = result.frame
    return frame[(frame["indicator_id"] == indicator) & (frame["area_code"] == area)]


def test_published_file_loads_without_issues(fingertips: LoadResult) -> None:
    assert fingertips.report.issues == [] and fingertips.file_format == "fingertips-csv"
    assert any("92708" in note for note in fingertips.notes)


def test_published_intervals_are_kept(fingertips: LoadResult) -> None:
    row = _rows(fingertips, "conceptions_u18").iloc[0]
    assert (row["period_label"], row["numerator"], row["denominator"]) == ("2018", 435, 19258)
    assert (row["value"], row["lower_ci"], row["upper_ci"]) == (22.58802, 20.51491, 24.81383)
    assert (row["ci_source"], row["ci_level"]) == ("published", 0.95)


@pytest.mark.parametrize(("indicator", "label"), [
    ("conceptions_u18", "2018"), ("smoking_at_delivery", "2018/19"),
    ("obesity_reception", "2018/19 (academic)")])
def test_year_is_calendar_or_start_year_by_period_type(fingertips: LoadResult, indicator: str,
                                                       label: str) -> None:
    assert _rows(fingertips, indicator)["period_label"].iloc[0] == label


def test_sex_breakdown_is_loaded_where_declared(fingertips: LoadResult) -> None:
    alcohol = _rows(fingertips, "alcohol_admissions_u18")
    assert sorted(set(alcohol["breakdown"])) == ["all", "female", "male"]
    smoking = _rows(fingertips, "smoking_at_delivery")
    assert set(smoking["breakdown"]) == {"all"}
    assert not smoking.duplicated(["period_key", "breakdown"]).any()


def test_missing_values_are_not_available(files: Any, ctx: LoadContext) -> None:
    path = files.csv("ft.csv", [["IndicatorId", "AreaCode", "Year", "Value", "Count",
                                 "Denominator"],
                                ["20401", "E10000017", "2019", "", "", "5"]])
    result = validate_file(path, ctx)
    assert result.report.issues == []
    row = result.frame.iloc[0]
    assert row["status"] == "not_available" and pd.isna(row["denominator"])


def test_published_rows_are_still_checked_for_consistency(files: Any, ctx: LoadContext) -> None:
    path = files.csv("ft.csv", [["IndicatorId", "AreaCode", "Year", "Value", "LowerCI",
                                 "UpperCI"],
                                ["20401", "E10000017", "2019", "30", "10", "20"]])
    assert validate_file(path, ctx).report.flatten(["row", "column", "code"]) == [
        [2, "Value", "ci-excludes-value"]]
