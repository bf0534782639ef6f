"""The district and compare services on the small seeded store (tests/_seed.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection

from demo.partnership import demo_grouping, demo_profile
from domain.errors import NotFoundError
from indicators import benchmark_from_group
from services.catalogue import catalogue
from services.compare_view import rug_view
from services.district_view import (
    choose_indicator,
    district_indicators,
    district_view,
    partnership_districts,
)
from settings import Settings
from store.engine import make_engine

PRESTON, HYNDBURN, RIBBLE_VALLEY = "E07000123", "E07000120", "E07000124"
#: Seed figures at Q3 2016/17 (tests/_seed.py): CP plans and the 0-17 populations used.
COUNTY_CP = 1631
SMALL_POP, LARGE_POP = 18_420, 32_747

LANCASHIRE = demo_profile().council
FOOTPRINTS = demo_grouping("footprints")[0]


@pytest.fixture(scope="module")
def conn(seed_store: Settings) -> Iterator[Connection]:
    engine = make_engine(seed_store.database_url)
    with engine.connect() as connection:
        yield connection
    engine.dispose()


def test_indicators_with_district_figures_in_catalogue_order(conn: Connection) -> None:
    ids = [i.id for i in district_indicators(conn)]
    assert ids == ["cp_plans_number", "cla_rate", "cla_number", "cp_plans_rate"]
    held = district_indicators(conn)
    chosen = [choose_indicator(held, wanted) for wanted in (None, "cp_plans_rate", "no_such")]
    assert [c.id if c else None for c in chosen] == ["cla_rate", "cp_plans_rate", "cla_rate"]
    assert choose_indicator([], None) is None
    given = {i.id: i for i in held if i.id != "cla_rate"}
    assert [i.id for i in district_indicators(conn, given)] == [
        "cp_plans_number", "cla_number", "cp_plans_rate"], "only the indicators given"


def test_lancashire_has_twelve_districts(conn: Connection) -> None:
    districts = partnership_districts(conn, demo_profile())
    assert len(districts) == 12
    assert districts["name"].iloc[0] == "Burnley"


def test_districts_at_the_latest_period_with_the_county(conn: Connection) -> None:
    view = district_view(conn, catalogue()["cp_plans_rate"])
    assert view.period_label == "Q3 2016/17"
    assert [label for _key, label in view.periods] == ["Q3 2016/17", "Q2 2016/17"]
    assert len(view.areas) == 12
    assert view.county is not None
    assert view.county.value == pytest.approx(round(COUNTY_CP / 245_600 * 1e4, 1))
    preston = view.areas.set_index("area_code").loc[PRESTON]
    assert preston["value"] == pytest.approx(round(245 / LARGE_POP * 1e4, 1))
    assert preston["significance"] in {"Better", "Worse", "Similar", "Higher", "Lower"}
    # Low is good: Wyre (163 plans for 18,420 children) has the highest rate, rank 12.
    ranks = view.areas.set_index("area_name")["rank"]
    assert (ranks["Wyre"], preston["rank_of"]) == (12, 12)
    assert ranks["Preston"] == 10
    assert view.illustrative
    assert view.funnel is not None and len(view.funnel.points) == 12
    assert set(view.series["area_code"]) == {*view.areas["area_code"], LANCASHIRE}


def test_an_earlier_period_by_label_or_key(conn: Connection) -> None:
    latest = district_view(conn, catalogue()["cla_rate"])
    key, _label = latest.periods[1]
    by_label = district_view(conn, catalogue()["cla_rate"], "Q2 2016/17")
    by_key = district_view(conn, catalogue()["cla_rate"], key)
    assert by_label.period_label == by_key.period_label == "Q2 2016/17"
    assert district_view(conn, catalogue()["cla_rate"], "Q9 1999").period_label == "Q3 2016/17"


def test_footprints_are_computed_from_the_districts_counts(conn: Connection) -> None:
    view = district_view(conn, catalogue()["cp_plans_rate"], None, "footprints")
    assert sorted(view.areas["area_code"]) == sorted(FOOTPRINTS)
    assert view.view == "footprints"
    preston = view.areas.set_index("area_code").loc["CFW-PRE"]
    assert preston["value"] == pytest.approx(245 / LARGE_POP * 1e4)
    assert bool(preston["illustrative"])
    assert view.district_groups[PRESTON] == "CFW-PRE"
    assert sorted(view.areas["rank"]) == [1, 2, 3, 4, 5]
    assert view.funnel is not None


def test_teams_join_hyndburn_and_ribble_valley(conn: Connection) -> None:
    view = district_view(conn, catalogue()["cp_plans_rate"], None, "teams")
    assert len(view.areas) == 11
    team = view.areas.set_index("area_code").loc["CSC-HRV"]
    expected = benchmark_from_group([130, 49], [SMALL_POP, SMALL_POP], "rate", 10_000)
    assert (team["value"], team["lower_ci"], team["upper_ci"]) == pytest.approx(
        (expected.value, expected.lower_ci, expected.upper_ci))
    assert view.district_groups[HYNDBURN] == view.district_groups[RIBBLE_VALLEY] == "CSC-HRV"


def test_unknown_view_is_refused(conn: Connection) -> None:
    with pytest.raises(NotFoundError, match="no district view"):
        district_view(conn, catalogue()["cla_rate"], None, "wards")


def test_indicator_without_district_figures_is_an_empty_view(conn: Connection) -> None:
    view = district_view(conn, catalogue()["gcse_5ac_em"])
    assert view.empty and view.periods == [] and view.funnel is None


def test_rug_agrees_with_the_districts_page(conn: Connection) -> None:
    rug = rug_view(conn)
    assert [row.indicator.id for row in rug.rows] == ["cp_plans_number", "cla_rate",
                                                      "cla_number", "cp_plans_rate"]
    assert len(rug.columns) == 12 and rug.illustrative
    row = next(r for r in rug.rows if r.indicator.id == "cla_rate")
    page = district_view(conn, catalogue()["cla_rate"])
    assert row.period_label == page.period_label
    assert row.cells.set_index("area_code")["significance"].to_dict() == (
        page.areas.set_index("area_code")["significance"].to_dict())


def test_rug_by_footprint_and_outcome(conn: Connection) -> None:
    rug = rug_view(conn, "footprints", "feel_safe")
    assert [name for _code, name in rug.columns][0] == "Burnley and Pendle"
    assert len(rug.columns) == 5
    assert rug_view(conn, "districts", "be_healthy").empty
    with pytest.raises(NotFoundError):
        rug_view(conn, "wards")
