"""The PDF board pack: the CSV's figures as real text, tagged, with charts that have alt text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine

from exports.content import BoardContent
from exports.pdf import build_pdf, render_html
from indicators.display import format_value
from services.catalogue import catalogue
from services.export_formats import exception_charts
from services.exports import export_scorecard, live_content
from services.scorecard import reporting_quarter
from settings import Settings

LANCASHIRE = "E10000017"
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "pdf"
NEEDS_POPPLER = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils (pdftotext, pdftoppm) not installed")


def pdf_text(data: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                          check=True)
    return done.stdout.decode("utf-8")


def csv_rows(data: bytes) -> list[dict[str, str]]:
    lines = data.decode("utf-8-sig").splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def _content(engine: Engine, settings: Settings) -> BoardContent:
    with engine.connect() as conn:
        return live_content(conn, settings, LANCASHIRE, reporting_quarter("Q3 16/17"),
                            produced=dt.datetime(2017, 2, 14, 10, 0))


@NEEDS_POPPLER
def test_pdf_holds_the_same_figures_as_the_csv(board_engine: Engine,
                                               board_settings: Settings) -> None:
    quarter = reporting_quarter("Q3 16/17")
    with board_engine.connect() as conn:
        pdf = export_scorecard(conn, board_settings, LANCASHIRE, quarter, "pdf")
        table = export_scorecard(conn, board_settings, LANCASHIRE, quarter, "csv")
    text = pdf_text(pdf.data)
    rows = csv_rows(table.data)
    assert len(rows) > 25
    for row in rows:
        spec = catalogue()[row["indicator_id"]]
        kind = spec.value_type.value
        for column in ("current_value", "previous_value", "national_value", "regional_value"):
            value = row[column]
            try:
                number = float(value)
            except ValueError:
                continue
            shown = format_value(number, spec.decimals, kind)
            assert shown in text, f"{row['indicator_id']} {column} {shown} missing from PDF"
    assert "Performance Monitoring Scorecard: Quarter Three 2016/17" in text
    assert "OFFICIAL" in text and f"of {pdf.pages}" in text


@NEEDS_POPPLER
def test_pack_sections_and_exception_page(board_engine: Engine,
                                          board_settings: Settings) -> None:
    content = _content(board_engine, board_settings)
    assert content.exceptions == ("cla_rate",)
    text = " ".join(pdf_text(build_pdf(content, exception_charts(content))).split())
    for heading in ("Headline: RAG ratings and exceptions", "Performance summary",
                    "Outcome one - to feel safe", "Improving indicators:",
                    "Exception: Rate per 10000 population of cyp who are looked after",
                    "No approved commentary for this quarter."):
        assert heading in text
    assert "had increased when compared to" in text  # the generated narrative


def test_pdf_is_tagged_and_charts_have_alt_text(board_engine: Engine,
                                                board_settings: Settings) -> None:
    content = _content(board_engine, board_settings)
    charts = exception_charts(content)
    reader = PdfReader(io.BytesIO(build_pdf(content, charts)))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert str(root["/Lang"]) == "en-GB"
    assert b"pdfuaid" in root["/Metadata"].get_data()
    alts = []
    stack = [root["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            stack.extend(kids if isinstance(kids, list) else [kids] if kids is not None else [])
        elif isinstance(node, list):
            stack.extend(node)
    assert any(a.startswith("Line chart of Rate per 10000 population") and "England: 60.0" in a
               for a in alts), alts
    assert "alt=\"Line chart of" in render_html(content, charts)


def test_pdf_bytes_depend_only_on_content(board_engine: Engine,
                                          board_settings: Settings) -> None:
    content = _content(board_engine, board_settings)
    assert build_pdf(content, exception_charts(content)) == \
        build_pdf(content, exception_charts(content))


@NEEDS_POPPLER
def test_pages_render_to_png(board_engine: Engine, board_settings: Settings) -> None:
    with board_engine.connect() as conn:
        pdf = export_scorecard(conn, board_settings, LANCASHIRE, reporting_quarter("Q3 16/17"),
                               "pdf")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    backend = board_engine.dialect.name
    for old in OUTPUT.glob(f"lancashire-q3-{backend}-*.png"):
        old.unlink()
    (OUTPUT / f"lancashire-q3-{backend}.pdf").write_bytes(pdf.data)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(OUTPUT / f"lancashire-q3-{backend}.pdf"),
                    str(OUTPUT / f"lancashire-q3-{backend}")], check=True)
    pages = sorted(OUTPUT.glob(f"lancashire-q3-{backend}-*.png"))
    assert pdf.pages is not None and len(pages) == pdf.pages >= 5
    assert all(p.stat().st_size > 2000 for p in pages)


def test_out_of_date_rows_are_styled_labelled_and_counted(board_engine: Engine,
                                                          board_settings: Settings) -> None:
    from dataclasses import replace

    from indicators.headline import out_of_date_count
    content = _content(board_engine, board_settings)
    fresh = next(r for r in content.rows if r.get("currency") == "current")
    before = out_of_date_count(content.table())
    rows = tuple({**r, "currency": "out of date",
                  "currency_label": "latest available: Q1 2015/16"} if r is fresh else r
                 for r in content.rows)
    html = render_html(replace(content, rows=rows), {})
    assert '<tr class="out-of-date">' in html
    assert "<td>latest available: Q1 2015/16</td>" in html
    assert f"{before + 1} figures out of date." in html
