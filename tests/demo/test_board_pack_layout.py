"""The demo board pack has no overprinted cells: every character of every table stays inside
its own cell, so no cell's text runs into its neighbour's.

The pack is rendered from the demo store for the quarter of the real Q3 2016/17 paper and for
the latest demo quarter; pdfplumber finds each table from its ruled borders and each
character's box on the page.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

import pdfplumber
import pytest

from services.exports import export_scorecard
from services.scorecard import reporting_quarter

from .conftest import DemoStore

COUNTY = "E10000017"
QUARTERS = ("Q3 16/17", "Q4 24/25")
#: Points a glyph may touch its cell's border (rounding of glyph boxes).
SLACK = 0.6


@pytest.fixture(scope="module", params=QUARTERS)
def pack(request: pytest.FixtureRequest, demo: DemoStore) -> bytes:
    with warnings.catch_warnings(), demo.engine.connect() as conn:
        warnings.simplefilter("ignore")
        export = export_scorecard(conn, demo.settings, COUNTY,
                                  reporting_quarter(request.param), "pdf")
    return export.data


def _cell_of(char: dict[str, Any], cells: list[tuple[float, float, float, float]]
             ) -> tuple[float, float, float, float] | None:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    for cell in cells:
        if cell[0] <= x <= cell[2] and cell[1] <= y <= cell[3]:
            return cell
    return None


def overflowing_text(data: bytes) -> list[str]:
    """Text that crosses the border of the table cell it starts in, page by page."""
    found: list[str] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for table in page.find_tables():
                cells = [c for c in table.cells if c is not None]
                for char in page.within_bbox(table.bbox).chars:
                    if not char["text"].strip():
                        continue
                    cell = _cell_of(char, cells)
                    if cell is None:
                        continue
                    if char["x0"] < cell[0] - SLACK or char["x1"] > cell[2] + SLACK:
                        words = page.within_bbox(
                            (max(cell[0] - 60, 0), cell[1], min(cell[2] + 60, page.width),
                             cell[3])).extract_text().replace("\n", " ")
                        found.append(f"page {number}: {char['text']!r} in {words!r}")
    return found


def test_no_table_cell_runs_into_the_next(pack: bytes) -> None:
    problems = overflowing_text(pack)
    assert not problems, "\n".join(problems[:20])


def test_the_scorecard_table_is_found_with_all_its_columns(pack: bytes) -> None:
    with pdfplumber.open(io.BytesIO(pack)) as pdf:
        widest = max((len(row) for page in pdf.pages for table in page.find_tables()
                      for row in table.extract()), default=0)
    assert widest >= 14  # the check above really looked inside the scorecard's cells


def test_the_check_finds_text_that_overruns_its_cell() -> None:
    """A one-cell-too-narrow table, drawn with WeasyPrint as the pack is, is caught."""
    from weasyprint import HTML
    html = ("<table style='border-collapse:collapse;table-layout:fixed;width:60mm'>"
            "<col style='width:15mm'><col style='width:45mm'><tr>"
            "<td style='border:0.5pt solid #000;white-space:nowrap'>60.0 (Q4 2015/16)</td>"
            "<td style='border:0.5pt solid #000'>82.0</td></tr></table>")
    assert overflowing_text(HTML(string=html).write_pdf())
