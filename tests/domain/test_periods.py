"""Tests for domain.periods: every period label of the seed scorecards, and the label scheme."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import PeriodParseError
from domain.periods import (
    ACCEPTED_FORMS,
    Period,
    latest_period,
    parse_period,
    period_containing,
    period_from_dates,
    period_from_key,
    sort_periods,
)
from domain.vocabulary import PeriodType as T

D = dt.date
SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"

#: Every "Current period" / "Previous period" cell of the Q2 and Q3 2016/17 scorecards in seed
#: 002, as printed, with what it means.
SEED_PERIODS: list[tuple[str, T, dt.date, dt.date, str]] = [
    ("Q1 16/17", T.FY_QUARTER, D(2016, 4, 1), D(2016, 6, 30), "Q1 2016/17"),
    ("Q2 16/17", T.FY_QUARTER, D(2016, 7, 1), D(2016, 9, 30), "Q2 2016/17"),
    ("Q3 16/17", T.FY_QUARTER, D(2016, 10, 1), D(2016, 12, 31), "Q3 2016/17"),
    ("Q1 15/16", T.FY_QUARTER, D(2015, 4, 1), D(2015, 6, 30), "Q1 2015/16"),
    ("Q4 14/15", T.FY_QUARTER, D(2015, 1, 1), D(2015, 3, 31), "Q4 2014/15"),
    ("2013/14", T.FIN_YEAR, D(2013, 4, 1), D(2014, 3, 31), "2013/14"),
    ("2014/15", T.FIN_YEAR, D(2014, 4, 1), D(2015, 3, 31), "2014/15"),
    ("2015/16", T.FIN_YEAR, D(2015, 4, 1), D(2016, 3, 31), "2015/16"),
    ("Annual 2014/15", T.FIN_YEAR, D(2014, 4, 1), D(2015, 3, 31), "2014/15"),
    ("Annual 2015/16", T.FIN_YEAR, D(2015, 4, 1), D(2016, 3, 31), "2015/16"),
    ("At July 16", T.SNAPSHOT, D(2016, 7, 31), D(2016, 7, 31), "At 31 Jul 2016"),
    ("At September 16", T.SNAPSHOT, D(2016, 9, 30), D(2016, 9, 30), "At 30 Sep 2016"),
    ("At December 16", T.SNAPSHOT, D(2016, 12, 31), D(2016, 12, 31), "At 31 Dec 2016"),
    ("Jan 15 Dec 15", T.ROLLING_12M, D(2015, 1, 1), D(2015, 12, 31), "Jan 2015 - Dec 2015"),
    ("Apr 15 Mar 16", T.ROLLING_12M, D(2015, 4, 1), D(2016, 3, 31), "Apr 2015 - Mar 2016"),
    ("Apr 15 ♦ Mar 16", T.ROLLING_12M, D(2015, 4, 1), D(2016, 3, 31), "Apr 2015 - Mar 2016"),
    ("Jul 15 ♦ Jun 16", T.ROLLING_12M, D(2015, 7, 1), D(2016, 6, 30), "Jul 2015 - Jun 2016"),
    ("Annual 2013", T.CAL_YEAR, D(2013, 1, 1), D(2013, 12, 31), "2013"),
    ("Annual 2014", T.CAL_YEAR, D(2014, 1, 1), D(2014, 12, 31), "2014"),
    ("2,014", T.CAL_YEAR, D(2014, 1, 1), D(2014, 12, 31), "2014"),
    ("2,015", T.CAL_YEAR, D(2015, 1, 1), D(2015, 12, 31), "2015"),
    ("Q1 2015", T.CAL_QUARTER, D(2015, 1, 1), D(2015, 3, 31), "Q1 2015"),
    ("Q2 2015", T.CAL_QUARTER, D(2015, 4, 1), D(2015, 6, 30), "Q2 2015"),
    ("Q3 2015", T.CAL_QUARTER, D(2015, 7, 1), D(2015, 9, 30), "Q3 2015"),
    ("Q4 2015", T.CAL_QUARTER, D(2015, 10, 1), D(2015, 12, 31), "Q4 2015"),
]

#: (current, previous) pairs as the seed scorecards print them, one reporting cycle apart.
SEED_PAIRS = [
    ("Q2 16/17", "Q1 16/17"), ("Q3 16/17", "Q2 16/17"), ("2014/15", "2013/14"),
    ("2015/16", "2014/15"), ("At December 16", "At September 16"),
    ("Apr 15 Mar 16", "Jan 15 Dec 15"), ("Jul 15 ♦ Jun 16", "Apr 15 ♦ Mar 16"),
    ("Annual 2014", "Annual 2013"), ("Annual 2015/16", "Annual 2014/15"),
    ("Q1 15/16", "Q4 14/15"), ("Q2 2015", "Q1 2015"), ("Q3 2015", "Q2 2015"),
    ("Q4 2015", "Q3 2015"), ("2,015", "2,014"),
]

OTHER_FORMS: list[tuple[str, T, dt.date, dt.date]] = [
    ("Q3 2016/17", T.FY_QUARTER, D(2016, 10, 1), D(2016, 12, 31)),
    ("2016/17 Q3", T.FY_QUARTER, D(2016, 10, 1), D(2016, 12, 31)),
    ("quarter 3 2016-17", T.FY_QUARTER, D(2016, 10, 1), D(2016, 12, 31)),
    ("Q3-2016-17", T.FY_QUARTER, D(2016, 10, 1), D(2016, 12, 31)),  # as links write it
    ("2015 Q2", T.CAL_QUARTER, D(2015, 4, 1), D(2015, 6, 30)),
    ("2015-16", T.FIN_YEAR, D(2015, 4, 1), D(2016, 3, 31)),
    ("FY 2015/16", T.FIN_YEAR, D(2015, 4, 1), D(2016, 3, 31)),
    ("2015/2016", T.FIN_YEAR, D(2015, 4, 1), D(2016, 3, 31)),
    ("AY 2014/15", T.ACADEMIC_YEAR, D(2014, 9, 1), D(2015, 8, 31)),
    ("2014/15 (academic)", T.ACADEMIC_YEAR, D(2014, 9, 1), D(2015, 8, 31)),
    ("2015", T.CAL_YEAR, D(2015, 1, 1), D(2015, 12, 31)),
    ("Jul 15 - Jun 16", T.ROLLING_12M, D(2015, 7, 1), D(2016, 6, 30)),
    ("Jul 2015 - Jun 2016", T.ROLLING_12M, D(2015, 7, 1), D(2016, 6, 30)),
    ("Jul 2015 \u2013 Jun 2016", T.ROLLING_12M, D(2015, 7, 1), D(2016, 6, 30)),
    ("12 months to June 2016", T.ROLLING_12M, D(2015, 7, 1), D(2016, 6, 30)),
    ("at 31 March 2024", T.SNAPSHOT, D(2024, 3, 31), D(2024, 3, 31)),
    ("31/03/2024", T.SNAPSHOT, D(2024, 3, 31), D(2024, 3, 31)),
    ("2024-03-31", T.SNAPSHOT, D(2024, 3, 31), D(2024, 3, 31)),
    ("  at\u00a0 31 Mar 2024 ", T.SNAPSHOT, D(2024, 3, 31), D(2024, 3, 31)),
    ("Dec 2016", T.MONTH, D(2016, 12, 1), D(2016, 12, 31)),
    ("December 2016", T.MONTH, D(2016, 12, 1), D(2016, 12, 31)),
]


@pytest.mark.parametrize(("text", "kind", "start", "end", "label"), SEED_PERIODS)
def test_seed_period_labels(text: str, kind: T, start: dt.date, end: dt.date,
                            label: str) -> None:
    period = parse_period(text)
    assert (period.type, period.start, period.end, period.label) == (kind, start, end, label)
    assert parse_period(period.label) == period
    assert period_from_key(period.key) == period


def test_seed_list_covers_every_period_cell_of_the_seed_scorecards() -> None:
    seed_files = sorted(SEEDS_DIR.glob("002_*.txt"))
    if not seed_files:
        pytest.skip(f"seed scorecards not found under {SEEDS_DIR}")
    cells: set[str] = set()
    for line in seed_files[0].read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) >= 8 and fields[1] in ("", "★"):  # dashboard rows, not keys or headers
            cells.update(cell for cell in (fields[2], fields[4]) if cell.strip())
    assert cells == {row[0] for row in SEED_PERIODS}


@pytest.mark.parametrize(("current", "previous"), SEED_PAIRS)
def test_previous_matches_the_seed_previous_period(current: str, previous: str) -> None:
    assert parse_period(current).previous() == parse_period(previous)
    assert parse_period(previous).next() == parse_period(current)


def test_irregular_seed_snapshot_pair_is_ordered_but_not_one_cycle_apart() -> None:
    current, previous = parse_period("At September 16"), parse_period("At July 16")
    assert previous < current
    assert current.previous() == parse_period("at 30 June 2016")


@pytest.mark.parametrize(("text", "kind", "start", "end"), OTHER_FORMS)
def test_other_accepted_forms(text: str, kind: T, start: dt.date, end: dt.date) -> None:
    period = parse_period(text)
    assert (period.type, period.start, period.end) == (kind, start, end)
    assert parse_period(period.label) == period


@pytest.mark.parametrize(("text", "hint", "previous", "last_year"), [
    ("Q1 16/17", None, "Q4 2015/16", "Q1 2015/16"),
    ("Q1 2015", None, "Q4 2014", "Q1 2014"),
    ("2015/16", None, "2014/15", "2014/15"),
    ("2014/15", T.ACADEMIC_YEAR, "2013/14 (academic)", "2013/14 (academic)"),
    ("2015", None, "2014", "2014"),
    ("Jul 15 - Jun 16", None, "Apr 2015 - Mar 2016", "Jul 2014 - Jun 2015"),
    ("At December 16", None, "At 30 Sep 2016", "At 31 Dec 2015"),
    ("29/02/2024", None, "At 30 Nov 2023", "At 28 Feb 2023"),
    ("15/05/2024", None, "At 15 Feb 2024", "At 15 May 2023"),
    ("Jan 2016", None, "Dec 2015", "Jan 2015"),
])
def test_previous_and_same_period_last_year(text: str, hint: T | None, previous: str,
                                            last_year: str) -> None:
    period = parse_period(text, hint)
    assert period.previous().label == previous
    assert period.same_period_last_year().label == last_year
    assert period.previous().type is period.type
    assert period.previous().next() == period


def test_previous_steps_and_next() -> None:
    q3 = parse_period("Q3 16/17")
    assert q3.previous(4) == q3.same_period_last_year() == parse_period("Q3 15/16")
    assert q3.next(2) == parse_period("Q1 17/18")
    assert parse_period("Q4 14/15").next() == parse_period("Q1 15/16")


def test_periods_sort_by_end_date_then_start_date() -> None:
    labels = ["Q3 16/17", "2015/16", "At September 16", "Jan 15 Dec 15", "Annual 2014",
              "Apr 15 Mar 16", "Q4 2015"]
    ordered = [p.label for p in sort_periods(parse_period(t) for t in labels)]
    # Same end: the later start sorts last; same dates: the type value decides.
    assert ordered == ["2014", "Jan 2015 - Dec 2015", "Q4 2015", "2015/16",
                       "Apr 2015 - Mar 2016", "At 30 Sep 2016", "Q3 2016/17"]
    assert sorted(parse_period(t) for t in labels) == sort_periods(
        parse_period(t) for t in labels)
    assert latest_period(parse_period(t) for t in labels).label == "Q3 2016/17"
    assert parse_period("2016") < parse_period("Q4 2016") < parse_period("At December 16")
    assert parse_period("2015/16") <= parse_period("Annual 2015/16")
    assert parse_period("Q1 16/17") > parse_period("Q4 15/16")


def test_ordering_is_total_and_consistent_with_equality() -> None:
    calendar, rolling = parse_period("2015"), parse_period("Jan 15 Dec 15")
    assert (calendar.start, calendar.end) == (rolling.start, rolling.end)
    assert calendar != rolling and calendar.key != rolling.key
    assert (calendar < rolling) != (rolling < calendar)
    with pytest.raises(TypeError):
        _ = calendar < "2016"  # type: ignore[operator]


def test_contains() -> None:
    q3 = parse_period("Q3 16/17")
    assert q3.contains(D(2016, 10, 1)) and q3.contains(D(2016, 12, 31))
    assert q3.contains(dt.datetime(2016, 11, 5, 13, 30))
    assert not q3.contains(D(2016, 9, 30)) and not q3.contains(D(2017, 1, 1))
    assert parse_period("At December 16").contains(D(2016, 12, 31))


def test_key_format_and_round_trip() -> None:
    period = parse_period("Q3 16/17")
    assert period.key == "fy_quarter:2016-10-01:2016-12-31"
    assert period_from_key(period.key) == period
    assert str(period) == "Q3 2016/17"


@pytest.mark.parametrize("key", ["fy_quarter:2016-10-01", "weekly:2016-10-01:2016-10-07",
                                 "fin_year:2016-04-01:2017-13-31",
                                 "fin_year:2016-04-01:2017-03-30"])
def test_bad_keys_raise(key: str) -> None:
    with pytest.raises(PeriodParseError):
        period_from_key(key)


def test_period_from_dates_checks_the_dates_fit_the_type() -> None:
    assert period_from_dates("fin_year", D(2015, 4, 1), D(2016, 3, 31)).label == "2015/16"
    assert period_from_dates(T.SNAPSHOT, dt.datetime(2024, 3, 31, 9), D(2024, 3, 31)).start \
        == D(2024, 3, 31)
    for kind, start, end in [(T.FIN_YEAR, D(2015, 4, 1), D(2016, 3, 30)),
                             (T.ROLLING_12M, D(2015, 4, 2), D(2016, 4, 1)),
                             (T.FY_QUARTER, D(2016, 9, 1), D(2016, 11, 30)),
                             (T.SNAPSHOT, D(2016, 9, 1), D(2016, 9, 2))]:
        with pytest.raises(PeriodParseError, match="is not a"):
            period_from_dates(kind, start, end)
    with pytest.raises(PeriodParseError, match="not a period type"):
        period_from_dates("weekly", D(2016, 1, 4), D(2016, 1, 10))


@pytest.mark.parametrize(("text", "hint", "expected"), [
    ("2014/15", T.ACADEMIC_YEAR, "2014/15 (academic)"),
    ("Annual 2014/15", "academic_year", "2014/15 (academic)"),
    ("2014/15", T.FIN_YEAR, "2014/15"),
    ("Q3 16/17", T.FY_QUARTER, "Q3 2016/17"),
    ("2015", T.CAL_YEAR, "2015"),
    ("At December 16", T.SNAPSHOT, "At 31 Dec 2016"),
])
def test_hint_resolves_or_confirms(text: str, hint: T | str, expected: str) -> None:
    assert parse_period(text, hint).label == expected


@pytest.mark.parametrize(("text", "hint"), [
    ("Q3 16/17", T.CAL_YEAR), ("AY 2014/15", T.FIN_YEAR), ("FY 2014/15", T.ACADEMIC_YEAR),
    ("Apr 15 Mar 16", T.FIN_YEAR), ("Dec 2016", T.SNAPSHOT), ("Q2 2015", T.FY_QUARTER),
])
def test_hint_mismatch_raises(text: str, hint: T) -> None:
    with pytest.raises(PeriodParseError, match="does not match") as caught:
        parse_period(text, hint)
    assert repr(text) in str(caught.value) and hint.value in str(caught.value)


@pytest.mark.parametrize("hint", [T.FIN_YEAR, T.ACADEMIC_YEAR, T.SNAPSHOT])
def test_bare_year_with_financial_academic_or_snapshot_hint_is_ambiguous(hint: T) -> None:
    for value in ("2015", 2015):
        with pytest.raises(PeriodParseError, match="bare year"):
            parse_period(value, hint)


@pytest.mark.parametrize(("text", "reason"), [
    ("next quarter", ""), ("", ""), ("Q5 2016", ""), ("Q3 16/18", "not consecutive"),
    ("31/02/2024", "not a valid date"), ("Apr 15 Jun 15", "exactly 12 months"),
])
def test_unreadable_text_quotes_it_and_lists_the_accepted_forms(text: str, reason: str) -> None:
    with pytest.raises(PeriodParseError) as caught:
        parse_period(text)
    message = str(caught.value)
    assert f"Cannot read {text!r} as a period" in message
    assert reason in message
    for name, examples in ACCEPTED_FORMS:
        assert f"{name}: {examples}" in message
    assert '"Q3 16/17"' in message and '"At December 16"' in message


@pytest.mark.parametrize(("value", "hint", "label"), [
    (2015, None, "2015"), (2015.0, None, "2015"), (2015, T.CAL_YEAR, "2015"),
    (D(2016, 11, 5), None, "At 5 Nov 2016"),
    (dt.datetime(2016, 11, 5, 10, 0), T.FY_QUARTER, "Q3 2016/17"),
    (D(2016, 11, 5), T.CAL_QUARTER, "Q4 2016"),
    (D(2016, 11, 5), T.FIN_YEAR, "2016/17"),
    (D(2016, 11, 5), T.ACADEMIC_YEAR, "2016/17 (academic)"),
    (D(2016, 11, 5), T.ROLLING_12M, "Dec 2015 - Nov 2016"),
    (D(2016, 11, 5), T.MONTH, "Nov 2016"),
])
def test_dates_and_spreadsheet_numbers(value: object, hint: T | None, label: str) -> None:
    assert parse_period(value, hint).label == label  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [2015.5, float("nan"), 42735, True, None, ["2015"]])
def test_other_values_raise(value: object) -> None:
    with pytest.raises(PeriodParseError, match="Cannot read"):
        parse_period(value)  # type: ignore[arg-type]


def test_period_input_is_returned_after_the_hint_check() -> None:
    period = parse_period("Q3 16/17")
    assert parse_period(period) is period
    with pytest.raises(PeriodParseError, match="does not match"):
        parse_period(period, T.MONTH)


_MONTH_ENDS = st.dates(D(1990, 1, 1), D(2090, 12, 31)).map(
    lambda day: period_containing(T.MONTH, day).end)


@given(kind=st.sampled_from(list(T)), day=st.dates(D(1990, 1, 1), D(2090, 12, 31)))
def test_every_period_round_trips_and_steps(kind: T, day: dt.date) -> None:
    period = period_containing(kind, day)
    assert period.contains(day)
    assert parse_period(period.label) == period
    assert period_from_key(period.key) == period
    assert period.previous() < period < period.next()
    assert period.same_period_last_year().end < period.end
    if kind is not T.SNAPSHOT:
        assert period.previous().next() == period


@given(day=_MONTH_ENDS)
def test_month_end_snapshots_step_back_and_forth(day: dt.date) -> None:
    snapshot = Period(T.SNAPSHOT, day, day)
    assert snapshot.previous().next() == snapshot
    assert snapshot.same_period_last_year().end == period_containing(
        T.MONTH, D(day.year - 1, day.month, 1)).end
