"""One period grammar across pages in Chromium: menu links keep the area and quarter."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

MENU = ".site-nav a"


@pytest.mark.parametrize("period", ["Q3-2016-17", "Q3%202016%2F17", "Q3+2016/17"])
def test_districts_shows_the_quarter_however_it_is_written(page: Any, visit: Any,
                                                           period: str) -> None:
    visit(f"/districts?period={period}")
    assert page.locator("#districts-heading").inner_text().endswith(": Q3 2016/17")


def test_menu_links_carry_area_and_quarter_from_page_to_page(page: Any, visit: Any) -> None:
    visit("/?area=E07000117&period=Q3%202016%2F17")
    hrefs = page.eval_on_selector_all(MENU, "links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.endswith("?area=E07000117&period=Q3-2016-17") for h in hrefs)
    page.click(f"{MENU}:text-is('Districts')")
    heading = page.locator("#districts-heading")
    heading.wait_for()
    assert heading.inner_text().endswith(": Q3 2016/17")
    assert "as at Q3 2016/17" in page.locator(".districts-scorecard").inner_text()
    page.click(f"{MENU}:text-is('Compare')")
    page.locator("#compare-heading").wait_for()
    assert page.locator("#compare-heading").inner_text().endswith("as at Q3 2016/17")
    assert page.locator("#compare-period").input_value() == "Q3-2016-17"
    page.click(f"{MENU}:text-is('Scorecard')")
    page.locator("#scorecard-heading").wait_for()
    assert page.locator("#scorecard-heading").inner_text() == "Burnley: Q3 2016/17"


@pytest.mark.parametrize("path", ["/?area=E07000117&period=Q3-2016-17",
                                  "/indicator?area=E07000117&period=Q3-2016-17"])
def test_search_finds_indicators_by_name_id_or_theme(page: Any, visit: Any, axe: Any,
                                                     path: str) -> None:
    visit(path)
    box = page.get_by_role("searchbox", name="Find an indicator")
    # one visible border: the box Dash draws the field as, not also the field inside it
    wrapper = box.evaluate("e => getComputedStyle(e.parentElement).borderTopWidth")
    assert wrapper == "2px" and box.evaluate("e => getComputedStyle(e).borderTopWidth") == "0px"
    box.fill("looked after")
    first = page.locator(".search-results a").first
    first.wait_for()
    assert "looked after" in first.inner_text()
    box.fill("cla_rate")
    page.locator(".search-results a:text-is('Rate per 10000 population of cyp who are "
                 "looked after')").wait_for()
    assert page.locator(".search-results a").first.get_attribute("href") == (
        "/indicator?id=cla_rate&area=E07000117&period=Q3-2016-17")
    axe(f"indicator search on {path}")
    page.locator(".search-results a").first.click()
    page.locator("#indicator-heading, .indicator-page h2").first.wait_for()
    assert "id=cla_rate" in page.url


def test_help_is_linked_from_the_header_and_accessible(page: Any, visit: Any, axe: Any,
                                                       shoot: Any) -> None:
    visit("/?period=Q3-2016-17")
    page.click(f"{MENU}:text-is('Help')")
    page.get_by_role("heading", name="Help: reading and updating the scorecard").wait_for()
    assert page.url.endswith("/help?period=Q3-2016-17")
    for section in ("The scorecard's columns", "Ratings", "Funnel plots", "Uploading figures"):
        assert page.get_by_role("heading", name=section, exact=True).is_visible()
    shoot("help")
    axe("help page")


def _router_requests(page: Any) -> list[str]:
    """Collect the outputs of every callback request the page sends from now on."""
    sent: list[str] = []

    def heard(request: Any) -> None:
        if request.url.split("?")[0].endswith("/_dash-update-component"):
            sent.append(str((request.post_data_json or {}).get("output")))
    page.on("request", heard)
    return sent


def test_a_page_arrives_with_its_frame_and_the_router_draws_only_moves(
        page: Any, visit: Any) -> None:
    sent = _router_requests(page)
    visit("/summary?area=E07000117&period=Q3-2016-17")
    assert page.locator("#_pages_content h1").inner_text()
    assert page.title().startswith("Performance summary")
    # no second round trip: neither the router nor the menu asked the server for anything
    assert sent == []
    page.click(f"{MENU}:text-is('Districts')")
    page.locator("#districts-heading").wait_for()
    assert any("_pages_content" in output for output in sent)
