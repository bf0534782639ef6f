"""Figures as officers and publishers write them: numbers with thousands separators or per cent
signs, decimal commas where the file says so, and the symbols that stand for a withheld figure
("c", "-", "x", "..")."""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from domain.vocabulary import ObservationStatus

#: Published symbols for a figure that is withheld (DfE, ONS and OHID conventions).
SUPPRESSED_TOKENS = frozenset({"c", "*", "**", "supp", "suppressed", "<5", "<6", "low"})
NOT_AVAILABLE_TOKENS = frozenset({"-", "x", "..", ":", "n/a", "na", "z", "not available",
                                  "nodata", "no data", "unavailable"})


def blank_text(value: Any) -> bool:
    """A text cell holding only spaces."""
    return isinstance(value, str) and not value.strip()


def missing(value: Any) -> bool:
    """None, NaN or a blank text cell."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or blank_text(
        value)


#: A figure whose thousands are grouped by the mark that is not the decimal mark.
_GROUPED = {".": re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?"),
            ",": re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")}
#: "1.631": a decimal point or one group of thousands; ambiguous in a file of decimal commas.
_LONE_POINT_GROUP = re.compile(r"[+-]?\d{1,3}\.\d{3}")
#: A figure written with a decimal comma and no grouping (read column-wise in comma files).
_PLAIN_COMMA = re.compile(r"\s*[+-]?\d+(,\d+)?\s*")
_DECORATION = re.compile(r"[\s\u00a3%]")


class Numbers(NamedTuple):
    """A column read as figures: values, bad cells, cells with the file's other decimal mark,
    and the status a withheld-figure symbol stands for (None elsewhere)."""

    values: np.ndarray
    bad: np.ndarray
    wrong_mark: np.ndarray
    status: np.ndarray


def parse_number(value: Any, decimal: str = ".") -> float | str | None:
    """A number, a withheld-figure status, or None when not a number.

    ``decimal`` is the file's decimal mark; the other mark may only group thousands ("1,631"
    with decimal points, "1.631,5" with decimal commas), so "63,5" is not a number in a file of
    decimal points: it is never read as 635. With decimal commas a lone group of thousands
    ("1.631") is not a number either: files that say they use decimal commas are also written
    by tools that put decimal points in them, where it would mean 1.631.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(float(value)) else None
    text = str(value).strip().lower()
    if text in SUPPRESSED_TOKENS:
        return ObservationStatus.SUPPRESSED.value
    if text in NOT_AVAILABLE_TOKENS:
        return ObservationStatus.NOT_AVAILABLE.value
    text = _DECORATION.sub("", text)
    other = "," if decimal == "." else "."
    if other in text:
        if not _GROUPED[decimal].fullmatch(text) or (
                decimal == "," and _LONE_POINT_GROUP.fullmatch(text)):
            return None
        text = text.replace(other, "")
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def wrong_decimal_mark(value: Any, decimal: str) -> bool:
    """Whether ``value`` is not a number with the file's decimal mark but is with the other
    one ("63,5" in a file of decimal points): the cause a message should name."""
    other = "," if decimal == "." else "."
    return (not isinstance(value, int | float) and parse_number(value, decimal) is None
            and isinstance(parse_number(value, other), float))


def _with_decimal_points(raw: pd.Series) -> pd.Series:
    """Text cells of a decimal-comma file rewritten with decimal points where that is safe
    ("63,5"); any other text becomes NaN so that :func:`parse_number` reads it cell by cell."""
    cells = raw.to_numpy(dtype=object).copy()
    for position, cell in enumerate(cells):
        if isinstance(cell, str):
            cells[position] = (cell.replace(",", ".") if _PLAIN_COMMA.fullmatch(cell)
                               else np.nan)
    return pd.Series(cells, index=raw.index, dtype=object)


def read_numbers(raw: pd.Series, decimal: str = ".") -> Numbers:
    """Read a column of figures written with ``decimal`` as the decimal mark."""
    column = _with_decimal_points(raw) if decimal == "," else raw
    values = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float,
                                                             na_value=np.nan).copy()
    status = np.full(len(raw), None, dtype=object)
    bad = np.zeros(len(raw), dtype=bool)
    wrong_mark = np.zeros(len(raw), dtype=bool)
    cells = raw.to_numpy(dtype=object)
    present = raw.notna().to_numpy()
    odd = ~np.isfinite(values) & present  # pandas reads "inf" and "1e999" as infinite
    maybe_bool = np.flatnonzero(present & ((values == 0) | (values == 1)))
    odd[maybe_bool] |= np.array([isinstance(cells[p], bool) for p in maybe_bool], dtype=bool)
    for position in np.flatnonzero(odd):
        cell = cells[position]
        parsed = None if blank_text(cell) else parse_number(cell, decimal)
        values[position] = parsed if isinstance(parsed, float) else np.nan
        if isinstance(parsed, str):
            status[position] = parsed
        elif parsed is None and not blank_text(cell):
            if wrong_decimal_mark(cell, decimal):
                wrong_mark[position] = True
            else:
                bad[position] = True
    return Numbers(values, bad, wrong_mark, status)
