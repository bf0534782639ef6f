"""Reading cells: positions kept, encodings and delimiters of CSV files, column letters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

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
    sheets, issues = read_workbook(path, "pos.xlsx", FileLimits())
    assert issues == []
    rows = sheets[0].rows
    assert rows[2][1] == "heading" and rows[3][1] == 5 and rows[3][0] is None


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
    sheets, _ = read_csv(path, "semi.csv", FileLimits())
    assert sheets[0].name == "semi" and sheets[0].rows[1] == ["cla_number", "E07000117",
                                                               "Q2 2016/17"]


def test_csv_with_a_runaway_field_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("a,b\n1," + "x" * 200_000 + "\n")
    sheets, issues = read_csv(path, "huge.csv", FileLimits())
    assert sheets == [] and [(i.code, "record 2" in i.message) for i in issues] == [
        ("corrupt-file", True)]
