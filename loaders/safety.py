"""First look at an uploaded file: size, what it really is, and whether it is safe to open.

Nothing here parses cell values. A workbook is checked as a zip archive before any reader
touches it: every part is inflated in chunks with a running total, so a zip bomb is refused
however its headers lie; XML document type declarations are refused; rows holding a value are
counted (formatted but empty rows, such as a fill applied down to row 1,048,576, are not rows
of data); and worksheets that contain formulas are searched for formula cells without a saved
result.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO
from xml.etree import ElementTree

from domain.reports import ValidationIssue
from loaders.rules import make_issue

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm")
TEXT_EXTENSIONS = (".csv",)
#: FingertipsNext answers saved from its API.
JSON_EXTENSIONS = (".json",)
_CHUNK = 1 << 20
_SIGNATURES = ((b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"),
               (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
               (OLE2_MAGIC, "an Excel 97-2003 or password-protected workbook"))
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclass(frozen=True)
class FileLimits:
    """Limits applied to every upload (the first two come from :class:`settings.Settings`)."""

    max_bytes: int = 20 * 1024 * 1024
    #: What a load's memory allows: its judgements are computed a bounded part at a time, so
    #: a load holds about 1.7 kB per row beyond ~230 MB (a 371,640-row national file peaked
    #: at 864 MB on SQLite): half a million rows take about 1 GiB.
    max_rows: int = 500_000
    #: Total inflated size of all parts of a workbook.
    max_unzipped_bytes: int = 512 * 1024 * 1024
    #: Inflated / compressed size of one part, checked for parts above 1 MB inflated.
    max_ratio: float = 250.0
    max_parts: int = 5_000


@dataclass
class FileCheck:
    """What :func:`check_file` found: the kind to read (``""`` when refused) and any issues."""

    kind: str
    issues: list[ValidationIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sheet_rows: dict[str, int] = field(default_factory=dict)
    #: A workbook's cells holding an Excel error ("#DIV/0!", "#N/A"), which its reader gives
    #: as empty: sheet -> cell reference ("G12") -> the error's text.
    error_cells: dict[str, dict[str, str]] = field(default_factory=dict)


#: What a ``<row>`` element holds when one of its cells has a value, text or formula.
_VALUE_TAGS = (b"<v>", b"<v ", b"<is>", b"<is ", b"<f>", b"<f ")


def _rows_with_values(xml: bytes) -> int:
    """How many whole ``<row>`` elements in ``xml`` hold a value (empty formatted ones do not)."""
    count = 0
    for piece in xml.split(b"<row")[1:]:
        if piece[:1] not in (b" ", b">"):  # <rowBreaks> and the like
            continue
        head, _, rest = piece.partition(b">")
        if head.endswith(b"/"):  # <row r="7" s="2" customFormat="1"/>
            continue
        body = rest.split(b"</row>", 1)[0]
        count += any(tag in body for tag in _VALUE_TAGS)
    return count


class RowCounter:
    """Counts the rows holding a value in worksheet XML fed in chunks of any size."""

    def __init__(self) -> None:
        self.rows = 0
        self._pending = b""

    def feed(self, chunk: bytes) -> None:
        data = self._pending + chunk
        cut = data.rfind(b"<row")  # the last row may continue in the next chunk
        if cut < 0:  # no row starts here; keep what may be the start of "<row"
            self._pending = data[-3:]
            return
        self.rows += _rows_with_values(data[:cut])
        self._pending = data[cut:]

    def close(self) -> int:
        self.rows += _rows_with_values(self._pending)
        self._pending = b""
        return self.rows


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def describe_content(head: bytes) -> str:
    """Say in words what the first bytes of a file look like."""
    if head.startswith(b"PK"):
        return "a zip archive"
    for magic, label in _SIGNATURES:
        if head.startswith(magic):
            return label
    lowered = head[:512].lower().lstrip()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "a web page (HTML)"
    if b"\x00" in head:
        return "binary data"
    return "text"


def check_file(path: Path, name: str, limits: FileLimits = FileLimits()) -> FileCheck:
    """Check size, type and (for workbooks) the archive; return the kind to read or issues."""
    size = path.stat().st_size
    if size == 0:
        return FileCheck("", [make_issue("empty-file", file=name)])
    if size > limits.max_bytes:
        return FileCheck("", [make_issue("file-too-large", file=name, cell=size, size=_size(size),
                                         limit=_size(limits.max_bytes))])
    suffix = PurePosixPath(name.lower()).suffix
    with path.open("rb") as handle:
        head = handle.read(65536)
    found = describe_content(head)
    if head.startswith(OLE2_MAGIC) and suffix in (*WORKBOOK_EXTENSIONS, ".xls"):
        return FileCheck("", [_ole2_issue(path, name)])
    if suffix in WORKBOOK_EXTENSIONS:
        if found != "a zip archive":
            return FileCheck("", [make_issue("wrong-file-type", file=name, name=name, found=found,
                                             expected="an Excel workbook (.xlsx)")])
        return check_workbook(path, name, limits)
    if suffix in TEXT_EXTENSIONS:
        if found != "text":
            if found == "a zip archive":
                found = "an Excel workbook or other zip archive"
            return FileCheck("", [make_issue("wrong-file-type", file=name, name=name, found=found,
                                             expected="CSV text (.csv)")])
        return FileCheck("csv")
    if suffix in JSON_EXTENSIONS:
        if found != "text":
            return FileCheck("", [make_issue("wrong-file-type", file=name, name=name, found=found,
                                             expected="JSON text (.json)")])
        return FileCheck("json")
    return FileCheck("", [make_issue("unsupported-file-type", file=name, name=name)])


def _ole2_issue(path: Path, name: str) -> ValidationIssue:
    with path.open("rb") as handle:
        content = handle.read()
    if "EncryptionInfo".encode("utf-16-le") in content:
        return make_issue("encrypted-workbook", file=name)
    return make_issue("legacy-xls", file=name)


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(_CHUNK):
        yield chunk


def check_workbook(path: Path, name: str, limits: FileLimits) -> FileCheck:
    """Inspect an xlsx/xlsm archive part by part without trusting its headers."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        return FileCheck("", [make_issue("corrupt-file", file=name, kind="an Excel workbook",
                                         reason=str(error) or type(error).__name__)])
    with archive:
        return _check_archive(archive, name, limits)


def _check_archive(archive: zipfile.ZipFile, name: str, limits: FileLimits) -> FileCheck:
    infos = archive.infolist()
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        found = "a Word document" if "word/document.xml" in names else "a zip archive"
        return FileCheck("", [make_issue("wrong-file-type", file=name, name=name, found=found,
                                         expected="an Excel workbook (.xlsx)")])
    if len(infos) > limits.max_parts:
        return _bomb(name, f"{len(infos):,} parts")
    if sum(info.file_size for info in infos) > limits.max_unzipped_bytes:
        return _bomb(name, _size(sum(info.file_size for info in infos)))
    check = FileCheck("xlsx")
    total = 0
    formula_parts: list[str] = []
    rows: dict[str, int] = {}
    try:
        for info in infos:
            tail = b""
            inflated = 0
            counter = RowCounter()
            with archive.open(info) as stream:
                for chunk in _chunks(stream):
                    inflated += len(chunk)
                    total += len(chunk)
                    if total > limits.max_unzipped_bytes:
                        return _bomb(name, f"more than {_size(limits.max_unzipped_bytes)}")
                    if (inflated > _CHUNK
                            and inflated > limits.max_ratio * max(info.compress_size, 1)):
                        return _bomb(name, f"more than {limits.max_ratio:.0f} times its "
                                     f"compressed size ({info.filename})")
                    window = tail + chunk
                    if b"<!doctype" in window.lower():
                        return FileCheck("", [make_issue("unsafe-xml", file=name,
                                                         part=info.filename)])
                    if info.filename.startswith("xl/worksheets/"):
                        counter.feed(chunk)
                        if (b"<f>" in window or b"<f " in window
                                or b't="e"' in window):  # formulas or Excel errors
                            formula_parts.append(info.filename)
                    tail = chunk[-16:]
            if info.filename.startswith("xl/worksheets/"):
                rows[info.filename] = counter.close()
        sheet_names = _sheet_parts(archive)
        for part in dict.fromkeys(formula_parts):
            sheet = sheet_names.get(part, part)
            issues, errors = _formula_cells(archive, part, sheet, name)
            check.issues.extend(issues)
            if errors:
                check.error_cells[sheet] = errors
    except (zipfile.BadZipFile, OSError, EOFError, ElementTree.ParseError) as error:
        return FileCheck("", [make_issue("corrupt-file", file=name, kind="an Excel workbook",
                                         reason=str(error) or type(error).__name__)])
    check.sheet_rows = {sheet_names.get(part, part): n for part, n in rows.items()}
    hidden = _hidden_sheets(archive)  # not read, so not held to the row limit
    for sheet, n in check.sheet_rows.items():
        if n > limits.max_rows + 1 and sheet not in hidden:
            check.issues.append(make_issue("too-many-rows", file=name, sheet=sheet, cell=n,
                                           rows=n, limit=limits.max_rows))
    if "xl/vbaProject.bin" in {info.filename for info in infos}:
        check.notes.append("The workbook contains macros; they were ignored and only the "
                           "saved cell values were read.")
    if any(i.is_error for i in check.issues):
        check.kind = ""
    return check


def _bomb(name: str, detail: str) -> FileCheck:
    return FileCheck("", [make_issue("zip-bomb", file=name, detail=detail)])


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part path -> sheet name, from the workbook and its relationships."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    try:
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts: dict[str, str] = {}
    for sheet in book.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        parts[path] = sheet.get("name", "")
    return parts


def _hidden_sheets(archive: zipfile.ZipFile) -> set[str]:
    """Names of the hidden and very hidden sheets, which the readers skip."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    return {sheet.get("name", "") for sheet in book.iter(f"{_MAIN_NS}sheet")
            if sheet.get("state") in ("hidden", "veryHidden")}


def _formula_cells(archive: zipfile.ZipFile, part: str, sheet: str, name: str
                   ) -> tuple[list[ValidationIssue], dict[str, str]]:
    """Issues for formula cells whose saved result is missing (never calculated), and the
    cells holding an Excel error, by reference ("G12")."""
    issues: list[ValidationIssue] = []
    errors: dict[str, str] = {}
    with archive.open(part) as stream:
        for _event, element in ElementTree.iterparse(stream, events=("end",)):
            if element.tag != f"{_MAIN_NS}c":
                if element.tag == f"{_MAIN_NS}row":
                    element.clear()
                continue
            cached = element.find(f"{_MAIN_NS}v")
            ref = element.get("r", "")
            if element.get("t") == "e" and cached is not None and cached.text and ref:
                errors[ref] = cached.text
            formula = element.find(f"{_MAIN_NS}f")
            if formula is None:
                continue
            empty = cached is None or (not cached.text and element.get("t") != "str")
            if empty and element.get("t") != "inlineStr":
                text = formula.text or "(shared formula)"
                issues.append(make_issue(
                    "formula-without-value", file=name, sheet=sheet,
                    row=_row_of(ref), column=re.sub(r"\d", "", ref), cell=f"={text}",
                    address=f"{sheet}!{ref}", formula=text))
    return issues, errors


def _row_of(ref: str) -> int | None:
    digits = re.sub(r"\D", "", ref)
    return int(digits) if digits else None
