"""The Districts page in Chromium, on the demo store: map, bars, funnel, trends, scorecard."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from server.testing import served_in_subprocess
from settings import Settings
from tests.browser.conftest import REPO_ROOT, SERVE, Console, arrived, back, open_page, watched_page

pytestmark = pytest.mark.browser

BURNLEY, PRESTON = "E07000117", "E07000123"

HEADING = "#districts-heading"
CONTROLS = ["districts-indicator", "districts-period", "districts-view", "districts-district",
            "districts-form-submit"]


@pytest.fixture(scope="module")
def burnley_page(browser: Any, chromium: Path, browser_store: Settings) -> Iterator[Any]:
    """A 1366x768 page on the app served to Burnley's district viewer; any browser problem
    (a refused request among them) fails the test."""
    folder = Path(str(browser_store.upload_dir)).parent
    log = REPO_ROOT / "test-output" / "browser-district-server.log"
    with served_in_subprocess(SERVE, [browser_store.database_url, str(folder),
                                      f"district_viewer:{BURNLEY}"], log, REPO_ROOT) as url:
        yield from watched_page(browser, url, Console())


def click_district(page: Any, code: str) -> None:
    """Click the middle of ``code``'s shape on the map (plotly listens on the map itself)."""
    shapes = "#districts-map .choroplethlocation"
    index = page.evaluate(f"c => [...document.querySelectorAll('{shapes}')]"
                          ".findIndex(e => e.__data__ && e.__data__.loc === c)", code)
    assert index >= 0, f"{code} is not on the map"
    shape = page.locator(shapes).nth(index)
    shape.scroll_into_view_if_needed()
    box = shape.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_a_district_viewer_clicking_another_district_is_told_not_refused(
        burnley_page: Any) -> None:
    page = open_page(burnley_page, "/districts")
    page.locator("#districts-map .choroplethlocation").first.wait_for()
    click_district(page, PRESTON)
    note = page.locator("#districts-click-note")
    note.filter(has_text="You can view Burnley only").wait_for()
    assert note.get_attribute("role") == "status"
    assert "district=" not in page.url
    click_district(page, BURNLEY)
    arrived(page, re.compile(f"district={BURNLEY}"))
    page.locator("#districts-scorecard-table").wait_for()


def open_tables(page: Any) -> None:
    for summary in page.locator("#districts-content details > summary").all():
        summary.click()


def test_cla_rates_by_district_with_every_chart_and_its_table(page: Any, visit: Any,
                                                              axe: Any, shoot: Any) -> None:
    visit("/districts")
    assert page.title().startswith("Districts")
    heading = page.locator(HEADING).inner_text()
    assert heading.startswith("Rate per 10000 population of cyp who are looked after: ")
    assert page.locator(".notice-illustrative").first.is_visible()
    page.locator("#districts-map .choroplethlocation").first.wait_for()
    assert page.locator("#districts-map .choroplethlocation").count() == 12
    assert "Contains OS data (c) Crown copyright" in page.locator(
        ".districts-attribution").inner_text()
    for chart in ("#districts-bars", "#districts-funnel", "#districts-trends"):
        assert page.locator(f"{chart} .main-svg").first.is_visible()
    shoot("districts")
    axe("districts (looked after children, districts)")
    open_tables(page)
    rows = page.locator("#districts-map-table tbody tr")
    assert rows.count() == 12
    assert re.search(r"(better|worse|similar) (than|to) Lancashire",
                     rows.first.inner_text())
    assert "\u2020" in rows.first.inner_text()
    assert page.locator("#districts-funnel-table tbody tr").count() == 12
    axe("districts with every table open")


def test_footprints_view_and_period_are_kept_in_the_url(page: Any, visit: Any,
                                                        axe: Any) -> None:
    visit("/districts")
    page.select_option("#districts-indicator", "cp_plans_rate")
    page.select_option("#districts-view", "footprints")
    page.click("#districts-form-submit")
    arrived(page, re.compile(r"indicator=cp_plans_rate.*view=footprints"))
    heading = page.locator(HEADING)
    heading.filter(has_text="child protection plans").wait_for()
    assert page.evaluate("() => document.activeElement.id") == "districts-heading"
    assert "Children and Family Wellbeing footprints" in page.locator(
        "#districts-content").inner_text()
    open_tables(page)
    assert "Burnley and Pendle" in page.locator("#districts-map-table tbody").inner_text()
    assert page.locator("#districts-map-table tbody tr").count() == 5
    axe("districts by footprint")
    back(page)
    heading.filter(has_text="looked after").wait_for()


def test_a_district_opens_its_scorecard_and_then_an_indicator(page: Any, visit: Any,
                                                             axe: Any, shoot: Any) -> None:
    visit("/districts")
    page.locator("#districts-map .choroplethlocation").first.wait_for()
    bar = page.locator("#districts-bars .point path").first
    bar.scroll_into_view_if_needed()  # plotly listens on its drag layer: click the spot
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    arrived(page, re.compile(r"district=E070001\d\d"))
    table = page.locator("#districts-scorecard-table")
    table.wait_for()
    assert "compared with Lancashire" in table.locator("caption").inner_text()
    assert "Lancashire" in table.locator("thead").inner_text()
    shoot("districts-scorecard")
    axe("district scorecard")
    table.locator("tbody a", has_text="looked after").first.click()
    arrived(page, re.compile(r"/indicator\?id=cla_(rate|number)&area=E070001\d\d"))
    page.locator("#indicator-heading").wait_for()


def test_preston_scorecard_from_the_url(page: Any, visit: Any) -> None:
    visit("/districts?indicator=cp_plans_rate&district=E07000123")
    assert page.locator("#districts-district").input_value() == "E07000123"
    caption = page.locator("#districts-scorecard-table caption").inner_text()
    assert caption.startswith("Preston compared with Lancashire")
    page.get_by_role("link", name="Open the full scorecard for Preston").click()
    arrived(page, re.compile(r"/\?area=E07000123"))


def test_keyboard_reaches_every_control(page: Any, visit: Any) -> None:
    visit("/districts")
    page.locator("#districts-map .choroplethlocation").first.wait_for()
    reached: list[str] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(
            "() => document.activeElement.id || document.activeElement.tagName"))
        if set(CONTROLS) <= set(reached) and reached.count("SUMMARY") >= 4:
            break
    assert set(CONTROLS) <= set(reached), reached
    assert reached.count("SUMMARY") >= 4, "every chart's table opens from the keyboard"
    page.focus("#districts-view")
    page.keyboard.press("ArrowDown")
    page.focus("#districts-form-submit")
    page.keyboard.press("Enter")
    arrived(page, re.compile(r"view=footprints"))


def test_unknown_values_in_the_url_fall_back_politely(page: Any, visit: Any) -> None:
    visit("/districts?indicator=nothing&view=wards&period=Q9+1999&district=E99999999")
    assert page.locator(HEADING).inner_text().startswith("Rate per 10000 population")
    assert page.locator("#districts-view").input_value() == "districts"
    assert "Traceback" not in page.content()
