"""Signing in from tests: real accounts, the real /login form, the real CSRF token.

Two ways for a test to run signed in:

* ``create_app(Settings(..., login_disabled_as="viewer"))``: every request is that role (or
  ``"district_viewer:E07000105"``) and the CSRF check is off. For page and callback tests that
  are not about access control. Never read from the environment, so production cannot set it.
* :func:`sign_in` with an account from :func:`ensure_user`, through the sign-in form, for
  tests of access control itself; then send :func:`csrf_headers` with each POST, or use
  :func:`sign_in_page` to sign a Playwright page in.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from domain.roles import Role
from server.page_cache import router_body
from server.security import CSRF_COOKIE, CSRF_HEADER
from services import accounts
from store.engine import Engine

TEST_PASSWORD = "correct horse battery staple"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def ensure_user(engine: Engine, role: Role | str, username: str | None = None,
                area_code: str | None = None) -> tuple[str, str]:
    """An active account with ``role`` (created if missing); returns (username, password)."""
    role = role if isinstance(role, Role) else Role.parse(role)
    username = username or f"test-{role.key.replace('_', '-')}"
    with engine.connect() as conn:
        existing = accounts.find_user(conn, username)
    if existing is None:
        accounts.create_user(engine, username, role, password=TEST_PASSWORD,
                             area_code=area_code, display_name=f"Test {role.label}",
                             actor="test")
    return username, TEST_PASSWORD


def form_token(html: str) -> str:
    """The CSRF token in a served form."""
    found = _TOKEN.search(html)
    if not found:
        raise AssertionError("The page has no CSRF token field.")
    return found.group(1)


def sign_in(client: FlaskClient, username: str, password: str = TEST_PASSWORD) -> Any:
    """Sign ``client`` in through the form; returns the POST response (302 on success)."""
    token = form_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": token})
    if response.status_code != 302:
        raise AssertionError(f"Sign-in as {username!r} failed: {response.status_code}")
    return response


def csrf_headers(client: FlaskClient) -> dict[str, str]:
    """The header a signed-in client must send with a POST (as Dash and page scripts do)."""
    client.get("/_dash-layout")  # any signed-in GET sets the cookie
    cookie = client.get_cookie(CSRF_COOKIE)
    if cookie is None:
        raise AssertionError("No CSRF cookie: is the client signed in?")
    return {CSRF_HEADER: cookie.value}


def sign_in_page(page: Any, base_url: str, username: str,
                 password: str = TEST_PASSWORD) -> None:
    """Sign a Playwright page in through the form (then it can open any page)."""
    page.goto(f"{base_url}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def page_draw_body(path: str, search: str = "", changed: str = "pathname") -> dict[str, Any]:
    """The body Dash's renderer posts to ``/_dash-update-component`` to draw the page at
    ``path?search`` (the Pages router callback); tests and benchmarks send it as a browser
    would."""
    return router_body(path, search, changed)


def role_change_body(username: str, role: str) -> dict[str, Any]:
    """The body the Admin page posts when an administrator saves ``role`` for ``username``."""
    return {
        "output": "..admin-user-status.children...admin-users-table.data...admin-refresh.data..",
        "outputs": [{"id": "admin-user-status", "property": "children"},
                    {"id": "admin-users-table", "property": "data"},
                    {"id": "admin-refresh", "property": "data"}],
        "inputs": [{"id": "admin-role-save", "property": "n_clicks", "value": 1},
                   {"id": "admin-active-toggle", "property": "n_clicks", "value": 0}],
        "state": [{"id": "admin-user-select", "property": "value", "value": username},
                  {"id": "admin-role-select", "property": "value", "value": role},
                  {"id": "admin-area-select", "property": "value", "value": None},
                  {"id": "admin-refresh", "property": "data", "value": 0}],
        "changedPropIds": ["admin-role-save.n_clicks"]}


@contextmanager
def served_in_subprocess(script: Path, arguments: Sequence[str], log_path: Path, cwd: Path,
                         seconds: float = 30.0) -> Iterator[str]:
    """Run ``script`` (which prints its port on its first line and serves the app) in its own
    process; yield its base URL once ``/healthz`` answers, and stop it afterwards. The
    process's stderr goes to ``log_path``, which an error names."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen([sys.executable, str(script), *arguments], cwd=cwd,
                                   stdout=subprocess.PIPE, stderr=log, text=True)
        try:
            assert process.stdout is not None
            port = process.stdout.readline().strip()
            if not port.isdigit():
                raise AssertionError(f"The app did not start; see {log_path}")
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + seconds
            while True:
                try:
                    urllib.request.urlopen(f"{url}/healthz", timeout=2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise AssertionError(f"The app did not answer; see {log_path}") \
                            from None
                    time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)
            if process.stdout is not None:
                process.stdout.close()
