"""Whether a figure is current for a reporting quarter, from the indicator's release cycle.

A figure for a period ending on date *e* is superseded when the next one is published: one
release cycle later plus the publication lag, *e* + cycle + lag. A scorecard reporting on a
quarter ending on *r* shows the figure as current while *r* is on or before that date, and as
out of date ("latest available: 2014/15") after it. The catalogue gives each indicator's
``release_cycle`` (monthly, quarterly, annual, biennial) and ``publication_lag_months``;
where they are blank they follow from the period type (:data:`DEFAULT_CYCLE`,
:data:`DEFAULT_LAG_MONTHS`).

References
----------
DfE and OHID release calendars: quarterly local figures are reported the quarter after they
close; annual statistics are published within a year of the period's end (for example children
looked after at 31 March in the following November, key stage results in December).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from indicators._rag_text import GREY_PREFIX
from indicators._validation import check_columns

CURRENT = "current"
OUT_OF_DATE = "out of date"
#: Months between releases for each cycle.
CYCLE_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12, "biennial": 24}
#: The cycle a period type implies when the catalogue leaves ``release_cycle`` blank.
DEFAULT_CYCLE = {"month": "monthly", "fy_quarter": "quarterly", "cal_quarter": "quarterly",
                 "fin_year": "annual", "academic_year": "annual", "cal_year": "annual",
                 "rolling_12m": "quarterly", "snapshot": "annual"}
#: Publication lag in months each cycle implies when ``publication_lag_months`` is blank.
DEFAULT_LAG_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12, "biennial": 12}
#: Columns :func:`figure_currency` reads.
CURRENCY_INPUT = ("period_end", "period_type", "period_label", "release_cycle",
                  "publication_lag_months")


def figure_currency(frame: pd.DataFrame, as_at: dt.date) -> pd.DataFrame:
    """Append ``currency``, ``next_due`` and ``currency_label`` to each figure's row.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per figure with :data:`CURRENCY_INPUT` columns; ``release_cycle`` in
        :data:`CYCLE_MONTHS` or missing, ``publication_lag_months`` a whole number or missing.
    as_at : datetime.date
        The end of the reporting quarter.

    Returns
    -------
    pandas.DataFrame
        A copy with ``currency`` ("current" or "out of date"; "current" where there is no
        period), ``next_due`` (the date the next figure was due: period end + cycle + lag) and
        ``currency_label`` ("latest available: 2014/15" when out of date, else "").

    Raises
    ------
    ValueError
        If a column is missing or ``release_cycle`` holds an unknown cycle.
    """
    check_columns(frame, list(CURRENCY_INPUT))
    out = frame.copy()
    cycle = out["release_cycle"].astype(object).where(out["release_cycle"].notna(),
                                                      out["period_type"].map(DEFAULT_CYCLE))
    cycle = cycle.fillna("annual")
    unknown = sorted(set(cycle) - set(CYCLE_MONTHS))
    if unknown:
        raise ValueError(f"'release_cycle' must be one of {', '.join(CYCLE_MONTHS)}; "
                         f"got {unknown[0]!r}")
    lag = pd.to_numeric(out["publication_lag_months"], errors="coerce").fillna(
        cycle.map(DEFAULT_LAG_MONTHS)).astype(int)
    months = cycle.map(CYCLE_MONTHS).astype(int) + lag
    end = pd.to_datetime(out["period_end"], errors="coerce")
    due = [e + pd.DateOffset(months=int(m)) if not pd.isna(e) else pd.NaT
           for e, m in zip(end, months, strict=True)]
    out["next_due"] = [d.date() if not pd.isna(d) else None for d in due]
    stale = np.array([not pd.isna(d) and d.date() < as_at for d in due], dtype=bool)
    out["currency"] = np.where(stale, OUT_OF_DATE, CURRENT)
    out["currency_label"] = np.where(
        stale, "latest available: " + out["period_label"].fillna("").astype(str), "")
    return out


def is_out_of_date(frame: pd.DataFrame) -> pd.Series:
    """True for rows :func:`figure_currency` marked out of date (False without the column)."""
    if "currency" not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame["currency"].eq(OUT_OF_DATE)


def with_currency(table: pd.DataFrame, as_at: dt.date | None) -> pd.DataFrame:
    """:func:`figure_currency`'s columns, and the rating withdrawn from figures out of date.

    An out-of-date figure keeps its value, but its ``rag`` becomes grey and its
    ``rag_reason`` says which period it is and when the next figure was due. Without
    ``as_at`` every figure counts as current. ``release_cycle`` and
    ``publication_lag_months`` may be missing (they then follow from the period type).
    """
    if as_at is None:
        return table.assign(currency=CURRENT, currency_label="", next_due=None)
    table = table.copy()
    for column in ("release_cycle", "publication_lag_months"):
        if column not in table.columns:
            table[column] = None
    table = figure_currency(table, as_at)
    stale = is_out_of_date(table)
    if stale.any():
        due = [f"{d:%d %B %Y}".lstrip("0") if d is not None else "" for d in
               table.loc[stale, "next_due"]]
        table.loc[stale, "rag"] = "grey"
        table.loc[stale, "rag_reason"] = [
            f"{GREY_PREFIX}the latest available figure ({label}) is out of date for this "
            f"quarter: a newer one was due by {when}, so it is not rated as current."
            for label, when in zip(table.loc[stale, "period_label"], due, strict=True)]
    return table
