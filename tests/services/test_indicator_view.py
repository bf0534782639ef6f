"""One indicator for one area, read from the small seed store (tests/_seed.py)."""

from __future__ import annotations

import pytest

from domain.errors import NotFoundError
from domain.periods import Period
from services.catalogue import catalogue
from services.indicator_view import IndicatorView, find_indicator, indicator_view
from services.scorecard import reporting_quarter
from settings import Settings
from store.engine import make_engine

Q3 = reporting_quarter("Q3 2016/17")


def view(settings: Settings, indicator_id: str, area: str = "E10000017",
         quarter: Period = Q3) -> IndicatorView:
    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            return indicator_view(conn, indicator_id, area, quarter)
    finally:
        engine.dispose()


def test_series_comparators_spc_and_districts(seed_store: Settings) -> None:
    shown = view(seed_store, "cp_plans_rate")
    assert shown.latest is not None and shown.latest["value"] == 66.4
    assert shown.series["period_label"].tolist()[-3:] == ["Q1 2016/17", "Q2 2016/17",
                                                          "Q3 2016/17"]
    assert shown.series["lower_ci"].notna().all()
    national = shown.comparators[shown.comparators["kind"] == "national"]
    assert national[["period_label", "value"]].values.tolist() == [["Q4 2015/16", 43.1]]
    assert set(shown.comparators["kind"]) >= {"national", "regional"}
    assert (shown.comparators["period_end"] <= Q3.end).all()
    assert len(shown.spc) == 11 and shown.spc_icon is not None
    assert len(shown.districts) == 12
    assert shown.districts["illustrative"].all()
    assert shown.districts["value"].is_monotonic_decreasing


def test_a_later_quarter_is_not_shown_for_an_earlier_report(seed_store: Settings) -> None:
    shown = view(seed_store, "cp_plans_number", quarter=reporting_quarter("Q2 2016/17"))
    assert shown.latest is not None and shown.latest["value"] == 1734
    assert shown.series["period_label"].iloc[-1] == "Q2 2016/17"
    assert shown.comparators.empty  # counts are not compared between areas


def test_districts_see_the_county_as_a_comparator(seed_store: Settings) -> None:
    shown = view(seed_store, "cp_plans_rate", area="E07000123")
    assert shown.latest is not None and shown.latest["illustrative"] is True
    assert "county" in set(shown.comparators["kind"])


def test_unknown_indicator_or_area(seed_store: Settings) -> None:
    with pytest.raises(NotFoundError, match="no indicator 'nope'"):
        view(seed_store, "nope")
    with pytest.raises(NotFoundError, match="no area"):
        view(seed_store, "cp_plans_rate", area="E99999999")


def test_only_the_indicators_given_are_found() -> None:
    cla = {"cla_rate": catalogue()["cla_rate"]}
    assert find_indicator("cla_rate", cla).id == "cla_rate"
    with pytest.raises(NotFoundError, match="no indicator 'cp_plans_rate'"):
        find_indicator("cp_plans_rate", cla)


def test_a_figure_out_of_date_for_the_quarter_is_not_rated(seed_store: Settings) -> None:
    current = view(seed_store, "cp_plans_rate")
    assert current.latest is not None and current.latest["currency"] == "current"
    assert current.latest["currency_label"] == ""
    later = view(seed_store, "cp_plans_rate", quarter=reporting_quarter("Q4 2017/18"))
    assert later.latest is not None and later.latest["value"] == 66.4
    assert later.latest["currency"] == "out of date"
    assert later.latest["currency_label"] == "latest available: Q3 2016/17"
    assert later.latest["rag"] == "grey" and current.latest["rag"] != "grey"
    assert "out of date for this quarter" in str(later.latest["rag_reason"])
