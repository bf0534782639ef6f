"""Reading cell values: workbooks through calamine, CSV text through :mod:`csv`.

Both readers return :class:`SheetData`: the sheet's name and its rows as lists of Python values,
positioned so that ``rows[i][j]`` is the cell at Excel row ``i + 1``, column ``j + 1``. In
``rows`` empty cells are ``None``; ``raw`` (cheaper, for the template reader, which cleans
whole columns at once) leaves them as ``""``. Formulas are read as their saved results
(missing results were reported by :mod:`loaders.safety`); macros are never run or read.
Hidden and very hidden sheets are not read: the officer checking the file cannot see them, so
their rows must not load unseen; each gets a note in the report instead.

A semicolon-separated CSV is what Excel saves where the comma is the decimal mark, so its
sheet says so (``decimal=","``) and its figures are read that way.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import python_calamine

from domain.reports import ValidationIssue
from loaders.rules import make_issue
from loaders.safety import FileLimits


@dataclass
class SheetData:
    """The values of one sheet (or of a CSV file, named after the file)."""

    name: str
    raw: list[list[Any]]
    #: The decimal mark the file's figures use: "." unless the file says otherwise.
    decimal: str = "."

    @functools.cached_property
    def rows(self) -> list[list[Any]]:
        return [_clean_row(row) for row in self.raw]

    def head(self, count: int) -> list[list[Any]]:
        """The first ``count`` rows, empty cells as None."""
        return [_clean_row(row) for row in self.raw[:count]]


def column_letter(index: int) -> str:
    """Zero-based column index -> Excel letters (0 -> "A", 27 -> "AB")."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """Excel letters -> zero-based column index ("A" -> 0); raises ValueError if invalid."""
    text = letters.strip().upper()
    if not text.isalpha() or not text.isascii() or len(text) > 3:
        raise ValueError(f"'{letters}' is not a column letter")
    index = 0
    for char in text:
        index = index * 26 + ord(char) - 64
    return index - 1


def _clean_row(row: list[Any]) -> list[Any]:
    return [None if cell == "" else cell for cell in row]


@dataclass
class ReadResult:
    """The sheets read from one file, issues that stopped a sheet being read, and notes."""

    sheets: list[SheetData]
    issues: list[ValidationIssue]
    notes: list[str] = field(default_factory=list)


#: Notes for sheets that are not read, keyed by calamine's visibility (its enum is unhashable).
HIDDEN_NOTES = {
    "Hidden": (
        "Sheet '{sheet}' is hidden in Excel and was not read. If its figures should be loaded, "
        "unhide it (right-click a sheet tab, Unhide) and upload the file again."),
    "VeryHidden": (
        "Sheet '{sheet}' is very hidden (Excel's sheet tabs cannot show it; it was hidden by a "
        "macro or the VBA editor) and was not read. Copy its figures to a visible sheet if "
        "they should be loaded."),
}


def read_workbook(path: Path, name: str, limits: FileLimits,
                  error_cells: Mapping[str, Mapping[str, str]] | None = None
                  ) -> ReadResult:
    """Every visible worksheet's values; a workbook calamine cannot read gives a corrupt-file
    issue, and each hidden sheet a note. ``error_cells`` (from
    :func:`loaders.safety.check_file`) gives the Excel errors calamine reads as empty cells:
    each is read as its text ("#DIV/0!"), so a check names it rather than a missing figure."""
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises several unrelated types for damaged files
        return ReadResult([], [_unreadable(name, error)])
    result = ReadResult([], [])
    try:
        for meta in book.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            visibility = str(meta.visible).rsplit(".", 1)[-1]
            if visibility in HIDDEN_NOTES:
                result.notes.append(HIDDEN_NOTES[visibility].format(sheet=meta.name))
                continue
            sheet = book.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False, nrows=limits.max_rows + 2)
            if len(rows) > limits.max_rows + 1:
                result.issues.append(make_issue("too-many-rows", file=name, sheet=meta.name,
                                                rows=len(rows), limit=limits.max_rows))
                continue
            _with_errors(rows, (error_cells or {}).get(meta.name, {}))
            result.sheets.append(SheetData(meta.name, rows))
    except Exception as error:  # as above: a damaged part surfaces only when read
        return ReadResult([], [_unreadable(name, error)])
    finally:
        book.close()
    return result


def _with_errors(rows: list[list[Any]], errors: Mapping[str, str]) -> None:
    """``rows`` (from A1) with each Excel error cell (by reference, "G12") holding the
    error's text."""
    for ref, text in errors.items():
        letters = ref.rstrip("0123456789")
        row, column = int(ref[len(letters):]) - 1, column_index(letters)
        if row < len(rows) and column < len(rows[row]):
            rows[row][column] = text


def _unreadable(name: str, error: Exception) -> ValidationIssue:
    reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
    return make_issue("corrupt-file", file=name, kind="an Excel workbook", reason=reason)


SEMICOLON_NOTE = ("The file is separated by semicolons, as Excel saves CSV files where the "
                  "comma is the decimal mark, so its figures were read with decimal commas "
                  "(63,5 is 63.5; a point is read only between thousands before a decimal "
                  "comma, as in 1.631,5).")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel saves it, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


class _RepeatedCells:
    """Holds once each text that repeats down a column of a CSV file: a national file names
    the same few hundred indicators, areas and periods on every row, and a string per cell
    would take tens of megabytes a column. The columns are those with few distinct texts
    (empty ones apart) in the first :data:`SAMPLE_RECORDS` records; a column that turns out
    to hold more than :data:`MOST_SHARED` distinct texts is left as read from then on. The
    records are given one by one and shared :data:`SAMPLE_RECORDS` at a time, a column at
    a time."""

    def __init__(self) -> None:
        self._pending: list[list[str]] = []
        self._columns: list[tuple[int, dict[str, str]]] | None = None

    def share(self, record: list[str]) -> list[str]:
        """``record``, to have its repeated texts replaced by the ones held (by
        :meth:`finish` at the latest)."""
        self._pending.append(record)
        if len(self._pending) >= SAMPLE_RECORDS:
            self.finish()
        return record

    def finish(self) -> None:
        """Share the records given since the last call (the first call choosing the columns
        from them)."""
        records, self._pending = self._pending, []
        if self._columns is None:
            self._columns = [(index, {}) for index in _repeating_columns(records)]
        for index, texts in self._columns:
            _hold_once(records, index, texts)
        self._columns = [(i, texts) for i, texts in self._columns if len(texts) <= MOST_SHARED]


def _repeating_columns(records: list[list[str]]) -> list[int]:
    """The columns of ``records`` holding at most a quarter as many distinct texts as
    records, empty ones apart (the empty text is held once already)."""
    out = []
    for index in range(max(map(len, records), default=0)):
        cells = {record[index] for record in records if index < len(record)}
        if len(cells) * 4 <= len(records) and cells != {""}:
            out.append(index)
    return out


def _hold_once(records: list[list[str]], index: int, texts: dict[str, str]) -> None:
    """Replace each text of column ``index`` of ``records`` by the equal one in ``texts``,
    adding those it lacks."""
    held = texts.setdefault
    try:
        for record in records:
            cell = record[index]
            record[index] = held(cell, cell)
    except IndexError:  # a short record: check each length
        for record in records:
            if index < len(record):
                cell = record[index]
                record[index] = held(cell, cell)


def _records_text(text: str) -> Iterator[str]:
    """``text`` line by line with each line's ending, for :func:`csv.reader`: without a
    second copy of the whole text (``io.StringIO`` holds one, at up to four bytes a
    character). A file whose lines end in a lone carriage return is read through
    ``io.StringIO``, which splits its lines as Excel does."""
    if text.count("\r") != text.count("\r\n"):
        yield from io.StringIO(text, newline="")
        return
    start, find = 0, text.find
    while (end := find("\n", start)) >= 0:
        yield text[start:end + 1]
        start = end + 1
    if start < len(text):
        yield text[start:]


#: Records read before choosing the columns whose repeated texts are held once.
SAMPLE_RECORDS = 1000
#: Most distinct texts held for a column (past it, the column's cells are left as read).
MOST_SHARED = 50_000


def read_csv(path: Path, name: str, limits: FileLimits) -> ReadResult:
    """The CSV as one sheet named after the file (as Excel names it when opening a CSV)."""
    text = decode_text(path.read_bytes())
    sheet_name = PurePosixPath(name).stem[:31] or "csv"
    rows: list[list[Any]] = []
    delimiter = _delimiter(text)
    reader = csv.reader(_records_text(text), delimiter=delimiter)
    blanks: list[list[str]] = []  # kept only when a record with content follows them
    repeated = _RepeatedCells()
    try:
        for record in reader:
            if not "".join(record).strip():  # blank: no cell holds more than spaces
                if len(blanks) <= limits.max_rows + 1:
                    blanks.append(record)
                continue
            rows.extend(blanks)
            blanks.clear()
            rows.append(repeated.share(record))
            if len(rows) > limits.max_rows + 1:
                return ReadResult([], [make_issue("too-many-rows", file=name, sheet=sheet_name,
                                                  rows=len(rows), limit=limits.max_rows)])
    except csv.Error as error:
        return ReadResult([], [make_issue("corrupt-file", file=name, kind="CSV text",
                                          reason=f"record {len(rows) + 1}: {error}")])
    repeated.finish()
    decimal = "," if delimiter == ";" else "."
    notes = [SEMICOLON_NOTE] if decimal == "," else []
    return ReadResult([SheetData(sheet_name, rows, decimal)], [], notes)
