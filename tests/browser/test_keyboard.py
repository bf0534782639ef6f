"""Keyboard only: Tab reaches every control on each page, and the pickers work from the keys."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import arrived

pytestmark = pytest.mark.browser

#: Elements a keyboard user must be able to reach.
CONTROLS = ("a[href], button:not([disabled]), select, input:not([type=hidden]), textarea, "
            "summary, [tabindex]:not([tabindex='-1'])")
MARK_CONTROLS = f"""() => {{
  const all = [...document.querySelectorAll("{CONTROLS}")].filter(
    el => el.getClientRects().length > 0 && !el.closest('[inert]'));
  all.forEach((el, i) => el.setAttribute('data-kb', String(i)));
  return all.length;
}}"""
PAGES = [
    "/?area=E10000017&period=Q3-2016-17",
    "/summary?area=E10000017&period=Q3-2016-17",
    "/indicator?id=cla_rate&area=E10000017&period=Q3-2016-17",
]


def tab_through(page: Any, limit: int = 600) -> set[str]:
    """Press Tab until focus comes back round; the data-kb marks of everything focused.

    A control may take several presses (a date input's day, month and year), so only a
    return to the first control, or leaving the page, ends the round."""
    reached: set[str] = set()
    first: str | None = None
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        mark = page.evaluate("document.activeElement && document.activeElement.closest"
                             "('[data-kb]')?.getAttribute('data-kb')")
        if mark is None:
            if reached:
                break
            continue
        if mark == first and len(reached) > 3:
            break
        first = first or mark
        reached.add(mark)
    return reached


@pytest.mark.parametrize("path", PAGES)
def test_tab_reaches_every_control(page: Any, visit: Any, path: str) -> None:
    visit(path)
    total = page.evaluate(MARK_CONTROLS)
    assert total > 5
    reached = tab_through(page)
    missed = sorted(set(map(str, range(total))) - reached, key=int)
    described = [page.locator(f"[data-kb='{m}']").evaluate("el => el.outerHTML.slice(0, 120)")
                 for m in missed[:10]]
    assert not missed, f"Tab never reached {len(missed)} control(s) on {path}: {described}"


def test_pickers_work_from_the_keyboard(page: Any, visit: Any) -> None:
    visit("/?area=E10000017&period=Q3-2016-17")
    page.locator("#scorecard-period").focus()
    page.keyboard.press("ArrowDown")  # the next (older) quarter: Q2 2016/17
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "scorecard-form-submit"
    page.keyboard.press("Enter")
    arrived(page, re.compile(r"period=Q2-2016-17"))
    page.locator("#scorecard-heading", has_text="Q2 2016/17").wait_for()
    expect(page.locator("#scorecard-heading")).to_be_focused()
