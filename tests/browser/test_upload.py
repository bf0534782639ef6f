"""The Upload page in Chromium: a file over the limit, a bad file, a good file committed by a
performance officer and rolled back by an approver."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ._upload_fixtures import (  # noqa: F401  (fixtures, known to pytest by name)
    UploadFiles,
    approver_page_fixture,
    approver_server_fixture,
    upload_files_fixture,
)
from .conftest import PHONE, Console, assert_accessible, open_page, screenshot

pytestmark = pytest.mark.browser

MESSAGE = "#upload-message"


def uploads_sent(page: Any) -> list[str]:
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if "/api/uploads" in r.url else None)
    return sent


def test_a_file_over_the_limit_is_refused_before_anything_is_sent(
        page: Any, visit: Any, upload_files: UploadFiles, axe: Any, shoot: Any) -> None:
    callbacks: list[str] = []
    page.on("request", lambda r: callbacks.append(r.url)
            if "/_dash-update-component" in r.url else None)
    visit("/upload")
    assert page.title().startswith("Upload")
    # the page arrives drawn with its frame, and its empty stores start no callback
    assert callbacks == []
    shoot("upload")
    axe("upload (empty)")
    limit = int(page.locator("#upload-file").get_attribute("data-max-bytes") or 0)
    assert limit > 0
    assert f"up to {limit // (1024 * 1024)} MB" in page.locator("#upload-file-hint").inner_text()
    sent = uploads_sent(page)
    page.set_input_files("#upload-file", str(upload_files.too_big(limit)))
    page.click("#upload-send")
    message = page.locator(MESSAGE)
    message.filter(has_text="more than the upload limit").wait_for()
    assert "Nothing was sent" in message.inner_text()
    assert sent == []
    assert page.locator("#upload-commit").is_disabled()


def test_a_bad_file_gets_a_sortable_report_and_cannot_be_committed(
        page: Any, visit: Any, console: Console, upload_files: UploadFiles, axe: Any,
        shoot: Any) -> None:
    visit("/upload")
    page.set_input_files("#upload-file", str(upload_files.bad))
    page.click("#upload-send")
    page.locator(MESSAGE).filter(has_text="cannot be loaded").wait_for()
    table = page.locator("#upload-issues-table")
    table.wait_for()
    assert [h.strip(" \u21c5\u25b2\u25bc") for h in table.locator("thead th").all_inner_texts()
            ] == ["Severity", "Sheet", "Row", "Column", "Value", "Message", "Check"]
    rows = table.locator("tbody tr")
    assert rows.count() == 4
    assert "unknown-indicator" in rows.first.inner_text()
    # Sort by row, descending, from the keyboard.
    row_header = table.locator("thead th", has_text="Row")
    row_header.locator("button").focus()
    page.keyboard.press("Enter")
    page.locator("#upload-issues-table thead th[aria-sort='descending']").wait_for()
    assert rows.first.locator("td").nth(2).inner_text() == "3"
    assert page.locator("#upload-commit").is_disabled()
    assert "cannot be committed" in page.locator("#upload-commit-hint").inner_text()
    shoot("upload-bad-file")
    axe("upload report of a bad file")
    # The route answers a file with errors with 422, which the browser logs: expected here.
    expected = [p for p in console.problems if "422" in p or "UNPROCESSABLE" in p]
    assert expected, "the bad file should have been refused with 422"
    console.problems[:] = [p for p in console.problems if p not in expected]


def test_on_a_phone_each_problem_found_is_a_card_under_the_sort_buttons(
        phone: Any, live_server: str, console: Console, upload_files: UploadFiles) -> None:
    """An officer checking a file on a phone reads each problem's message whole, in a card,
    and can still sort them."""
    open_page(phone, live_server + "/upload")
    phone.set_input_files("#upload-file", str(upload_files.bad))
    phone.click("#upload-send")
    table = phone.locator("#upload-issues-table")
    table.wait_for()
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1"), \
        "the problems scroll sideways"  # (a pixel's rounding apart)
    card = table.locator("tbody tr").first
    box = card.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    message = card.locator("td[data-label='Message']")
    assert message.is_visible() and "not in the catalogue" in message.inner_text()
    assert "Message" in message.evaluate("td => getComputedStyle(td, '::before').content")
    sort_by_row = table.locator("thead th", has_text="Row").locator("button")
    assert sort_by_row.is_visible()
    sort_by_row.click()
    table.locator("thead th[aria-sort='descending']").wait_for()
    expected = [p for p in console.problems if "422" in p or "UNPROCESSABLE" in p]
    console.problems[:] = [p for p in console.problems if p not in expected]


def test_a_good_file_is_committed_with_a_reason_then_rolled_back(
        page: Any, visit: Any, approver_page: Any, upload_files: UploadFiles) -> None:
    visit("/upload")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.set_input_files("#upload-file", str(upload_files.good))
    page.click("#upload-send")
    page.locator(MESSAGE).filter(has_text="was checked").wait_for()
    # The test server checks every file as a large one: in a job, polled, then the report.
    assert any("/api/jobs/" in url for url in asked)
    assert any(url.endswith("/preview") for url in asked)
    counts = page.locator("#upload-counts").inner_text()
    assert "New figures: 1" in counts and "Warnings: 1" in counts
    assert "implausible-jump" in page.locator("#upload-issues-table").inner_text()
    assert "Q4 2016/17" in page.locator("#upload-flips-table").inner_text()
    commit = page.locator("#upload-commit")
    assert commit.is_enabled()
    assert "say why they can be accepted" in page.locator("#upload-commit-hint").inner_text()
    page.fill("#upload-reason", "Checked with the constabulary: a new recording practice.")
    commit.click()
    page.locator(MESSAGE).filter(has_text="Committed as batch").wait_for()
    batch = re.search(r"batch (\d+)", page.locator(MESSAGE).inner_text())
    assert batch is not None
    history = page.locator("#upload-history-table")
    history.filter(has_text=upload_files.good.name).wait_for()
    assert "Rolling back a batch needs the approver role" in history.inner_text()
    assert history.locator("button").count() == 0

    open_page(approver_page, "/upload")
    button = approver_page.get_by_role("button", name=f"Roll back batch {batch.group(1)}")
    approver_page.once("dialog", lambda dialog: dialog.accept())
    button.click()
    status = approver_page.locator("#upload-rollback-status")
    status.filter(has_text=f"Batch {batch.group(1)} was rolled back").wait_for()
    row = approver_page.locator("#upload-history-table tbody tr",
                                has_text=upload_files.good.name)
    assert "rolled back" in row.inner_text()
    screenshot(approver_page, "upload-history-approver")
    assert_accessible(approver_page, "upload history (approver)")


def test_keyboard_reaches_every_control(page: Any, visit: Any) -> None:
    visit("/upload")
    page.locator("#upload-file").wait_for(state="attached")
    reached: list[str] = []
    for _ in range(20):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(
            "() => document.activeElement.id || document.activeElement.tagName"))
    assert {"upload-file", "upload-send", "upload-reason"} <= set(reached), reached
