"""The indicator page in Chromium, on the demo store: charts, their tables, SPC, districts."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

CP_RATE = "/indicator?id=cp_plans_rate&area=E10000017&period=Q3-2016-17"


def test_indicator_page_shows_method_charts_and_tables(page: Any, visit: Any, axe: Any,
                                                        shoot: Any) -> None:
    visit(CP_RATE)
    heading = page.locator("#indicator-heading").inner_text()
    assert heading.startswith("Rate per 10000 population of cyp on child protection plans")
    assert page.locator("#indicator-value").inner_text().startswith("66.4")
    assert "Definition" in page.locator("#indicator-method").inner_text()
    for chart in ("#indicator-series", "#indicator-spc", "#indicator-districts"):
        page.locator(f"{chart} .main-svg").first.wait_for()
    series = page.locator("#indicator-series-table")
    assert not series.is_visible()
    page.locator("summary", has_text="Over time, with comparators").click()
    assert series.is_visible()
    rows = series.inner_text()
    assert "Q3 2016/17" in rows and "66.4" in rows and "England" in rows
    assert "SPC variation" in page.locator("#indicator-spc-icon").inner_text()
    districts = page.locator("#indicator-districts-table").inner_text()
    assert "Preston \u2020" in districts
    assert "Illustrative" in page.locator(".notice-illustrative").first.inner_text()
    shoot("indicator")
    axe("indicator page")


def test_indicator_rating_is_explained(page: Any, visit: Any) -> None:
    visit(CP_RATE)
    rating = page.locator("#indicator-headline .rag")
    reason = page.locator("#indicator-rag-tip")
    rating.focus()
    assert reason.is_visible()
    assert reason.inner_text() == page.locator("#indicator-headline .rag-reason").inner_text()


def test_unknown_indicator_is_explained_without_internals(page: Any, visit: Any,
                                                         axe: Any) -> None:
    visit("/indicator?id=no_such_indicator&period=Q3-2016-17")
    message = page.locator(".error-state").inner_text()
    assert "There is no indicator 'no_such_indicator'" in message
    assert "Traceback" not in page.content()
    axe("indicator not found")


def test_an_out_of_date_figure_is_marked_as_on_the_scorecard(page: Any, visit: Any,
                                                             axe: Any) -> None:
    visit("/indicator?id=obesity_year6&area=E10000017&period=Q4-2024-25")
    figure = page.locator("#indicator-headline .out-of-date-figure")
    assert figure.locator(".latest-available").inner_text() == (
        "latest available: 2019/20 (academic)")
    assert figure.evaluate("p => getComputedStyle(p).fontStyle") == "italic"
    assert "Not rated" in page.locator("#indicator-headline .rag").inner_text()
    assert "out of date for this quarter" in page.locator(
        "#indicator-headline .rag-reason").inner_text()
    axe("indicator page with an out-of-date figure")
    visit(CP_RATE)
    assert page.locator("#indicator-headline .out-of-date-figure").count() == 0
