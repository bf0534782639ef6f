"""DfE Local Authority Interactive Tool (LAIT) long extracts, for comparator figures.

Measures are mapped through the catalogue's ``lait_measure`` column and areas through the DfE
LA number (regions and England by name, as LAIT numbers them 970-990). ``Years`` = 2024 means
"at or in the year ending 31 March 2024", so it becomes the indicator's period containing
31 March 2024: Q4 2023/24 for a quarterly indicator, 2023/24 for a financial year, "At 31 Mar
2024" for a snapshot. Rows of measures or areas the scorecard does not hold are left out and
counted in the notes; ``-`` (not available or suppressed) becomes a figure with no value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from domain.periods import period_containing
from domain.reports import ValidationIssue
from loaders.columns import (
    LAIT_COLUMNS,
    HeaderMatch,
    header_issues,
    matched_frame,
    skipped_note,
)
from loaders.readers import SheetData, column_letter
from loaders.reference import LoadContext
from loaders.rules import make_issue

SOURCE = "DfE Local Authority Interactive Tool (LAIT)"
SYMBOL_NOTES = {"-": "Published in LAIT as '-' (not available or suppressed)."}


def lait_candidates(sheet: SheetData, match: HeaderMatch, ctx: LoadContext, file: str
                    ) -> tuple[pd.DataFrame, list[ValidationIssue], list[str]]:
    """Candidate rows for the measures the catalogue maps; issues and notes."""
    issues = header_issues(match, LAIT_COLUMNS, file, sheet.name, warn_unknown=False)
    if issues:
        return pd.DataFrame(), issues, []
    data = matched_frame(sheet.rows, match)
    measures = {ind.lait_measure: ind.id for ind in ctx.catalogue.values() if ind.lait_measure}
    data["indicator"] = data["measure"].astype("string").str.strip().map(measures)
    notes: list[str] = []
    unmapped = data["indicator"].isna()
    if unmapped.all():
        found = ", ".join(sorted(map(str, data["measure"].dropna().unique()))[:10]) or "none"
        return pd.DataFrame(), [make_issue("no-mapped-rows", file=file, sheet=sheet.name,
                                           kind="LAIT measures", column="Short Desc",
                                           found=found, hint="")], []
    if unmapped.any():
        notes.append(skipped_note("LAIT measures not in the catalogue", data.loc[unmapped,
                                                                             "measure"]))
    data = data[~unmapped].reset_index(drop=True)
    data["area"] = _areas(data, ctx)
    unknown = data["area"].isna()
    if unknown.any():
        names = data["area_name"] if "area_name" in data else data["la_number"]
        notes.append(skipped_note("areas not in the scorecard's reference list",
                              names[unknown].astype(str)))
    data = data[~unknown].reset_index(drop=True)
    data["period"] = _periods(data, ctx)
    data["value"] = data["value"].where(data["value"].notna(), None)
    symbols = data["value"].astype("string").str.strip()
    data["note"] = symbols.map(SYMBOL_NOTES).astype(object)
    blank = data["value"].isna()
    data["status"] = ["not_available" if b else None for b in blank]
    data.loc[blank, "note"] = "No value published in LAIT."
    data["source"] = SOURCE
    data["_published"] = True
    data["_sheet"] = sheet.name
    value_letter = column_letter(match.fields["value"])
    data["_cell"] = [f"{sheet.name}!{value_letter}{r}" for r in data["_row"]]
    for field, source in (("indicator", "measure"), ("area", "la_number"),
                          ("period", "year"), ("value", "value")):
        data[f"_col_{field}"] = match.label(source)
    keep = ["indicator", "area", "period", "value", "status", "note", "source", "_published",
            "_sheet", "_row",
            "_cell", *[c for c in data.columns if c.startswith("_col_")]]
    return data.loc[:, keep], [], notes


def _areas(data: pd.DataFrame, ctx: LoadContext) -> pd.Series:
    by_number = {n: ctx.resolve_area(n) for n in data["la_number"].dropna().unique()}
    areas = data["la_number"].map(by_number)
    if "area_name" in data:
        by_name = {n: ctx.resolve_area(n) for n in data["area_name"].dropna().unique()}
        areas = areas.fillna(data["area_name"].map(by_name))
    return areas.astype(object).where(areas.notna(), None)


def _periods(data: pd.DataFrame, ctx: LoadContext) -> list[Any]:
    """The indicator's period containing 31 March of ``Years``; other text is kept for parsing."""
    cache: dict[tuple[str, Any], Any] = {}
    out: list[Any] = []
    for ind, year in zip(data["indicator"], data["year"], strict=True):
        key = (str(ind), year)
        if key not in cache:
            number = year_number(year)
            cache[key] = year if number is None else period_containing(
                ctx.catalogue[str(ind)].period_type, dt.date(number, 3, 31))
        out.append(cache[key])
    return out


def year_number(value: Any) -> int | None:
    """A year written as 2024, 2024.0 or "2024"; None for anything else."""
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() and 1900 < number < 2200 else None
