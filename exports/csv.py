"""CSV exports: any table, under a header block saying what it is, and safe to open.

Every text cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab or
carriage return at the start) is neutralised with a leading apostrophe; numbers, including
negative ones, are left as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

import pandas as pd

#: Leading characters a spreadsheet would treat as the start of a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DEFAULT_SOURCE = "uploaded and published figures; judgements by the scorecard engine"


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet would run as a formula (not for ``"-3.2"``)."""
    if not isinstance(value, str) or not value.startswith(FORMULA_PREFIXES):
        return False
    try:
        float(value)
    except ValueError:
        return True
    return False


def neutralise_formula(value: object) -> object:
    """Prefix text a spreadsheet would execute (``=SUM(...)``) with an apostrophe."""
    return "'" + value if is_formula_like(value) and isinstance(value, str) else value


def header_rows(*, sensitivity: str, title: str, period: str, produced: dt.date,
                source: str = DEFAULT_SOURCE, extra: Sequence[str] = ()) -> list[list[str]]:
    """The lines above a table: marking, what it is, period, produced date and source."""
    lines = [sensitivity, title, f"Period: {period}", f"Produced: {produced:%d %B %Y}",
             f"Source: {source}", *extra]
    return [[f"# {neutralise_formula(line)}"] for line in lines]


def csv_text(frame: pd.DataFrame, header: Sequence[Sequence[str]]) -> str:
    """``frame`` as CSV text below ``header``, formula-like text neutralised."""
    safe = frame.astype(object).where(frame.notna(), "").map(neutralise_formula)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(header)
    writer.writerow([neutralise_formula(str(c)) for c in safe.columns])
    writer.writerows(safe.itertuples(index=False, name=None))
    return buffer.getvalue()


def csv_bytes(frame: pd.DataFrame, header: Sequence[Sequence[str]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads ★ and ▲ correctly."""
    return ("\ufeff" + csv_text(frame, header)).encode("utf-8")
