"""Column headings of each long layout, with the aliases people actually use.

Headings are compared by :func:`header_key` (lower case, letters and digits only), so
"Area code", "area_code", "AREA-CODE" and "AreaCode" are one heading; aliases add different
words for the same thing ("ONS code", "GSS code"). The descriptions are printed in the
template's README sheet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from domain.reports import ValidationIssue
from loaders.readers import column_letter
from loaders.rules import make_issue


def header_key(text: Any) -> str:
    """Normalise a heading for matching: ``"Area code"`` -> ``"areacode"``."""
    return re.sub(r"[^a-z0-9]", "", str(text).lower()) if text is not None else ""


@dataclass(frozen=True)
class Column:
    """One field of a layout: its canonical heading, aliases and meaning."""

    field: str
    required: bool
    aliases: tuple[str, ...]
    description: str


TEMPLATE_COLUMNS: tuple[Column, ...] = (
    Column("indicator_id", True, ("indicator", "indicatorcode", "kpi", "kpiid", "measureid"),
           "Indicator id from the catalogue (list below), e.g. cp_plans_rate. The exact "
           "indicator title is also accepted."),
    Column("area_code", True, ("areacode", "area", "onscode", "gsscode", "code", "lacode",
                               "geographycode", "areacd", "ladcode", "districtcode", "lanumber"),
           "ONS code of the area (list below), e.g. E07000105 for Ashford. A DfE LA number "
           "(888) or the exact area name is also accepted."),
    Column("area_name", False, ("areaname", "name", "district", "laname", "geography"),
           "Optional, for your reference; used only when area_code is blank."),
    Column("period", True, ("periodlabel", "timeperiod", "reportingperiod", "quarter"),
           "Reporting period in the indicator's period type, e.g. 'Q2 2016/17' (financial "
           "quarter), '2015/16' (financial year), 'Q2 2015' (calendar quarter), '2015' "
           "(calendar year), 'Jul 2015 - Jun 2016' (rolling year), 'At 31 Dec 2016' (snapshot). "
           "A date cell means the period containing that date."),
    Column("breakdown", False, ("category", "subgroup", "group"),
           "Blank or 'all' for the headline figure; otherwise one of the indicator's breakdown "
           "categories (e.g. male, female)."),
    Column("numerator", False, ("count", "num", "events"),
           "Count: the people or events counted (the top of the fraction)."),
    Column("denominator", False, ("denom", "population", "base", "cohort"),
           "Population or cohort the count is out of (the bottom of the fraction)."),
    Column("value", False, ("rate", "percentage", "percent", "figure", "indicatorvalue",
                            "result"),
           "The published figure: a count, a percentage (48.2 for 48.2%) or a rate per the "
           "indicator's multiplier. Leave blank to have it calculated from numerator and "
           "denominator."),
    Column("lower_ci", False, ("lowerci", "lowercl", "lcl", "lower95ci", "lowerconfidencelimit",
                               "lower95cilimit"),
           "Lower 95% confidence limit, only if published with the figure."),
    Column("upper_ci", False, ("upperci", "uppercl", "ucl", "upper95ci", "upperconfidencelimit",
                               "upper95cilimit"),
           "Upper 95% confidence limit, only if published with the figure."),
    Column("ci_level", False, ("cilevel", "confidencelevel"),
           "Optional confidence level of the published limits (default 0.95)."),
    Column("target", False, ("targetvalue",), "Optional local target for this period."),
    Column("status", False, ("valuestatus", "datastatus", "flag"),
           "Blank (= final), or one of: final, provisional, revised, suppressed, "
           "not_available, not_comparable. Suppressed and not_available rows carry no figures."),
    Column("note", False, ("notes", "valuenote", "comment", "comments", "footnote"),
           "Optional note shown with the figure (plain text)."),
    Column("source", False, ("datasource", "publisher"),
           "Optional source of the figure (defaults to the catalogue's source)."),
    Column("illustrative", False, ("isillustrative", "modelled"),
           "Optional yes/no: 'yes' marks a modelled figure that is shown as illustrative."),
)

LAIT_COLUMNS: tuple[Column, ...] = (
    Column("measure", True, ("shortdesc", "measureshort"), "LAIT short description"),
    Column("year", True, ("years",), "Year ending 31 March"),
    Column("la_number", True, ("lanumber", "oldlacode", "lacode"), "DfE LA number"),
    Column("value", True, ("values",), "Published value"),
    Column("area_name", False, ("laandregions", "laname", "area"), "LA or region name"),
)

FINGERTIPS_COLUMNS: tuple[Column, ...] = (
    Column("indicator_id", True, ("indicatorid",), "Fingertips indicator id"),
    Column("indicator_name", False, ("indicatorname",), "Fingertips indicator name"),
    Column("area_code", True, ("areacode",), "ONS area code"),
    Column("year", True, ("timeperiod",), "Calendar year or start year"),
    Column("value", True, (), "Value"),
    # The API's CSV says "Lower CI 95.0 limit"; web exports "Lower CI 95 limit" or "LowerCI".
    Column("lower_ci", False, ("lowerci", "lowerci95limit", "lowerci950limit"),
           "Lower 95% limit"),
    Column("upper_ci", False, ("upperci", "upperci95limit", "upperci950limit"),
           "Upper 95% limit"),
    Column("numerator", False, ("count",), "Count"),
    Column("denominator", False, (), "Denominator"),
    Column("category", False, (), "Breakdown category (blank = headline)"),
    Column("category_type", False, ("categorytype",), "Breakdown type"),
    Column("sex", False, (), "Sex"),
    Column("age", False, (), "Age band"),
)

#: The geography and time columns of a DfE EES data file; its indicator columns vary.
EES_COLUMNS: tuple[Column, ...] = (
    Column("time_period", True, (), "Year (2025) or year pair (202425)"),
    Column("time_identifier", True, (), "Reporting year, Financial year, Academic year, ..."),
    Column("geographic_level", True, (), "National, Regional or Local authority"),
    Column("country_code", False, (), "ONS code of the country"),
    Column("country_name", False, (), "Country name"),
    Column("region_code", False, (), "ONS code of the region"),
    Column("region_name", False, (), "Region name"),
    Column("old_la_code", False, (), "DfE LA number"),
    Column("new_la_code", False, (), "ONS code of the local authority"),
    Column("la_name", False, (), "Local authority name"),
)

LAYOUTS: dict[str, tuple[Column, ...]] = {
    "fingertips": FINGERTIPS_COLUMNS, "lait": LAIT_COLUMNS, "ees": EES_COLUMNS,
    "template": TEMPLATE_COLUMNS}


def _lookup(columns: Sequence[Column]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in columns:
        for alias in (column.field, *column.aliases):
            lookup.setdefault(header_key(alias), column.field)
    return lookup


@dataclass
class HeaderMatch:
    """Which field each column of a header row holds."""

    row: int
    fields: dict[str, int]
    headers: list[Any]
    unknown: list[int]
    duplicates: dict[str, list[int]]

    def missing(self, columns: Sequence[Column]) -> list[str]:
        return [c.field for c in columns if c.required and c.field not in self.fields]

    def label(self, field: str) -> str:
        """The heading as written in the file (its letter if blank)."""
        index = self.fields[field]
        text = self.headers[index]
        return str(text).strip() if text is not None else column_letter(index)


def match_header(cells: Sequence[Any], row: int, columns: Sequence[Column]) -> HeaderMatch:
    """Map the cells of a header row (Excel row ``row``) to fields of ``columns``."""
    lookup = _lookup(columns)
    fields: dict[str, int] = {}
    unknown: list[int] = []
    duplicates: dict[str, list[int]] = {}
    for index, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        field = lookup.get(key)
        if field is None:
            unknown.append(index)
        elif field in fields:
            duplicates.setdefault(field, [fields[field]]).append(index)
        else:
            fields[field] = index
    return HeaderMatch(row, fields, list(cells), unknown, duplicates)


def find_header(rows: Sequence[Sequence[Any]], scan: int = 10
                ) -> tuple[str, HeaderMatch] | None:
    """The layout and header row of a sheet, looking at its first ``scan`` rows.

    A layout is chosen when all its required headings are present; failing that, a row holding
    at least two of the template's required headings is taken as a template header with
    columns missing (so the officer is told which).
    """
    partial: HeaderMatch | None = None
    for number, cells in enumerate(rows[:scan], start=1):
        for layout, columns in LAYOUTS.items():
            found = match_header(cells, number, columns)
            if not found.missing(columns):
                return layout, found
            required = sum(1 for c in columns if c.required and c.field in found.fields)
            if layout == "template" and required >= 2 and partial is None:
                partial = found
    return ("template", partial) if partial is not None else None


def header_issues(match: HeaderMatch, columns: Sequence[Column], file: str, sheet: str,
                  warn_unknown: bool = True) -> list[ValidationIssue]:
    """Missing required columns, duplicated columns and (optionally) unrecognised ones."""
    found = ", ".join(str(h) for h in match.headers if h is not None) or "none"
    issues = [make_issue("missing-column", file=file, sheet=sheet, row=match.row,
                         column=field, found=found)
              for field in match.missing(columns)]
    for field, indexes in match.duplicates.items():
        issues.append(make_issue(
            "duplicate-column", file=file, sheet=sheet, row=match.row,
            column=str(match.headers[indexes[-1]]), field=field,
            columns=" and ".join(f"'{match.headers[i]}'" for i in indexes)))
    if warn_unknown:
        issues += [make_issue("unknown-column", file=file, sheet=sheet, row=match.row,
                              column=str(match.headers[i]), cell=match.headers[i])
                   for i in match.unknown]
    return issues


def matched_frame(rows: Sequence[Sequence[Any]], match: HeaderMatch) -> pd.DataFrame:
    """The non-blank rows under a header as a frame of its matched fields (cells as found).

    ``_row`` holds each row's 1-based number in the sheet, for the validation report.
    """
    numbered = [(n, r) for n, r in enumerate(rows[match.row:], start=match.row + 1)
                if any(c is not None for c in r)]
    data = pd.DataFrame({"_row": [n for n, _ in numbered]})
    for field, index in match.fields.items():
        data[field] = pd.Series([r[index] if index < len(r) else None for _, r in numbered],
                                dtype=object)
    return data


def skipped_note(label: str, values: pd.Series) -> str:
    """A note that rows were left out, with the commonest values: "12 rows left out: ...". """
    counts = values.value_counts()
    listed = ", ".join(f"{k} ({v})" for k, v in counts.head(8).items())
    more = f" and {len(counts) - 8} more" if len(counts) > 8 else ""
    return f"{int(counts.sum()):,} rows left out: {label}: {listed}{more}."
