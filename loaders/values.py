"""Figures as officers and publishers write them: numbers with commas or per cent signs, and
the symbols that stand for a withheld figure ("c", "-", "x", "..")."""

from __future__ import annotations

import math
import re
from typing import Any

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


def parse_number(value: Any) -> float | str | None:
    """A number, a withheld-figure status, or None when not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(float(value)) else None
    text = str(value).strip().lower()
    if text in SUPPRESSED_TOKENS:
        return ObservationStatus.SUPPRESSED.value
    if text in NOT_AVAILABLE_TOKENS:
        return ObservationStatus.NOT_AVAILABLE.value
    try:
        number = float(re.sub(r"[,\s\u00a3%]", "", text))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def read_numbers(raw: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values, bad-cell mask, status from a withheld-figure symbol or None)."""
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan).copy()
    status = np.full(len(raw), None, dtype=object)
    bad = np.zeros(len(raw), dtype=bool)
    cells = raw.to_numpy(dtype=object)
    present = raw.notna().to_numpy()
    odd = np.isnan(values) & present
    maybe_bool = np.flatnonzero(present & ((values == 0) | (values == 1)))
    odd[maybe_bool] |= np.array([isinstance(cells[p], bool) for p in maybe_bool], dtype=bool)
    for position in np.flatnonzero(odd):
        cell = cells[position]
        parsed = None if blank_text(cell) else parse_number(cell)
        values[position] = parsed if isinstance(parsed, float) else np.nan
        if isinstance(parsed, str):
            status[position] = parsed
        elif parsed is None and not blank_text(cell):
            bad[position] = True
    return values, bad, status
