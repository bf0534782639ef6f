"""The menu: one link per page, each rewritten to keep the area and quarter on screen."""

from __future__ import annotations

from layouts._navigation import NAV_LINK, carry_state, nav_link


def test_a_menu_link_is_addressed_by_its_page() -> None:
    props = nav_link("Districts", "/districts").to_plotly_json()["props"]
    assert props["id"] == {"type": NAV_LINK, "path": "/districts"}
    assert props["href"] == "/districts"


def test_every_link_keeps_the_area_and_quarter_of_the_address() -> None:
    ids = [{"type": NAV_LINK, "path": "/"}, {"type": NAV_LINK, "path": "/districts"}]
    assert carry_state("?area=E07000117&period=Q3+2016/17&view=teams", ids) == [
        "/?area=E07000117&period=Q3-2016-17", "/districts?area=E07000117&period=Q3-2016-17"]
    assert carry_state("", ids) == ["/", "/districts"]
