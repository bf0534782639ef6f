"""The scorecard (home) page in Chromium, on the demo store."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import arrived, back

pytestmark = pytest.mark.browser

Q3 = "/?area=E10000017&period=Q3-2016-17"
CP_ROW = "tr.scorecard-row:has(a.row-link:text-is('Number of cyp on child protection plans'))"


def test_latest_scorecard_has_headline_key_and_table(page: Any, visit: Any, axe: Any,
                                                     shoot: Any) -> None:
    visit("/")
    assert page.title().startswith("Scorecard")
    assert page.locator("#scorecard-heading").inner_text().startswith("Lancashire: Q")
    counts = page.locator("#scorecard-counts")
    assert "Outcome one - to feel safe" in counts.inner_text()
    assert page.locator("#scorecard-exceptions").is_visible()
    assert page.locator("#scorecard-key").is_visible()
    groups = page.locator("#scorecard-table .outcome-row").all_inner_texts()
    assert groups[:2] == ["Outcome one - to feel safe", "Outcome two - to do well"]
    shoot("scorecard")
    axe("scorecard (latest quarter)")


def test_q3_2016_17_shows_cp_plans_against_the_quarter_before(page: Any, visit: Any,
                                                              axe: Any) -> None:
    visit(Q3)
    assert page.locator("#scorecard-heading").inner_text() == "Lancashire: Q3 2016/17"
    cells = page.locator(CP_ROW).locator("td").all_inner_texts()
    assert cells[1:5] == ["Q3 2016/17", "1,631", "Q2 2016/17", "1,734"]
    assert cells[5].startswith("-103")
    axe("scorecard Q3 2016/17")


def test_ratings_explain_themselves_on_hover_focus_and_to_screen_readers(page: Any,
                                                                         visit: Any) -> None:
    visit(Q3)
    rating = page.locator("#scorecard-table .rag").first
    tip_id = rating.get_attribute("aria-describedby")
    assert tip_id
    reason = page.locator(f"[id='{tip_id}']")
    assert reason.get_attribute("role") == "tooltip"
    assert not reason.is_visible()
    rating.hover()
    assert reason.is_visible()
    assert len(reason.inner_text()) > 20
    page.mouse.move(0, 0)
    rating.focus()
    assert reason.is_visible()
    page.keyboard.press("Escape")
    assert not reason.is_visible()
    assert re.search(r"(Red|Amber|Green|Not rated)", rating.inner_text())


def test_choosing_a_district_keeps_the_choice_in_the_url(page: Any, visit: Any,
                                                         axe: Any) -> None:
    visit(Q3)
    page.select_option("#scorecard-area", "E07000123")
    page.click("#scorecard-form-submit")
    arrived(page, re.compile(r"/\?area=E07000123&period=Q3-2016-17$"))
    heading = page.locator("#scorecard-heading")
    heading.filter(has_text="Preston").wait_for()
    assert heading.inner_text() == "Preston: Q3 2016/17"
    assert page.locator("#scorecard-area").input_value() == "E07000123"
    assert "County" in page.locator("#scorecard-table thead").inner_text()
    assert "Illustrative" in page.locator(".notice-illustrative").inner_text()
    axe("scorecard for a district")
    back(page)
    heading.filter(has_text="Lancashire").wait_for()


def test_row_opens_indicator_then_district(page: Any, visit: Any) -> None:
    visit(Q3)
    page.locator(CP_ROW).locator("td").nth(1).click()
    arrived(page, re.compile(r"/indicator\?id=cp_plans_number"))
    heading = page.locator("#indicator-heading")
    heading.filter(has_text="Lancashire").wait_for()
    assert "1,631" in page.locator("#indicator-value").inner_text()
    page.locator("#indicator-districts-table a", has_text="Preston").click()
    arrived(page, re.compile(r"area=E07000123"))
    heading.filter(has_text="Preston").wait_for()
    assert page.locator(".notice-illustrative").first.is_visible()


def test_unknown_area_and_empty_area_are_explained(page: Any, visit: Any, axe: Any) -> None:
    visit("/?area=E99999999&period=Q3-2016-17")
    assert "There is no area with code" in page.locator(".error-state").inner_text()
    visit("/?area=CFW-LFW&period=Q3-2016-17")
    assert "No figures for this area" in page.locator(".empty-state").inner_text()
    axe("scorecard empty state")


def test_unknown_page_is_a_friendly_not_found(page: Any, visit: Any, axe: Any) -> None:
    visit("/no-such-page")
    assert page.locator("h1").first.inner_text() == "Page not found"
    assert "Traceback" not in page.content()
    axe("page not found")


def test_board_pack_is_built_in_the_background_with_progress(page: Any, visit: Any,
                                                            axe: Any) -> None:
    visit(Q3)
    workbook = page.request.get(page.locator("#scorecard-download-xlsx").get_attribute("href"))
    assert workbook.status == 200 and workbook.body()[:2] == b"PK"
    page.locator("#scorecard-pack-build").click()
    link = page.locator("#scorecard-pack-download")
    link.wait_for(timeout=60_000)
    assert re.fullmatch(r"Download the board pack \(\d+ pages\)", link.inner_text())
    pack = page.request.get(link.get_attribute("href"))
    assert pack.status == 200 and pack.body()[:4] == b"%PDF"
    assert "Board snapshots" in page.locator(".snapshots-panel").inner_text()
    axe("scorecard with a finished board pack")


def test_out_of_date_row_is_styled_labelled_and_counted(page: Any, visit: Any) -> None:
    visit("/?area=E10000017&period=Q4-2024-25")
    row = page.locator("tr.scorecard-row.out-of-date:has(a.row-link:text-is('Obesity "
                       "prevalence including severe obesity in Year 6'))")
    expect(row).to_have_count(1)
    assert row.locator("td").nth(1).inner_text() == "latest available: 2019/20 (academic)"
    assert row.evaluate("r => getComputedStyle(r.querySelector('td')).fontStyle") == "italic"
    assert "Not rated" in row.locator(".rag").inner_text()
    assert re.fullmatch(r"\d+ figures out of date: shown as the latest available, not rated\.",
                        page.locator("#scorecard-out-of-date").inner_text())
    current = page.locator("tr.scorecard-row:has(a.row-link:text-is("
                           "'Rate per 10000 population of cyp on child protection plans'))")
    assert "out-of-date" not in (current.get_attribute("class") or "")
