"""Any council's partnership in Chromium: a store made by ``scorecard init-db`` and
``scorecard partnership init`` alone (Kent, a county; Blackburn with Darwen, a unitary), served
on its own port."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from server.testing import served_in_subprocess
from settings import Settings
from tests.browser.conftest import (
    PAGE_READY,
    REPO_ROOT,
    SERVE,
    VIEWPORT,
    Console,
    assert_accessible,
)

pytestmark = pytest.mark.browser

KENT, BWD = "E10000016", "E06000008"
LOG = REPO_ROOT / "test-output" / "browser-partnerships-server.log"


@pytest.fixture(scope="module")
def partnerships_server(chromium: Path, tmp_path_factory: pytest.TempPathFactory
                        ) -> Iterator[str]:
    """Kent's and Blackburn with Darwen's partnerships from the published figures alone."""
    from services.partnership_setup import init_partnership
    from services.setup import initialise_store
    from store.engine import make_engine
    folder = tmp_path_factory.mktemp("partnerships")
    settings = Settings(database_url=f"sqlite:///{folder / 'store.db'}",
                        upload_dir=folder / "uploads")
    initialise_store(settings)
    engine = make_engine(settings.database_url)
    try:
        for council in (KENT, BWD):
            result = init_partnership(engine, settings, council, "test")
            assert result.figures is not None and result.figures.commit is not None
    finally:
        engine.dispose()
    with served_in_subprocess(SERVE, [settings.database_url, str(folder)], LOG,
                              REPO_ROOT) as url:
        yield url


@pytest.fixture
def council_page(browser: Any, partnerships_server: str) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT, base_url=partnerships_server)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    console = Console()
    console.watch(opened)
    yield opened
    context.close()
    assert not console.problems, "\n".join(console.problems)


def _open(page: Any, path: str) -> str:
    page.goto(path)
    page.wait_for_selector(PAGE_READY, state="attached")
    page.wait_for_load_state("networkidle")
    return str(page.locator("body").inner_text())


def test_kents_scorecard_names_kent_and_no_other_council(council_page: Any) -> None:
    text = _open(council_page, f"/?area={KENT}")
    assert "Kent: Q4 2024/25" in text
    # Lancashire is offered only as another council holding figures, never named elsewhere
    others = council_page.locator("#scorecard-area optgroup[label='Other councils']")
    assert "Lancashire (council)" in others.inner_text()
    outside_pickers = council_page.evaluate(
        "() => { const body = document.body.cloneNode(true);"
        " body.querySelectorAll('select').forEach(s => s.remove()); return body.outerHTML; }")
    assert "Lancashire" not in outside_pickers
    assert council_page.locator("table").first.is_visible()
    assert_accessible(council_page, "Kent's scorecard")
    # the first partnership stored is the page's default area
    assert "Kent: Q4 2024/25" in _open(council_page, "/")


def test_kents_districts_page_lists_kents_districts(council_page: Any) -> None:
    text = _open(council_page, f"/districts?area={KENT}")
    assert "How Kent's districts compare with each other and with Kent" in text
    options = council_page.locator("#districts-district option").all_inner_texts()
    assert options[0] == "None" and len(options) == 13
    assert {"Ashford", "Tunbridge Wells", "Folkestone and Hythe"} <= set(options)
    assert "Lancashire" not in council_page.content()
    assert_accessible(council_page, "Kent's districts")


def test_a_unitary_without_sub_areas_says_how_to_add_them(council_page: Any) -> None:
    text = _open(council_page, f"/districts?area={BWD}")
    assert "No sub-areas are defined for Blackburn with Darwen yet" in text
    assert re.search(rf"scorecard partnership subareas {BWD} FILE", text)
    assert_accessible(council_page, "a unitary's districts page")


def test_the_picker_lists_a_unitary_partnership_and_opens_its_scorecard(council_page: Any
                                                                        ) -> None:
    _open(council_page, f"/?area={KENT}")
    groups = council_page.locator("#scorecard-area optgroup")
    labels = [groups.nth(i).get_attribute("label") for i in range(groups.count())]
    assert labels == ["Kent partnership", "Blackburn with Darwen partnership", "Other councils"]
    unitary = groups.nth(1).locator("option")
    assert unitary.evaluate_all("options => options.map(o => o.value)") == [BWD]
    # the neighbours whose figures init stored are offered, read-only, after the partnerships
    assert groups.nth(2).locator("option").count() > 5
    council_page.select_option("#scorecard-area", BWD)
    council_page.click("#scorecard-form-submit")
    heading = council_page.locator("#scorecard-heading")
    heading.filter(has_text="Blackburn with Darwen").wait_for()
    assert heading.inner_text() == "Blackburn with Darwen: Q4 2024/25"
    assert council_page.locator("#scorecard-table").is_visible()
    assert council_page.locator("#scorecard-area").input_value() == BWD


def test_a_neighbour_from_other_councils_opens_read_only(council_page: Any) -> None:
    _open(council_page, f"/?area={KENT}")
    neighbour = council_page.locator("#scorecard-area optgroup[label='Other councils'] option")
    code, label = neighbour.first.get_attribute("value"), neighbour.first.inner_text()
    council_page.select_option("#scorecard-area", code)
    council_page.click("#scorecard-form-submit")
    name = label.removesuffix(" (council)")
    heading = council_page.locator("#scorecard-heading")
    heading.filter(has_text=name).wait_for()
    assert heading.inner_text() == f"{name}: Q4 2024/25"
    assert "no Board definition in force" in council_page.locator("#scorecard-view").inner_text()
    assert council_page.locator("#scorecard-table").is_visible()
