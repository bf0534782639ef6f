"""The upload pipeline: check the file, read it, recognise its layout, normalise, run every check.

:func:`validate_file` never raises on bad data and never stops at the first problem: it returns a
:class:`LoadResult` whose report lists every issue (at most :data:`ISSUES_PER_RULE` per rule,
then one line saying how many more) and whose frame holds the observations in the store's
columns, ready for :func:`store.batches.plan_changes` and :func:`store.batches.commit_batch`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from domain.reports import ValidationIssue, ValidationReport
from loaders.checks import CHECKS
from loaders.columns import find_header
from loaders.ees import ees_candidates
from loaders.fingertips import fingertips_candidates
from loaders.fingertips_next import read_fingertips_next
from loaders.frame import RowIssues, empty_candidates
from loaders.lait import lait_candidates
from loaders.normalise import Normalised, normalise
from loaders.readers import SheetData, read_csv, read_workbook
from loaders.reference import LoadContext
from loaders.rules import make_issue
from loaders.safety import check_file
from loaders.template import template_candidates
from loaders.wide import has_mapping, wide_candidates
from store.batches import OBSERVATION_COLUMNS

ISSUES_PER_RULE = 100
#: Candidate rows converted at a time: a larger file's cells are read, resolved and checked
#: chunk by chunk (each chunk's intermediate arrays freed before the next), and the checks
#: across rows (duplicates, jumps, district sums) then run once over the whole file.
CHUNK_ROWS = 50_000
#: Observation columns that are not text.
TYPED_COLUMNS = frozenset({"period_start", "period_end", "numerator", "denominator", "value",
                           "lower_ci", "upper_ci", "ci_level", "target", "illustrative"})
#: Sheets the template and officers use for explanations, never for figures.
SKIPPED_SHEETS = frozenset({"readme", "read me", "mapping", "notes", "indicators", "areas",
                            "lists", "contents"})
LAYOUT_HINT = ("Use the upload template (download it from the upload page or with `scorecard "
               "template`), or add a Mapping sheet describing a wide sheet.")


@dataclass
class LoadResult:
    """What the pipeline found in one file."""

    file_name: str
    file_format: str = ""
    sheets: list[str] = field(default_factory=list)
    report: ValidationReport = field(default_factory=ValidationReport)
    frame: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=list(OBSERVATION_COLUMNS)))
    notes: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.report.valid


def validate_file(path: Path, ctx: LoadContext, file_name: str | None = None) -> LoadResult:
    """Check and read the file at ``path`` (named ``file_name`` as the user knows it)."""
    name = file_name or path.name
    result = LoadResult(name)
    check = check_file(path, name, ctx.limits)
    result.notes.extend(check.notes)
    result.report.extend(check.issues)
    if not check.kind:
        return result
    if check.kind == "xlsx":
        read = read_workbook(path, name, ctx.limits, check.error_cells)
    elif check.kind == "json":
        read = read_fingertips_next(path, name, ctx.limits)
    else:
        read = read_csv(path, name, ctx.limits)
    sheets = read.sheets
    result.report.extend(read.issues)
    result.notes.extend(read.notes)
    result.sheets = [s.name for s in sheets]
    if not result.report.valid:
        return result
    decimal = sheets[0].decimal if sheets else "."
    candidates, layout = _candidates(sheets, ctx, name, result)
    sheets.clear()
    result.file_format = f"{layout}-{check.kind}" if layout else check.kind
    if len(candidates) > ctx.limits.max_rows:
        result.report.add(make_issue("too-many-rows", file=name, rows=len(candidates),
                                     limit=ctx.limits.max_rows))
        return result
    if candidates.empty:
        return _finish(result, [])
    normalised = normalise_in_chunks(candidates, ctx, name, decimal)
    del candidates  # the checks read the normalised frame: free the text it was read from
    frame, cell_issues = normalised.frame, normalised.issues
    sink = RowIssues(frame, name, normalised.where)
    for check_rule in CHECKS.values():
        check_rule(frame, ctx, sink)
    row_issues = sorted([*cell_issues, *sink.issues],
                        key=lambda i: (result.sheets.index(i.sheet) if i.sheet in result.sheets
                                       else -1, i.row or 0))
    # Rows of long sheets as the file holds them (rows left out included); else the figures.
    result.report.rows_read = result.report.rows_read or len(frame)
    failed = {(i.sheet, i.row) for i in row_issues if i.is_error}
    result.report.rows_valid = result.report.rows_read - len(failed)
    result.frame = _typed(frame.loc[:, list(OBSERVATION_COLUMNS)])
    return _finish(result, row_issues)


def normalise_in_chunks(candidates: pd.DataFrame, ctx: LoadContext, file: str,
                        decimal: str = ".", rows: int | None = None) -> Normalised:
    """:func:`~loaders.normalise.normalise` of ``candidates``, ``rows`` (by default
    :data:`CHUNK_ROWS`) at a time: the same frame and issues, each issue at its own sheet row
    (the rows carry their ``_row``)."""
    rows = rows or CHUNK_ROWS
    if len(candidates) <= rows:
        return normalise(candidates, ctx, file, decimal)
    parts = [normalise(candidates.iloc[start:start + rows], ctx, file, decimal)
             for start in range(0, len(candidates), rows)]
    starts = np.cumsum([0, *(len(part.frame) for part in parts)])[:-1].tolist()
    wheres = [part.where for part in parts]  # not the parts: their frames are freed

    def where(position: int) -> str:
        index = bisect_right(starts, position) - 1
        return wheres[index](position - starts[index])

    issues = [issue for part in parts for issue in part.issues]
    frames = [part.frame for part in parts]
    del parts
    return Normalised(pd.concat(frames, ignore_index=True), issues, where)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as pandas strings, as the store's read functions return them."""
    text = [c for c in OBSERVATION_COLUMNS if c not in TYPED_COLUMNS]
    return frame.astype({c: "str" for c in text})


def _finish(result: LoadResult, row_issues: list[ValidationIssue]) -> LoadResult:
    """Add row issues, keeping at most :data:`ISSUES_PER_RULE` of each rule."""
    counts: dict[str, int] = {}
    for issue in row_issues:
        counts[issue.code] = counts.get(issue.code, 0) + 1
        if counts[issue.code] <= ISSUES_PER_RULE:
            result.report.add(issue)
    for code, count in counts.items():
        if count > ISSUES_PER_RULE:
            first = next(i for i in row_issues if i.code == code)
            result.report.add(ValidationIssue(
                code=code, severity=first.severity, file=result.file_name,
                message=f"... and {count - ISSUES_PER_RULE:,} more rows with the same problem "
                f"({code}); fix the ones listed and check the rest."))
    return result


def _candidates(sheets: list[SheetData], ctx: LoadContext, name: str, result: LoadResult
                ) -> tuple[pd.DataFrame, str]:
    """Candidate rows of every recognised sheet, and the layout name."""
    report = result.report
    if has_mapping(sheets):
        frame, issues, wide_notes = wide_candidates(sheets, ctx, name)
        report.extend(issues)
        result.notes.extend(wide_notes)
        if frame.empty and not issues:
            report.add(make_issue("no-data-rows", file=name, sheet="Mapping"))
        return (frame if not frame.empty else empty_candidates()), "wide"
    frames: list[pd.DataFrame] = []
    layouts: list[str] = []
    notes: list[str]
    for sheet in sheets:
        head = sheet.head(50)
        if sheet.name.strip().lower() in SKIPPED_SHEETS or not any(
                any(c is not None for c in row) for row in head):
            continue
        found = find_header(head)
        if found is None:
            result.notes.append(f"Sheet '{sheet.name}' was not read: its headings do not match "
                                "the template, a LAIT extract, a Fingertips export or a DfE "
                                "EES file.")
            continue
        layout, match = found
        report.rows_read += sum(1 for row in sheet.raw[match.row:]  # rows with content
                                if row.count(None) + row.count("") < len(row))
        if layout == "template":
            frame, issues = template_candidates(sheet, match, name)
            notes = []
        elif layout == "lait":
            frame, issues, notes = lait_candidates(sheet, match, ctx, name)
        elif layout == "ees":
            frame, issues, notes = ees_candidates(sheet, match, ctx, name)
        else:
            frame, issues, notes = fingertips_candidates(sheet, match, ctx, name)
        report.extend(issues)
        result.notes.extend(notes)
        layouts.append(layout)
        if frame.empty and not issues:
            report.add(make_issue("no-data-rows", file=name, sheet=sheet.name))
        if not frame.empty:
            frames.append(frame)
    if not layouts:
        report.add(make_issue("unknown-layout", file=name, hint=LAYOUT_HINT))
    layout = "+".join(dict.fromkeys(layouts))
    if not frames:
        return empty_candidates(), layout
    return pd.concat(frames, ignore_index=True), layout
