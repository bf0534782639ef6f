"""The validation rules of the upload pipeline, as data.

Each :class:`Rule` has a kebab-case ``code``, a severity and a message template written for a
performance officer. Loaders never build messages by hand: they call :func:`make_issue` with
the rule code, the location and the template's fields, so every message of one kind reads the
same way and the full list can be printed in the template's README sheet and in the docs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from domain.reports import ValidationIssue
from domain.vocabulary import Severity

E, W = Severity.ERROR, Severity.WARNING
#: Longest cell text quoted in a message or kept in an issue's ``value``.
QUOTE_LIMIT = 60
VALUE_LIMIT = 200


@dataclass(frozen=True)
class Rule:
    """One validation rule: its code, severity, message template and plain description."""

    code: str
    severity: Severity
    template: str
    description: str


_RULES = (
    # The file as a whole
    Rule("file-too-large", E, "The file is {size} but uploads are limited to {limit}. Split it "
         "(for example one file per quarter) or ask an administrator to raise the limit.",
         "The file is bigger than the upload limit (20 MB unless configured)."),
    Rule("too-many-rows", E, "The file has {rows:,} rows but the limit is {limit:,} rows. "
         "Split it into smaller files.",
         "The file has more rows than the row limit (200,000 unless configured)."),
    Rule("empty-file", E, "The file is empty.", "The file has no content."),
    Rule("unsupported-file-type", E, "'{name}' is not a file type the scorecard reads. Save it "
         "from Excel as .xlsx (or .csv) and upload it again; FingertipsNext data may be "
         "uploaded as the .json its API answers.",
         "The file name does not end in .xlsx, .xlsm, .csv or .json."),
    Rule("wrong-file-type", E, "The file is called '{name}' but its content is {found}, not "
         "{expected}. Save it again from Excel as {expected}.",
         "The content does not match the extension (for example a renamed PDF)."),
    Rule("legacy-xls", E, "This is an Excel 97-2003 (.xls) workbook. Open it in Excel and save "
         "it as an Excel Workbook (.xlsx).", "Old binary .xls workbooks are not read."),
    Rule("encrypted-workbook", E, "The workbook is password-protected. In Excel choose File > "
         "Info > Protect Workbook > Encrypt with Password, clear the password, save and upload "
         "again.", "Password-protected workbooks cannot be read."),
    Rule("corrupt-file", E, "The file cannot be read as {kind}: {reason}. It may be damaged or "
         "only partly downloaded; save it again from Excel.", "The file is damaged."),
    Rule("zip-bomb", E, "The workbook would expand to {detail} when unpacked, which is far more "
         "than a spreadsheet of this size needs; it was refused to protect the server.",
         "The compressed workbook expands to an unreasonable size."),
    Rule("unsafe-xml", E, "Part '{part}' of the workbook contains a document type declaration, "
         "which Excel never writes; the file was refused.",
         "The workbook contains XML constructs Excel never writes."),
    Rule("formula-without-value", E, "Cell {address} holds the formula ={formula} but no saved "
         "result. Open the workbook in Excel, let it recalculate, save it and upload again "
         "(or paste the cells as values).",
         "A formula cell has no cached value, so its result is unknown."),
    Rule("unknown-layout", E, "No sheet in this file looks like the upload template, a mapped "
         "wide sheet, a DfE LAIT extract, a Fingertips export or a DfE EES data file. {hint}",
         "The layout of the file is not recognised."),
    Rule("no-data-rows", E, "Sheet '{sheet}' has column headings but no data rows.",
         "A recognised sheet holds no figures."),
    Rule("no-mapped-rows", E, "None of the {kind} in this file are in the indicator catalogue "
         "({column} column): {found}. Add them to the catalogue or load a different file.{hint}",
         "A LAIT or Fingertips file has no measure the catalogue knows."),
    Rule("text-too-long", E, "{where}{field} is {length:,} characters long; at most {limit:,} "
         "are allowed here.", "A text cell is longer than the store can hold."),
    # Columns and mappings
    Rule("missing-column", E, "Required column '{column}' is missing from sheet '{sheet}'. "
         "Columns found: {found}. The template's README sheet explains every column.",
         "A column the layout needs is absent."),
    Rule("duplicate-column", E, "Columns {columns} of sheet '{sheet}' both mean '{field}'; "
         "keep one of them.", "Two headers map to the same field."),
    Rule("unknown-column", W, "Column '{column}' of sheet '{sheet}' is not a template column and "
         "was ignored.", "A column that the template does not define (its cells are ignored)."),
    Rule("bad-mapping", E, "Mapping sheet row {map_row}: {problem}",
         "A row of the Mapping sheet cannot be followed."),
    # Cells
    Rule("missing-value", E, "{where}{field} is blank; {expected}.",
         "A required cell (indicator, area or period) is empty."),
    Rule("unknown-indicator", E, "{where}indicator '{found}' is not in the catalogue{suggestion} "
         "Valid indicator ids are listed in the template's README sheet.",
         "The indicator id is not in the catalogue."),
    Rule("unknown-area", E, "{where}area '{found}' is not a known area code or name"
         "{suggestion} Valid area codes are listed in the template's README sheet.",
         "The area is not one of the reference areas."),
    Rule("unparseable-period", E, "{where}{reason}", "The period label cannot be read."),
    Rule("period-type-mismatch", E, "{where}{reason}. {indicator} is reported by {expected}, "
         "for example '{example}'.",
         "The period is of a different type from the indicator's (a year for a quarterly "
         "indicator)."),
    Rule("period-not-begun", E, "{where}the period begins on {start}, after today ({today}): "
         "no figure can be held for a period that has not begun. Check the period.",
         "The period starts after the day of the upload (a mistyped year)."),
    Rule("not-a-number", E, "{where}{field} '{found}' is not a number. Enter a number, leave it "
         "blank, or set status to 'suppressed' or 'not_available'.",
         "A figure is not numeric."),
    Rule("decimal-comma", E, "{where}{field} '{found}' is written with a decimal comma, but this "
         "file uses decimal points (a comma may only separate thousands, as in 1,631), so it "
         "was not read. Write it with a decimal point; or, if every figure in the file has a "
         "decimal comma, save it as a CSV separated by semicolons.",
         "A figure has a decimal comma in a file of decimal points; it is never guessed at."),
    Rule("decimal-point", E, "{where}{field} '{found}' has a point, but this file is separated "
         "by semicolons and so uses decimal commas; the point could be a decimal point or a "
         "thousands separator, so it was not read. Write decimals with a comma (12,5) and "
         "whole numbers without a separator (1631); or save the file as a CSV separated by "
         "commas with decimal points throughout.",
         "A figure has a point in a semicolon-separated file, which uses decimal commas; it "
         "is never guessed at."),
    Rule("negative-value", E, "{where}{field} {found} is negative; it cannot be below zero.",
         "A count, denominator, rate or percentage is below zero."),
    Rule("invalid-choice", E, "{where}{field} '{found}' is not one of: {choices}.",
         "A status or yes/no cell holds something else."),
    Rule("unknown-breakdown", E, "{where}breakdown '{found}' is not one of this indicator's "
         "breakdowns: {choices}.", "The breakdown is not one the catalogue lists for the "
         "indicator."),
    Rule("suppressed-with-figures", W, "{where}status is '{status}' but figures are given; "
         "they were not stored. Clear them, or change the status.",
         "A withheld figure (suppressed or not available) still has numbers in its cells."),
    Rule("no-value", E, "{where}there is no value and no numerator and denominator. Enter the "
         "figure, or set status to 'suppressed' or 'not_available'.",
         "A row carries no figure and no status explaining why."),
    # Rows and the file as a whole
    Rule("numerator-exceeds-denominator", E, "{where}numerator {numerator} is larger than "
         "denominator {denominator}; for a percentage the numerator is part of the denominator.",
         "For a percentage, the numerator is larger than the denominator."),
    Rule("non-positive-denominator", E, "{where}denominator {denominator} must be greater than "
         "zero.", "A denominator of zero."),
    Rule("value-mismatch", E, "{where}value {value} does not match numerator {numerator} / "
         "denominator {denominator} x {multiplier} = {expected}. Correct the figures, or leave "
         "value blank to have it calculated.",
         "The value disagrees with numerator / denominator x multiplier beyond rounding."),
    Rule("value-out-of-range", E, "{where}value {value} is above {limit}, the most a percentage "
         "can be.", "A percentage above 100."),
    Rule("ci-excludes-value", E, "{where}value {value} lies outside its confidence interval "
         "{lower} to {upper}.", "A published confidence interval does not contain the value."),
    Rule("ci-invalid", E, "{where}{problem}", "Only one confidence limit, or lower above upper."),
    Rule("duplicate-row", E, "{where}this figure appears {count} times (rows {rows}); keep one "
         "row per indicator, area, period and breakdown.",
         "The same indicator, area, period and breakdown appear more than once."),
    Rule("districts-do-not-sum", W, "{where}the {count} districts {how} {total} but "
         "{county} is {county_value}, a gap of {gap}{missing}; {indicator} {reason}. Check "
         "the county and district figures; if the difference is known, give the reason when "
         "loading.", "A county's districts, with the file's figures in place of the stored "
         "ones, do not add up to its count or pool (numerators over denominators) to its "
         "rate. Counties with districts missing are only flagged when the districts given "
         "already add up to more than the county."),
    Rule("small-count", W, "{where}{field} {found} is a small number (1 to 5) that could identify "
         "children or families; set status to 'suppressed' and clear the figures unless it may "
         "be published.", "A count of 1 to 5 that may need suppressing."),
    Rule("implausible-jump", W, "{where}{found} is {changes}, more than the {threshold} "
         "change expected for this indicator. Check the figure.",
         "The change from the previous period, or from the same period a year before, is "
         "beyond the indicator's plausibility threshold."),
    Rule("removes-interval", W, "{where}the stored {what} ({stored}) would be removed: this "
         "row has none. If the source really no longer publishes it, acknowledge the warning; "
         "otherwise add it to the file.", "A figure would lose its stored confidence limits."),
    Rule("removes-numerator", W, "{where}the stored {what} ({stored}) would be removed: this "
         "row has none. If the source really no longer publishes it, acknowledge the warning; "
         "otherwise add it to the file.", "A figure would lose its stored count."),
    Rule("removes-denominator", W, "{where}the stored {what} ({stored}) would be removed: this "
         "row has none. If the source really no longer publishes it, acknowledge the warning; "
         "otherwise add it to the file.", "A figure would lose its stored denominator."),
    # Loading
    Rule("already-loaded", E, "This file was already loaded as batch {batch}; it was not "
         "loaded again. Roll back batch {batch} first if it must be reloaded.",
         "A file with identical content has been committed before."),
    Rule("warnings-not-acknowledged", E, "The file has {count} warning(s). Check them, then load "
         "it again with a reason for accepting them.",
         "Warnings must be acknowledged with a reason before a file is committed."),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


def show(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """A figure or cell text as an officer would write it (``320.0`` -> ``"320"``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "blank"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        number = float(value)
        if number.is_integer() and abs(number) < 1e15:
            return f"{int(number):,}"
        return f"{number:.6g}"
    text = str(value).replace("\n", " ").replace("\r", " ")
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def cell_text(value: Any) -> str:
    """The value kept on an issue: the cell's text, cut to :data:`VALUE_LIMIT` characters."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = show(value, VALUE_LIMIT) if isinstance(value, int | float) else str(value)
    return text if len(text) <= VALUE_LIMIT else text[:VALUE_LIMIT - 1] + "\u2026"


def make_issue(code: str, *, file: str = "", sheet: str = "", row: int | None = None,
               column: str = "", cell: Any = None, **fields: Any) -> ValidationIssue:
    """Build the issue for rule ``code`` with its message filled from ``fields``.

    ``cell`` is the offending cell's content, kept (shortened) as the issue's ``value``.
    The template may use the location (``sheet``, ``row``, ``column``) as well as ``fields``;
    ``where`` (the "Burnley, CP rate, Q2 2016/17: " prefix) defaults to empty.
    """
    rule = RULES[code]
    message = rule.template.format(**{"where": "", "file": file, "sheet": sheet, "row": row,
                                      "column": column, **fields})
    if message[:1].islower():
        message = message[0].upper() + message[1:]
    return ValidationIssue(code=code, severity=rule.severity, message=message, file=file,
                           sheet=sheet, row=row, column=column, value=cell_text(cell))
