"""Browser tests: the demo store, the app on a loopback port, Debian Chromium via Playwright.

* ``browser_store`` builds the demo store once per run in a temporary SQLite file, through the
  same ``scorecard demo`` path a user runs (reference data, demo workbooks, upload checks).
* ``live_server`` runs ``_serve.py`` in its own process: the app from its ``make_browser_app``
  (the one place the app is built, signed in by ``server.testing``'s documented switch) on
  werkzeug's threaded server, on a free loopback port; its log is
  ``test-output/browser-server.log``.
* ``page`` is a fresh 1366x768 Chromium page; any console error, uncaught page error or failed
  request fails the test that caused it.
* :func:`assert_accessible` runs axe-core (``node_modules/axe-core``, from the npm registry) for
  WCAG 2.0/2.1/2.2 A and AA; :func:`screenshot` writes ``test-output/screenshots/NAME.png``.

Tests skip, with the reason, only when ``/usr/bin/chromium`` is missing (``make browser-deps``
installs it).
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pandas.errors import Pandas4Warning
from playwright.sync_api import expect

from server.testing import served_in_subprocess
from settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = REPO_ROOT / "test-output" / "screenshots"
VIEWPORT = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SERVE = Path(__file__).with_name("_serve.py")
SERVER_LOG = REPO_ROOT / "test-output" / "browser-server.log"
#: Dash's own marker on the page container while the router draws a page (the renderer's
#: copy, not the page painted in the HTML before the renderer starts).
PAGE_READY = "#react-entry-point #_pages_content:not([data-dash-is-loading])"
#: The page painted in the HTML, removed once the renderer has drawn its own.
FIRST_PAINT = "#first-paint"



@pytest.fixture(scope="session")
def browser_store(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The demo store, loaded once per run as ``scorecard demo`` loads it."""
    from demo.build import build_demo_workbooks
    from demo.load import load_demo
    from services.setup import initialise_store

    folder = tmp_path_factory.mktemp("browser-store")
    settings = Settings(database_url=f"sqlite:///{folder / 'demo.db'}",
                        demo_dir=folder / "workbooks", upload_dir=folder / "uploads")
    initialise_store(settings)
    with warnings.catch_warnings():
        # The loaders' own tests hold them to pandas' future-behaviour warnings; here the
        # demo store is only the fixture the pages are tested on.
        warnings.simplefilter("ignore", Pandas4Warning)
        summary = load_demo(settings, user="demo", paths=build_demo_workbooks(settings))
    assert summary.ok, "The demo data did not load:\n" + "\n".join(summary.lines())
    return settings


@pytest.fixture(scope="session")
def live_server(chromium: Path, browser_store: Settings) -> Iterator[str]:
    """The app (``_serve.py``) on a free loopback port in its own process, for the whole run."""
    folder = Path(str(browser_store.upload_dir)).parent
    with served_in_subprocess(SERVE, [browser_store.database_url, str(folder)], SERVER_LOG,
                              REPO_ROOT) as url:
        yield url


@dataclass
class Console:
    """Problems the browser reported while a test ran."""

    problems: list[str] = field(default_factory=list)

    def watch(self, page: Any) -> None:
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(
            f"request failed: {r.method} {r.url} ({r.failure})")
            if "ERR_ABORTED" not in str(r.failure) else None)
        page.on("response", lambda r: self.problems.append(
            f"HTTP {r.status}: {r.request.method} {r.url}") if r.status >= 400 else None)


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def page(browser: Any, live_server: str, console: Console) -> Iterator[Any]:
    """A fresh page at 1366x768; the test fails on any browser console error."""
    yield from watched_page(browser, live_server, console)


@pytest.fixture
def phone(browser: Any, console: Console) -> Iterator[Any]:
    """A fresh 390x844 page; the test fails on any browser console error."""
    yield from watched_page(browser, None, console, viewport=PHONE, is_mobile=True,
                            has_touch=True)


def watched_page(browser: Any, base_url: str | None, console: Console,
                 **context: Any) -> Iterator[Any]:
    """A fresh page (at 1366x768 unless ``context`` says otherwise) on ``base_url``, failing
    the test on any browser problem ``console`` heard once the test is done."""
    made = browser.new_context(**{"viewport": VIEWPORT, **context}, base_url=base_url)
    opened = made.new_page()
    opened.set_default_timeout(15_000)
    console.watch(opened)
    yield opened
    made.close()
    assert not console.problems, "The browser reported problems:\n" + "\n".join(
        console.problems)


def open_page(page: Any, path: str) -> Any:
    """Go to ``path`` and wait until Dash has drawn the page."""
    page.goto(path)
    page.wait_for_selector(PAGE_READY, state="attached")
    page.wait_for_selector(FIRST_PAINT, state="detached")
    page.wait_for_load_state("networkidle")
    return page


def arrived(page: Any, address: re.Pattern[str]) -> None:
    """Wait until the page a click led to is at ``address`` and its painted copy has given way
    to the renderer's (which it does once the live charts are drawn), so that each id names
    one element again."""
    expect(page).to_have_url(address)
    page.wait_for_selector(FIRST_PAINT, state="detached")


def back(page: Any) -> None:
    """Go back a page and wait, as :func:`arrived` does, for one copy of it."""
    page.go_back()
    page.wait_for_selector(FIRST_PAINT, state="detached")


def assert_accessible(page: Any, name: str) -> None:
    """axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on the page as it stands."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated, not injected as a <script>: the app's CSP rightly blocks inline scripts.
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;0")
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)}))",
        AXE_TAGS)
    assert violations == [], f"axe found WCAG violations on {name}:\n" + json.dumps(
        violations, indent=2)


def screenshot(page: Any, name: str) -> Path:
    """The page as a Board member first sees it, at 1366x768."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path))
    return path


@pytest.fixture(scope="session", autouse=True)
def _axe_available(chromium: Path) -> None:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make browser-deps` (npm install axe-core)")


@pytest.fixture
def visit(page: Any) -> Any:
    """``visit(path)``: open a page of the app and wait until it is drawn."""
    return lambda path: open_page(page, path)


@pytest.fixture
def axe(page: Any) -> Any:
    """``axe(name)``: assert axe-core finds no WCAG A/AA violation on the current page."""
    return lambda name: assert_accessible(page, name)


@pytest.fixture
def shoot(page: Any) -> Any:
    """``shoot(name)``: write the 1366x768 screenshot ``test-output/screenshots/NAME.png``."""
    return lambda name: screenshot(page, name)
