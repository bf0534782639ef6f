"""Every page on a 1366x768 laptop, a 390x844 phone and A4 landscape paper, in Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from playwright.sync_api import expect

from server.testing import served_in_subprocess
from settings import Settings
from tests.browser.conftest import (
    PAGE_READY,
    PHONE,
    REPO_ROOT,
    SCREENSHOTS,
    SERVE,
    Console,
    assert_accessible,
    open_page,
    watched_page,
)

pytestmark = pytest.mark.browser

#: A4 landscape at 96 px per inch, less the stylesheet's 10 mm margins.
A4_LANDSCAPE_PX = {"width": round((297 - 20) / 25.4 * 96), "height": round((210 - 20) / 25.4 * 96)}
Q3 = "/?area=E10000017&period=Q3-2016-17"
PAGES = ["/", Q3, "/upload", "/indicator", "/indicator?id=cla_rate", "/compare", "/districts",
         "/summary", "/help"]
RATING_WORDS = ("Red", "Amber", "Green", "Not rated")
RATING_PATTERN = re.compile(r"\b(?:Red|Amber|Green|Not rated)\b")


@pytest.fixture(scope="module")
def admin_server(chromium: Path, browser_store: Settings) -> Iterator[str]:
    """The app again, every request signed in as an administrator (for ``/admin``)."""
    folder = Path(str(browser_store.upload_dir)).parent
    log = REPO_ROOT / "test-output" / "browser-admin-server.log"
    with served_in_subprocess(SERVE, [browser_store.database_url, str(folder), "admin"], log,
                              REPO_ROOT) as url:
        yield url


def page_width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_rating_and_indicator_stay_in_view_at_1366(page: Any, visit: Any, shoot: Any) -> None:
    visit(Q3)
    assert page_width(page) <= 1366
    rating = page.locator("#scorecard-table thead th.col-rating")
    box = rating.bounding_box()
    assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= 1366
    assert rating.inner_text() == "Rating"
    # Scrolled to its far right, the table still shows each row's indicator beside its rating.
    page.locator("#scorecard-table").evaluate("t => { t.parentElement.scrollLeft = 99999; }")
    name = page.locator("#scorecard-table tbody th.indicator-name").first
    name_box, frame = name.bounding_box(), page.locator(".table-scroll").first.bounding_box()
    assert name_box is not None and frame is not None
    assert abs(name_box["x"] - frame["x"]) < 2
    shoot("scorecard-1366-rating")


@pytest.mark.parametrize("path", ["/", "/?area=E07000117&period=Q4-2024-25"])
def test_every_scorecard_column_fits_a_1366_laptop(page: Any, visit: Any, path: str) -> None:
    """The Board's scorecard, a council's or a district's (with its county column), is read
    whole at 1366 px: no column is scrolled out of view behind the sticky rating."""
    visit(path)
    scroller = page.locator(".table-scroll").first
    assert scroller.evaluate("box => box.scrollWidth <= box.clientWidth"), \
        f"{path}: the scorecard scrolls sideways at 1366 px"
    headings = page.locator("#scorecard-table thead th").all()
    assert "Significance" in [heading.inner_text() for heading in headings]
    frame = scroller.bounding_box()
    assert frame is not None
    for heading in headings:
        box = heading.bounding_box()
        assert box is not None and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1


def test_print_puts_every_rating_on_a4_landscape(page: Any, visit: Any, tmp_path: Path) -> None:
    visit(Q3)
    rows = page.locator("#scorecard-table tr.scorecard-row").count()
    page.emulate_media(media="print")
    page.set_viewport_size(A4_LANDSCAPE_PX)
    assert not page.locator(".pickers").first.is_visible()
    assert not page.locator(".site-nav").is_visible()
    table = page.locator("#scorecard-table")
    fits = table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth + 1")
    assert fits, "the printed table is wider than the paper"
    rating_box = page.locator("#scorecard-table thead th.col-rating").bounding_box()
    assert rating_box is not None
    assert rating_box["x"] + rating_box["width"] <= A4_LANDSCAPE_PX["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "scorecard-print.png"), full_page=True)
    ratings = page.locator("#scorecard-table tr.scorecard-row [data-label=Rating] .rag")
    assert sum(1 for rating in ratings.all() if rating.is_visible()) == rows
    shown_words = rating_words(page.locator("main").inner_text())
    pdf = tmp_path / "scorecard.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    with pdfplumber.open(pdf) as document:
        assert all(p.width > p.height for p in document.pages), "not landscape"
        assert all(c["x1"] <= p.width for p in document.pages for c in p.chars), "text cut"
        text = "\n".join(p.extract_text() or "" for p in document.pages)
    assert "Significance" in text and "Rating" in text
    assert rating_words(text) >= shown_words, "ratings shown on screen are missing on paper"


def rating_words(text: str) -> int:
    return len(RATING_PATTERN.findall(text))


@pytest.mark.parametrize("path", PAGES)
def test_no_page_is_wider_than_a_phone(phone: Any, live_server: str, path: str) -> None:
    open_page(phone, live_server + path)
    assert page_width(phone) <= PHONE["width"], f"{path} is wider than the phone"
    header = phone.locator(".site-header").bounding_box()
    assert header is not None and header["height"] < PHONE["height"] / 4


#: Each page with the heading of what it shows, which the first phone screen must reach.
FIRST_HEADINGS = [("/", "#scorecard-heading"), ("/districts", "#districts-heading"),
                  ("/indicator?id=cla_rate", "#indicator-heading")]


@pytest.mark.parametrize(("path", "heading"), FIRST_HEADINGS)
def test_phone_header_is_one_row_and_the_content_shows_first(phone: Any, live_server: str,
                                                              path: str, heading: str) -> None:
    open_page(phone, live_server + path)
    header = phone.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 64, f"{path}: header {header}"
    assert not phone.locator(".site-nav").is_visible()
    shown = phone.locator(heading).bounding_box()
    assert shown is not None and shown["y"] + shown["height"] <= PHONE["height"], (
        f"{path}: {heading} is below the first screen")
    fields = phone.locator(".pickers .picker-fields").first
    assert not fields.is_visible()
    toggle = phone.locator(".pickers > .phone-toggle").first
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert fields.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    assert page_width(phone) <= PHONE["width"]


def test_phone_menu_opens_and_closes_from_the_keyboard(phone: Any, live_server: str) -> None:
    open_page(phone, live_server + "/")
    button = phone.get_by_role("button", name="Menu")
    assert button.get_attribute("aria-controls") == "site-nav auth-user-badge"
    button.focus()
    phone.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    assert phone.locator(".site-nav").is_visible()
    assert phone.locator(".user-badge").is_visible()
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.closest('.site-nav') !== null")
    phone.keyboard.press("Escape")
    expect(button).to_be_focused()
    assert button.get_attribute("aria-expanded") == "false"
    assert not phone.locator(".site-nav").is_visible()
    phone.keyboard.press("Space")
    phone.click(".site-nav a:text-is('Districts')")
    phone.locator("#districts-heading").wait_for()
    assert not phone.locator(".site-nav").is_visible(), "the menu stays open over the new page"
    assert_accessible(phone, "the phone's menu")


#: Every visible Dash field on the page (its own wrapper, or the text area itself), with the
#: visible boxes inside it that draw a border: a number field's steppers are buttons, not
#: borders, and the dropdown's focus proxy is transparent.
FIELD_BORDERS = """() => [...document.querySelectorAll(`main .dash-input-container,
    main .dash-dropdown-wrapper, main .dash-datepicker, main textarea`)]
  .filter(root => root.getClientRects().length > 0)
  .map(root => [root.querySelector('[id]')?.id || root.id,
    [root, ...root.querySelectorAll('*')].filter(e => {
      const s = getComputedStyle(e), box = e.getBoundingClientRect();
      return !e.matches('.dash-input-stepper') && box.width > 4 && box.height > 4
        && s.opacity !== '0' && s.visibility !== 'hidden' && s.borderTopStyle !== 'none'
        && parseFloat(s.borderTopWidth) > 0;
    }).map(e => getComputedStyle(e).borderTopWidth)])"""
#: Pages with Dash inputs, dropdowns, date ranges and text areas (as an administrator).
FIELD_PAGES = ["/admin", "/admin/scorecard-definition", "/indicator?id=cla_rate", "/upload"]


def test_every_field_shows_one_border_at_1366(browser: Any, admin_server: str) -> None:
    console = Console()
    for opened in watched_page(browser, admin_server, console):
        fields = 0
        for path in FIELD_PAGES:
            open_page(opened, path)
            for field_id, borders in opened.evaluate(FIELD_BORDERS):
                assert borders == ["2px"], f"{path}: {field_id} draws borders {borders}"
                fields += 1
        assert fields >= 12, "fewer Dash fields than the admin, editor and commentary forms hold"


def test_admin_is_not_wider_than_a_phone(phone: Any, admin_server: str) -> None:
    open_page(phone, admin_server + "/admin")
    assert phone.locator("h1").first.inner_text()
    assert page_width(phone) <= PHONE["width"]


def test_phone_scorecard_is_a_list_of_cards(phone: Any, live_server: str) -> None:
    open_page(phone, live_server + Q3)
    card = phone.locator("#scorecard-table tr.scorecard-row").first
    box = card.bounding_box()
    assert box is not None and box["width"] <= PHONE["width"]
    assert card.locator("th.indicator-name").is_visible()
    shown = [cell.get_attribute("data-label") for cell in card.locator("td").all()
             if cell.is_visible()]
    assert shown == ["Current", "Change", "Rating"]
    assert any(word in card.inner_text() for word in RATING_WORDS)
    # The pickers and header leave most of the first screen to the scorecard itself.
    form = phone.locator(".pickers").first.bounding_box()
    assert form is not None and form["y"] + form["height"] < PHONE["height"] * 0.4
    phone.screenshot(path=str(SCREENSHOTS / "scorecard-phone.png"))
    assert phone.locator(PAGE_READY).count() == 1


def test_phone_table_captions_stay_within_the_screen(phone: Any, live_server: str) -> None:
    """A table that scrolls sideways on a phone keeps its caption wrapped inside the screen."""
    open_page(phone, live_server + Q3)
    caption = phone.locator("#scorecard-counts caption")
    caption.scroll_into_view_if_needed()
    box = caption.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], \
        "the caption runs off the screen"
    assert "change since" in caption.inner_text()


def test_phone_counts_by_theme_fit_the_screen(phone: Any, live_server: str) -> None:
    """The ratings counted by theme are read whole on a phone, every rating's column in view."""
    open_page(phone, live_server + Q3)
    table = phone.locator("#scorecard-counts")
    table.scroll_into_view_if_needed()
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth"), "the counts scroll sideways"
    for heading in table.locator("thead th").all():
        box = heading.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert table.locator("thead th").last.inner_text().replace("\n", " ").endswith("Not rated")


def test_phone_batch_history_is_a_list_of_cards(phone: Any, live_server: str) -> None:
    """Each upload is a card whose fields read under their names, not a sideways-scrolling
    table whose sentences stretch a word to a line."""
    open_page(phone, live_server + "/upload")
    table = phone.locator("#upload-history-table")
    table.scroll_into_view_if_needed()
    heading = table.locator("thead").bounding_box()
    assert heading is None or heading["height"] <= 1, "the column headings still show"
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1")  # a pixel's rounding
    with_reason = table.locator("tbody tr").filter(has_text="seed 002").first
    box = with_reason.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["height"] < PHONE["height"], "one upload takes more than a screen"
    shown = [cell.get_attribute("data-label") for cell in with_reason.locator("td").all()
             if cell.is_visible()]
    assert shown[:3] == ["Batch", "File", "Uploaded by"]
    assert "Warnings accepted because" in shown
    label = with_reason.locator("td[data-label='File']").evaluate(
        "td => getComputedStyle(td, '::before').content")
    assert "File" in label


def test_phone_compare_is_a_ranked_list_not_a_grid(phone: Any, live_server: str) -> None:
    open_page(phone, live_server + "/compare")
    assert not phone.locator("#compare-rug").is_visible()
    blocks = phone.locator(".rug-list-item")
    assert blocks.count() > 0 and blocks.first.is_visible()
    first = blocks.first.locator("li")
    assert first.count() >= 12
    assert "Ranked " in blocks.first.inner_text()
    assert page_width(phone) <= PHONE["width"]


def test_download_links_sit_at_one_height(page: Any, visit: Any) -> None:
    visit(Q3)
    links = page.locator(".downloads").first.locator(".download-link").all()
    boxes = [box for link in links if (box := link.bounding_box()) is not None]
    assert len(boxes) >= 2
    assert len({round(box["y"]) for box in boxes}) == 1, "download links at different heights"
    assert all(box["height"] >= 24 for box in boxes)
