"""DfE EES data files: indicator columns by name, filters, areas by level, symbols kept."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from loaders import LoadContext, LoadResult, validate_file
from loaders.ees import parse_filter
from tests.loaders.conftest import SHARED_DATA

CLA = SHARED_DATA / "api-samples" / "ees-csv" / "cla_number_and_rate_per_10k_children.csv"
HEADER = ["time_period", "time_identifier", "geographic_level", "country_code", "region_code",
          "old_la_code", "new_la_code", "la_name", "population_type", "children_count",
          "rate_per_10000"]
ON_31_MARCH = "Children looked after on 31 March each year"


@pytest.fixture(scope="module")
def cla(catalogue: Any, areas: pd.DataFrame) -> LoadResult:
    return validate_file(CLA, LoadContext(catalogue, areas))


def _figure(result: LoadResult, indicator: str, area: str, label: str) -> pd.Series:
    frame = result.frame
    found = frame[(frame["indicator_id"] == indicator) & (frame["area_code"] == area)
                  & (frame["period_label"] == label)]
    assert len(found) == 1
    return found.iloc[0]


def test_cla_file_loads_numbers_and_rates_for_every_area(cla: LoadResult) -> None:
    assert cla.file_format == "ees-csv" and cla.report.errors == []
    assert cla.report.rows_read == 2505
    frame = cla.frame
    rates = frame[frame["indicator_id"] == "cla_rate"]
    levels = rates.drop_duplicates("area_code")["area_code"].str[:3].value_counts()
    assert levels["E92"] == 1 and levels["E12"] == 9
    assert rates["area_code"].nunique() >= 150
    assert _figure(cla, "cla_rate", "E10000017", "Q4 2024/25")["value"] == 65
    assert _figure(cla, "cla_number", "E10000017", "Q4 2023/24")["value"] == 1750
    assert _figure(cla, "cla_number", "E92000001", "Q4 2024/25")["value"] == 81770
    assert _figure(cla, "cla_starts_number", "E10000017", "2024/25")["value"] == 517
    assert _figure(cla, "cla_ceased_rate", "E12000002", "2024/25")["source"] == (
        "DfE Explore Education Statistics")
    assert any("Inner London" in note for note in cla.notes)


def test_symbols_become_figures_not_published_with_the_symbol_kept(cla: LoadResult) -> None:
    withheld = cla.frame[cla.frame["value_note"].str.contains("symbol 'c'", na=False)]
    assert len(withheld) == 4 and set(withheld["status"]) == {"suppressed"}
    assert withheld["value"].isna().all()


def test_columns_are_read_by_name_in_any_order(files: Any, ctx: LoadContext) -> None:
    reordered = [HEADER[i] for i in (10, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7)]
    row = dict(zip(HEADER, ["2024", "Reporting year", "Local authority", "E92000001",
                            "E12000002", "888", "E10000017", "Lancashire", ON_31_MARCH,
                            "x", "68"], strict=True))
    path = files.csv("ees.csv", [reordered, [row[c] for c in reordered]])
    result = validate_file(path, ctx)
    assert result.report.errors == []
    by_id = result.frame.set_index("indicator_id")
    assert by_id.loc["cla_rate", "value"] == 68
    assert by_id.loc["cla_number", "status"] == "not_available"
    assert "symbol 'x'" in by_id.loc["cla_number", "value_note"]


def test_a_file_without_mapped_columns_names_its_columns(files: Any, ctx: LoadContext) -> None:
    path = files.csv("ees.csv", [[*HEADER[:8], "pupil_count"],
                                 ["2024", "Reporting year", "National", "E92000001", "", "",
                                  "", "", "5"]])
    report = validate_file(path, ctx).report
    assert report.codes() == ["no-mapped-rows"]
    assert "pupil_count" in report.issues[0].message


def test_filters_parse_column_and_option() -> None:
    assert parse_filter("population_type=Children looked after; Sex = Boys") == {
        "populationtype": "Children looked after", "sex": "Boys"}
    assert parse_filter(None) == {}
