"""Writing the demo files in the upload formats, byte for byte the same on every build.

Workbooks are written with openpyxl, then their zip parts are rewritten with a fixed timestamp
and fixed document properties, so that building twice from the same inputs gives identical
files (and the same content hash, which is how a second load recognises a file it has seen).
CSV extracts copy the chosen lines of the source file unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from domain.catalogue import Indicator
from loaders.template import HEADINGS, write_template
from loaders.wide import MAPPING_COLUMNS

#: Timestamp written into every demo workbook (the date of the Q3 2016/17 paper).
FIXED_TIME = dt.datetime(2017, 2, 1, 0, 0, 0)
_ZIP_TIME = (2017, 2, 1, 0, 0, 0)
_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")
BOLD = Font(bold=True)


def xlsx_bytes(book: Workbook) -> bytes:
    """The workbook as xlsx bytes that depend only on its content."""
    book.properties.creator = "scorecard demo"
    book.properties.lastModifiedBy = "scorecard demo"
    book.properties.created = FIXED_TIME
    raw = io.BytesIO()
    book.save(raw)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_DATES.sub(lambda m: m.group(1) + stamp + m.group(3), data)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, data)
    return out.getvalue()


def _write_rows(sheet: Any, rows: Sequence[Sequence[Any]], bold_first: bool = True) -> None:
    for row in rows:
        sheet.append(list(row))
    if bold_first and rows:
        for cell in sheet[1]:
            cell.font = BOLD


def _add_notes(book: Workbook, lines: Sequence[str]) -> None:
    notes = book.create_sheet("Notes")
    for line in lines:
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    for row in notes.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def template_workbook(rows: pd.DataFrame, indicators: Mapping[str, Indicator],
                      areas: pd.DataFrame, notes: Sequence[str] = ()) -> bytes:
    """The upload template (Data and README sheets) filled with ``rows``.

    ``rows`` has any of the template's columns (:data:`loaders.template.HEADINGS`); blank cells
    stay empty. ``area_name`` is filled from ``areas`` for the reader's benefit.
    """
    book = load_workbook(io.BytesIO(write_template(indicators, areas)))
    data = book["Data"]
    names = dict(zip(areas["code"], areas["name"], strict=True))
    frame = rows.copy()
    frame["area_name"] = frame["area_code"].map(names)
    for record in frame.to_dict("records"):
        data.append([_cell(record.get(h)) for h in HEADINGS])
    if notes:
        _add_notes(book, notes)
    return xlsx_bytes(book)


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e12:
        return int(value)
    return value


@dataclass
class WideSheet:
    """One sheet of a wide workbook: optional title lines, then a table, then footnotes."""

    name: str
    table: Sequence[Sequence[Any]]
    title: Sequence[str] = ()
    footnotes: Sequence[str] = ()

    @property
    def header_row(self) -> int:
        """Excel row number of the table's heading row."""
        return len(self.title) + (1 if self.title else 0) + 1


@dataclass
class WideWorkbook:
    sheets: list[WideSheet]
    mapping: list[dict[str, Any]] = field(default_factory=list)
    notes: Sequence[str] = ()


def wide_workbook(spec: WideWorkbook) -> bytes:
    """Sheets laid out as officers keep them, plus the Mapping sheet the wide reader follows."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for wide in spec.sheets:
        sheet = book.create_sheet(wide.name)
        for line in wide.title:
            sheet.append([line])
            sheet.cell(sheet.max_row, 1).font = BOLD
        if wide.title:
            sheet.append([])
        start = sheet.max_row + 1 if wide.title else 1
        for row in wide.table:
            sheet.append([_cell(v) for v in row])
        for cell in sheet[start]:
            cell.font = BOLD
        if wide.footnotes:
            sheet.append([])
            for line in wide.footnotes:
                sheet.append([line])
        sheet.column_dimensions["A"].width = 24
    mapping = book.create_sheet("Mapping")
    columns = list(MAPPING_COLUMNS)
    extra = [c for row in spec.mapping for c in row if c not in columns]
    columns += list(dict.fromkeys(extra))
    _write_rows(mapping, [columns, *[[_cell(r.get(c)) for c in columns]
                                     for r in spec.mapping]])
    if spec.notes:
        _add_notes(book, spec.notes)
    return xlsx_bytes(book)


def csv_extract(source: Path, keep: Callable[[dict[str, str]], bool]) -> tuple[bytes, int]:
    """The header and the lines of ``source`` whose row ``keep`` accepts, copied unchanged.

    Returns the bytes and the number of data lines kept.
    """
    text = source.read_bytes().decode("utf-8-sig")
    lines = text.splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    kept = [lines[0]]
    for line in lines[1:]:
        values = next(csv.reader([line]))
        if keep(dict(zip(header, values, strict=True))):
            kept.append(line)
    return "".join(kept).encode("utf-8"), len(kept) - 1
