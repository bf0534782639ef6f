"""The Compare page (the "tartan rug") in Chromium, on the demo store."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import arrived

pytestmark = pytest.mark.browser


def test_rug_of_districts_with_its_key_and_table(page: Any, visit: Any, axe: Any,
                                                 shoot: Any) -> None:
    visit("/compare")
    assert page.title().startswith("Compare")
    assert page.locator("#compare-heading").inner_text() == "Districts: every outcome"
    page.locator("#compare-rug .heatmaplayer").wait_for()
    key = page.locator(".compare-key").inner_text()
    for words in ("better than Lancashire", "similar to Lancashire", "worse than Lancashire",
                  "not compared"):
        assert words in key
    assert page.locator(".notice-illustrative").is_visible()
    shoot("compare")
    axe("compare (districts)")
    page.locator("#compare-content details > summary").click()
    table = page.locator("#compare-rug-table")
    headers = table.locator("thead th").all_inner_texts()
    assert headers[1] == "Burnley" and headers[-1] == "Lancashire" and len(headers) == 14
    looked_after = table.locator("tbody tr", has_text="Looked after children rate")
    assert re.search(r"(better|worse|similar) (than|to) Lancashire",
                     looked_after.inner_text())
    axe("compare with its table open")
    page.evaluate("window.sameDocument = true")
    looked_after.locator("a").click()
    arrived(page, re.compile(r"/districts\?indicator=cla_rate"))
    page.locator("#districts-heading").filter(has_text="looked after").wait_for()
    assert page.evaluate("window.sameDocument === true"), \
        "a link in the page opens its page in the app, without reloading it"


def test_footprints_for_one_outcome_from_the_form(page: Any, visit: Any, axe: Any) -> None:
    visit("/compare")
    page.select_option("#compare-view", "footprints")
    page.select_option("#compare-outcome", "be_healthy")
    page.click("#compare-form-submit")
    arrived(page, re.compile(r"view=footprints&outcome=be_healthy"))
    heading = page.locator("#compare-heading")
    heading.filter(has_text="Outcome four").wait_for()
    assert heading.inner_text().startswith("Children and Family Wellbeing footprints")
    page.locator("#compare-content details > summary").click()
    headers = page.locator("#compare-rug-table thead th").all_inner_texts()
    assert headers[1:] == ["Burnley and Pendle", "Chorley, South Ribble and West Lancashire",
                           "Hyndburn, Ribble Valley and Rossendale",
                           "Lancaster, Fylde and Wyre", "Preston", "Lancashire"]
    assert "Obesity" in page.locator("#compare-rug-table tbody").inner_text()
    axe("compare (footprints, be healthy)")


def test_keyboard_reaches_every_control(page: Any, visit: Any) -> None:
    visit("/compare")
    reached: list[str] = []
    for _ in range(25):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(
            "() => document.activeElement.id || document.activeElement.tagName"))
    assert {"compare-view", "compare-outcome", "compare-form-submit", "SUMMARY"} <= set(
        reached), reached
