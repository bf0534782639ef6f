"""Fingertips-style exports (OHID), for national, regional and neighbour comparators.

Indicators are mapped through the catalogue's ``fingertips_id``; areas by ONS ``AreaCode``.
``Year`` is the calendar year, or the first year of a financial or academic year, as the
indicator's period type says. Published confidence limits are kept (``ci_source`` published,
95%). Only headline rows (blank ``Category``, persons, all ages) are loaded, unless the
indicator declares a breakdown: ``sex`` takes the Male and Female rows, any other breakdown the
rows whose ``CategoryType`` names it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from domain.periods import period_containing
from domain.reports import ValidationIssue
from domain.vocabulary import PeriodType
from loaders.columns import (
    FINGERTIPS_COLUMNS,
    HeaderMatch,
    header_issues,
    header_key,
    matched_frame,
    skipped_note,
)
from loaders.readers import SheetData, column_letter
from loaders.reference import LoadContext
from loaders.rules import make_issue

SOURCE = "OHID Fingertips"
#: Month in which a period of each type that ``Year`` names begins.
#: How to map an indicator the catalogue lacks, offered in the report.
MAP_HINT = (" To add one, run `scorecard catalogue add --fingertips-id {id} --from {file}`, or "
            "map it to an existing indicator with `scorecard catalogue map INDICATOR_ID "
            "--fingertips-id {id}`.")
START_MONTH = {PeriodType.CAL_YEAR: 1, PeriodType.FIN_YEAR: 4, PeriodType.ACADEMIC_YEAR: 9}


def fingertips_candidates(sheet: SheetData, match: HeaderMatch, ctx: LoadContext, file: str
                          ) -> tuple[pd.DataFrame, list[ValidationIssue], list[str]]:
    """Candidate rows for the indicators the catalogue maps; issues and notes."""
    issues = header_issues(match, FINGERTIPS_COLUMNS, file, sheet.name, warn_unknown=False)
    if issues:
        return pd.DataFrame(), issues, []
    data = matched_frame(sheet.rows, match)
    for optional in ("category", "category_type", "sex", "age"):
        if optional not in data:
            data[optional] = None
    ids = {str(ind.fingertips_id): ind.id for ind in ctx.catalogue.values()
           if ind.fingertips_id is not None}
    raw_ids = data["indicator_id"].map(lambda v: str(int(float(v))) if _number(v) else str(v))
    data["indicator"] = raw_ids.map(ids)
    unmapped = data["indicator"].isna()
    named = _named_ids(data, raw_ids)
    if unmapped.all():
        return pd.DataFrame(), [make_issue(
            "no-mapped-rows", file=file, sheet=sheet.name, kind="Fingertips indicators",
            column=match.label("indicator_id"),
            found=", ".join(sorted(named[unmapped].unique())[:10]),
            hint=MAP_HINT.format(id=sorted(raw_ids.unique())[0], file=file))], []
    notes = [skipped_note("Fingertips indicators not in the catalogue", named[unmapped])
             + " " + MAP_HINT.format(id=sorted(raw_ids[unmapped].unique())[0], file=file)
             ] if unmapped.any() else []
    data = data[~unmapped].reset_index(drop=True)
    data["breakdown"] = _breakdowns(data, ctx)
    dropped = data["breakdown"].isna()
    if dropped.any():
        notes.append(f"{int(dropped.sum()):,} breakdown rows left out (by category, sex or age "
                     "that the catalogue does not declare for the indicator).")
    data = data[~dropped].reset_index(drop=True)
    codes = {c: ctx.resolve_area(c) for c in data["area_code"].dropna().unique()}
    data["area"] = data["area_code"].map(codes)
    unknown = data["area"].isna()
    if unknown.any():
        notes.append(skipped_note("areas not in the scorecard's reference list",
                              data.loc[unknown, "area_code"].astype(str)))
    data = data[~unknown].reset_index(drop=True)
    data["period"] = [_period(ctx, ind, year) for ind, year in
                      zip(data["indicator"], data["year"], strict=True)]
    blank = data["value"].isna()
    data["status"] = ["not_available" if b else None for b in blank]
    data["note"] = ["No value published in Fingertips." if b else None for b in blank]
    for field in ("numerator", "denominator", "lower_ci", "upper_ci"):
        if field in data:
            data.loc[blank, field] = None
    data["source"] = SOURCE
    data["_published"] = True
    data["_sheet"] = sheet.name
    letter = column_letter(match.fields["value"])
    data["_cell"] = [f"{sheet.name}!{letter}{r}" for r in data["_row"]]
    labels = {"indicator": "indicator_id", "area": "area_code", "period": "year"}
    for field in ("value", "numerator", "denominator", "lower_ci", "upper_ci"):
        if field in match.fields:
            labels[field] = field
    for field, source in labels.items():
        data[f"_col_{field}"] = match.label(source)
    keep = ["indicator", "area", "period", "breakdown", *labels.keys() - {"indicator", "area",
                                                                          "period"},
            "status", "note", "source", "_published", "_sheet", "_row", "_cell",
            *[f"_col_{f}" for f in labels]]
    return data.loc[:, list(dict.fromkeys(keep))], [], notes


def _named_ids(data: pd.DataFrame, raw_ids: pd.Series) -> pd.Series:
    """Each row's indicator id with the file's name for it: "93356 Campylobacter incidence"."""
    if "indicator_name" not in data:
        return raw_ids
    names = data["indicator_name"].map(lambda v: " ".join(str(v).split()) if v else "")
    return (raw_ids + " " + names).str.strip()


def _number(value: Any) -> bool:
    try:
        return float(value).is_integer()
    except (TypeError, ValueError):
        return False


def _breakdowns(data: pd.DataFrame, ctx: LoadContext) -> pd.Series:
    """``all``, a category, or None for rows that are not loaded."""
    out = pd.Series(None, index=data.index, dtype=object)
    headline = data["category"].isna()
    for ind_id, rows in data.groupby("indicator"):
        declared = ctx.catalogue[str(ind_id)].breakdown_type
        head = rows[headline[rows.index]]
        sexes = head["sex"].dropna().astype(str).str.lower()
        ages = head["age"].dropna().astype(str).str.lower()
        persons = (sexes == "persons") if sexes.nunique() > 1 else pd.Series(True, sexes.index)
        all_ages = (ages.str.contains("all ages") if ages.nunique() > 1
                    else pd.Series(True, ages.index))
        keep = head.index[persons.reindex(head.index, fill_value=True)
                          & all_ages.reindex(head.index, fill_value=True)]
        out[keep] = "all"
        if declared == "sex":
            sex = head.loc[sexes.index[sexes.isin(["male", "female"])], "sex"]
            out[sex.index] = sex.astype(str).str.lower()
        elif declared:
            typed = rows[~headline[rows.index]]
            match = typed["category_type"].astype(str).map(header_key).str.contains(
                header_key(declared), regex=False)
            out[typed.index[match]] = typed.loc[match, "category"].astype(str)
    return out


def _period(ctx: LoadContext, ind: str, year: Any) -> Any:
    kind = ctx.catalogue[ind].period_type
    if kind in START_MONTH and _number(year):
        return period_containing(kind, dt.date(int(float(year)), START_MONTH[kind], 1))
    return year
