"""Fingertips exports: published intervals, year conventions, headline and sex breakdowns."""

from __future__ import annotations

from dataclasses import replace
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


API_CSV = SHARED_DATA / "api-samples" / "fingertips-api" / "indicators-CountyUA.data.csv"


def _with_campylobacter(ctx: LoadContext) -> LoadContext:
    """The catalogue plus the API sample's indicator 93356 (a rate per 100,000 by year)."""
    base = ctx.catalogue["conceptions_u18"]
    added = replace(base, id="campylobacter_rate", title="Campylobacter incidence rate",
                    short_title="Campylobacter rate", fingertips_id=93356, multiplier=100000,
                    numerator_indicator=None, comparators=(), decimals=1)
    return replace(ctx, catalogue={**ctx.catalogue, added.id: added})


def test_api_csv_stores_every_interval_it_publishes(ctx: LoadContext) -> None:
    result = validate_file(API_CSV, _with_campylobacter(ctx))
    assert result.file_format == "fingertips-csv" and result.report.errors == []
    assert result.report.rows_read == 852
    published = pd.read_csv(API_CSV, dtype={"Area Code": str})
    published = published[published["Category Type"].isna() & (published["Age"] == "All ages")
                          & published["Lower CI 95.0 limit"].notna()]
    frame = result.frame
    assert len(published) > 400
    stored = published.merge(frame.astype({"period_label": str}), left_on=[
        "Area Code", published["Time period"].astype(str)], right_on=["area_code",
                                                                      "period_label"])
    assert len(stored) == len(frame[frame["lower_ci"].notna()]) > 400
    assert stored["lower_ci"].to_numpy() == pytest.approx(stored["Lower CI 95.0 limit"])
    assert stored["upper_ci"].to_numpy() == pytest.approx(stored["Upper CI 95.0 limit"])
    assert set(stored["ci_source"]) == {"published"}
    lancashire = frame[frame["area_code"] == "E10000017"]
    assert lancashire["lower_ci"].notna().all() and len(lancashire) == 3


def test_unmapped_ids_are_named_and_a_mapping_offered(ctx: LoadContext) -> None:
    report = validate_file(API_CSV, ctx).report
    assert report.codes() == ["no-mapped-rows"] and report.rows_read == 852
    message = report.issues[0].message
    assert "93356 Campylobacter incidence rate/100,000" in message
    assert "scorecard catalogue add --fingertips-id 93356" in message


NEXT = SHARED_DATA / "api-samples" / "fingertips-next-api"


def test_fingertips_next_json_loads_with_its_intervals(ctx: LoadContext) -> None:
    base = ctx.catalogue["smoking_at_delivery"]
    readmissions = replace(base, id="readmissions_30d", fingertips_id=41101,
                           breakdown_type="sex", numerator_indicator=None)
    mapped = replace(ctx, catalogue={**ctx.catalogue, readmissions.id: readmissions})
    result = validate_file(NEXT / "indicators_41101_data_area_codes_E12000007_inequalities_sex"
                           ".json", mapped)
    assert result.file_format == "fingertips-json" and result.report.errors == []
    frame = result.frame
    assert sorted(set(frame["breakdown"])) == ["all", "female", "male"]
    first = frame[(frame["breakdown"] == "female") & (frame["period_label"] == "2013/14")]
    assert first[["value", "lower_ci", "upper_ci", "numerator"]].iloc[0].tolist() == [
        12.5, 12.3, 12.6, 52910]
    assert set(frame["area_code"]) == {"E12000007"} and len(frame) == 33


def test_json_that_is_not_fingertips_next_is_refused(files: Any, ctx: LoadContext) -> None:
    report = validate_file(files.raw("x.json", b'{"a": 1}'), ctx).report
    assert report.codes() == ["corrupt-file"] and "areaHealthData" in report.issues[0].message
    report = validate_file(files.raw("y.json", b'{"a": '), ctx).report
    assert report.codes() == ["corrupt-file"]
