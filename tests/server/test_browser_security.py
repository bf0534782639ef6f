"""In a real browser (Debian Chromium): hostile text typed into every field this side of the
app owns stays inert text, pages render under the CSP with no violation, and exports neutralise
spreadsheet formulas. The app runs with real sign-in in its own process on loopback."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from domain.roles import Role
from server.testing import TEST_PASSWORD, served_in_subprocess, sign_in_page
from services import accounts
from settings import Settings
from store import audit
from store.engine import make_engine

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SERVE = Path(__file__).with_name("_serve_signed_in.py")
REPO = Path(__file__).resolve().parents[2]
LONG = "A" * 31_990 + "<b>end</b>"
HOSTILE = [
    "<script>window.__pwned='script'</script>",
    '<img src=x onerror="window.__pwned=\'img\'">',
    '" autofocus onfocus="window.__pwned=\'attr\'" x="',
    "javascript:window.__pwned='url'",
    '=HYPERLINK("http://evil.example","click me")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "@SUM(A1)",
    "-2+3",
    LONG,
]


@pytest.fixture(scope="module")
def hostile_store(seed_store: Settings, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The seed store plus users and audit entries carrying hostile text."""
    source = Path(seed_store.database_url.removeprefix("sqlite:///"))
    path = tmp_path_factory.mktemp("hostile") / "store.db"
    shutil.copy(source, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    if not accounts.demo_account_exists(engine):  # an app started on the seed store adds it
        accounts.create_user(engine, "demo", Role.ADMIN, password="demo", is_demo=True,
                             display_name="Demo administrator", actor="system")
    for number, text in enumerate(HOSTILE):
        accounts.create_user(engine, text[:100] if text != LONG else f"long-{number}",
                             Role.VIEWER, password=TEST_PASSWORD, display_name=text,
                             actor=text[:120])
        audit.record_now(engine, user=text, action="sign-in-failed", entity_type="user",
                         entity_id=text, detail=text)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def server(hostile_store: str) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("Debian Chromium is missing: run `make browser-deps`")
    with served_in_subprocess(SERVE, [hostile_store], REPO / "test-output" /
                              "security-server.log", REPO) as url:
        yield url


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(base_url=server)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    opened.problems = []
    opened.on("console", lambda m: opened.problems.append(m.text)
              if m.type == "error" or "Content Security Policy" in m.text else None)
    opened.on("pageerror", lambda e: opened.problems.append(f"page error: {e}"))
    opened.on("dialog", lambda d: (opened.problems.append(f"dialog: {d.message}"),
                                   d.dismiss()))
    yield opened
    context.close()


def assert_inert(page: Any) -> None:
    assert page.evaluate("window.__pwned === undefined"), "hostile text ran as code"
    assert page.locator("img[src=x]").count() == 0
    assert page.locator("[onfocus], [onerror]").count() == 0
    assert not [p for p in page.problems if "Security Policy" in p or "dialog" in p]


def test_login_form_shows_hostile_usernames_as_typed(page: Any) -> None:
    page.goto("/login")
    assert page.get_by_text("Demo login: demo / demo — not for production").is_visible()
    assert page.locator(".demo-banner").is_visible()
    for text in HOSTILE[:4]:
        page.fill("#username", text)
        page.fill("#password", "wrong")
        page.click("button[type=submit]")
        page.wait_for_selector("#login-error")
        assert page.input_value("#username") == text
        assert_inert(page)


def test_admin_page_shows_hostile_names_and_audit_text_as_text(page: Any, server: str) -> None:
    sign_in_page(page, server, "demo", "demo")
    page.goto("/admin")
    page.wait_for_selector("#admin-audit-table .dash-cell", state="attached")
    page.wait_for_load_state("networkidle")
    users = page.locator("#admin-users-table").inner_text()
    for text in HOSTILE[:7]:
        assert text[:100] in users
    page.fill("#admin-audit-user input, input#admin-audit-user", HOSTILE[1])
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("document.querySelector('#admin-audit-table').innerText"
                           ".includes('onerror')")
    assert HOSTILE[1] in page.locator("#admin-audit-table").inner_text()
    page.locator("#admin-audit-table td").first.focus()
    assert_inert(page)
    assert page.evaluate("document.body.innerHTML.length") < 2_000_000


def test_audit_export_neutralises_formulas(page: Any, server: str) -> None:
    sign_in_page(page, server, "demo", "demo")
    response = page.request.get("/api/admin/audit.csv?action=sign-in-failed")
    assert response.status == 200
    rows = list(csv.reader(io.StringIO(response.text())))
    header = rows[2]
    details = [dict(zip(header, row, strict=True))["detail"] for row in rows[3:]]
    assert "'" + HOSTILE[4] in details and "'" + HOSTILE[5] in details
    assert "'" + HOSTILE[6] in details and "'-2+3" in details
    assert all(not d.startswith(("=", "+", "@", "-")) for d in details)
    assert max(len(d) for d in details) == audit.MAX_FIELD


def test_commentary_shows_hostile_text_as_typed(page: Any, server: str) -> None:
    sign_in_page(page, server, "demo", "demo")
    page.goto("/indicator?id=cp_plans_rate&area=E10000017&period=Q3-2016-17")
    page.wait_for_selector("#commentary-narrative")
    narrative, action = "\n".join(HOSTILE[:4]), HOSTILE[4]
    page.fill("#commentary-narrative", narrative)
    page.fill("#commentary-action", action)
    page.fill("#commentary-owner", HOSTILE[5])
    page.click("#commentary-save")
    page.wait_for_selector("#commentary-message:has-text('Saved.')")
    shown = page.locator("#commentary-list").inner_text()
    for text in HOSTILE[:6]:
        assert text in shown
    page.click("button:has-text('Approve this commentary')")  # the author cannot approve
    page.wait_for_selector("#commentary-message:has-text('someone other than its author')")
    assert "Awaiting approval" in page.locator("#commentary-list").inner_text()
    assert_inert(page)


def test_every_page_renders_under_the_csp(page: Any, server: str) -> None:
    import dash

    from app import create_app
    create_app(Settings(database_url="sqlite://", demo_login=False))
    paths = [p["path"] for p in dash.page_registry.values() if "<" not in p["path"]]
    sign_in_page(page, server, "demo", "demo")
    for path in paths:
        page.goto(path)
        page.wait_for_selector("#_pages_content:not([data-dash-is-loading])", state="attached")
        page.wait_for_load_state("networkidle")
        assert page.locator("#_pages_content").inner_text().strip(), f"{path} is empty"
    csp = [p for p in page.problems if "Content Security Policy" in p]
    assert csp == [], "\n".join(csp)
    assert_inert(page)


def test_signed_out_browser_is_sent_to_sign_in(page: Any) -> None:
    page.goto("/admin")
    assert page.url.endswith("/login?next=/admin")
    page.fill("#username", "demo")
    page.fill("#password", "demo")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin")
    page.wait_for_selector("#admin-users-table", state="attached")
