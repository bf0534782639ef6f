"""The scorecard workbook: cover, scorecard (grouped by outcome theme), headline, data, commentary.

Built with openpyxl from one :class:`~exports.content.BoardContent`. The scorecard sheet is laid
out as the screen is: the dashboard key, the outcome groups (collapsible), a frozen header,
RAG fills that always sit beside their words, and the catalogue's decimals as number formats.
No cell ever holds a formula: text is stored as text, and text a spreadsheet would run as a
formula is also marked with a quote prefix.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import Outline, PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from domain.vocabulary import OUTCOME_LABELS
from exports.content import BoardContent
from exports.csv import is_formula_like
from exports.snapshots import normalise_zip
from exports.tables import (
    DASHBOARD_KEY,
    RAG_FILLS,
    SCORECARD_HEADINGS,
    TONE_COLOURS,
    cells,
    long_date,
    produced_month,
    quarter_title,
    restatement_text,
)
from indicators.display import is_missing, rag_parts
from indicators.headline import out_of_date_count, out_of_date_words

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="1D4F91")
HEADER_FONT = Font(bold=True, color="FFFFFF")
GROUP_FILL = PatternFill("solid", fgColor="DCE6F2")
THIN = Side(style="thin", color="BFBFBF")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
#: Scorecard columns holding numbers (heading key -> row field).
NUMBER_FIELDS = {"current": "value", "previous": "previous_value", "change": "change_display",
                 "national": "national_display", "regional": "regional_display",
                 "neighbour": "neighbour_display", "county": "county_display"}
WIDTHS = {"title": 58, "updated": 9, "current_period": 16, "current": 11,
          "previous_period": 16, "previous": 11, "change": 11, "trend": 15, "national": 12,
          "regional": 12, "neighbour": 13, "county": 11, "significance": 30, "rag": 12,
          "reason": 60, "notes": 40}
DATA_COLUMNS = (
    "indicator_id", "title", "outcome_label", "polarity", "period_label", "value", "lower_ci",
    "upper_ci", "ci_level", "numerator", "denominator", "status", "previous_period",
    "previous_value", "change", "direction", "national_value", "national_period",
    "national_significance", "regional_value", "regional_period", "regional_significance",
    "neighbour_value", "neighbour_period", "neighbour_significance", "county_value",
    "county_period", "county_significance", "trend", "rank", "rank_of", "target_value", "rag",
    "rag_reason", "value_note", "illustrative", "rag_rule", "currency",
)
NUMERIC_DATA = {"value", "lower_ci", "upper_ci", "previous_value", "change", "national_value",
                "regional_value", "neighbour_value", "county_value", "target_value"}


def put(sheet: Worksheet, row: int, column: int, value: Any, number_format: str | None = None
        ) -> Any:
    """Write one cell; text is always stored as text, never as a formula."""
    cell = sheet.cell(row=row, column=column)
    if is_missing(value):
        return cell
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    else:
        cell.value = value
        if number_format:
            cell.number_format = number_format
    return cell


def number_format(decimals: Any, value_type: Any, signed: bool = False) -> str:
    """An Excel number format for the catalogue's decimals and value type."""
    places = 1 if is_missing(decimals) else int(decimals)
    body = "#,##0" + ("." + "0" * places if places > 0 else "")
    suffix = '" pts"' if signed and value_type == "percentage" else \
        '"%"' if value_type == "percentage" else ""
    if signed:
        return f"+{body}{suffix};-{body}{suffix};{body}{suffix}"
    return f"{body}{suffix}"


def _cover(sheet: Worksheet, content: BoardContent, content_hash: str | None) -> None:
    meta = content.meta
    put(sheet, 1, 1, meta.sensitivity).font = BOLD
    put(sheet, 2, 1, f"{meta.area_name} Children and Young People's Plan").font = TITLE
    put(sheet, 3, 1, f"Performance Monitoring Scorecard: {quarter_title(meta.period_label)}"
        ).font = TITLE
    put(sheet, 4, 1, f"Produced: {produced_month(meta.produced)}")
    facts: list[tuple[str, Any]] = [
        ("Area", f"{meta.area_name} ({meta.area_code})"), ("Period", meta.period_label),
        ("Produced", long_date(meta.produced)), ("Data as at", long_date(meta.data_as_at)),
        ("Upload batches", ", ".join(str(b) for b in meta.batch_ids) or "none"),
        ("Approval status", meta.approval), ("Board meeting", long_date(meta.meeting_date)),
        ("Approver", meta.approver or ""), ("Sensitivity", meta.sensitivity),
        ("Source", meta.source), ("Content hash (SHA-256)", content_hash or ""),
    ]
    for offset, (label, value) in enumerate(facts, start=6):
        put(sheet, offset, 1, label).font = BOLD
        put(sheet, offset, 2, value).alignment = WRAP
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 90


def _key(sheet: Worksheet, start: int) -> int:
    put(sheet, start, 1, "Dashboard key").font = BOLD
    for offset, (symbol, words) in enumerate(DASHBOARD_KEY, start=1):
        put(sheet, start + offset, 1, f"{symbol}  {words}")
    return start + len(DASHBOARD_KEY) + 2


def _scorecard(sheet: Worksheet, content: BoardContent) -> None:
    meta = content.meta
    put(sheet, 1, 1, f"{meta.area_name} performance dashboard {quarter_title(meta.period_label)}"
        ).font = TITLE
    put(sheet, 2, 1, f"{meta.sensitivity}. Produced {long_date(meta.produced)}. "
        f"{meta.approval}.")
    header_row = _key(sheet, 4)
    keys = [k for _h, k in SCORECARD_HEADINGS] + ["reason", "notes"]
    headings = [h for h, _k in SCORECARD_HEADINGS] + ["Why this rating", "Notes"]
    for column, heading in enumerate(headings, start=1):
        cell = put(sheet, header_row, column, heading)
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, WRAP, GRID
    row_number = header_row + 1
    current_group = None
    for row in content.rows:
        if row.get("outcome_label") != current_group:
            current_group = row.get("outcome_label")
            label = str(current_group or OUTCOME_LABELS.get(str(row.get("outcome")), ""))
            cell = put(sheet, row_number, 1, f"\u25bc {label}")
            cell.font = BOLD
            for column in range(1, len(keys) + 1):
                sheet.cell(row=row_number, column=column).fill = GROUP_FILL
            row_number += 1
        _scorecard_row(sheet, row_number, keys, row, content)
        sheet.row_dimensions[row_number].outlineLevel = 1
        row_number += 1
    for column, key in enumerate(keys, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[key]
    sheet.freeze_panes = f"B{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.sheet_properties.outlinePr = Outline(summaryBelow=False)


def _scorecard_row(sheet: Worksheet, row_number: int, keys: Sequence[str],
                   row: dict[str, Any], content: BoardContent) -> None:
    shown = cells(row)
    decimals, kind = row.get("decimals"), row.get("value_type")
    restated = content.restatements_for(shown.indicator_id)
    notes = [shown.note] if shown.note else []
    notes += [restatement_text(r) for r in restated]
    for column, key in enumerate(keys, start=1):
        field = NUMBER_FIELDS.get(key)
        value: Any
        if field is not None and not isinstance(row.get(field), str) \
                and not is_missing(row.get(field)):
            value = row[field]
            fmt = number_format(decimals, kind, signed=key == "change")
        else:
            value = {"reason": shown.rag_reason, "notes": "; ".join(notes)}.get(key) \
                if key in ("reason", "notes") else shown.text(key)
            fmt = None
        if key == "previous" and not shown.previous_period:
            value = None
        cell = put(sheet, row_number, column, value, fmt)
        cell.border, cell.alignment = GRID, WRAP
        if key == "trend":
            cell.font = Font(color=TONE_COLOURS.get(shown.trend_tone, "333333"))
        elif key == "significance":
            cell.font = Font(color=TONE_COLOURS.get(shown.significance_tone, "333333"))
        elif shown.row_class and key in ("title", "current_period", "current"):
            cell.font = Font(italic=True, color="5F5F5F")
        elif key == "rag":
            cell.fill = PatternFill("solid", fgColor=RAG_FILLS.get(shown.rag_key, "EEEEEE"))
        elif key == "current" and restated:
            cell.comment = Comment("; ".join(restatement_text(r) for r in restated),
                                   "scorecard")


def _headline(sheet: Worksheet, content: BoardContent) -> None:
    put(sheet, 1, 1, "RAG ratings by outcome theme").font = TITLE
    for column, heading in enumerate(("Outcome theme", "Rating", "Indicators",
                                      "Previous quarter", "Movement"), start=1):
        put(sheet, 3, column, heading).font = BOLD
    for offset, count in enumerate(content.counts, start=4):
        symbol, word = rag_parts(count.get("rag"))
        values = (count.get("outcome_label"), f"{symbol} {word}", count.get("count"),
                  count.get("previous_count"), count.get("movement"))
        for column, value in enumerate(values, start=1):
            put(sheet, offset, column, value, "0" if isinstance(value, int) else None)
        sheet.cell(row=offset, column=2).fill = PatternFill(
            "solid", fgColor=RAG_FILLS.get(str(count.get("rag")), "EEEEEE"))
    stale = out_of_date_words(out_of_date_count(content.table()))
    put(sheet, len(content.counts) + 5, 1, stale[:1].upper() + stale[1:] + ".")
    row_number = len(content.counts) + 7
    put(sheet, row_number, 1, "Exceptions: significantly worse than England and worsening"
        ).font = BOLD
    for offset, indicator_id in enumerate(content.exceptions, start=1):
        found = content.row(indicator_id) or {"title": indicator_id}
        put(sheet, row_number + offset, 1, str(found.get("title")))
    if not content.exceptions:
        put(sheet, row_number + 1, 1, "None this quarter.")
    for letter, width in (("A", 60), ("B", 16), ("C", 12), ("D", 16), ("E", 11)):
        sheet.column_dimensions[letter].width = width


def _data(sheet: Worksheet, content: BoardContent) -> None:
    for column, name in enumerate(DATA_COLUMNS, start=1):
        put(sheet, 1, column, name).font = BOLD
        sheet.column_dimensions[get_column_letter(column)].width = 14 if name != "title" else 50
    for row_number, row in enumerate(content.rows, start=2):
        fmt = number_format(row.get("decimals"), None)
        for column, name in enumerate(DATA_COLUMNS, start=1):
            value = row.get(name)
            put(sheet, row_number, column, value, fmt if name in NUMERIC_DATA else None)
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(DATA_COLUMNS))}{len(content.rows) + 1}"


COMMENTARY_COLUMNS = ("indicator_id", "breakdown", "narrative", "action", "owner", "due_date",
                      "author", "created_at", "approved_by", "approved_at")


def _commentary(sheet: Worksheet, content: BoardContent) -> None:
    for column, name in enumerate(COMMENTARY_COLUMNS, start=1):
        put(sheet, 1, column, name).font = BOLD
        sheet.column_dimensions[get_column_letter(column)].width = \
            50 if name in ("narrative", "action") else 16
    for row_number, item in enumerate(content.commentary, start=2):
        for column, name in enumerate(COMMENTARY_COLUMNS, start=1):
            put(sheet, row_number, column, item.get(name)).alignment = WRAP
    sheet.freeze_panes = "A2"


def build_workbook(content: BoardContent, content_hash: str | None = None) -> bytes:
    """The workbook as bytes; the same content always gives the same bytes."""
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Cover"
    _cover(cover, content, content_hash)
    _scorecard(book.create_sheet("Scorecard"), content)
    _headline(book.create_sheet("Headline"), content)
    _data(book.create_sheet("Data"), content)
    _commentary(book.create_sheet("Commentary"), content)
    produced = content.meta.produced_at
    props = book.properties
    props.creator = props.lastModifiedBy = "CYPP performance scorecard"
    props.title = f"{content.meta.area_name} scorecard {content.meta.period_label}"
    props.created = props.modified = produced
    buffer = io.BytesIO()
    book.save(buffer)
    return normalise_zip(buffer.getvalue(), produced)
