"""Fixtures for the loader tests: the real catalogue and reference areas, and file builders.

Every test file is generated here, in the test's temporary folder: :class:`Files` writes
template workbooks and CSVs, and edits the parts of a saved workbook (to add a cached formula
result, a macro part, a document type declaration, ...).
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import Workbook

from demo.partnership import demo_profile
from domain.areas import reference_areas
from domain.catalogue import Indicator, load_catalogue
from loaders import LoadContext

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
Rows = Sequence[Sequence[Any]]


class Files:
    """Builders of test files in one folder."""

    HEADER = ["indicator_id", "area_code", "period", "breakdown", "numerator", "denominator",
              "value", "lower_ci", "upper_ci", "status", "note"]
    BURNLEY, CHORLEY, LANCASHIRE, ENGLAND = "E07000117", "E07000118", "E10000017", "E92000001"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def row(indicator: str = "cla_number", area: str = "E07000117",
            period: Any = "Q2 2016/17", breakdown: Any = None, numerator: Any = None,
            denominator: Any = None, value: Any = 120, lower: Any = None, upper: Any = None,
            status: Any = None, note: Any = None) -> list[Any]:
        """One template row in :attr:`HEADER` order."""
        return [indicator, area, period, breakdown, numerator, denominator, value, lower,
                upper, status, note]

    def template(self, name: str, *rows: Sequence[Any]) -> Path:
        """A workbook (or CSV, by extension) with the template heading and ``rows``."""
        table = [self.HEADER, *rows]
        return self.csv(name, table) if name.endswith(".csv") else self.xlsx(name,
                                                                              {"Data": table})

    def xlsx(self, name: str, sheets: dict[str, Rows]) -> Path:
        book = Workbook()
        for index, (title, rows) in enumerate(sheets.items()):
            sheet = book.active if index == 0 else book.create_sheet(title)
            assert sheet is not None
            sheet.title = title
            for values in rows:
                sheet.append(list(values))
        path = self.folder / name
        book.save(path)
        return path

    def csv(self, name: str, rows: Rows, encoding: str = "utf-8") -> Path:
        path = self.folder / name
        with path.open("w", newline="", encoding=encoding) as handle:
            csv.writer(handle).writerows(rows)
        return path

    def raw(self, name: str, content: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(content)
        return path

    def edit_zip(self, source: Path, name: str,
                 edits: dict[str, Callable[[bytes], bytes] | bytes | None],
                 compression: int = zipfile.ZIP_DEFLATED) -> Path:
        """Copy a workbook, replacing parts (a function of the old bytes, new bytes, or None to
        drop the part); parts not in the workbook are added."""
        target = self.folder / name
        with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", compression) as new:
            for info in old.infolist():
                data = old.read(info.filename)
                edit = edits.get(info.filename, data)
                if callable(edit):
                    edit = edit(data)
                if edit is not None:
                    new.writestr(info.filename, edit)
            for part, edit in edits.items():
                if part not in old.namelist() and isinstance(edit, bytes):
                    new.writestr(part, edit)
        return target


@pytest.fixture(scope="session")
def catalogue() -> dict[str, Indicator]:
    return load_catalogue()


@pytest.fixture(scope="session")
def areas() -> pd.DataFrame:
    return reference_areas(SHARED_DATA, [demo_profile()])


@pytest.fixture
def ctx(catalogue: dict[str, Indicator], areas: pd.DataFrame) -> LoadContext:
    return LoadContext(catalogue, areas)


@pytest.fixture
def files(tmp_path: Path) -> Files:
    return Files(tmp_path)
