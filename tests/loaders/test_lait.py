"""DfE LAIT long extracts: the real published file loads cleanly through the catalogue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from demo.partnership import demo_profile
from domain.areas import reference_areas
from domain.catalogue import load_catalogue
from loaders import LoadContext, LoadResult, validate_file

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
HEAD = ["Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number", "Region"]


@pytest.fixture(scope="module")
def lait() -> LoadResult:
    ctx = LoadContext(load_catalogue(), reference_areas(SHARED_DATA, [demo_profile()]))
    return validate_file(SHARED_DATA / "lait_bds_csc_headline_by_la.csv", ctx)


def _one(result: LoadResult, indicator: str, area: str, label: str) -> pd.Series:
    frame = result.frame
    found = frame[(frame["indicator_id"] == indicator) & (frame["area_code"] == area)
                  & (frame["period_label"] == label)]
    assert len(found) == 1
    return found.iloc[0]


def test_published_file_loads_without_issues(lait: LoadResult) -> None:
    assert lait.report.issues == [] and lait.file_format == "lait-csv"
    assert len(lait.frame) == 27_888
    assert any("London (Inner)" in note for note in lait.notes)


def test_years_become_the_indicators_period_ending_31_march(lait: LoadResult) -> None:
    # SOURCES.md: Lancashire 2024 CLA 1,750, rate published as 68.
    assert _one(lait, "cla_number", "E10000017", "Q4 2023/24")["value"] == 1750
    assert _one(lait, "cla_rate", "E10000017", "Q4 2023/24")["value"] == 68
    snapshot = _one(lait, "cin_rate", "E10000017", "At 31 Mar 2024")
    assert snapshot["period_start"] == dt.date(2024, 3, 31)
    assert _one(lait, "cp_plans_starts_number", "E10000017", "2023/24")["period_type"] \
        == "fin_year"


def test_regions_and_england_resolve_by_name(lait: LoadResult) -> None:
    assert _one(lait, "cla_rate", "E12000002", "Q4 2023/24")["source"].startswith("DfE")
    assert _one(lait, "cla_rate", "E92000001", "Q4 2023/24")["value"] > 0


def test_float_artefacts_are_read_as_published(lait: LoadResult) -> None:
    # Published as 18.899999999999999 for Blackpool, 2016.
    assert _one(lait, "cp_plans_second_time", "E06000009", "2015/16")["value"] == 18.9


def test_dash_is_not_available_with_a_note(lait: LoadResult) -> None:
    row = _one(lait, "cp_plans_second_time", "E06000058", "2015/16")
    assert row["status"] == "not_available" and pd.isna(row["value"])
    assert "'-'" in row["value_note"]


def test_unmapped_measures_are_noted_not_loaded(files: Any, ctx: LoadContext) -> None:
    path = files.csv("mixed.csv", [HEAD, ["LAC", "x", "2024", "Lancashire", "68", "888", "NW"],
                                   ["OTHER", "x", "2024", "Lancashire", "5", "888", "NW"]])
    result = validate_file(path, ctx)
    assert result.report.issues == [] and len(result.frame) == 1
    assert any("OTHER (1)" in note for note in result.notes)


def test_small_counts_and_jumps_are_not_checked_in_published_extracts(
        files: Any, ctx: LoadContext) -> None:
    path = files.csv("small.csv", [HEAD,
                                   ["LACnum", "x", "2023", "Rutland", "3", "857", "EM"],
                                   ["LACnum", "x", "2024", "Rutland", "30", "857", "EM"]])
    assert validate_file(path, ctx).report.issues == []


def test_unreadable_year_is_reported(files: Any, ctx: LoadContext) -> None:
    path = files.csv("bad.csv", [HEAD, ["LAC", "x", "twenty", "Lancashire", "68", "888", "NW"]])
    assert validate_file(path, ctx).report.flatten(["row", "column", "code"]) == [
        [2, "Years", "unparseable-period"]]
