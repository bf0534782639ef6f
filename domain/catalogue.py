"""The indicator catalogue: typed :class:`Indicator` records read from ``indicator_catalogue.csv``.

The catalogue drives behaviour elsewhere: polarity, value type, interval method, benchmark and
RAG rule are read from it, never hard-coded per indicator. :func:`read_catalogue` validates every
cell and row and returns a :class:`~domain.reports.ValidationReport`. :func:`load_catalogue`
raises :class:`InvalidCatalogueError` (a :class:`~domain.errors.CatalogueError`) when that report
has errors. The column checks live in :mod:`domain.catalogue_checks`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from domain.catalogue_cells import CellError
from domain.catalogue_checks import (
    BREAKDOWN_CATEGORIES,
    CATALOGUE_COLUMNS,
    COLUMN_CHECKS,
    OPTIONAL_COLUMNS,
    ROW_RULES,
    BenchmarkMethod,
    numerator_reference_problem,
)
from domain.errors import CatalogueError
from domain.reports import ValidationIssue, ValidationReport
from domain.vocabulary import (
    BenchmarkConfidence,
    CIMethod,
    Comparator,
    Outcome,
    PeriodType,
    Polarity,
    RagRule,
    ReleaseCycle,
    Severity,
    ValueType,
)

__all__ = [
    "BREAKDOWN_CATEGORIES", "CATALOGUE_COLUMNS", "DEFAULT_CATALOGUE_PATH",
    "SEED_SCORECARD_INDICATORS", "BenchmarkMethod", "Indicator", "InvalidCatalogueError",
    "load_catalogue", "read_catalogue", "read_catalogue_text",
]

#: Shipped inside the package (``domain/data``), so an installed scorecard has its catalogue.
DEFAULT_CATALOGUE_PATH = Path(__file__).resolve().parent / "data" / "indicator_catalogue.csv"

SEED_SCORECARD_INDICATORS: tuple[str, ...] = (
    # Outcome one - to feel safe
    "cp_plans_number", "dv_referrals_csc", "domestic_incidents_children", "cla_rate", "cla_number",
    "missing_children_police", "cp_plans_rate",
    # Outcome two - to do well
    "ks2_rwm_level4", "gcse_5ac_em", "ofsted_good_outstanding", "fte_youth_justice_rate",
    "child_poverty_0_19", "care_leavers_eet", "care_leavers_suitable_accommodation",
    "cla_gcse_5ac_em",
    # Outcome three - be happy
    "primary_getting_on", "secondary_getting_on", "primary_after_school_activities",
    "secondary_after_school_activities", "primary_bullied_at_school", "secondary_bullied_at_school",
    "primary_bullied_journey", "secondary_bullied_journey", "self_harm_admissions_10_24",
    "children_adopted",
    # Outcome four - be healthy (the Q2 paper prints chlamydia by quarter, the Q3 paper by year)
    "smoking_at_delivery", "breastfeeding_initiation", "dtap_ipv_hib_12m",
    "conceptions_15_17_quarterly", "chlamydia_diagnoses_quarterly", "chlamydia_diagnoses",
)
"""Ids of the rows printed in the Q2 and Q3 2016/17 CYPP scorecards of seed 002, in seed order."""


@dataclass(frozen=True)
class Indicator:
    """One catalogue row, typed. Field names and order match :data:`CATALOGUE_COLUMNS`."""

    id: str
    title: str
    short_title: str
    outcome: Outcome
    display_order: int
    cfw_outcomes: tuple[int, ...]
    marmot_objectives: tuple[str, ...]
    tf_criteria: tuple[int, ...]
    polarity: Polarity
    value_type: ValueType
    multiplier: int
    unit_label: str
    decimals: int
    period_type: PeriodType
    ci_method: CIMethod
    benchmark_method: BenchmarkMethod
    benchmark_confidence: BenchmarkConfidence
    comparators: tuple[Comparator, ...]
    rag_rule: RagRule
    target: float | None
    target_tolerance: float | None
    additive: bool
    small_count_check: bool
    jump_threshold_pct: float
    series_break: str | None
    breakdown_type: str | None
    lait_measure: str | None
    fingertips_id: int | None
    numerator_indicator: str | None
    source: str
    definition: str
    ees_indicator: str | None = None
    ees_filter: str | None = None
    release_cycle: ReleaseCycle | None = None
    publication_lag_months: int | None = None

    @property
    def is_proportion(self) -> bool:
        """True for percentages (a part of a whole, Wilson intervals)."""
        return self.value_type is ValueType.PERCENTAGE

    @property
    def is_rate(self) -> bool:
        """True for rates per 1,000 / 10,000 / 100,000."""
        return self.value_type is ValueType.RATE

    @property
    def is_count(self) -> bool:
        """True for plain counts."""
        return self.value_type is ValueType.COUNT

    @property
    def comparator_set(self) -> frozenset[Comparator]:
        """The comparators as a set, for membership tests."""
        return frozenset(self.comparators)

    @property
    def confidence_levels(self) -> tuple[float, ...]:
        """Confidence levels for benchmarking: ``(0.95,)``, ``(0.998,)`` or ``(0.95, 0.998)``."""
        if self.benchmark_confidence is BenchmarkConfidence.TWO_LEVEL:
            return (0.95, 0.998)
        return (float(self.benchmark_confidence.value),)

    @property
    def breakdown_categories(self) -> tuple[str, ...]:
        """Category labels of this indicator's breakdown rows; empty without a breakdown."""
        return BREAKDOWN_CATEGORIES.get(self.breakdown_type or "", ())

    def format_value(self, value: float | None) -> str:
        """Format a value with ``decimals`` and thousands separators: ``'1,734'``, ``'48.2%'``.

        ``None`` gives an em dash; percentages end in ``%``; rates carry no unit (see
        ``unit_label``).
        """
        if value is None:
            return "\u2014"
        text = f"{value:,.{self.decimals}f}"
        return f"{text}%" if self.is_proportion else text


class InvalidCatalogueError(CatalogueError):
    """The catalogue has errors; ``report`` holds every issue and the message lists them."""

    def __init__(self, path: Path, report: ValidationReport) -> None:
        self.path = path
        self.report = report
        lines = [f"Indicator catalogue {path} has {len(report.errors)} error(s); "
                 "fix them and reload:"]
        lines += [f"  line {i.row}, column '{i.column}' [{i.code}]: {i.message}"
                  if i.column else f"  line {i.row} [{i.code}]: {i.message}"
                  for i in report.errors]
        super().__init__("\n".join(lines))


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, cells)`` per CSV record; ``line`` is where the record starts (header = 1)."""
    reader = csv.reader(io.StringIO(text))
    previous_end = 0
    for cells in reader:
        start, previous_end = previous_end + 1, reader.line_num
        if cells:
            yield start, [cell.strip() for cell in cells]


def _issue(file: str, row: int, column: str, value: str, code: str, message: str,
           severity: Severity = Severity.ERROR) -> ValidationIssue:
    return ValidationIssue(code=code, severity=severity, message=message, file=file, row=row,
                           column=column, value=value)


def _check_header(header: list[str], file: str, at: int) -> list[ValidationIssue]:
    issues = [_issue(file, at, col, "", "missing-column",
                     f"column '{col}' is missing from the header")
              for col in CATALOGUE_COLUMNS if col not in header and col not in OPTIONAL_COLUMNS]
    seen: set[str] = set()
    for col in header:
        if col in seen:
            issues.append(_issue(file, at, col, col, "duplicate-column",
                                 f"column '{col}' appears more than once in the header"))
        elif col not in CATALOGUE_COLUMNS:
            issues.append(_issue(file, at, col, col, "unknown-column",
                                 f"column '{col}' is not a catalogue column and is ignored",
                                 Severity.WARNING))
        seen.add(col)
    known = [col for col in header if col in CATALOGUE_COLUMNS]
    expected = [col for col in CATALOGUE_COLUMNS if col in header]
    if not issues and known != expected:
        first = next(a for a, b in zip(known, expected, strict=True) if a != b)
        issues.append(_issue(file, at, first, first, "column-order",
                             f"column '{first}' is out of order; expected "
                             f"{', '.join(CATALOGUE_COLUMNS)}",
                             Severity.WARNING))
    return issues


def _check_row(line: int, row: Mapping[str, str], file: str
               ) -> tuple[dict[str, Any], list[ValidationIssue]]:
    parsed: dict[str, Any] = {}
    issues: list[ValidationIssue] = []
    for column, parse in COLUMN_CHECKS.items():
        if column not in row:
            continue
        try:
            parsed[column] = parse(row[column])
        except CellError as err:
            issues.append(_issue(file, line, column, row[column], err.code,
                                 f"{column} '{row[column]}' {err.reason}"))
    for rule in ROW_RULES:
        if all(col in parsed for col in rule.needs):
            message = rule.check(parsed)
            if message is not None:
                issues.append(_issue(file, line, rule.column, row.get(rule.column, ""), rule.code,
                                     message, rule.severity))
    return parsed, issues


_UNIQUE_COLUMNS = {"id": "duplicate-id", "lait_measure": "duplicate-lait-measure",
                   "fingertips_id": "duplicate-fingertips-id"}


def read_catalogue(path: Path) -> tuple[dict[str, Indicator], ValidationReport]:
    """Read and validate an indicator catalogue CSV, collecting every issue.

    Parameters
    ----------
    path : Path
        The CSV file (UTF-8, optional BOM, header on line 1, columns :data:`CATALOGUE_COLUMNS`).

    Returns
    -------
    dict of str to Indicator
        The valid rows, keyed by id, in file order. A row with any error is left out.
    ValidationReport
        Every issue found. ``row`` is the line number in the file (header = 1), ``column`` the
        header name and ``code`` a kebab-case rule name such as ``unknown-polarity``.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        report = ValidationReport()
        report.add(_issue(path.name, 1, "", "", "file-unreadable",
                          f"cannot read {path}: {err}"))
        return {}, report
    return read_catalogue_text(text, path.name)


def read_catalogue_text(text: str, file: str) -> tuple[dict[str, Indicator], ValidationReport]:
    """:func:`read_catalogue` for catalogue CSV text (named ``file`` in the report), as the
    shipped catalogue stands with a site's additions and mappings merged in."""
    report = ValidationReport()
    records = list(_records(text))
    if not records:
        report.add(_issue(file, 1, "", "", "empty-file",
                          "the file is empty; expected a header row"))
        return {}, report
    header_line, header = records[0]
    report.extend(_check_header(header, file, header_line))
    complete = all(col in header for col in CATALOGUE_COLUMNS if col not in OPTIONAL_COLUMNS)
    catalogue: dict[str, Indicator] = {}
    rows: dict[str, tuple[int, dict[str, Any]]] = {}
    first_seen: dict[tuple[str, str], int] = {}
    for line, cells in records[1:]:
        report.rows_read += 1
        row_issues: list[ValidationIssue] = []
        if len(cells) != len(header):
            row_issues.append(_issue(file, line, "", "", "wrong-cell-count", f"the row has "
                                     f"{len(cells)} cells; the header has {len(header)}"))
        row: dict[str, str] = {}
        for i, col in enumerate(header):
            if col in CATALOGUE_COLUMNS and col not in row:
                row[col] = cells[i] if i < len(cells) else ""
        parsed, cell_issues = _check_row(line, row, file)
        row_issues += cell_issues
        for column, code in _UNIQUE_COLUMNS.items():
            value = row.get(column, "")
            if not value:
                continue
            if (column, value) in first_seen:
                row_issues.append(_issue(file, line, column, value, code,
                                         f"{column} '{value}' is already used on line "
                                         f"{first_seen[(column, value)]}"))
            else:
                first_seen[(column, value)] = line
        slot = (str(parsed.get("outcome")), str(parsed.get("display_order")))
        if "outcome" in parsed and "display_order" in parsed and slot in first_seen:
            row_issues.append(_issue(file, line, "display_order", row["display_order"],
                                     "duplicate-display-order",
                                     f"display_order '{row['display_order']}' is already used in "
                                     f"outcome {slot[0]} on line {first_seen[slot]}",
                                     Severity.WARNING))
        elif "outcome" in parsed and "display_order" in parsed:
            first_seen[slot] = line
        report.extend(row_issues)
        if complete and not any(i.is_error for i in row_issues):
            catalogue[parsed["id"]] = Indicator(**parsed)
            rows[parsed["id"]] = (line, parsed)
    valid_rows = {indicator_id: parsed for indicator_id, (_, parsed) in rows.items()}
    for indicator_id, (line, parsed) in rows.items():
        problem = numerator_reference_problem(parsed, valid_rows)
        if problem is not None:
            report.add(_issue(file, line, "numerator_indicator", parsed["numerator_indicator"],
                              "invalid-numerator-indicator", problem))
            del catalogue[indicator_id]
    report.rows_valid += len(catalogue)
    return catalogue, report


def load_catalogue(path: Path | None = None) -> dict[str, Indicator]:
    """Read the catalogue and return it, or raise when it has errors.

    Parameters
    ----------
    path : Path, optional
        Defaults to the packaged copy of the repository's ``indicator_catalogue.csv``
        (``domain/data/`` links to it). Nothing is cached: callers that need the catalogue
        repeatedly keep the returned dict.

    Returns
    -------
    dict of str to Indicator
        Every indicator keyed by id, in file order.

    Raises
    ------
    InvalidCatalogueError
        A :class:`~domain.errors.CatalogueError` whose message lists each error as
        ``line N, column 'name' [code]: message``; ``.report`` holds the full report.
    """
    target = DEFAULT_CATALOGUE_PATH if path is None else path
    catalogue, report = read_catalogue(target)
    if not report.valid:
        raise InvalidCatalogueError(target, report)
    return catalogue

