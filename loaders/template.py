"""The project's own upload template: long form, one row per indicator x area x period x breakdown.

:func:`template_candidates` reads a sheet laid out like the template (headings matched through
:mod:`loaders.columns`, so renamed headings still load). :func:`write_template` writes the
template as xlsx (a Data sheet and a README sheet explaining every column, every validation
rule, the wide-sheet Mapping format and the valid indicator ids and area codes) or as csv (the
heading row only).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from domain.catalogue import Indicator
from domain.reports import ValidationIssue
from domain.vocabulary import ObservationStatus
from loaders.columns import TEMPLATE_COLUMNS, HeaderMatch, header_issues
from loaders.frame import locate, same_on_every_row
from loaders.normalise import PERIOD_WORDS
from loaders.readers import SheetData, column_letter
from loaders.rules import RULES
from loaders.wide import MAPPING_COLUMNS

#: Template field -> candidate field.
FIELD_MAP = {"indicator_id": "indicator", "area_code": "area", "period": "period",
             "breakdown": "breakdown", "numerator": "numerator", "denominator": "denominator",
             "value": "value", "lower_ci": "lower_ci", "upper_ci": "upper_ci",
             "ci_level": "ci_level", "target": "target", "status": "status", "note": "note",
             "source": "source", "illustrative": "illustrative"}
HEADINGS = [c.field for c in TEMPLATE_COLUMNS if c.field != "ci_level"]


def template_candidates(sheet: SheetData, match: HeaderMatch, file: str
                        ) -> tuple[pd.DataFrame, list[ValidationIssue]]:
    """Candidate rows of a template-shaped sheet whose headings are on row ``match.row``."""
    issues = header_issues(match, TEMPLATE_COLUMNS, file, sheet.name)
    missing = {i.column for i in issues if i.code == "missing-column"}
    if missing and missing != {"area_code"} or (missing and "area_name" not in match.fields):
        return pd.DataFrame(), issues
    issues = [i for i in issues if not (i.code == "missing-column" and i.column == "area_code")]
    wanted = {FIELD_MAP.get(f, f): i for f, i in match.fields.items() if f in FIELD_MAP
              or f == "area_name"}
    cells = _cells_of(sheet.raw[match.row:], max(wanted.values()) + 1)
    keep = pd.notna(cells).any(axis=1)
    frame = pd.DataFrame({"_row": np.flatnonzero(keep) + match.row + 1})
    for target, index in wanted.items():
        frame[target] = cells[keep, index]
        source = next(f for f, i in match.fields.items() if i == index)
        locate(frame, target, sheet.name, match.label(source))
    frame["_sheet"] = same_on_every_row(len(frame), sheet.name)
    if "area_name" in frame:
        names = frame.pop("area_name")
        if "area" not in frame:
            frame["area"] = names
            frame["_col_area"] = frame.pop("_col_area_name")
        else:
            frame["area"] = frame["area"].where(frame["area"].notna(), names)
            frame.pop("_col_area_name")
    frame["_cell"] = _cells(frame, match, sheet.name)
    return frame, issues


def _cells_of(rows: list[list[Any]], width: int) -> np.ndarray:
    """The rows' cells as one object array at least ``width`` columns wide, empty cells as
    None (the one None object: a national file's empty cells take no memory of their own)."""
    width = max(width, max(map(len, rows), default=0))
    padding = [None] * width
    rows = [row if len(row) == width else [*row, *padding[len(row):]] for row in rows]
    cells = pd.DataFrame(rows, columns=range(width), dtype=object).to_numpy(dtype=object,
                                                                            copy=True)
    cells[cells == ""] = None
    return cells


def _cells(frame: pd.DataFrame, match: HeaderMatch, sheet: str) -> list[str]:
    value = column_letter(match.fields["value"]) if "value" in match.fields else None
    numerator = (column_letter(match.fields["numerator"]) if "numerator" in match.fields
                 else None)
    letters = [value or numerator or "A"] * len(frame)
    if value and numerator:
        blank = frame["value"].isna().to_numpy()
        letters = [numerator if b else value for b in blank]
    return [f"{sheet}!{letter}{row}" for letter, row in zip(letters, frame["_row"], strict=True)]


def write_template(indicators: Mapping[str, Indicator], areas: pd.DataFrame,
                   kind: str = "xlsx") -> bytes:
    """The upload template as xlsx or csv bytes."""
    if kind == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(HEADINGS)
        return buffer.getvalue().encode("utf-8-sig")
    if kind != "xlsx":
        raise ValueError(f"Template kind must be 'xlsx' or 'csv', not {kind!r}")
    # Imported here: reading uploads never needs openpyxl, and a load stays smaller without it.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    data = book.active
    assert data is not None
    data.title = "Data"
    data.append(HEADINGS)
    for cell in data[1]:
        cell.font = Font(bold=True)
    for index, heading in enumerate(HEADINGS):
        data.column_dimensions[column_letter(index)].width = max(12, len(heading) + 4)
    data.freeze_panes = "A2"
    status = DataValidation(type="list", allow_blank=True,
                            formula1='"' + ",".join(s.value for s in ObservationStatus) + '"')
    status_col = column_letter(HEADINGS.index("status"))
    status.add(f"{status_col}2:{status_col}200001")
    data.add_data_validation(status)
    _readme(book.create_sheet("README"), indicators, areas)
    buffer_bytes = io.BytesIO()
    book.save(buffer_bytes)
    return buffer_bytes.getvalue()


def _readme(sheet: Any, indicators: Mapping[str, Indicator], areas: pd.DataFrame) -> None:
    from openpyxl.styles import Font

    bold = Font(bold=True)

    def heading(text: str) -> None:
        sheet.append([])
        sheet.append([text])
        sheet.cell(sheet.max_row, 1).font = bold

    sheet.append(["Scorecard upload template"])
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    for line in (
            "Fill in the Data sheet: one row per indicator, area, period and breakdown.",
            "Column headings may be renamed (e.g. 'Area code', 'ONS code'); the accepted "
            "alternatives are listed below. Extra columns are ignored with a warning.",
            "Loading checks the whole file and lists every problem at once; nothing is stored "
            "until the file has no errors and you confirm the preview.",
            "Warnings (possible mistakes) can be accepted by giving a reason, which is kept "
            "with the upload."):
        sheet.append([line])
    heading("Columns")
    sheet.append(["column", "required", "meaning", "also accepted as"])
    for column in TEMPLATE_COLUMNS:
        sheet.append([column.field, "yes" if column.required else "no", column.description,
                      ", ".join(column.aliases)])
    heading("Checks made on every upload")
    sheet.append(["code", "severity", "meaning"])
    for rule in RULES.values():
        sheet.append([rule.code, rule.severity.value, rule.description])
    heading("Wide sheets (areas down the side, periods across the top)")
    sheet.append(["Add a sheet named Mapping with these columns, one row per block of cells:"])
    sheet.append(["column", "meaning"])
    for name, meaning in MAPPING_COLUMNS.items():
        sheet.append([name, meaning])
    heading("Valid indicator ids")
    sheet.append(["indicator_id", "title", "period type", "example period", "value type",
                  "multiplier", "breakdowns"])
    for ind in indicators.values():
        words, example = PERIOD_WORDS[ind.period_type]
        sheet.append([ind.id, ind.title, words, example, ind.value_type.value,
                      ind.multiplier, ", ".join(ind.breakdown_categories) or "all only"])
    heading("Valid area codes")
    sheet.append(["area_code", "name", "type"])
    for row in areas.sort_values(["type", "name"]).itertuples(index=False):
        sheet.append([row.code, row.name, row.type])
    for letter, width in zip("ABCDEFG", (34, 40, 60, 40, 12, 12, 40), strict=True):
        sheet.column_dimensions[letter].width = width
