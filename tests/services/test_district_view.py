"""Choosing the district period a URL names, in every spelling the pages use."""

from __future__ import annotations

import pytest

from services.district_view import choose_period

QUARTERS = [("fy_quarter:2017-01-01:2017-03-31", "Q4 2016/17"),
            ("fy_quarter:2016-10-01:2016-12-31", "Q3 2016/17"),
            ("fy_quarter:2016-07-01:2016-09-30", "Q2 2016/17")]
YEARS = [("fin_year:2016-04-01:2017-03-31", "2016/17"),
         ("fin_year:2015-04-01:2016-03-31", "2015/16")]


@pytest.mark.parametrize("wanted", ["Q3-2016-17", "Q3 2016/17", "Q3+2016/17",
                                    "Q3%202016%2F17", "fy_quarter:2016-10-01:2016-12-31",
                                    " Q3 16/17 "])
def test_every_spelling_of_a_quarter_chooses_it(wanted: str) -> None:
    assert choose_period(QUARTERS, wanted) == QUARTERS[1]


@pytest.mark.parametrize(("wanted", "expected"), [
    ("Q3-2016-17", YEARS[1]),  # the latest year ending by 31 Dec 2016
    ("Q4-2016-17", YEARS[0]),
    ("2015-16", YEARS[1]),
])
def test_a_quarter_the_indicator_lacks_shows_the_figure_held_at_it(
        wanted: str, expected: tuple[str, str]) -> None:
    assert choose_period(YEARS, wanted) == expected


@pytest.mark.parametrize("wanted", [None, "", "not a period", "Q9-2016-17"])
def test_no_readable_period_shows_the_latest(wanted: str | None) -> None:
    assert choose_period(QUARTERS, wanted) == QUARTERS[0]


def test_a_quarter_before_every_figure_shows_the_latest() -> None:
    assert choose_period(YEARS, "Q1-2001-02") == YEARS[0]
