"""The page painted in its HTML: readable before any script runs, replaced without moving."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import FIRST_PAINT, VIEWPORT, open_page

SCORECARD = "/?period=Q3-2016-17"


@pytest.fixture
def scriptless(browser: Any, live_server: str) -> Iterator[Any]:
    """A 1366x768 page with JavaScript switched off."""
    context = browser.new_context(viewport=VIEWPORT, base_url=live_server,
                                  java_script_enabled=False)
    yield context.new_page()
    context.close()


def _top(page: Any, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not drawn"
    return float(box["y"])


def test_the_scorecard_reads_before_any_script_runs(scriptless: Any) -> None:
    scriptless.goto(SCORECARD)
    assert scriptless.locator(FIRST_PAINT).is_visible()
    heading = scriptless.locator("#first-paint h1")
    assert heading.is_visible() and heading.inner_text()
    table = scriptless.locator("#first-paint table.scorecard-table")
    assert table.is_visible()
    rating = table.locator("th", has_text="Rating").first
    box = rating.bounding_box()
    assert box is not None and box["x"] + box["width"] <= VIEWPORT["width"]
    assert table.locator("tbody tr").count() > 10
    assert "Q3 2016/17" in scriptless.locator("#first-paint").inner_text()


def test_the_renderer_takes_over_without_moving_the_page(scriptless: Any, page: Any) -> None:
    scriptless.goto(SCORECARD)
    painted = {selector: _top(scriptless, f"#first-paint {selector}")
               for selector in ("h1", "table.scorecard-table")}
    open_page(page, SCORECARD)
    assert page.locator(FIRST_PAINT).count() == 0
    assert page.locator("#_pages_content").count() == 1
    assert page.locator("#react-entry-point").is_visible()
    for selector, top in painted.items():
        assert abs(_top(page, f"#_pages_content {selector}") - top) <= 2, selector


@pytest.mark.parametrize("path", ["/", "/summary", "/indicator?id=cla_rate", "/districts",
                                  "/compare", "/upload", "/help"])
def test_painted_pages_fit_a_phone(browser: Any, live_server: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server,
                                  java_script_enabled=False)
    try:
        phone = context.new_page()
        phone.goto(path)
        assert phone.locator("#first-paint #_pages_content h1").is_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_charts_read_before_any_script_runs(scriptless: Any) -> None:
    scriptless.goto("/districts?period=Q3-2016-17")
    graphs = scriptless.locator("#first-paint .dash-graph")
    assert graphs.count() == 4
    charts = scriptless.locator("#first-paint .dash-graph svg.painted-chart")
    assert charts.count() == 4
    for index in range(4):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 150
        assert box["x"] + box["width"] <= VIEWPORT["width"]
    ranked = charts.nth(1).inner_html()
    assert "Burnley" in ranked and "Better than Lancashire" in ranked
    assert scriptless.locator("#first-paint .dash-graph svg path[fill-rule=evenodd]").count() \
        == 12  # the map's districts


def test_no_script_is_fetched_before_the_page_is_painted(scriptless: Any) -> None:
    scriptless.goto("/districts?period=Q3-2016-17")
    assert scriptless.locator("script[src]").count() == 1  # the loader, which JS-off never runs
    assert scriptless.locator("link[rel=preload]").count() == 0


def test_live_charts_replace_the_painted_ones(page: Any) -> None:
    open_page(page, "/districts?period=Q3-2016-17")
    assert page.locator("svg.painted-chart").count() == 0
    graphs = page.locator("#_pages_content .dash-graph")
    assert graphs.count() == 4
    page.wait_for_function("() => [...document.querySelectorAll('#_pages_content .dash-graph')]"
                           ".every(g => g.querySelector('.main-svg'))")


def test_a_form_in_the_painted_page_posts_what_the_live_one_does(scriptless: Any) -> None:
    scriptless.goto("/help")
    token = scriptless.locator("#first-paint form.sign-out-form input[type=hidden]")
    assert token.get_attribute("name") == "csrf_token" and token.get_attribute("value")
