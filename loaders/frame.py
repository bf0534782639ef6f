"""The candidate frame every layout produces, and issues located on its rows.

A layout reader (template, wide, LAIT, Fingertips) turns cells into a *candidate frame*: one row
per figure with the raw cell values in the columns of :data:`CANDIDATE_FIELDS`, plus where each
came from: ``_sheet``, ``_row`` (Excel row number), ``_col_<field>`` (the heading or cell the
field was read from) and ``_cell`` (``Sheet!C7`` of the figure, stored as ``source_cell``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from domain.reports import ValidationIssue
from loaders.rules import make_issue, show

CANDIDATE_FIELDS = ("indicator", "area", "period", "breakdown", "numerator", "denominator",
                    "value", "lower_ci", "upper_ci", "ci_level", "target", "status", "note",
                    "source", "illustrative")
NUMBER_FIELDS = ("numerator", "denominator", "value", "lower_ci", "upper_ci", "ci_level",
                 "target")
FIELD_WORDS = {"indicator": "indicator", "area": "area", "period": "period",
               "lower_ci": "lower confidence limit", "upper_ci": "upper confidence limit",
               "ci_level": "confidence level"}


def empty_candidates() -> pd.DataFrame:
    return pd.DataFrame(columns=[*CANDIDATE_FIELDS, "_sheet", "_row", "_cell"])


def same_on_every_row(rows: int, value: str) -> pd.Categorical:
    """``value`` for each of ``rows`` rows, held once (a byte per row, not a pointer: a
    national file's location columns would otherwise take tens of megabytes each)."""
    return pd.Categorical.from_codes(np.zeros(rows, dtype=np.int8),
                                     categories=pd.Index([value], dtype=object))


def either(condition: np.ndarray, yes: object, no: object) -> np.ndarray:
    """``yes`` where ``condition`` holds and ``no`` elsewhere, as an object array holding
    those two objects (``np.where`` would make a new string for every row)."""
    out = np.empty(len(condition), dtype=object)
    out[:] = no  # not np.full, which would copy the word into each row
    out[condition] = yes
    return out


def locate(frame: pd.DataFrame, field: str, sheet: str, label: str) -> None:
    """Record on every row that ``field`` was read from column ``label`` of ``sheet``."""
    frame[f"_col_{field}"] = same_on_every_row(len(frame), label)
    if "_sheet" not in frame:
        frame["_sheet"] = same_on_every_row(len(frame), sheet)


class Shown:
    """Figures formatted with :func:`~loaders.rules.show` only for the rows that get an issue."""

    def __init__(self, values: Any) -> None:
        self.values = np.asarray(values, dtype=object)

    def __getitem__(self, position: int) -> str:
        return show(self.values[position])


Where = Callable[[int], str]


class RowIssues:
    """Collects issues about rows of a candidate or normalised frame.

    ``where(position)`` gives the "Burnley, CP rate, Q2 2016/17: " prefix of a row's messages;
    it is only called for rows that get an issue.
    """

    def __init__(self, frame: pd.DataFrame, file: str, where: Where | None = None) -> None:
        self.frame = frame
        self.file = file
        self.issues: list[ValidationIssue] = []
        self._sheets = frame["_sheet"].to_numpy(dtype=object)
        self._rows = frame["_row"].to_numpy(dtype=object)
        self._where = where or (lambda position: "")
        self.flagged = np.zeros(len(frame), dtype=bool)

    def column(self, field: str, position: int) -> str:
        name = f"_col_{field}"
        if name in self.frame:
            label = self.frame[name].iat[position]
            if isinstance(label, str) and label:
                return label
        return field

    def add(self, code: str, position: int, at: str, cell: Any = None,
            **fields: Any) -> None:
        """An issue about the cell of field ``at`` (holding ``cell``) in row ``position``.

        ``position`` is 0-based in the frame; the issue carries the sheet's own row number.
        """
        row = self._rows[position]
        if "where" not in fields:
            fields["where"] = self._where(position)
        self.issues.append(make_issue(
            code, file=self.file, sheet=str(self._sheets[position] or ""),
            row=int(row) if row is not None and not pd.isna(row) else None,
            column=self.column(at, position), cell=cell, **fields))
        self.flagged[position] = True

    def add_all(self, code: str, mask: np.ndarray, at: str, cells: Any = None,
                **columns: Any) -> None:
        """One issue per row where ``mask`` holds.

        ``cells`` and each of ``columns`` is an array (or :class:`Shown`) indexed by row
        position, or a scalar used for every row.
        """
        for position in (int(p) for p in np.flatnonzero(mask)):
            extra = {k: (v[position] if isinstance(v, np.ndarray | list | Shown) else v)
                     for k, v in columns.items()}
            cell = cells[position] if isinstance(cells, np.ndarray | list) else cells
            self.add(code, position, at, cell, **extra)
