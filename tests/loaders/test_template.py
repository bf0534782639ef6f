"""The upload template: README sheet, round trip, and text stored verbatim."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import load_workbook

from domain.catalogue import Indicator
from loaders import LoadContext, validate_file, write_template
from loaders.columns import TEMPLATE_COLUMNS, find_header
from loaders.readers import SheetData
from loaders.rules import RULES
from loaders.template import HEADINGS, template_candidates
from loaders.wide import MAPPING_COLUMNS


def test_xlsx_template_has_data_and_readme(catalogue: dict[str, Indicator],
                                           areas: pd.DataFrame) -> None:
    book = load_workbook(io.BytesIO(write_template(catalogue, areas)))
    assert book.sheetnames == ["Data", "README"]
    data = book["Data"]
    assert [c.value for c in data[1]] == HEADINGS and data.max_row == 1
    readme = {str(c.value) for row in book["README"].iter_rows() for c in row if c.value}
    assert {c.field for c in TEMPLATE_COLUMNS} <= readme
    assert set(RULES) <= readme
    assert set(MAPPING_COLUMNS) <= readme
    assert set(catalogue) <= readme
    assert set(areas["code"]) <= readme


def test_csv_template_is_the_heading_row(catalogue: dict[str, Indicator],
                                         areas: pd.DataFrame) -> None:
    text = write_template(catalogue, areas, "csv").decode("utf-8-sig")
    assert text == ",".join(HEADINGS) + "\r\n"


def test_filled_in_template_loads_with_no_issues(tmp_path: Path, ctx: LoadContext,
                                                 catalogue: dict[str, Indicator],
                                                 areas: pd.DataFrame) -> None:
    book = load_workbook(io.BytesIO(write_template(catalogue, areas)))
    sheet = book["Data"]
    column = {name: i for i, name in enumerate(HEADINGS)}
    rows = [
        {"indicator_id": "cp_plans_rate", "area_code": "E10000017", "period": "Q3 16/17",
         "numerator": 1631, "denominator": 245_633, "value": 66.4},
        {"indicator_id": "care_leavers_eet", "area_code": "E10000017", "period": "Q3 2016/17",
         "value": 50.7, "status": "provisional", "note": "LCS extract"},
        {"indicator_id": "cp_plans_by_category", "area_code": "E10000017",
         "period": "Q3 2016/17", "breakdown": "Emotional", "value": 719},
        {"indicator_id": "smoking_at_delivery", "area_code": "E10000017", "period": "2015/16",
         "value": 14.3, "lower_ci": 13.8, "upper_ci": 14.8},
        {"indicator_id": "cla_number", "area_code": "E07000117", "period": "Q3 2016/17",
         "value": 240, "illustrative": "yes"},
    ]
    for values in rows:
        cells: list[Any] = [None] * len(HEADINGS)
        for name, value in values.items():
            cells[column[name]] = value
        sheet.append(cells)
    path = tmp_path / "filled.xlsx"
    book.save(path)
    result = validate_file(path, ctx)
    assert result.report.issues == [] and result.file_format == "template-xlsx"
    frame = result.frame
    assert frame["breakdown"].tolist() == ["all", "all", "emotional", "all", "all"]
    assert frame["ci_source"].tolist() == ["none", "none", "none", "published", "none"]
    assert frame["illustrative"].tolist() == [False, False, False, False, True]
    assert frame["status"].tolist()[1] == "provisional"


def test_long_and_markup_text_is_stored_verbatim(files: Any, ctx: LoadContext) -> None:
    long_note = "Officer's note. " * 2000
    script = '<script>alert("x")</script><b onclick="steal()">bold</b>'
    path = files.template("text.xlsx", files.row(note=long_note[:32_000]),
                          files.row(area="E07000118", note=script))
    result = validate_file(path, ctx)
    assert result.report.issues == []
    assert result.frame["value_note"].tolist() == [long_note[:32_000], script]


def test_empty_and_missing_cells_are_read_as_none() -> None:
    sheet = SheetData("Data", [["indicator_id", "area_code", "period", "value", "note"],
                               ["cla_number", "E10000017", "Q2 2016/17", "", ""],
                               ["", "", "", "", ""],
                               ["cla_number", "E10000017", "Q3 2016/17"]])
    found = find_header(sheet.head(10))
    assert found is not None and found[0] == "template"
    frame, issues = template_candidates(sheet, found[1], "f.csv")
    assert frame["_row"].tolist() == [2, 4]
    assert frame["value"].tolist() == [None, None] and frame["note"].tolist() == [None, None]
    assert frame["period"].tolist() == ["Q2 2016/17", "Q3 2016/17"]
    assert frame["_cell"].tolist() == ["Data!D2", "Data!D4"]
