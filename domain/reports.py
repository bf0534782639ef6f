"""Validation reports as data (frictionless/pandera style).

Every check yields :class:`ValidationIssue` records with a kebab-case ``code``; the whole input
is checked before a report is returned, so a user can fix everything in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from domain.vocabulary import Severity

ISSUE_FIELDS = ("code", "severity", "file", "sheet", "row", "column", "value", "message")


@dataclass(frozen=True)
class ValidationIssue:
    """One problem found in one place of one input.

    ``row`` is the 1-based row number as the user sees it in the spreadsheet or CSV (header = 1);
    ``column`` is the header text (or column letter where there is no header).
    """

    code: str
    severity: Severity
    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""

    @property
    def is_error(self) -> bool:
        """True for an error (the row is refused), False for a warning."""
        return self.severity is Severity.ERROR

    def location(self) -> str:
        """Where the issue is, in words: file, sheet, row and column as far as known."""
        parts = [p for p in (self.file, self.sheet) if p]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The issue as plain data (severity as its text value), for JSON and tables."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


@dataclass
class ValidationReport:
    """All issues found in one input, plus counts."""

    issues: list[ValidationIssue] = field(default_factory=list)
    rows_read: int = 0
    rows_valid: int = 0

    @property
    def errors(self) -> list[ValidationIssue]:
        """The issues that refuse a row."""
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[ValidationIssue]:
        """The issues that only warn."""
        return [i for i in self.issues if not i.is_error]

    @property
    def valid(self) -> bool:
        """True when the report holds no errors."""
        return not self.errors

    def add(self, issue: ValidationIssue) -> None:
        """Record one issue."""
        self.issues.append(issue)

    def extend(self, issues: Iterable[ValidationIssue]) -> None:
        """Record several issues, in order."""
        self.issues.extend(issues)

    def merge(self, other: ValidationReport) -> None:
        """Add another report's issues and row counts to this one."""
        self.issues.extend(other.issues)
        self.rows_read += other.rows_read
        self.rows_valid += other.rows_valid

    def codes(self) -> list[str]:
        """The code of each issue, in order (for compact test assertions)."""
        return [i.code for i in self.issues]

    def flatten(self, fields: Sequence[str] = ("row", "column", "code")) -> list[list[Any]]:
        """Compact form for tests: ``report.flatten(["row", "code"]) == [[3, "not-a-number"]]``."""
        return [[getattr(i, f) if f != "severity" else i.severity.value for f in fields]
                for i in self.issues]

    def to_frame(self) -> pd.DataFrame:
        """One row per issue with :data:`ISSUE_FIELDS` columns (for tables and JSON output)."""
        return pd.DataFrame([i.to_dict() for i in self.issues], columns=list(ISSUE_FIELDS))

    def to_records(self) -> list[dict[str, Any]]:
        """Every issue as plain data, for a table or JSON."""
        return [i.to_dict() for i in self.issues]

    def summary(self) -> str:
        """One line: rows read, errors and warnings."""
        return (f"{self.rows_read} rows read, {len(self.errors)} errors, "
                f"{len(self.warnings)} warnings")
