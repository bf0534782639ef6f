"""The performance summary page in Chromium, on the demo store."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import arrived

pytestmark = pytest.mark.browser

CP_SENTENCE = ("The number of children on child protection plans at the end of quarter three "
               "2016/17 (1,631) had reduced when compared to the end of the previous quarter "
               "(1,734).")


def test_summary_is_generated_in_the_seed_style(page: Any, visit: Any, axe: Any,
                                                shoot: Any) -> None:
    visit("/summary?area=E10000017&period=Q3-2016-17")
    assert page.locator("#summary-heading").inner_text() == "Lancashire: Q3 2016/17"
    narrative = page.locator("#summary-feel_safe-narrative").inner_text()
    assert CP_SENTENCE in narrative
    improving = page.locator("#summary-feel_safe-improving").inner_text()
    declining = page.locator("#summary-feel_safe-declining").inner_text()
    assert "Domestic incidents involving children" in improving
    assert "CSC referrals due to domestic violence" in declining
    shoot("summary")
    axe("performance summary")


def test_summary_links_to_indicators_and_follows_the_pickers(page: Any, visit: Any) -> None:
    visit("/summary?area=E10000017&period=Q3-2016-17")
    page.select_option("#summary-period", "Q2-2016-17")
    page.click("#summary-form-submit")
    arrived(page, re.compile(r"/summary\?area=E10000017&period=Q2-2016-17"))
    page.locator("#summary-heading", has_text="Q2 2016/17").wait_for()
    assert "(1,734)" in page.locator("#summary-feel_safe-narrative").inner_text()
    page.locator("#summary-feel_safe-improving a").first.click()
    arrived(page, re.compile(r"/indicator\?id="))
    page.locator("#indicator-heading").wait_for()
