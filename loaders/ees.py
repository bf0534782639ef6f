"""DfE Explore Education Statistics (EES) data files, read by column name.

An EES underlying data CSV (or a page of the EES API's CSV output) has the geography columns
``time_period``, ``time_identifier``, ``geographic_level``, ``country_code``, ``region_code``,
``old_la_code`` and ``new_la_code``, then filter and indicator columns in an order that varies
between files. An indicator is taken from the column its catalogue row names
(``ees_indicator``), on the rows its ``ees_filter`` picks (``population_type=Children looked
after on 31 March each year``; several filters joined by ``;``).

Areas: ``National`` rows by ``country_code``, ``Regional`` by ``region_code``, ``Local
authority`` by ``new_la_code`` (else the DfE number in ``old_la_code``). Periods: a
``Reporting year`` 2025 is the year ending 31 March 2025 (as in LAIT), so a quarterly
indicator takes Q4 2024/25; a ``Financial year`` 202425 ends 31 March 2025; an ``Academic
year`` 202425 starts 1 September 2024; a ``Calendar year`` 2025 ends 31 December 2025.
EES symbols (``c`` suppressed, ``x`` not available, ``z`` not applicable, ``u`` low
reliability, ``k`` rounds to zero, ``low``) become a figure with no value whose note keeps
the symbol.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from domain.catalogue import Indicator
from domain.periods import period_containing
from domain.reports import ValidationIssue
from loaders.columns import EES_COLUMNS, HeaderMatch, header_issues, header_key, skipped_note
from loaders.lait import year_number
from loaders.readers import SheetData, column_letter
from loaders.reference import LoadContext
from loaders.rules import make_issue

SOURCE = "DfE Explore Education Statistics"
#: EES symbols -> (status, meaning) of a figure that is not published.
SYMBOLS: dict[str, tuple[str, str]] = {
    "c": ("suppressed", "suppressed to protect confidential information"),
    "x": ("not_available", "not available"),
    "z": ("not_available", "not applicable"),
    "u": ("not_available", "low reliability"),
    "k": ("suppressed", "a figure that rounds to zero but is not zero"),
    "low": ("suppressed", "a figure that rounds to zero but is not zero"),
    ":": ("not_available", "not available"),
}
#: ``geographic_level`` -> the column holding the area's code.
LEVEL_CODES = {"national": "country_code", "regional": "region_code",
               "local authority": "new_la_code"}


def ees_candidates(sheet: SheetData, match: HeaderMatch, ctx: LoadContext, file: str
                   ) -> tuple[pd.DataFrame, list[ValidationIssue], list[str]]:
    """Candidate rows for the indicators the catalogue maps to this file's columns."""
    issues = header_issues(match, EES_COLUMNS, file, sheet.name, warn_unknown=False)
    if issues:
        return pd.DataFrame(), issues, []
    columns = {header_key(h): i for i, h in enumerate(match.headers) if h is not None}
    mapped = [ind for ind in ctx.catalogue.values() if _applies(ind, columns)]
    if not mapped:
        known = set(match.fields.values())
        found = ", ".join(str(h) for i, h in enumerate(match.headers)
                          if h is not None and i not in known) or "none"
        return pd.DataFrame(), [make_issue(
            "no-mapped-rows", file=file, sheet=sheet.name, kind="EES indicator columns",
            column="ees_indicator", found=found, hint=" Set ees_indicator (and ees_filter) "
            "in the catalogue for the indicators this file holds.")], []
    body = [(n, r) for n, r in enumerate(sheet.rows[match.row:], start=match.row + 1)
            if any(c is not None for c in r)]
    frames = [_indicator_rows(ind, body, columns, sheet.name, match) for ind in mapped]
    data = pd.concat(frames, ignore_index=True)
    notes: list[str] = []
    data["area"] = _areas(data, ctx)
    unknown = data["area"].isna()
    if unknown.any():
        notes.append(skipped_note("areas not in the scorecard's reference list",
                                  data.loc[unknown, "_area_label"].astype(str)))
    data = data[~unknown].reset_index(drop=True)
    data["period"] = [_period(ctx.catalogue[i], t, k) for i, t, k in
                      zip(data["indicator"], data["_time"], data["_kind"], strict=True)]
    _symbols(data)
    data["source"] = SOURCE
    data["_published"] = True
    keep = ["indicator", "area", "period", "value", "status", "note", "source", "_published",
            "_sheet", "_row", "_cell", *[c for c in data.columns if c.startswith("_col_")]]
    return data.loc[:, keep], [], notes


def parse_filter(text: str | None) -> dict[str, str]:
    """``"a=x;b=y"`` -> ``{"a": "x", "b": "y"}`` (column names compared by heading key)."""
    pairs = [part.split("=", 1) for part in (text or "").split(";") if "=" in part]
    return {header_key(k): v.strip() for k, v in pairs}


def _applies(ind: Indicator, columns: dict[str, int]) -> bool:
    if not ind.ees_indicator or header_key(ind.ees_indicator) not in columns:
        return False
    return all(k in columns for k in parse_filter(ind.ees_filter))


def _cell(row: list[Any], index: int | None) -> Any:
    return row[index] if index is not None and index < len(row) else None


def _indicator_rows(ind: Indicator, body: list[tuple[int, list[Any]]],
                    columns: dict[str, int], sheet: str, match: HeaderMatch) -> pd.DataFrame:
    """The rows of one indicator: its filters applied, geography and time read by name."""
    wanted = {columns[k]: v.lower() for k, v in parse_filter(ind.ees_filter).items()}
    rows = [(n, r) for n, r in body
            if all(str(_cell(r, i) or "").strip().lower() == v for i, v in wanted.items())]
    value_at = columns[header_key(ind.ees_indicator)]
    field = {f: match.fields.get(f) for f in ("time_period", "time_identifier",
                                              "geographic_level", "country_code",
                                              "region_code", "new_la_code", "old_la_code",
                                              "la_name", "region_name", "country_name")}
    letter = column_letter(value_at)
    out = pd.DataFrame({
        "indicator": ind.id, "_row": [n for n, _ in rows],
        "value": pd.Series([_cell(r, value_at) for _, r in rows], dtype=object),
        "_time": [_cell(r, field["time_period"]) for _, r in rows],
        "_kind": [_cell(r, field["time_identifier"]) for _, r in rows],
        "_level": [str(_cell(r, field["geographic_level"]) or "").strip().lower()
                   for _, r in rows],
    })
    for name in ("country_code", "region_code", "new_la_code", "old_la_code"):
        out[name] = [_cell(r, field[name]) for _, r in rows]
    names = [_cell(r, field["la_name"]) or _cell(r, field["region_name"])
             or _cell(r, field["country_name"]) for _, r in rows]
    out["_area_label"] = [str(n or "") for n in names]
    out["_sheet"] = sheet
    out["_cell"] = [f"{sheet}!{letter}{n}" for n, _ in rows]
    out["_col_indicator"] = ind.ees_indicator
    out["_col_value"] = str(match.headers[value_at])
    out["_col_area"] = "geographic_level"
    out["_col_period"] = match.label("time_period")
    return out


def _areas(data: pd.DataFrame, ctx: LoadContext) -> pd.Series:
    """The area code of each row from the code column its geographic level names."""
    cache: dict[Any, str | None] = {}

    def resolve(raw: Any) -> str | None:
        if raw not in cache:
            cache[raw] = ctx.resolve_area(raw) if raw not in (None, "") else None
        return cache[raw]

    areas: list[str | None] = []
    for record in data.to_dict("records"):
        column = LEVEL_CODES.get(record["_level"])
        code = resolve(record[column]) if column else None
        if code is None and record["_level"] == "local authority":
            code = resolve(record["old_la_code"])
        areas.append(code)
    return pd.Series(areas, index=data.index, dtype=object)


def _period(ind: Indicator, time: Any, kind: Any) -> Any:
    """The indicator's period for an EES ``time_period`` and ``time_identifier``."""
    text = str(time or "").strip()
    identifier = str(kind or "").strip().lower()
    day: dt.date | None = None
    if len(text) == 6 and text.isdigit():  # 202425: a financial or academic year
        start = int(text[:4])
        day = dt.date(start, 9, 1) if "academic" in identifier else dt.date(start + 1, 3, 31)
    elif (year := year_number(text)) is not None:
        day = (dt.date(year, 12, 31) if identifier.startswith("calendar")
               else dt.date(year, 3, 31))
    return period_containing(ind.period_type, day) if day is not None else time


def _symbols(data: pd.DataFrame) -> None:
    """EES symbols and blanks -> figures with no value, status and a note keeping the symbol."""
    text = data["value"].map(lambda v: str(v).strip().lower() if v is not None else "")
    symbol = text.map(SYMBOLS)
    flagged = symbol.notna()
    blank = text.eq("")
    data["status"] = [s[0] if isinstance(s, tuple) else ("not_available" if b else None)
                      for s, b in zip(symbol, blank, strict=True)]
    data["note"] = [f"Not published by DfE (symbol '{t}': {s[1]})." if isinstance(s, tuple)
                    else ("No value published by DfE." if b else None)
                    for t, s, b in zip(text, symbol, blank, strict=True)]
    data.loc[flagged | blank, "value"] = None
