"""Headings: aliases, header rows below titles, and recognising each layout."""

from __future__ import annotations

from typing import Any

import pytest

from loaders import LoadContext, validate_file
from loaders.columns import TEMPLATE_COLUMNS, find_header, header_key


@pytest.mark.parametrize(("text", "key"), [("Area code", "areacode"), ("area_code", "areacode"),
                                           ("AREA-CODE", "areacode"), (None, "")])
def test_header_key(text: Any, key: str) -> None:
    assert header_key(text) == key


@pytest.mark.parametrize("area_heading", ["Area code", "area_code", "ONS code", "AreaCode",
                                          "GSS code", "LA code"])
@pytest.mark.parametrize("period_heading", ["Period", "Time period", "Quarter"])
def test_renamed_headings_still_load(files: Any, ctx: LoadContext, area_heading: str,
                                     period_heading: str) -> None:
    path = files.xlsx("renamed.xlsx", {"Data": [
        ["Indicator", area_heading, period_heading, "Count", "Value"],
        ["cla_number", "E07000117", "Q2 2016/17", None, 120]]})
    result = validate_file(path, ctx)
    assert result.report.issues == []
    assert result.frame[["indicator_id", "area_code", "value"]].values.tolist() == [
        ["cla_number", "E07000117", 120.0]]


def test_area_name_column_is_used_when_there_is_no_code(files: Any, ctx: LoadContext) -> None:
    path = files.xlsx("names.xlsx", {"Data": [
        ["indicator_id", "Area name", "period", "value"],
        ["cla_number", "Blackburn with Darwen", "Q2 2016/17", 120],
        ["cla_number", "Burnley", "Q2 2016/17", 121]]})
    result = validate_file(path, ctx)
    assert result.report.issues == []
    assert result.frame["area_code"].tolist() == ["E06000008", "E07000117"]


def test_header_may_sit_below_title_rows(files: Any, ctx: LoadContext) -> None:
    path = files.xlsx("titled.xlsx", {"Data": [
        ["CYPP quarterly figures"], ["Prepared by the performance team"], [],
        files.HEADER, files.row()]})
    result = validate_file(path, ctx)
    assert result.report.issues == [] and result.frame["source_cell"].tolist() == ["Data!G5"]


@pytest.mark.parametrize(("headings", "layout"), [
    (["Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number"], "lait"),
    (["IndicatorId", "IndicatorName", "AreaCode", "Year", "Value", "LowerCI"], "fingertips"),
    (["indicator_id", "area_code", "period", "value"], "template"),
    (["indicator", "period", "value"], "template"),
])
def test_layout_is_recognised_from_headings(headings: list[str], layout: str) -> None:
    found = find_header([headings])
    assert found is not None and found[0] == layout


def test_unrelated_headings_are_not_a_layout() -> None:
    assert find_header([["Name", "Score"], ["Ann", 3]]) is None


def test_every_template_column_has_a_description() -> None:
    assert all(column.description for column in TEMPLATE_COLUMNS)
    keys = [k for c in TEMPLATE_COLUMNS for k in {header_key(a) for a in (c.field, *c.aliases)}]
    assert len(keys) == len(set(keys)), "an alias names two columns"
