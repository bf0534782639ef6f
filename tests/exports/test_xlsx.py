"""The scorecard workbook: values as on screen, RAG fills, layout, and no formula ever runs."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Engine

from exports.content import BoardContent
from exports.csv import csv_bytes, header_rows, neutralise_formula
from exports.tables import csv_frame
from exports.xlsx import build_workbook
from services.exports import export_scorecard, live_content
from services.scorecard import reporting_quarter
from settings import Settings

LANCASHIRE = "E10000017"
CLA_RATE = "Rate per 10000 population of cyp who are looked after"
ATTACKS = ('=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)",
           "-2+3", "\t=1+1")


def _content(engine: Engine, settings: Settings) -> BoardContent:
    with engine.connect() as conn:
        return live_content(conn, settings, LANCASHIRE, reporting_quarter("Q3 16/17"),
                            produced=dt.datetime(2017, 2, 14, 10, 0))


def _row_of(sheet: Worksheet, title: str) -> int:
    for row in sheet.iter_rows(min_col=1, max_col=1):
        if row[0].value == title:
            return int(row[0].row)
    raise AssertionError(f"{title!r} not on the sheet")


def _column_of(sheet: Worksheet, heading: str) -> int:
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == heading:
                return int(cell.column)
    raise AssertionError(f"no {heading!r} column")


def test_workbook_matches_the_screen_and_the_csv(board_engine: Engine,
                                                 board_settings: Settings) -> None:
    with board_engine.connect() as conn:
        exported = export_scorecard(conn, board_settings, LANCASHIRE,
                                    reporting_quarter("Q3 16/17"), "xlsx")
        as_csv = export_scorecard(conn, board_settings, LANCASHIRE,
                                  reporting_quarter("Q3 16/17"), "csv")
    book = load_workbook(io.BytesIO(exported.data))
    assert book.sheetnames == ["Cover", "Scorecard", "Headline", "Data", "Commentary"]
    sheet = book["Scorecard"]
    current, rag = _column_of(sheet, "Current"), _column_of(sheet, "RAG")
    header = sheet.cell(row=_row_of(sheet, "Priority themes and indicators"), column=1).row
    assert sheet.freeze_panes == f"B{header + 1}"
    assert sheet.column_dimensions["A"].width == 58
    assert sheet.cell(row=header + 1, column=1).value == "\u25bc Outcome one - to feel safe"

    cla = _row_of(sheet, CLA_RATE)
    assert sheet.cell(row=cla, column=current).value == pytest.approx(74.0)
    assert sheet.cell(row=cla, column=current).number_format == "#,##0.0"
    assert sheet.cell(row=cla, column=rag).value == "\u2716 Red"
    assert sheet.cell(row=cla, column=rag).fill.fgColor.rgb.endswith("F4CCCC")
    assert sheet.row_dimensions[cla].outlineLevel == 1
    trend = sheet.cell(row=cla, column=_column_of(sheet, "Trend"))
    assert trend.value == "\u25b2 increased \u2014 worse"
    assert trend.font.color.rgb.endswith("B00020")

    lines = as_csv.data.decode("utf-8-sig").splitlines()
    reader = csv.DictReader(line for line in lines if not line.startswith("#"))
    for expected in reader:
        row = _row_of(sheet, expected["indicator"])
        value = sheet.cell(row=row, column=current).value
        assert value == pytest.approx(float(expected["current_value"])), expected["indicator"]


def test_cover_and_data_sheets(board_engine: Engine, board_settings: Settings) -> None:
    content = _content(board_engine, board_settings)
    book = load_workbook(io.BytesIO(build_workbook(content, "ab" * 32)))
    cover = {row[0].value: row[1].value for row in book["Cover"].iter_rows(min_row=6)}
    assert cover["Area"] == "Lancashire (E10000017)"
    assert cover["Period"] == "Q3 2016/17"
    assert cover["Upload batches"] == ", ".join(str(b) for b in content.meta.batch_ids)
    assert cover["Approval status"].startswith("Live figures")
    assert cover["Content hash (SHA-256)"] == "ab" * 32
    assert book["Cover"]["A3"].value == ("Performance Monitoring Scorecard: Quarter Three "
                                         "2016/17")
    data = book["Data"]
    names = [c.value for c in data[1]]
    cla = next(r for r in data.iter_rows(min_row=2, values_only=True) if r[0] == "cla_rate")
    record = dict(zip(names, cla, strict=True))
    assert record["lower_ci"] == pytest.approx(70.635, abs=1e-3)
    assert record["upper_ci"] == pytest.approx(77.484, abs=1e-3)
    assert record["national_value"] == 60.0 and record["national_period"] == "Q4 2015/16"
    assert record["rag_reason"].startswith("Red:")


def test_no_cell_runs_a_formula(board_engine: Engine, board_settings: Settings) -> None:
    content = _content(board_engine, board_settings)
    rows = list(content.rows)
    rows[0] = {**rows[0], "title": ATTACKS[0], "value_note": ATTACKS[2]}
    commentary = tuple({"indicator_id": "cla_rate", "breakdown": "all", "narrative": text,
                        "action": ATTACKS[1], "owner": "-owner", "author": "officer"}
                       for text in ATTACKS)
    hostile = dataclasses.replace(content, rows=tuple(rows), commentary=commentary)
    book = load_workbook(io.BytesIO(build_workbook(hostile)))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
    title = book["Scorecard"].cell(row=_row_of(book["Scorecard"], ATTACKS[0]), column=1)
    assert title.data_type == "s" and title.quotePrefix
    narratives = [r[2] for r in book["Commentary"].iter_rows(min_row=2, values_only=True)]
    assert narratives == list(ATTACKS)


def test_csv_neutralises_formulas_but_not_negative_numbers() -> None:
    assert [neutralise_formula(a) for a in ATTACKS] == ["'" + a for a in ATTACKS]
    assert neutralise_formula("-3.2") == "-3.2" and neutralise_formula(-3.2) == -3.2
    import pandas as pd
    frame = pd.DataFrame({"indicator": [ATTACKS[0], "Plain"], "change": [-103.0, "-3.2"]})
    text = csv_bytes(frame, header_rows(sensitivity="OFFICIAL", title="=evil()", period="Q3",
                                        produced=dt.date(2017, 2, 14))).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "# OFFICIAL" and lines[1] == "# '=evil()"
    assert lines[-2].startswith("\"'=HYPERLINK(") and lines[-2].endswith(",-103.0")
    assert lines[-1] == "Plain,-3.2"


def test_workbook_bytes_depend_only_on_content(board_engine: Engine,
                                               board_settings: Settings) -> None:
    content = _content(board_engine, board_settings)
    first, second = build_workbook(content), build_workbook(content)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2017, 2, 14, 10, 0, 0)}
        assert b"2017-02-14T10:00:00Z" in archive.read("docProps/core.xml")
    assert csv_frame(content).shape[0] == len(content.rows)
