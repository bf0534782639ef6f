"""Text forms of reporting periods, and the calendar arithmetic behind them.

This private module turns one period label into ``(PeriodType, start, end)``. It knows nothing of
:class:`domain.periods.Period`; :func:`domain.periods.parse_period` wraps it, checks the caller's
hint and builds the period. Every form is matched against the whole label after
:func:`normalise` has lower-cased it and tidied spreadsheet artefacts.

Two-digit years are read as 20yy, or 19yy from 70 upwards ("Q3 16/17" is 2016/17).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import NamedTuple

from domain.errors import PeriodParseError
from domain.vocabulary import PeriodType

#: Label forms that :func:`match` accepts, with examples; quoted in every parse error.
ACCEPTED_FORMS: tuple[tuple[str, str], ...] = (
    ("financial-year quarter (Q1 = Apr-Jun)", '"Q3 16/17", "Q3 2016/17", "2016/17 Q3", '
     '"Q3-2016-17"'),
    ("calendar quarter (Q1 = Jan-Mar)", '"Q2 2015", "2015 Q2"'),
    ("financial year (Apr-Mar)", '"2015/16", "2015-16", "Annual 2015/16", "FY 2015/16"'),
    ("academic year (Sep-Aug)", '"AY 2014/15", "2014/15 (academic)", or "2014/15" with '
     "hint academic_year"),
    ("calendar year", '"2015", "Annual 2014", "2,015"'),
    ("rolling 12 months", '"Jul 15 - Jun 16", "Apr 15 Mar 16", "Jul 2015 - Jun 2016", '
     '"12 months to Jun 2016"'),
    ("snapshot (a single date)", '"At December 16", "at 31 March 2024", "31/03/2024", '
     '"2024-03-31"'),
    ("month", '"Dec 2016", "December 2016"'),
)

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
MONTHS: dict[str, int] = {
    **{name: i for i, name in enumerate(_MONTH_NAMES, 1)},
    **{name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)},
    "sept": 9,
}

# Separator artefacts seen in exported scorecards: "Jul 15 ♦ Jun 16", en and em dashes.
_SEPARATORS = str.maketrans({"\u2666": " - ", "\u25c6": " - ", "\u2013": "-", "\u2014": "-",
                             "\u2212": "-", "\xa0": " "})
_MON = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_YY = r"(\d{4}|\d{2})"
_AT = r"(?:(?:as )?at )"


class Match(NamedTuple):
    """What a label says: its type, first and last day, and whether a hint may retype it."""

    type: PeriodType
    start: dt.date
    end: dt.date
    #: True for "2014/15" and "Annual 2014/15", which are financial or academic years.
    year_pair: bool = False


# ---------------------------------------------------------------------------- calendar helpers

def month_end(year: int, month: int) -> dt.date:
    """Last day of ``month`` in ``year``."""
    return add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """Move ``day`` by whole months, keeping month ends at month ends."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    first_next = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    last_day = (first_next - dt.timedelta(days=1)).day
    is_month_end = (day + dt.timedelta(days=1)).day == 1
    return dt.date(year, month + 1, last_day if is_month_end else min(day.day, last_day))


def bounds(kind: PeriodType, day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the period of type ``kind`` that contains ``day``.

    Rolling 12-month periods end with the month of ``day``; snapshots are ``day`` itself.
    """
    first_of_month = day.replace(day=1)
    if kind in (PeriodType.FY_QUARTER, PeriodType.CAL_QUARTER):
        start = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        months = 3
    elif kind in (PeriodType.FIN_YEAR, PeriodType.ACADEMIC_YEAR):
        first = 4 if kind is PeriodType.FIN_YEAR else 9
        start = dt.date(day.year if day.month >= first else day.year - 1, first, 1)
        months = 12
    elif kind is PeriodType.CAL_YEAR:
        start, months = dt.date(day.year, 1, 1), 12
    elif kind is PeriodType.ROLLING_12M:
        start, months = add_months(first_of_month, -11), 12
    elif kind is PeriodType.MONTH:
        start, months = first_of_month, 1
    else:
        return day, day
    return start, add_months(start, months) - dt.timedelta(days=1)


# ------------------------------------------------------------------------------------ parsing

def normalise(text: str) -> str:
    """Lower-case ``text``, unify separators and undo a thousands separator in a year."""
    clean = re.sub(r"\s+", " ", text.translate(_SEPARATORS)).strip().lower()
    clean = re.sub(r"\bquarter ?", "q", clean)
    if re.fullmatch(r"\d,\d{3}(?:\.0+)?|\d{4}\.0+", clean):  # "2,015" and "2015.0" from Excel
        clean = clean.replace(",", "").split(".")[0]
    return clean


def _year(digits: str) -> int:
    value = int(digits)
    if len(digits) == 4:
        return value
    return 1900 + value if value >= 70 else 2000 + value


def _start_year_of_pair(first: str, second: str) -> int:
    start = _year(first)
    if int(second) != (start + 1 if len(second) == 4 else (start + 1) % 100):
        raise PeriodParseError(f"{first}/{second} are not consecutive years")
    return start


def _fy_quarter(q: str, first: str, second: str) -> Match:
    start_year = _start_year_of_pair(first, second)
    start = add_months(dt.date(start_year, 4, 1), 3 * (int(q) - 1))
    return Match(PeriodType.FY_QUARTER, *bounds(PeriodType.FY_QUARTER, start))


def _cal_quarter(q: str, year: str) -> Match:
    start = dt.date(int(year), 3 * int(q) - 2, 1)
    return Match(PeriodType.CAL_QUARTER, *bounds(PeriodType.CAL_QUARTER, start))


def _year_pair(kind: PeriodType, first: str, second: str, neutral: bool = False) -> Match:
    start_year = _start_year_of_pair(first, second)
    # 1 September of the first year lies in both the financial and the academic year.
    return Match(kind, *bounds(kind, dt.date(start_year, 9, 1)), year_pair=neutral)


def _rolling(mon1: str, yy1: str, mon2: str, yy2: str) -> Match:
    start = dt.date(_year(yy1), MONTHS[mon1], 1)
    end = month_end(_year(yy2), MONTHS[mon2])
    if add_months(start, 12) - dt.timedelta(days=1) != end:
        raise PeriodParseError("a rolling period must cover exactly 12 months")
    return Match(PeriodType.ROLLING_12M, start, end)


def _rolling_to(mon: str, yy: str) -> Match:
    return Match(PeriodType.ROLLING_12M,
                 *bounds(PeriodType.ROLLING_12M, dt.date(_year(yy), MONTHS[mon], 1)))


def _month(mon: str, yy: str) -> Match:
    return Match(PeriodType.MONTH, *bounds(PeriodType.MONTH, dt.date(_year(yy), MONTHS[mon], 1)))


def _cal_year(year: str) -> Match:
    return Match(PeriodType.CAL_YEAR, dt.date(int(year), 1, 1), dt.date(int(year), 12, 31))


def _snapshot(year: int, month: int, day: int | None = None) -> Match:
    try:
        when = month_end(year, month) if day is None else dt.date(year, month, day)
    except ValueError as error:
        raise PeriodParseError(f"not a valid date: {error}") from None
    return Match(PeriodType.SNAPSHOT, when, when)


_Builder = Callable[..., Match]
_FY, _AY = PeriodType.FIN_YEAR, PeriodType.ACADEMIC_YEAR
_PAIR = r"(\d{4}) ?[/-] ?(\d{4}|\d{2})"
_ACADEMIC = r"\(?(?:academic year|academic|ay)\)?"

#: (pattern, builder) pairs tried in order; each pattern must match the whole label.
_FORMS: tuple[tuple[re.Pattern[str], _Builder], ...] = tuple(
    (re.compile(pattern), builder) for pattern, builder in (
        (rf"q([1-4])[ -]?{_YY} ?[/-] ?{_YY}", _fy_quarter),  # "q3 2016/17", "q3-2016-17"
        (rf"{_PAIR} ?q([1-4])", lambda a, b, q: _fy_quarter(q, a, b)),
        (r"q([1-4]) ?(\d{4})", _cal_quarter),
        (r"(\d{4}) ?q([1-4])", lambda y, q: _cal_quarter(q, y)),
        (rf"{_ACADEMIC} ?{_PAIR}", lambda a, b: _year_pair(_AY, a, b)),
        (rf"{_PAIR} ?{_ACADEMIC}", lambda a, b: _year_pair(_AY, a, b)),
        (rf"(?:fy|financial year) ?{_PAIR}", lambda a, b: _year_pair(_FY, a, b)),
        (rf"(?:annual )?{_PAIR}", lambda a, b: _year_pair(_FY, a, b, neutral=True)),
        (r"(?:annual |calendar year |cy ?)?(\d{4})", _cal_year),
        (rf"{_MON} ?{_YY}(?: ?- ?| to | ){_MON} ?{_YY}", _rolling),
        (rf"(?:rolling )?12 months? (?:to|ending) {_MON},? {_YY}", _rolling_to),
        (rf"{_AT}{_MON},? {_YY}", lambda m, y: _snapshot(_year(y), MONTHS[m])),
        (rf"{_AT}?(\d{{1,2}})(?:st|nd|rd|th)? {_MON},? {_YY}",
         lambda d, m, y: _snapshot(_year(y), MONTHS[m], int(d))),
        (rf"{_AT}?(\d{{1,2}})[/.-](\d{{1,2}})[/.-](\d{{4}})",
         lambda d, m, y: _snapshot(int(y), int(m), int(d))),
        (rf"{_AT}?(\d{{4}})-(\d{{2}})-(\d{{2}})",
         lambda y, m, d: _snapshot(int(y), int(m), int(d))),
        (rf"{_MON},? {_YY}", _month),
    )
)


def match(text: str) -> Match | None:
    """Read one label; ``None`` when no form fits.

    Raises
    ------
    PeriodParseError
        When a form fits but the label is impossible ("Q3 16/18", "31/02/2024"); the message
        is the reason only, and the caller adds the label and the accepted forms.
    """
    clean = normalise(text)
    for pattern, builder in _FORMS:
        found = pattern.fullmatch(clean)
        if found:
            return builder(*found.groups())
    return None
