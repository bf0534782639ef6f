"""The pipeline end to end on files: layouts, sheets, caps on repeated issues, counts."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from openpyxl import load_workbook

from loaders import LoadContext, pipeline, validate_file
from loaders.normalise import normalise
from loaders.pipeline import ISSUES_PER_RULE
from loaders.safety import FileLimits


def test_csv_and_xlsx_give_the_same_figures(files: Any, ctx: LoadContext) -> None:
    rows = [files.row(), files.row(area="E07000118", value="1,734")]
    from_xlsx = validate_file(files.template("a.xlsx", *rows), ctx)
    from_csv = validate_file(files.template("a.csv", *rows), ctx)
    assert from_xlsx.report.issues == from_csv.report.issues == []
    columns = ["indicator_id", "area_code", "period_key", "value"]
    assert from_xlsx.frame[columns].equals(from_csv.frame[columns])
    assert from_csv.frame["source_cell"].tolist() == ["a!G2", "a!G3"]
    assert (from_xlsx.file_format, from_csv.file_format) == ("template-xlsx", "template-csv")


def test_xlsm_loads_with_macros_ignored(files: Any, ctx: LoadContext) -> None:
    path = files.edit_zip(files.template("m.xlsx", files.row()), "macro.xlsm",
                          {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 Sub AutoOpen()"})
    result = validate_file(path, ctx)
    assert result.report.issues == [] and len(result.frame) == 1
    assert any("macros" in note for note in result.notes)


def test_formula_cells_are_read_as_their_saved_results(files: Any, ctx: LoadContext) -> None:
    path = files.template("f.xlsx", files.row(value="=100+20"))
    cached = files.edit_zip(path, "cached.xlsx", {"xl/worksheets/sheet1.xml": lambda xml: xml
                            .replace(b"<v></v>", b"<v>120</v>").replace(b"<v />", b"<v>120</v>")})
    result = validate_file(cached, ctx)
    assert result.report.issues == [] and result.frame["value"].tolist() == [120.0]


def test_readme_and_unrecognised_sheets_are_skipped(files: Any, ctx: LoadContext) -> None:
    path = files.xlsx("b.xlsx", {"README": [["indicator_id", "area_code", "period"]],
                                 "Data": [files.HEADER, files.row()],
                                 "Chart data": [["x", "y"], [1, 2]]})
    result = validate_file(path, ctx)
    assert result.report.issues == [] and len(result.frame) == 1
    assert result.sheets == ["README", "Data", "Chart data"]
    assert any("'Chart data' was not read" in note for note in result.notes)


def test_extra_columns_are_warned_and_ignored(files: Any, ctx: LoadContext) -> None:
    path = files.xlsx("x.xlsx", {"Data": [[*files.HEADER, "RAG"], [*files.row(), "Red"]]})
    assert validate_file(path, ctx).report.flatten(["row", "column", "code"]) == [
        [1, "RAG", "unknown-column"]]


def test_repeated_problems_are_capped_with_a_count(files: Any, ctx: LoadContext) -> None:
    rows = [files.row(area="Nowhere", period=f"Q{1 + i % 4} {2000 + i // 4}/"
                      f"{(1 + i // 4) % 100:02d}") for i in range(ISSUES_PER_RULE + 30)]
    report = validate_file(files.template("cap.csv", *rows), ctx).report
    assert report.codes().count("unknown-area") == ISSUES_PER_RULE + 1
    assert report.issues[-1].row is None and "30 more rows" in report.issues[-1].message
    assert (report.rows_read, report.rows_valid) == (ISSUES_PER_RULE + 30, 0)


def test_counts_of_rows_read_and_valid(files: Any, ctx: LoadContext) -> None:
    path = files.template("c.xlsx", files.row(), files.row(area="E07000118", value="?"),
                          [], files.row(area="E07000119"))
    report = validate_file(path, ctx).report
    assert (report.rows_read, report.rows_valid) == (3, 2)


def test_a_formatted_blank_range_to_the_last_row_of_the_sheet_is_ignored(
        files: Any, ctx: LoadContext) -> None:
    blank = b"".join(b'<row r="%d" s="1" customFormat="1"/>' % n for n in range(5, 1_048_577))
    path = files.edit_zip(files.template("a.xlsx", files.row(), files.row(area="E07000118"),
                                         files.row(area="E92000001")), "formatted.xlsx",
                          {"xl/worksheets/sheet1.xml": lambda xml: xml.replace(
                              b"</sheetData>", blank + b"</sheetData>")})
    result = validate_file(path, ctx)
    assert result.report.issues == [] and len(result.frame) == 3


def _semicolon_csv(files: Any, name: str, *values: str) -> Any:
    rows = [files.row(area=area, value=value)
            for area, value in zip(("E07000117", "E07000118", "E92000001"), values,
                                   strict=False)]
    text = "\n".join(";".join("" if c is None else str(c) for c in row)
                     for row in [files.HEADER, *rows])
    return files.raw(name, text.encode())


def test_decimal_commas_are_read_where_the_file_says_so(files: Any, ctx: LoadContext) -> None:
    result = validate_file(_semicolon_csv(files, "semi.csv", "63,5", "1.631,0", "7"), ctx)
    assert [i.code for i in result.report.errors] == []
    assert result.frame["value"].tolist() == [63.5, 1631.0, 7.0]
    assert any("decimal commas" in note for note in result.notes)


def test_a_decimal_point_in_a_decimal_comma_file_is_an_error(files: Any,
                                                             ctx: LoadContext) -> None:
    result = validate_file(_semicolon_csv(files, "semi.csv", "63,5", "12.5", "1.631"), ctx)
    assert result.report.flatten(["sheet", "row", "column", "code", "value"]) == [
        ["semi", 3, "value", "decimal-point", "12.5"],
        ["semi", 4, "value", "decimal-point", "1.631"]]


@pytest.mark.parametrize("name", ["quoted.csv", "typed.xlsx"])
def test_a_decimal_comma_in_a_file_of_decimal_points_is_an_error_never_ten_times(
        files: Any, ctx: LoadContext, name: str) -> None:
    result = validate_file(files.template(name, files.row(value="63,5"),
                                          files.row(area="E07000118", value="1,631")), ctx)
    sheet = "quoted" if name.endswith(".csv") else "Data"
    assert result.report.flatten(["file", "sheet", "row", "column", "code", "value"]) == [
        [name, sheet, 2, "value", "decimal-comma", "63,5"]]
    assert "63,5" in result.report.errors[0].message and "635" not in str(result.frame)
    assert result.frame["value"].tolist()[1] == 1631.0


def test_rows_on_hidden_sheets_are_not_loaded_and_the_report_says_so(
        files: Any, ctx: LoadContext) -> None:
    path = files.xlsx("h.xlsx", {"Data": [files.HEADER, files.row()],
                                 "Draft": [files.HEADER, files.row(area="E07000118")]})
    book = load_workbook(path)
    book["Draft"].sheet_state = "veryHidden"
    book.save(path)
    result = validate_file(path, ctx)
    assert result.report.issues == [] and result.frame["area_code"].tolist() == ["E07000117"]
    assert any(note.startswith("Sheet 'Draft' is very hidden") for note in result.notes)


def test_empty_records_of_a_csv_keep_row_numbers_and_trailing_ones_are_ignored(
        files: Any, ctx: LoadContext) -> None:
    path = files.csv("gaps.csv", [files.HEADER, files.row(), [""] * 11,
                                  files.row(area="E07000118", value="lots"),
                                  *([[""] * 11] * 300)])
    result = validate_file(path, dataclasses.replace(ctx, limits=FileLimits(max_rows=20)))
    assert result.report.flatten(["row", "code"]) == [[4, "not-a-number"]]


@pytest.mark.parametrize("name", ["big.csv", "big.xlsx"])
def test_a_file_above_the_chunk_size_is_read_in_chunks_with_its_own_row_numbers(
        files: Any, ctx: LoadContext, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    rows = [files.row(period=f"Q{1 + i % 4} {2000 + i // 4}/{(2001 + i // 4) % 100:02d}")
            for i in range(11)]
    rows[1][6] = "twelve"  # sheet row 3, chunk one
    rows[7][1] = "Nowhere"  # sheet row 9, chunk three
    rows[9] = rows[8]  # sheet row 11 repeats row 10, across the chunk boundary
    whole = validate_file(files.template(name, *rows), ctx)
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 3)
    calls = []
    monkeypatch.setattr(pipeline, "normalise", lambda *args: calls.append(1) or normalise(*args))
    chunked = validate_file(files.template(name, *rows), ctx)
    assert chunked.report.flatten(["row", "column", "code"]) == [
        [3, "value", "not-a-number"], [9, "area_code", "unknown-area"],
        [11, "indicator_id", "duplicate-row"]]
    assert chunked.report.issues == whole.report.issues
    assert chunked.frame.equals(whole.frame) and len(chunked.frame) == 11
    assert len(calls) == 4  # 11 rows, 3 at a time
    assert [i.message for i in chunked.report.issues] == [i.message
                                                         for i in whole.report.issues]
