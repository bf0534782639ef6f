"""Reading cells: positions kept, encodings and delimiters of CSV files, column letters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from loaders.readers import column_index, column_letter, decode_text, read_csv, read_workbook
from loaders.safety import FileLimits


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"),
                                                (701, "ZZ"), (702, "AAA")])
def test_column_letters_round_trip(index: int, letters: str) -> None:
    assert column_letter(index) == letters
    assert column_index(letters.lower()) == index


@pytest.mark.parametrize("bad", ["", "A1", "ÄB", "ABCD"])
def test_column_index_refuses_what_is_not_a_column(bad: str) -> None:
    with pytest.raises(ValueError):
        column_index(bad)


def test_workbook_positions_match_excel_rows_and_columns(files: Any) -> None:
    path = files.xlsx("pos.xlsx", {"Data": [[], [], [None, "heading"], [None, 5]]})
    read = read_workbook(path, "pos.xlsx", FileLimits())
    assert read.issues == [] and read.notes == []
    rows = read.sheets[0].rows
    assert rows[2][1] == "heading" and rows[3][1] == 5 and rows[3][0] is None


def test_excel_errors_are_read_as_their_text_where_calamine_gives_nothing(files: Any) -> None:
    path = files.xlsx("err.xlsx", {"Data": [["a", "b"], [1, None]]})
    read = read_workbook(path, "err.xlsx", FileLimits(),
                         {"Data": {"B2": "#DIV/0!", "J10": "#REF!"}, "Other": {}})
    assert read.sheets[0].rows == [["a", "b"], [1, "#DIV/0!"]]


@pytest.mark.parametrize(("data", "text"), [
    ("£5,café".encode("utf-8-sig"), "£5,café"),
    ("£5,café".encode("cp1252"), "£5,café"),
    (b"\x81\x8d", "\x81\x8d"),
])
def test_decode_text_falls_back_like_excel(data: bytes, text: str) -> None:
    assert decode_text(data) == text


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiter_is_detected(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "semi.csv"
    path.write_text(delimiter.join(["indicator_id", "area_code", "period"]) + "\n"
                    + delimiter.join(["cla_number", "E07000117", "Q2 2016/17"]) + "\n")
    sheets = read_csv(path, "semi.csv", FileLimits()).sheets
    assert sheets[0].name == "semi" and sheets[0].rows[1] == ["cla_number", "E07000117",
                                                               "Q2 2016/17"]
    assert sheets[0].decimal == ("," if delimiter == ";" else ".")


def test_csv_with_a_runaway_field_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("a,b\n1," + "x" * 200_000 + "\n")
    read = read_csv(path, "huge.csv", FileLimits())
    assert read.sheets == [] and [(i.code, "record 2" in i.message) for i in read.issues] == [
        ("corrupt-file", True)]


def test_trailing_empty_records_of_a_csv_are_not_rows(tmp_path: Path) -> None:
    path = tmp_path / "tail.csv"
    path.write_text("a,b\n1,2\n,\n3,4\n" + ",\n" * 50)
    read = read_csv(path, "tail.csv", FileLimits(max_rows=10))
    assert read.issues == [] and read.sheets[0].raw == [["a", "b"], ["1", "2"], ["", ""],
                                                        ["3", "4"]]


def test_a_csv_column_of_repeated_texts_holds_each_text_once(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    records = [f"cla_number,E0600000{i % 3},{i}.5" for i in range(2500)]
    path.write_text("indicator_id,area_code,value\n" + "\n".join(records) + "\n")
    rows = read_csv(path, "long.csv", FileLimits(max_rows=5000)).sheets[0].raw
    assert rows[1:] == [record.split(",") for record in records]
    assert rows[1][0] is rows[2400][0] and rows[1][1] is rows[2401][1]  # before and after
    assert rows[1500][2] is not rows[1501][2]  # the sample, held once each
    assert len({id(row[1]) for row in rows[1:]}) == 3


def test_a_column_that_stops_repeating_is_read_as_it_is(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    monkeypatch.setattr("loaders.readers.MOST_SHARED", 5)
    monkeypatch.setattr("loaders.readers.SAMPLE_RECORDS", 8)
    path = tmp_path / "drift.csv"
    cells = ["a"] * 8 + [f"code{i}" for i in range(20)]
    path.write_text("\n".join(f"{cell},x" for cell in cells) + "\n")
    rows = read_csv(path, "drift.csv", FileLimits()).sheets[0].raw
    assert [row[0] for row in rows] == cells and {row[1] for row in rows} == {"x"}
    assert rows[0][1] is rows[-1][1]


def test_a_csv_of_lone_carriage_returns_splits_its_records_as_excel_does(tmp_path: Path
                                                                         ) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(b'a,b\r1,"two\rlines"\r3,4\r')
    rows = read_csv(path, "mac.csv", FileLimits()).sheets[0].raw
    assert rows == [["a", "b"], ["1", "two\rlines"], ["3", "4"]]


def test_quoted_line_breaks_and_windows_line_ends_are_kept_apart(tmp_path: Path) -> None:
    path = tmp_path / "win.csv"
    path.write_bytes(b'a,b\r\n1,"two\r\nlines"\r\n3,4')
    rows = read_csv(path, "win.csv", FileLimits()).sheets[0].raw
    assert rows == [["a", "b"], ["1", "two\r\nlines"], ["3", "4"]]


def test_hidden_and_very_hidden_sheets_are_not_read_but_noted(files: Any) -> None:
    path = files.xlsx("h.xlsx", {"Data": [[1]], "Old": [[2]], "Macro": [[3]]})
    book = load_workbook(path)
    book["Old"].sheet_state = "hidden"
    book["Macro"].sheet_state = "veryHidden"
    book.save(path)
    read = read_workbook(path, "h.xlsx", FileLimits())
    assert [s.name for s in read.sheets] == ["Data"] and read.issues == []
    assert [note.split(" was not read")[0] for note in read.notes] == [
        "Sheet 'Old' is hidden in Excel and",
        "Sheet 'Macro' is very hidden (Excel's sheet tabs cannot show it; it was hidden by a "
        "macro or the VBA editor) and"]
