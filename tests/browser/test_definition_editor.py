"""The scorecard definition editor in Chromium: an administrator moves a row up and sets its
target, saves a new version, and the scorecard and the board-pack PDF follow it.

Runs on its own copy of the demo store, served signed in as an administrator, so the other
browser tests keep the demo's definitions.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from server.testing import served_in_subprocess
from settings import Settings

from .conftest import REPO_ROOT, SERVE, Console, open_page, watched_page

pytestmark = pytest.mark.browser

EDITOR = "/admin/scorecard-definition?period=Q3-2016-17"
Q3 = "/?area=E10000017&period=Q3-2016-17"
CLA_RATE = "Rate per 10000 population of cyp who are looked after"
DOMESTIC = "No of domestic incidents involving children"


@pytest.fixture(scope="module")
def admin_server(chromium: Path, browser_store: Settings,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("editor")
    shutil.copy(browser_store.database_url.removeprefix("sqlite:///"), folder / "demo.db")
    with served_in_subprocess(SERVE, [f"sqlite:///{folder / 'demo.db'}", str(folder), "admin"],
                              REPO_ROOT / "test-output" / "browser-editor-server.log",
                              REPO_ROOT) as url:
        yield url


@pytest.fixture
def admin_page(browser: Any, admin_server: str) -> Iterator[Any]:
    yield from watched_page(browser, admin_server, Console())


def _table_rows(page: Any) -> list[str]:
    return page.locator("#scorecard-table tr.scorecard-row a.row-link").all_inner_texts()


def test_the_editor_reorders_a_row_and_sets_its_target(admin_page: Any) -> None:
    page = admin_page
    open_page(page, Q3)
    before = _table_rows(page)
    assert before.index(CLA_RATE) == before.index(DOMESTIC) + 1

    open_page(page, EDITOR)
    status = page.locator("#admin-def-status")
    page.check("#admin-def-row input[value='cla_rate']")
    page.click("#admin-def-up")
    expect(status).to_contain_text("Draft changed")
    page.check("#admin-def-rule input[value='target']")
    page.fill("#admin-def-target", "70")
    page.fill("#admin-def-tolerance", "2")
    page.click("#admin-def-apply")
    expect(page.locator("#admin-def-rows-cla_rate")).to_contain_text(
        "70 by Q4 2016/17 (E10000017)")
    page.click("#admin-def-save")
    expect(status).to_have_text("Saved as version 2.")

    open_page(page, Q3)
    after = _table_rows(page)
    assert after.index(CLA_RATE) == after.index(DOMESTIC) - 1
    row = page.locator("#scorecard-table tr.scorecard-row", has_text=CLA_RATE)
    reason = row.locator(".rag").first.get_attribute("aria-describedby")
    assert reason
    assert "above the target of 70.0" in (page.locator(f"[id='{reason}']").text_content() or "")

    page.click("#scorecard-pack-build")  # the board pack, built as a background job
    link = page.locator("#scorecard-pack-status a")
    link.wait_for(timeout=120_000)
    href = link.get_attribute("href")
    assert href
    response = page.request.get(href)
    assert response.ok
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    flat = " ".join(text.split())
    assert flat.index(CLA_RATE) < flat.index(DOMESTIC)
    assert "above the target of 70.0" in flat


def test_a_number_fields_steppers_sit_flush_inside_its_one_border(admin_page: Any) -> None:
    open_page(admin_page, EDITOR)
    boxes = admin_page.evaluate("""() => {
      const box = document.querySelector('#admin-def-tolerance').parentElement;
      const part = (el) => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                border: [s.borderTopWidth, s.borderBottomWidth]}; };
      return {box: part(box), field: part(box.querySelector('.dash-input-element')),
              down: part(box.querySelector('.dash-stepper-decrement')),
              up: part(box.querySelector('.dash-stepper-increment'))};
    }""")
    field, down, up = boxes["field"], boxes["down"], boxes["up"]
    assert boxes["box"]["border"] == ["2px", "2px"]  # the one border is the box's
    for part in (field, down, up):
        assert part["border"] == ["0px", "0px"]
        assert (part["top"], part["bottom"]) == (field["top"], field["bottom"])
    assert down["right"] == field["left"] and field["right"] == up["left"]
