"""Currency of a figure for a reporting quarter (indicators.currency)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from indicators.currency import OUT_OF_DATE, figure_currency, is_out_of_date


def _frame(**columns: list) -> pd.DataFrame:
    base = {"period_end": [dt.date(2015, 8, 31)], "period_type": ["academic_year"],
            "period_label": ["2014/15 (academic)"], "release_cycle": ["annual"],
            "publication_lag_months": [4]}
    base.update(columns)
    return pd.DataFrame(base)


def test_annual_figure_is_current_until_the_next_is_due() -> None:
    # 31 Aug 2015 + 12 months + 4 months lag = 31 Dec 2016
    current = figure_currency(_frame(), dt.date(2016, 12, 31))
    assert current["currency"].tolist() == ["current"]
    assert current["currency_label"].tolist() == [""]
    assert current["next_due"].tolist() == [dt.date(2016, 12, 31)]
    stale = figure_currency(_frame(), dt.date(2017, 3, 31))
    assert stale["currency"].tolist() == [OUT_OF_DATE]
    assert stale["currency_label"].tolist() == ["latest available: 2014/15 (academic)"]
    assert is_out_of_date(stale).tolist() == [True]


def test_quarterly_figure_a_year_old_is_out_of_date() -> None:
    frame = _frame(period_end=[dt.date(2016, 12, 31)], period_type=["fy_quarter"],
                   period_label=["Q3 2016/17"], release_cycle=["quarterly"],
                   publication_lag_months=[3])
    assert figure_currency(frame, dt.date(2017, 6, 30))["currency"].tolist() == ["current"]
    out = figure_currency(frame, dt.date(2025, 3, 31))
    assert out["currency_label"].tolist() == ["latest available: Q3 2016/17"]


def test_blank_cycle_and_lag_follow_the_period_type() -> None:
    frame = _frame(period_end=[dt.date(2016, 3, 31)], period_type=["fin_year"],
                   period_label=["2015/16"], release_cycle=[None],
                   publication_lag_months=[None])
    # annual, 12 months' lag: next due 31 March 2018
    assert figure_currency(frame, dt.date(2018, 3, 31))["currency"].tolist() == ["current"]
    assert figure_currency(frame, dt.date(2018, 6, 30))["currency"].tolist() == [OUT_OF_DATE]


def test_unknown_cycle_and_missing_columns_are_refused() -> None:
    with pytest.raises(ValueError, match="release_cycle"):
        figure_currency(_frame(release_cycle=["weekly"]), dt.date(2017, 1, 1))
    with pytest.raises(ValueError):
        figure_currency(_frame().drop(columns=["release_cycle"]), dt.date(2017, 1, 1))


def test_without_the_column_nothing_is_out_of_date() -> None:
    assert is_out_of_date(pd.DataFrame({"x": [1, 2]})).tolist() == [False, False]
