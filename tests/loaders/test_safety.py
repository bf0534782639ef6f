"""First look at a file: type sniffing, zip checks, formulas without saved results, macros."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from loaders.safety import FileLimits, RowCounter, check_file, describe_content


@pytest.mark.parametrize(("head", "expected"), [
    (b"PK\x03\x04rest", "a zip archive"),
    (b"%PDF-1.7", "a PDF document"),
    (b"\x89PNG\r\n", "a PNG image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 or password-protected workbook"),
    (b"  <!DOCTYPE html><html>", "a web page (HTML)"),
    (b"abc\x00def", "binary data"),
    (b"indicator_id,area_code\r\n", "text"),
])
def test_describe_content(head: bytes, expected: str) -> None:
    assert describe_content(head) == expected


def test_clean_workbook_is_read_as_xlsx_with_row_counts(files: Any) -> None:
    check = check_file(files.template("ok.xlsx", files.row(), files.row()), "ok.xlsx")
    assert (check.kind, check.issues, check.sheet_rows) == ("xlsx", [], {"Data": 3})


def test_csv_is_read_as_csv(files: Any) -> None:
    assert check_file(files.template("ok.csv", files.row()), "ok.csv").kind == "csv"


def test_file_name_decides_the_expected_type_not_the_path(files: Any) -> None:
    path = files.template("upload.tmp", files.row())
    assert check_file(path, "figures.xlsx").kind == "xlsx"


def test_bomb_by_total_inflated_size(files: Any) -> None:
    path = files.edit_zip(files.template("a.xlsx", files.row()), "big.xlsx",
                          {"xl/media/a.bin": bytes(range(256)) * 4000})
    check = check_file(path, "big.xlsx", FileLimits(max_unzipped_bytes=500_000))
    assert [i.code for i in check.issues] == ["zip-bomb"] and check.kind == ""


def test_bomb_by_part_count(files: Any) -> None:
    parts: dict[str, Any] = {f"xl/media/{n}.bin": b"x" for n in range(30)}
    path = files.edit_zip(files.template("a.xlsx", files.row()), "many.xlsx", parts)
    assert [i.code for i in check_file(path, "many.xlsx", FileLimits(max_parts=20)).issues] \
        == ["zip-bomb"]


def test_bomb_whose_header_understates_its_size_is_still_caught(files: Any,
                                                                 tmp_path: Path) -> None:
    path = files.edit_zip(files.template("a.xlsx", files.row()), "liar.xlsx",
                          {"xl/media/zeros.bin": b"\0" * (6 * 1024 * 1024)})
    content = bytearray(path.read_bytes())
    name = b"xl/media/zeros.bin"
    entry = content.rfind(b"PK\x01\x02", 0, content.rfind(name))
    assert content[entry + 46:entry + 46 + len(name)] == name
    content[entry + 24:entry + 28] = (10).to_bytes(4, "little")  # declared inflated size
    liar = tmp_path / "liar2.xlsx"
    liar.write_bytes(bytes(content))
    with zipfile.ZipFile(liar) as archive:
        assert archive.getinfo("xl/media/zeros.bin").file_size == 10
    assert [i.code for i in check_file(liar, "liar2.xlsx").issues] == ["corrupt-file"]


def test_formula_without_saved_result_names_the_cell(files: Any) -> None:
    path = files.template("f.xlsx", files.row(), files.row(value="=SUM(G2:G2)"))
    check = check_file(path, "f.xlsx")
    assert [(i.code, i.sheet, i.row, i.column, i.value) for i in check.issues] == [
        ("formula-without-value", "Data", 3, "G", "=SUM(G2:G2)")]
    assert "Data!G3" in check.issues[0].message


def test_formula_with_saved_result_is_accepted(files: Any) -> None:
    path = files.template("f.xlsx", files.row(value="=100+20"))
    cached = files.edit_zip(path, "cached.xlsx", {"xl/worksheets/sheet1.xml": lambda xml: xml
                            .replace(b"<v></v>", b"<v>120</v>").replace(b"<v />", b"<v>120</v>")})
    assert check_file(cached, "cached.xlsx").issues == []


def test_excel_error_cells_are_found_with_their_place_and_text(files: Any) -> None:
    """An error cell (typed, or a formula's saved result) is found at its row and column from
    A1, its formula, if any, being no problem in itself."""
    path = files.template("e.xlsx", files.row(numerator="#N/A", value=120))
    failed = files.edit_zip(path, "failed.xlsx", {"xl/worksheets/sheet1.xml": lambda xml: xml
                            .replace(b'<c r="G2" t="n"><v>120</v></c>',
                                     b'<c r="G2" t="e"><f>E2/F2</f><v>#DIV/0!</v></c>')})
    check = check_file(failed, "failed.xlsx")
    assert check.issues == [] and check.kind == "xlsx"
    assert check.error_cells == {"Data": {"E2": "#N/A", "G2": "#DIV/0!"}}


def test_macros_are_noted_and_ignored(files: Any) -> None:
    path = files.edit_zip(files.template("m.xlsx", files.row()), "m.xlsm",
                          {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 pretend macro"})
    check = check_file(path, "m.xlsm")
    assert check.kind == "xlsx" and check.issues == []
    assert "macros" in check.notes[0]


EMPTY_STYLED = b'<row r="{n}" spans="1:3" s="1" customFormat="1"><c r="A{n}" s="1"/></row>'
FORMATTED_ROW = b'<row r="{n}" s="1" customFormat="1" x14ac:dyDescent="0.25"/>'


def _blank_rows(pattern: bytes, first: int, last: int) -> bytes:
    return b"".join(pattern.replace(b"{n}", str(n).encode()) for n in range(first, last + 1))


def _with_rows(files: Any, name: str, rows: bytes) -> Path:
    path = files.template("a.xlsx", files.row(), files.row(), files.row())
    return files.edit_zip(path, name, {"xl/worksheets/sheet1.xml": lambda xml: xml.replace(
        b"</sheetData>", rows + b"</sheetData>")})


def test_formatted_blank_rows_are_not_counted_as_rows(files: Any) -> None:
    blank = _blank_rows(EMPTY_STYLED, 5, 40) + _blank_rows(FORMATTED_ROW, 41, 60)
    check = check_file(_with_rows(files, "styled.xlsx", blank), "styled.xlsx",
                       FileLimits(max_rows=10))
    assert (check.kind, check.issues, check.sheet_rows) == ("xlsx", [], {"Data": 4})


def test_rows_with_values_still_count_against_the_limit(files: Any) -> None:
    cells = b'<row r="{n}"><c r="A{n}"><v>1</v></c></row>'
    check = check_file(_with_rows(files, "long.xlsx", _blank_rows(cells, 5, 20)), "long.xlsx",
                       FileLimits(max_rows=10))
    assert [(i.code, i.value) for i in check.issues] == [("too-many-rows", "20")]


@pytest.mark.parametrize("size", [1, 3, 7, 64])
def test_row_counter_gives_the_same_count_for_any_chunking(size: int) -> None:
    xml = (b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
           + _blank_rows(EMPTY_STYLED, 2, 4) + b'<row r="5"><c r="A5"><f>1+1</f></c></row>'
           + _blank_rows(FORMATTED_ROW, 6, 9) + b'<row r="10"><c r="B10"><v>3</v></c></row>'
           + b'</sheetData><rowBreaks count="1"><brk id="3"/></rowBreaks>')
    counter = RowCounter()
    for start in range(0, len(xml), size):
        counter.feed(xml[start:start + size])
    assert counter.close() == 3


def test_a_long_hidden_sheet_is_not_held_to_the_row_limit(files: Any) -> None:
    path = files.xlsx("h.xlsx", {"Data": [files.HEADER, files.row()],
                                 "Old": [[n] for n in range(30)]})
    book = load_workbook(path)
    book["Old"].sheet_state = "hidden"
    book.save(path)
    check = check_file(path, "h.xlsx", FileLimits(max_rows=10))
    assert (check.kind, check.issues) == ("xlsx", [])
