"""The PDF board pack: cover, headline, scorecard, performance summary and exception pages.

HTML from a Jinja template, laid out by WeasyPrint as a tagged PDF (PDF/UA-1): real text
throughout, table headers marked as headers, charts embedded as SVG with alt text saying what
each one shows. The same content always gives the same bytes (dates and the file identifier
come from the content, never from the clock).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from exports.charts import Chart
from exports.content import BoardContent
from exports.snapshots import pdf_identifier, w3c_time
from exports.tables import (
    DASHBOARD_KEY,
    SCORECARD_HEADINGS,
    ScorecardCells,
    cells,
    grouped_cells,
    long_date,
    produced_month,
    quarter_title,
    restatement_text,
)
from indicators.display import RAG_ORDER, rag_parts
from indicators.headline import movement_words, out_of_date_count, out_of_date_words

TEMPLATES = Path(__file__).resolve().parent / "templates"
PDF_VARIANT = "pdf/ua-1"
#: Scorecard column widths (per cent of the landscape page), in heading order. Each fits its
#: heading on one line ("Updated?" included) and its longest cell without running into the
#: next: comparators put their period on a second line (:func:`stacked`).
COLUMN_WIDTHS = (17, 5.5, 6.5, 5, 6.5, 5.5, 5, 7, 7.5, 7.5, 8, 5.5, 8, 5.5)
_ENVIRONMENT = Environment(loader=FileSystemLoader(TEMPLATES),
                           autoescape=select_autoescape(["html"]))


def stacked(text: object) -> Markup:
    """A comparator cell: the figure, then its period "(Q4 2015/16)" on a line of its own, so
    a narrow column never runs one cell's text into the next. Escaped for HTML."""
    value = str(text)
    figure, opening, period = value.partition(" (")
    if not opening or not period.endswith(")"):
        return Markup.escape(value)  # a figure has no spaces; words may wrap
    return Markup('<span class="figure">{}</span><span class="period">({}</span>').format(
        figure, period)


_ENVIRONMENT.filters["stacked"] = stacked


@dataclass(frozen=True)
class ExceptionPage:
    """One page of the pack for an indicator that is an exception."""

    cells: ScorecardCells
    chart: Chart | None
    chart_uri: str
    commentary: list[dict[str, Any]]


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string (safe inside a ``<style>`` element)."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;()/-'&" else f"\\{ord(ch):x} "
                      for ch in text)
    return f'"{escaped}"'


def _page_css(content: BoardContent) -> str:
    meta = content.meta
    running = f"{meta.area_name} scorecard {meta.period_label}"
    return (f"@page {{ @top-left {{ content: {css_string(meta.sensitivity)} }} "
            f"@top-right {{ content: {css_string(running)} }} "
            f"@bottom-left {{ content: {css_string(meta.sensitivity)} }} }}")


def _facts(content: BoardContent, content_hash: str | None) -> list[tuple[str, str]]:
    meta = content.meta
    facts = [("Area", f"{meta.area_name} ({meta.area_code})"), ("Period", meta.period_label),
             ("Produced", long_date(meta.produced)),
             ("Data as at", long_date(meta.data_as_at) or "no uploads"),
             ("Upload batches", ", ".join(str(b) for b in meta.batch_ids) or "none"),
             ("Approval status", meta.approval)]
    if meta.meeting_date:
        facts.append(("Board meeting", long_date(meta.meeting_date)))
    facts += [("Sensitivity", meta.sensitivity), ("Source", meta.source)]
    if content_hash:
        facts.append(("Content hash (SHA-256)", content_hash))
    return facts


def _count_rows(content: BoardContent) -> list[dict[str, Any]]:
    themes: dict[str, dict[str, Any]] = {}
    for count in content.counts:
        theme = themes.setdefault(str(count["outcome"]), {"label": count["outcome_label"],
                                                          "by_rag": {}})
        theme["by_rag"][count["rag"]] = (f"{count['count']} "
                                         f"({movement_words(int(count['movement']))})")
    return [{"label": t["label"], "cells": [t["by_rag"].get(r, "0") for r in RAG_ORDER]}
            for t in themes.values()]


def _byline(item: Mapping[str, Any]) -> str:
    text = f"Written by {item.get('author')} on {long_date(str(item.get('created_at')))}"
    if item.get("approved_by"):
        text += (f"; approved by {item['approved_by']} on "
                 f"{long_date(str(item.get('approved_at')))}")
    return text + "."


def _commentary(content: BoardContent, indicator_id: str) -> list[dict[str, Any]]:
    out = []
    for item in content.commentary_for(indicator_id):
        due = long_date(str(item["due_date"])) if item.get("due_date") else ""
        out.append({**item, "due": due, "byline": _byline(item)})
    return out


def _data_uri(chart: Chart | None) -> str:
    if chart is None:
        return ""
    return f"data:{chart.media_type};base64,{base64.b64encode(chart.data).decode('ascii')}"


def render_html(content: BoardContent, charts: Mapping[str, Chart],
                content_hash: str | None = None) -> str:
    """The pack as HTML (what WeasyPrint lays out); useful for checking the text."""
    meta = content.meta
    exceptions = [cells(row) for i in content.exceptions if (row := content.row(i))]
    restated: dict[str, list[str]] = {}
    for item in content.restatements:
        restated.setdefault(str(item["indicator_id"]), []).append(restatement_text(item))
    pages = [ExceptionPage(c, charts.get(c.indicator_id), _data_uri(charts.get(c.indicator_id)),
                           _commentary(content, c.indicator_id)) for c in exceptions]
    template = _ENVIRONMENT.get_template("boardpack.html")
    return template.render(
        title=f"{meta.area_name} performance scorecard {meta.period_label}",
        description=f"Board pack: {meta.area_name}, {meta.period_label}. {meta.approval}.",
        created=w3c_time(meta.produced_at), meta=meta,
        css=Markup((TEMPLATES / "boardpack.css").read_text(encoding="utf-8")),
        page_css=Markup(_page_css(content)), quarter=quarter_title(meta.period_label),
        produced_month=produced_month(meta.produced), facts=_facts(content, content_hash),
        rag_columns=[{"label": f"{rag_parts(r)[0]} {rag_parts(r)[1]}"} for r in RAG_ORDER],
        count_rows=_count_rows(content),
        out_of_date=out_of_date_words(out_of_date_count(content.table())).capitalize() + ".",
        exceptions=[
            {"indicator_id": c.indicator_id, "title": c.title, "current": c.current,
             "current_period": c.current_period, "trend": c.trend, "national": c.national}
            for c in exceptions],
        key=DASHBOARD_KEY, widths=COLUMN_WIDTHS, headings=[h for h, _k in SCORECARD_HEADINGS],
        groups=grouped_cells(content), restated=restated, narrative=content.narrative,
        exception_pages=pages)


@dataclass(frozen=True)
class RenderedPdf:
    """A rendered board pack: the PDF bytes and its page count."""

    data: bytes
    pages: int


def render_pdf(content: BoardContent, charts: Mapping[str, Chart],
               content_hash: str | None = None) -> RenderedPdf:
    """The board pack as tagged PDF bytes and its page count."""
    from weasyprint import HTML  # imported here: loading Pango is slow and only PDFs need it
    html = render_html(content, charts, content_hash)
    identifier = pdf_identifier(content_hash or content.content_hash())
    document = HTML(string=html, base_url=str(TEMPLATES)).render(pdf_variant=PDF_VARIANT)
    data = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
    assert data is not None
    return RenderedPdf(bytes(data), len(document.pages))


def build_pdf(content: BoardContent, charts: Mapping[str, Chart],
              content_hash: str | None = None) -> bytes:
    """The board pack as tagged PDF bytes; ``charts`` maps exception indicator ids to SVGs."""
    return render_pdf(content, charts, content_hash).data
