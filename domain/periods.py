"""Reporting periods: parse every label the scorecards use, order them and label them one way.

A :class:`Period` is a type plus its first and last day, so "Q3 16/17", "Q3 2016/17" and
"2016/17 Q3" are one period. Periods sort by end date, then start date.

Canonical labels (``Period.label``), which :func:`parse_period` reads back to the same period:

============== ======================= ===================================================
type           label                   notes
============== ======================= ===================================================
fy_quarter     ``Q3 2016/17``          April-based: Q1 = Apr-Jun, Q3 = Oct-Dec
cal_quarter    ``Q2 2015``             Q1 = Jan-Mar
fin_year       ``2015/16``             April to March
academic_year  ``2014/15 (academic)``  September to August; the suffix keeps it distinct
cal_year       ``2015``
rolling_12m    ``Jul 2015 - Jun 2016``
snapshot       ``At 31 Dec 2016``      a single date ("At December 16" = 31 Dec 2016)
month          ``Dec 2016``
============== ======================= ===================================================

Keys (``Period.key``) are ``"<type>:<start ISO>:<end ISO>"``, e.g.
``"fy_quarter:2016-10-01:2016-12-31"``; :func:`period_from_key` reverses them.

``previous()`` steps back one reporting cycle: a quarter for quarters, a year for years, a month
for months, and a quarter for rolling 12-month periods and snapshots, which the quarterly
scorecards publish each quarter ("Jul 15 - Jun 16" follows "Apr 15 - Mar 16").
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import numbers
from collections.abc import Iterable
from dataclasses import dataclass

from domain._period_grammar import ACCEPTED_FORMS, MONTH_ABBR, add_months, bounds, match
from domain.errors import PeriodParseError
from domain.vocabulary import PeriodType

__all__ = ["ACCEPTED_FORMS", "STEP_MONTHS", "Period", "latest_period", "parse_period",
           "period_containing", "period_from_dates", "period_from_key", "sort_periods"]

#: Months between a period and the one ``previous()`` returns.
STEP_MONTHS: dict[PeriodType, int] = {
    PeriodType.FY_QUARTER: 3, PeriodType.CAL_QUARTER: 3, PeriodType.FIN_YEAR: 12,
    PeriodType.ACADEMIC_YEAR: 12, PeriodType.CAL_YEAR: 12, PeriodType.ROLLING_12M: 3,
    PeriodType.SNAPSHOT: 3, PeriodType.MONTH: 1,
}
#: Hints for which a bare year ("2015") is ambiguous, with an unambiguous example to suggest.
_BARE_YEARS: dict[PeriodType, str] = {PeriodType.FIN_YEAR: "2015/16",
                                      PeriodType.ACADEMIC_YEAR: "AY 2015/16",
                                      PeriodType.SNAPSHOT: "31/03/2015"}


@functools.total_ordering
@dataclass(frozen=True, order=False)
class Period:
    """One reporting period: its type and first and last day (both inclusive).

    Construction checks that the dates fit the type (a financial year runs 1 April to
    31 March, a snapshot starts and ends on the same day, ...) and raises
    :class:`~domain.errors.PeriodParseError` otherwise. Comparison uses :attr:`sort_key`.
    """

    type: PeriodType
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        kind = _coerce_type(self.type)
        object.__setattr__(self, "type", kind)
        for name in ("start", "end"):
            value = getattr(self, name)
            if isinstance(value, dt.datetime):
                object.__setattr__(self, name, value.date())
            elif not isinstance(value, dt.date):
                raise PeriodParseError(f"Period {name} must be a date, not {value!r}")
        if kind is PeriodType.ROLLING_12M:
            fits = self.start.day == 1 and self.end == _rolling_end(self.start)
        else:
            fits = (self.start, self.end) == bounds(kind, self.start)
        if not fits:
            raise PeriodParseError(
                f"{self.start.isoformat()} to {self.end.isoformat()} is not a {kind.value} "
                f"period")

    def __str__(self) -> str:
        return self.label

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key < other.sort_key

    @property
    def sort_key(self) -> tuple[dt.date, dt.date, str]:
        """End date, then start date, then type (so that ordering is total)."""
        return (self.end, self.start, self.type.value)

    @property
    def key(self) -> str:
        """Stable unique key, e.g. ``"fy_quarter:2016-10-01:2016-12-31"``."""
        return f"{self.type.value}:{self.start.isoformat()}:{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """Canonical display label (see the module docstring for the scheme)."""
        start, end, kind = self.start, self.end, self.type
        if kind is PeriodType.FY_QUARTER:
            fy_start = start.year if start.month >= 4 else start.year - 1
            return f"Q{(start.month - 4) % 12 // 3 + 1} {_year_pair(fy_start)}"
        if kind is PeriodType.CAL_QUARTER:
            return f"Q{(start.month - 1) // 3 + 1} {start.year}"
        if kind is PeriodType.FIN_YEAR:
            return _year_pair(start.year)
        if kind is PeriodType.ACADEMIC_YEAR:
            return f"{_year_pair(start.year)} (academic)"
        if kind is PeriodType.CAL_YEAR:
            return str(start.year)
        if kind is PeriodType.ROLLING_12M:
            return f"{_month_label(start)} - {_month_label(end)}"
        if kind is PeriodType.SNAPSHOT:
            return f"At {end.day} {_month_label(end)}"
        return _month_label(start)

    def contains(self, day: dt.date) -> bool:
        """True when ``day`` (a date or datetime) falls within the period, ends included."""
        when = day.date() if isinstance(day, dt.datetime) else day
        return self.start <= when <= self.end

    def shifted(self, months: int) -> Period:
        """The period of the same type moved by ``months`` (negative = earlier)."""
        if self.type is PeriodType.SNAPSHOT:
            day = add_months(self.end, months)
            return Period(self.type, day, day)
        start = add_months(self.start, months)
        end = add_months(self.end + dt.timedelta(days=1), months) - dt.timedelta(days=1)
        return Period(self.type, start, end)

    def previous(self, steps: int = 1) -> Period:
        """The period ``steps`` reporting cycles earlier (cycle lengths in :data:`STEP_MONTHS`)."""
        return self.shifted(-STEP_MONTHS[self.type] * steps)

    def next(self, steps: int = 1) -> Period:
        """The period ``steps`` reporting cycles later; the inverse of :meth:`previous`."""
        return self.shifted(STEP_MONTHS[self.type] * steps)

    def same_period_last_year(self) -> Period:
        """The period of the same type twelve months earlier ("Q3 16/17" -> "Q3 15/16")."""
        return self.shifted(-12)


def _rolling_end(start: dt.date) -> dt.date:
    return add_months(start, 12) - dt.timedelta(days=1)


def _year_pair(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def _month_label(day: dt.date) -> str:
    return f"{MONTH_ABBR[day.month - 1]} {day.year}"


def _coerce_type(value: PeriodType | str) -> PeriodType:
    try:
        return PeriodType(value)
    except ValueError:
        raise PeriodParseError(f"{value!r} is not a period type; use one of "
                               f"{[t.value for t in PeriodType]}") from None


def _unreadable(text: object, reason: str = "") -> PeriodParseError:
    forms = "\n".join(f"  - {name}: {examples}" for name, examples in ACCEPTED_FORMS)
    because = f" ({reason})" if reason else ""
    return PeriodParseError(f"Cannot read {text!r} as a period{because}. "
                            f"Accepted forms:\n{forms}")


def _check_hint(text: object, period: Period, hint: PeriodType | None) -> Period:
    if hint is not None and period.type is not hint:
        raise PeriodParseError(
            f"Period {text!r} reads as {period.type.value} ({period.label}), which does not "
            f"match the expected period type {hint.value!r}")
    return period


def period_containing(kind: PeriodType | str, day: dt.date) -> Period:
    """The period of type ``kind`` that contains ``day``.

    Rolling 12-month periods end with the month of ``day``; a snapshot is ``day`` itself.
    """
    when = day.date() if isinstance(day, dt.datetime) else day
    period_type = _coerce_type(kind)
    return Period(period_type, *bounds(period_type, when))


def parse_period(text: str | int | float | dt.date | Period,
                 hint: PeriodType | str | None = None) -> Period:
    """Read a period from a label, a date or a spreadsheet year number.

    Parameters
    ----------
    text
        A label in any form of :data:`ACCEPTED_FORMS` ("Q3 16/17", "Apr 15 ♦ Mar 16", "2,015"),
        a ``date``/``datetime`` (the period of type ``hint`` containing it, a snapshot by
        default), a whole number such as ``2015`` or ``2015.0`` (a calendar year), or a
        :class:`Period`.
    hint
        The period type the caller expects. It decides whether "2014/15" or "Annual 2014/15"
        is a financial year (the default) or an academic year; for any other label it must
        agree with what the label says.

    Returns
    -------
    Period

    Raises
    ------
    PeriodParseError
        If the input is unreadable (the message quotes it and lists the accepted forms), if it
        reads as a different type from ``hint``, or if a bare year is given with a financial,
        academic or snapshot hint, which would be ambiguous.

    Examples
    --------
    >>> parse_period("Q3 16/17").label
    'Q3 2016/17'
    >>> parse_period("2014/15", hint=PeriodType.ACADEMIC_YEAR).label
    '2014/15 (academic)'
    """
    kind = None if hint is None else _coerce_type(hint)
    if isinstance(text, Period):
        return _check_hint(text, text, kind)
    if isinstance(text, dt.date):
        if text != text:  # pandas NaT, a missing date, is the only date unequal to itself
            raise _unreadable(text, "the date is missing")
        return period_containing(kind or PeriodType.SNAPSHOT, text)
    if isinstance(text, numbers.Real) and not isinstance(text, bool):
        value = float(text)
        if not (math.isfinite(value) and value.is_integer() and 1900 <= value <= 2200):
            raise _unreadable(text, "a number is read only as a calendar year")
        text = str(int(value))
    if not isinstance(text, str):
        raise _unreadable(text, f"a {type(text).__name__} is not a period label")
    try:
        found = match(text)
    except PeriodParseError as error:
        raise _unreadable(text, str(error)) from None
    if found is None:
        raise _unreadable(text)
    if found.type is PeriodType.CAL_YEAR and kind is not None and kind in _BARE_YEARS:
        raise PeriodParseError(
            f"Period {text!r} is a bare year, which does not match the expected period type "
            f"{kind.value!r} because it does not say which one is meant; write e.g. "
            f"{_BARE_YEARS[kind]!r}")
    if found.year_pair and kind is PeriodType.ACADEMIC_YEAR:
        return Period(kind, *bounds(kind, found.start.replace(month=9)))
    return _check_hint(text, Period(found.type, found.start, found.end), kind)


def period_from_key(key: str) -> Period:
    """Rebuild a period from :attr:`Period.key` (``"<type>:<start>:<end>"``)."""
    parts = key.split(":") if isinstance(key, str) else []
    if len(parts) != 3:
        raise PeriodParseError(f"Period key {key!r} is not of the form '<type>:<start>:<end>'")
    try:
        start, end = dt.date.fromisoformat(parts[1]), dt.date.fromisoformat(parts[2])
    except ValueError:
        raise PeriodParseError(f"Period key {key!r} holds an invalid ISO date") from None
    return Period(_coerce_type(parts[0]), start, end)


def period_from_dates(type: PeriodType | str, start: dt.date, end: dt.date) -> Period:
    """Build a period from its type (enum or value) and first and last day, checking they fit."""
    return Period(_coerce_type(type), start, end)


def sort_periods(periods: Iterable[Period]) -> list[Period]:
    """Periods in chronological order (end date, then start date), duplicates kept."""
    return sorted(periods, key=lambda period: period.sort_key)


def latest_period(periods: Iterable[Period]) -> Period:
    """The period that ends last; raises ``ValueError`` when there are none."""
    return max(periods, key=lambda period: period.sort_key)
