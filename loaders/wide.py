"""Wide sheets as officers keep them, read through a declared mapping rather than code per file.

A workbook with a sheet named ``Mapping`` is read block by block. Each Mapping row names a
sheet, an indicator, what its cells hold (value, numerator, ...), the column of area names or
codes, the row of headings and, optionally, which columns and rows to read. The headings are the
periods ("areas down the side, periods across the top", as in DfE LAIT extracts); or, when the
row gives a fixed ``period``, the columns are breakdowns or separate measures (as in the
Troubled Families district tables). Blocks for the same indicator, area, period and breakdown
(a numerator block and a denominator block, say) are joined into one figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from domain.errors import PeriodParseError
from domain.periods import parse_period
from domain.reports import ValidationIssue
from loaders.columns import header_key
from loaders.readers import SheetData, column_index, column_letter
from loaders.reference import LoadContext
from loaders.rules import make_issue

MAPPING_SHEET = "mapping"
MAPPING_COLUMNS: dict[str, str] = {
    "sheet": "Name of the sheet holding the block of figures.",
    "indicator_id": "Indicator id of every figure in the block.",
    "kind": "What the cells hold: value (default), numerator, denominator, lower_ci, upper_ci "
            "or target.",
    "area_column": "Letter of the column of area names or codes (default A).",
    "header_row": "Number of the row holding the headings across the top.",
    "columns": "Columns to read, e.g. C:H or C,E; blank = every column with a heading to the "
               "right of the area column.",
    "rows": "Rows to read, e.g. 5:16; blank = from below the headings down to the first "
            "blank area cell after the first area.",
    "period": "Blank when the headings are periods; otherwise the period of every figure in "
              "the block (for example 'At 31 Dec 2016'), and the headings are ignored.",
    "breakdown": "Breakdown of the block (default all); 'header' takes each column's heading "
                 "as its breakdown.",
    "years": "How a bare year heading such as 2024 is read: 'calendar' (default) or 'ending "
             "March' (DfE LAIT: the year ending 31 March).",
    "total_area": "Area code that a 'Total' row stands for, e.g. E10000016 for Kent.",
}
KINDS = ("value", "numerator", "denominator", "lower_ci", "upper_ci", "target")
TOTAL_WORDS = frozenset({"total", "grandtotal", "all", "alldistricts"})


@dataclass(frozen=True)
class Block:
    """One Mapping row, checked."""

    map_row: int
    sheet: SheetData
    indicator_id: str
    kind: str
    area_column: int
    header_row: int
    columns: tuple[int, ...] | None
    rows: tuple[int, int] | None
    period: Any
    breakdown: str
    years_end_march: bool
    total_area: str | None


def has_mapping(sheets: list[SheetData]) -> bool:
    return any(s.name.strip().lower() == MAPPING_SHEET for s in sheets)


def _span(text: Any, parse: Any) -> tuple[int, ...]:
    parts: list[int] = []
    for piece in str(text).replace(" ", "").split(","):
        if ":" in piece:
            first, last = (parse(p) for p in piece.split(":", 1))
            if last < first:
                raise ValueError(f"'{piece}' runs backwards")
            parts.extend(range(first, last + 1))
        elif piece:
            parts.append(parse(piece))
    if not parts:
        raise ValueError(f"'{text}' names no columns or rows")
    return tuple(parts)


def _row_number(text: str) -> int:
    number = int(float(text))
    if number < 1:
        raise ValueError(f"row {text} does not exist")
    return number


def read_mapping(sheets: list[SheetData], ctx: LoadContext, file: str
                 ) -> tuple[list[Block], list[ValidationIssue]]:
    """The checked blocks of the Mapping sheet, and a bad-mapping issue per faulty row."""
    mapping = next(s for s in sheets if s.name.strip().lower() == MAPPING_SHEET)
    by_name = {s.name: s for s in sheets}
    blocks: list[Block] = []
    issues: list[ValidationIssue] = []
    header = {header_key(c): i for i, c in enumerate(mapping.rows[0] if mapping.rows else [])
              if c is not None}
    missing = [c for c in ("sheet", "indicator_id", "header_row") if header_key(c) not in header]
    if missing:
        problem = (f"the heading row lacks {', '.join(missing)}; the Mapping sheet needs the "
                   f"columns {', '.join(MAPPING_COLUMNS)}")
        return [], [make_issue("bad-mapping", file=file, sheet=mapping.name, row=1,
                               map_row=1, problem=problem)]
    for number, cells in enumerate(mapping.rows[1:], start=2):
        def cell(name: str, cells: list[Any] = cells) -> Any:
            index = header.get(header_key(name))
            value = cells[index] if index is not None and index < len(cells) else None
            return value.strip() if isinstance(value, str) else value
        if all(c is None for c in cells):
            continue
        try:
            blocks.append(_block(number, cell, by_name, ctx))
        except (ValueError, PeriodParseError) as error:
            issues.append(make_issue("bad-mapping", file=file, sheet=mapping.name, row=number,
                                     map_row=number, problem=str(error)))
    return blocks, issues


def _block(number: int, cell: Any, sheets: dict[str, SheetData], ctx: LoadContext) -> Block:
    name = str(cell("sheet") or "")
    if name not in sheets:
        raise ValueError(f"sheet '{name}' does not exist; the sheets are "
                         f"{', '.join(repr(s) for s in sheets)}")
    indicator = ctx.resolve_indicator(cell("indicator_id"))
    if indicator is None:
        raise ValueError(f"indicator '{cell('indicator_id')}' is not in the catalogue"
                         f"{ctx.suggest_indicator(cell('indicator_id') or '')}".rstrip("."))
    kind = str(cell("kind") or "value").lower()
    if kind not in KINDS:
        raise ValueError(f"kind '{kind}' must be one of {', '.join(KINDS)}")
    if cell("header_row") is None:
        raise ValueError("header_row is blank; give the number of the row of headings")
    period = cell("period")
    if period is not None:
        period = parse_period(period, ctx.catalogue[indicator].period_type)
    total = cell("total_area")
    total_code = ctx.resolve_area(total) if total is not None else None
    if total is not None and total_code is None:
        raise ValueError(f"total_area '{total}' is not a known area"
                         f"{ctx.suggest_area(total)}".rstrip("."))
    rows = _span(cell("rows"), _row_number) if cell("rows") is not None else None
    years = header_key(cell("years") or "calendar")
    if years not in ("calendar", "endingmarch"):
        raise ValueError(f"years '{cell('years')}' must be 'calendar' or 'ending March'")
    return Block(
        map_row=number, sheet=sheets[name], indicator_id=indicator, kind=kind,
        area_column=column_index(str(cell("area_column") or "A")),
        header_row=_row_number(str(cell("header_row"))),
        columns=_span(cell("columns"), column_index) if cell("columns") is not None else None,
        rows=(min(rows), max(rows)) if rows else None, period=period,
        breakdown=str(cell("breakdown") or "all"), years_end_march=years == "endingmarch",
        total_area=total_code)


def _at(rows: list[list[Any]], row: int, column: int) -> Any:
    if 0 < row <= len(rows) and column < len(rows[row - 1]):
        return rows[row - 1][column]
    return None


def _heading_period(heading: Any, block: Block) -> Any:
    if block.years_end_march:
        text = str(heading).strip()
        if text.replace(".0", "").isdigit():
            return dt.date(int(float(text)), 3, 31)
    return heading


def block_records(block: Block, ctx: LoadContext) -> list[dict[str, Any]]:
    """One record per non-blank figure cell of the block."""
    rows = block.sheet.rows
    headings = rows[block.header_row - 1] if block.header_row <= len(rows) else []
    columns = block.columns or tuple(i for i, h in enumerate(headings)
                                     if i > block.area_column and h is not None)
    first = block.rows[0] if block.rows else block.header_row + 1
    last = block.rows[1] if block.rows else len(rows)
    kind_period = ctx.catalogue[block.indicator_id].period_type
    records: list[dict[str, Any]] = []
    seen = False
    for row in range(first, last + 1):
        area = _at(rows, row, block.area_column)
        if area is None:
            if block.rows is None and seen:
                break
            continue
        seen = True
        if block.total_area and header_key(area) in TOTAL_WORDS:
            area = block.total_area
        for column in columns:
            cell = _at(rows, row, column)
            if cell is None:
                continue
            heading = _at(rows, block.header_row, column)
            period = block.period if block.period is not None else _heading_period(heading,
                                                                                    block)
            try:
                period_key: Any = parse_period(period, kind_period).key
            except (PeriodParseError, TypeError):
                period_key = f"raw:{period}"
            breakdown = heading if block.breakdown.lower() == "header" else block.breakdown
            records.append({
                "indicator": block.indicator_id, "area": area, "period": period,
                "breakdown": breakdown, "kind": block.kind, "cell_value": cell,
                "area_key": ctx.resolve_area(area) or f"raw:{area}", "period_key": period_key,
                "_sheet": block.sheet.name, "_row": row, "letter": column_letter(column),
                "area_letter": column_letter(block.area_column),
                "heading": "" if heading is None else str(heading).strip()})
    return records


def wide_candidates(sheets: list[SheetData], ctx: LoadContext, file: str
                    ) -> tuple[pd.DataFrame, list[ValidationIssue], list[str]]:
    """Candidate rows of every mapped block, blocks of the same figure joined."""
    blocks, issues = read_mapping(sheets, ctx, file)
    records = [r for block in blocks for r in block_records(block, ctx)]
    notes = [f"Read {len(blocks)} mapped block(s) from sheet(s) "
             f"{', '.join(sorted({b.sheet.name for b in blocks}))}."] if blocks else []
    if not records:
        return pd.DataFrame(), issues, notes
    cells = pd.DataFrame(records)
    key = ["indicator", "area_key", "period_key", "breakdown"]
    cells["breakdown"] = cells["breakdown"].astype(str)
    cells["occurrence"] = cells.groupby([*key, "kind"], sort=False).cumcount()
    rows = []
    for _, group in cells.groupby([*key, "occurrence"], sort=False):
        kinds = group.set_index("kind")
        primary = kinds.loc["value"] if "value" in kinds.index else group.iloc[0]
        row: dict[str, Any] = {field: primary[field] for field in
                               ("indicator", "area", "period", "breakdown", "_sheet", "_row")}
        row["_cell"] = f"{primary['_sheet']}!{primary['letter']}{primary['_row']}"
        for kind, part in kinds.iterrows():
            row[str(kind)] = part["cell_value"]
            same = (part["_sheet"], part["_row"]) == (primary["_sheet"], primary["_row"])
            row[f"_col_{kind}"] = (f"{part['letter']} ({part['heading']})" if same
                                   else f"{part['_sheet']}!{part['letter']}{part['_row']}")
        row["_col_period"] = row["_col_indicator"] = f"{primary['letter']} ({primary['heading']})"
        row["_col_area"] = str(primary["area_letter"])
        rows.append(row)
    return pd.DataFrame(rows), issues, notes
