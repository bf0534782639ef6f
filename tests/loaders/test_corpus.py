"""The bad-file corpus: every file is rejected with the right rule codes and locations, and the
store is byte-for-byte unchanged afterwards, on SQLite and on PostgreSQL.

Each case builds its file in the test's temporary folder and lists the errors expected as
``(code, sheet, row, column)``; the report's errors must be exactly those.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from loaders.safety import OLE2_MAGIC
from services.setup import initialise_store
from services.uploads import commit_upload
from settings import load_settings
from store.engine import make_engine
from store.models import Base
from tests._partnership import with_demo_partnership

Expected = tuple[str, str, int | None, str]
FILE_LEVEL = ("", None, "")


@dataclass(frozen=True)
class Case:
    id: str
    build: Callable[[Any], Path]
    errors: list[Expected]
    limits: dict[str, int] = field(default_factory=dict)


def _template(files: Any, name: str = "bad.xlsx") -> Path:
    return files.template(name, files.row())


def _doctype(data: bytes) -> bytes:
    declaration = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
    if data.startswith(b"<?xml"):
        return data.replace(b"?>", b"?>" + declaration, 1)
    return declaration + data


def _bad_crc(files: Any) -> Path:
    stored = files.edit_zip(_template(files, "plain.xlsx"), "stored.xlsx", {},
                            compression=zipfile.ZIP_STORED)
    content = stored.read_bytes().replace(b"cla_number", b"clX_number", 1)
    return files.raw("bad-crc.xlsx", content)


def _wide_unknown_area(files: Any) -> Path:
    mapping = [["sheet", "indicator_id", "header_row"], ["CLA", "cla_rate", 2]]
    cla = [["CLA rate"], ["Area", "Q2 2016/17"], ["Burnley", 132.4], ["Burnly", 90]]
    return files.xlsx("wide.xlsx", {"CLA": cla, "Mapping": mapping})


def _mapping(rows: list[list[Any]]) -> Callable[[Any], Path]:
    def build(files: Any) -> Path:
        cla = [["Area", "Q2 2016/17"], ["Burnley", 132.4]]
        return files.xlsx("mapped.xlsx", {"CLA": cla, "Mapping": [
            ["sheet", "indicator_id", "kind", "header_row"], *rows]})
    return build


def _one(files: Any, name: str = "bad.xlsx", **cells: Any) -> Path:
    return files.template(name, files.row(**cells))


CASES = [
    # The file as a whole
    Case("empty", lambda f: f.raw("empty.csv", b""), [("empty-file", *FILE_LEVEL)]),
    Case("too-large", lambda f: f.raw("big.csv", b"a,b\n" * 5000),
         [("file-too-large", *FILE_LEVEL)], {"max_upload_bytes": 10_000}),
    Case("too-many-rows-csv", lambda f: f.template("rows.csv", *[f.row()] * 60),
         [("too-many-rows", "rows", None, "")], {"max_rows": 50}),
    Case("too-many-rows-xlsx", lambda f: f.template("rows.xlsx", *[f.row()] * 60),
         [("too-many-rows", "Data", None, "")], {"max_rows": 50}),
    Case("unsupported-extension", lambda f: f.raw("figures.txt", b"a,b\n1,2\n"),
         [("unsupported-file-type", *FILE_LEVEL)]),
    Case("pdf-named-xlsx", lambda f: f.raw("report.xlsx", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj"),
         [("wrong-file-type", *FILE_LEVEL)]),
    Case("csv-named-xlsx", lambda f: f.raw("data.xlsx", b"indicator_id,area_code\n"),
         [("wrong-file-type", *FILE_LEVEL)]),
    Case("xlsx-named-csv", lambda f: f.raw("data.csv", _template(f).read_bytes()),
         [("wrong-file-type", *FILE_LEVEL)]),
    Case("png-named-csv", lambda f: f.raw("chart.csv", b"\x89PNG\r\n\x1a\n" + b"\0" * 40),
         [("wrong-file-type", *FILE_LEVEL)]),
    Case("legacy-xls", lambda f: f.raw("old.xls", OLE2_MAGIC + b"\0" * 600),
         [("legacy-xls", *FILE_LEVEL)]),
    Case("password-protected", lambda f: f.raw(
        "locked.xlsx", OLE2_MAGIC + b"\0" * 100 + "EncryptionInfo".encode("utf-16-le")),
        [("encrypted-workbook", *FILE_LEVEL)]),
    Case("truncated-xlsx", lambda f: f.raw(
        "cut.xlsx", _template(f).read_bytes()[:1500]), [("corrupt-file", *FILE_LEVEL)]),
    Case("plain-zip-named-xlsx", lambda f: f.edit_zip(
        f.edit_zip(_template(f), "tmp.xlsx", {"[Content_Types].xml": None}), "zip.xlsx", {}),
        [("wrong-file-type", *FILE_LEVEL)]),
    Case("docx-named-xlsx", lambda f: f.edit_zip(_template(f), "doc.xlsx", {
        "xl/workbook.xml": None, "word/document.xml": b"<w:document/>"}),
        [("wrong-file-type", *FILE_LEVEL)]),
    Case("zip-bomb", lambda f: f.edit_zip(_template(f), "bomb.xlsx", {
        "xl/media/filler.bin": b"\0" * (8 * 1024 * 1024)}), [("zip-bomb", *FILE_LEVEL)]),
    Case("xml-entities", lambda f: f.edit_zip(_template(f), "lol.xlsx", {
        "xl/worksheets/sheet1.xml": _doctype}), [("unsafe-xml", *FILE_LEVEL)]),
    Case("bad-crc", _bad_crc, [("corrupt-file", *FILE_LEVEL)]),
    Case("broken-sheet-xml", lambda f: f.edit_zip(_template(f), "broken.xlsx", {
        "xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row r='1'><c r='A1'"}),
        [("corrupt-file", *FILE_LEVEL)]),
    Case("formula-without-value", lambda f: _one(f, value="=100+20"),
         [("formula-without-value", "Data", 2, "G")]),
    # Layout and columns
    Case("unknown-layout", lambda f: f.xlsx("scores.xlsx", {"Sheet1": [["Name", "Score"],
                                                                      ["Ann", 3]]}),
         [("unknown-layout", *FILE_LEVEL)]),
    Case("missing-period-column", lambda f: f.xlsx("cols.xlsx", {"Data": [
        ["indicator_id", "area_code", "value"], ["cla_number", "E07000117", 120]]}),
        [("missing-column", "Data", 1, "period")]),
    Case("duplicate-column", lambda f: f.xlsx("dup.xlsx", {"Data": [
        ["indicator_id", "area_code", "ONS code", "period", "value"],
        ["cla_number", "E07000117", "E07000117", "Q2 2016/17", 120]]}),
        [("duplicate-column", "Data", 1, "ONS code")]),
    Case("headings-only", lambda f: f.template("empty.xlsx"), [("no-data-rows", "Data", None,
                                                                 "")]),
    Case("lait-unknown-measures", lambda f: f.csv("lait.csv", [
        ["Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number", "Region"],
        ["NOT_A_MEASURE", "x", "2024", "Lancashire", "1", "888", "North West"]]),
        [("no-mapped-rows", "lait", None, "Short Desc")]),
    Case("fingertips-unknown-ids", lambda f: f.csv("ft.csv", [
        ["IndicatorId", "AreaCode", "Year", "Value"], ["1", "E10000017", "2019", "4"]]),
        [("no-mapped-rows", "ft", None, "IndicatorId")]),
    Case("mapping-missing-sheet", _mapping([["Nowhere", "cla_rate", "value", 1]]),
         [("bad-mapping", "Mapping", 2, "")]),
    Case("mapping-bad-kind", _mapping([["CLA", "cla_rate", "average", 1]]),
         [("bad-mapping", "Mapping", 2, "")]),
    # Cells
    Case("unknown-indicator", lambda f: _one(f, indicator="cp_plan_rate"),
         [("unknown-indicator", "Data", 2, "indicator_id")]),
    Case("unknown-area", lambda f: _one(f, area="Burnly"), [("unknown-area", "Data", 2,
                                                            "area_code")]),
    Case("blank-indicator", lambda f: _one(f, indicator=None),
         [("missing-value", "Data", 2, "indicator_id")]),
    Case("blank-period", lambda f: _one(f, period=None), [("missing-value", "Data", 2,
                                                          "period")]),
    Case("unparseable-period", lambda f: _one(f, period="Q5 2016/17"),
         [("unparseable-period", "Data", 2, "period")]),
    Case("period-type-mismatch", lambda f: _one(f, period="2016/17"),
         [("period-type-mismatch", "Data", 2, "period")]),
    Case("period-not-begun", lambda f: _one(f, period="Q2 2096/97"),
         [("period-not-begun", "Data", 2, "period")]),
    Case("not-a-number", lambda f: _one(f, numerator="lots"),
         [("not-a-number", "Data", 2, "numerator")]),
    Case("excel-error-cell", lambda f: _one(f, indicator="cla_rate", numerator="#N/A",
                                            denominator=26_000, value=40.0),
         [("not-a-number", "Data", 2, "numerator")]),
    Case("infinite-number", lambda f: _one(f, "inf.csv", value="inf", numerator="1e999"),
         [("not-a-number", "inf", 2, "numerator"), ("not-a-number", "inf", 2, "value")]),
    Case("negative-value", lambda f: _one(f, value=-4), [("negative-value", "Data", 2,
                                                         "value")]),
    Case("invalid-status", lambda f: _one(f, status="maybe"),
         [("invalid-choice", "Data", 2, "status")]),
    Case("invalid-flag", lambda f: f.xlsx("flag.xlsx", {"Data": [
        ["indicator_id", "area_code", "period", "value", "illustrative"],
        ["cla_number", "E07000117", "Q2 2016/17", 120, "perhaps"]]}),
        [("invalid-choice", "Data", 2, "illustrative")]),
    Case("unknown-breakdown", lambda f: _one(f, indicator="cp_plans_by_category",
                                             breakdown="purple"),
         [("unknown-breakdown", "Data", 2, "breakdown")]),
    Case("no-value", lambda f: _one(f, value=None), [("no-value", "Data", 2, "value")]),
    Case("note-too-long", lambda f: f.template("long.csv", f.row(note="x" * 40_000)),
         [("text-too-long", "long", 2, "note")]),
    # Rows
    Case("numerator-above-denominator", lambda f: _one(
        f, indicator="care_leavers_eet", numerator=320, denominator=250, value=None),
        [("numerator-exceeds-denominator", "Data", 2, "numerator"),
         ("value-out-of-range", "Data", 2, "value")]),
    Case("zero-denominator", lambda f: _one(f, indicator="care_leavers_eet", numerator=0,
                                            denominator=0, value=50),
         [("non-positive-denominator", "Data", 2, "denominator")]),
    Case("value-mismatch", lambda f: _one(f, indicator="cp_plans_rate", area="E10000017",
                                          numerator=1631, denominator=245_000, value=80),
         [("value-mismatch", "Data", 2, "value")]),
    Case("percentage-above-100", lambda f: _one(f, indicator="care_leavers_eet", value=150),
         [("value-out-of-range", "Data", 2, "value")]),
    Case("ci-excludes-value", lambda f: _one(f, indicator="care_leavers_eet", value=48.2,
                                             lower=50, upper=55),
         [("ci-excludes-value", "Data", 2, "value")]),
    Case("ci-one-limit", lambda f: _one(f, indicator="care_leavers_eet", value=48.2, lower=40),
         [("ci-invalid", "Data", 2, "lower_ci")]),
    Case("ci-reversed", lambda f: _one(f, indicator="care_leavers_eet", value=48.2, lower=55,
                                       upper=40),
         [("ci-invalid", "Data", 2, "lower_ci")]),
    Case("duplicate-rows", lambda f: f.template("dups.xlsx", f.row(), f.row(value=121)),
         [("duplicate-row", "Data", 3, "indicator_id")]),
    Case("warnings-not-acknowledged", lambda f: _one(f, value=3),
         [("warnings-not-acknowledged", *FILE_LEVEL)]),
    Case("errors-on-two-sheets", lambda f: f.xlsx("two.xlsx", {
        "Q2": [f.HEADER, f.row(area="Burnly")], "Q3": [f.HEADER, f.row(period="Q3 16/17",
                                                                         value="n/k")]}),
        [("unknown-area", "Q2", 2, "area_code"), ("not-a-number", "Q3", 2, "value")]),
    Case("wide-unknown-area", _wide_unknown_area, [("unknown-area", "CLA", 4, "A")]),
]


def snapshot(engine: Engine) -> Any:
    """The SQLite file's bytes (connections closed first), or every PostgreSQL table's rows."""
    if engine.dialect.name == "sqlite":
        engine.dispose()
        database = Path(str(engine.url.database))
        wal = database.with_name(database.name + "-wal")
        return database.read_bytes(), wal.read_bytes() if wal.exists() else b""
    with engine.connect() as conn:
        return {table.name: conn.execute(text(f'SELECT * FROM "{table.name}" ORDER BY 1'))
                .all() for table in Base.metadata.sorted_tables}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres",
                                                               marks=pytest.mark.postgres)])
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           sqlite_template: Path) -> Iterator[Engine]:
    """One seeded store per backend for the whole corpus (nothing should ever change it)."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("corpus") / "store.db"
        shutil.copy(sqlite_template, path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_url")
        engine = make_engine(url)
        with engine.begin() as conn:
            tables = ", ".join(t.name for t in reversed(Base.metadata.sorted_tables))
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        engine.dispose()
    initialise_store(load_settings(database_url=url))
    with_demo_partnership(load_settings(database_url=url))
    engine = make_engine(url)
    yield engine
    engine.dispose()


def test_corpus_has_at_least_forty_files() -> None:
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_file_is_rejected_and_store_unchanged(case: Case, seeded: Engine,
                                                  files: Any) -> None:
    path = case.build(files)
    url = seeded.url.render_as_string(hide_password=False)
    settings = load_settings(database_url=url).with_overrides(**case.limits)
    before = snapshot(seeded)
    outcome = commit_upload(seeded, settings, path, path.name, user="corpus")
    report = outcome.preview.result.report
    assert outcome.status == "rejected"
    assert sorted((i.code, i.sheet, i.row, i.column) for i in report.errors) == sorted(
        case.errors)
    assert all(i.message and i.file == path.name for i in report.issues)
    assert snapshot(seeded) == before


def test_snapshot_sees_a_committed_file(tmp_path: Path, sqlite_template: Path,
                                        files: Any) -> None:
    path = tmp_path / "store.db"
    shutil.copy(sqlite_template, path)
    settings = load_settings(database_url=f"sqlite:///{path}")
    initialise_store(settings)
    with_demo_partnership(settings)
    engine = make_engine(settings.database_url)
    before = snapshot(engine)
    good = files.template("good.xlsx", files.row())
    assert commit_upload(engine, settings, good, user="corpus").status == "committed"
    assert snapshot(engine) != before
    engine.dispose()
