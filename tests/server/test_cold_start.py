"""Every page loads from a cold gunicorn: the production config, restarted several times.

Each start gets, at once and before any worker has answered anything, every page's HTML, its
layout, its callback list and every JavaScript bundle the page loads (named in the page or
loaded on demand, such as plotly), signed in. A worker that takes requests before Dash's
set-up has finished refuses a bundle (Dash's ``DependencyException``, which the app answers
as a 404) or sends a callback list without the page router: either way the page stays blank.
Any answer but 200 fails, as does a traceback or ``DependencyException`` in the server's log.
The requests queue on the listening socket while the workers boot, so they arrive together.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import dash
import pytest

from domain.roles import Role
from layouts._shell import page_scripts
from server.page_cache import ROUTER_OUTPUT
from server.testing import ensure_user, sign_in
from settings import Settings
from store.engine import make_engine

from ..conftest import REPO_ROOT, fetched_status, running_app

#: Without the set-up at worker boot about half of the starts show the race (the test is
#: bounded to about a minute).
STARTS = 6
#: Each URL is asked for this many times at once per start, to crowd the first moments.
COPIES = 3
SECRET = "cold-start-test"
#: gunicorn as ``python -m gunicorn`` runs it, with threads switched far more often than by
#: default so that a race between a worker's first requests shows on most starts.
_GUNICORN = ("import sys; sys.setswitchinterval(1e-6); sys.argv[0] = 'gunicorn'; "
             "from gunicorn.app.wsgiapp import run; run()")


@dataclass(frozen=True)
class Target:
    """What the cold server is asked for, and how a client signed in as an admin asks."""
    urls: tuple[str, ...]
    cookie: str
    database_url: str


def _async_bundles() -> set[str]:
    """The bundles a page loads on demand (the plotly library, the graph, dropdown...)."""
    found = set()
    for library in (dash.dcc, dash.dash_table):
        for entry in library._js_dist:  # type: ignore[attr-defined]
            if "async" not in entry:
                continue
            paths = entry["relative_package_path"]
            for path in paths if isinstance(paths, list) else [paths]:
                if path.endswith(".js"):
                    found.add(f"/_dash-component-suites/{entry['namespace']}/{path}")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def target(seed_store: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    """A copy of the seeded SQLite store, an admin's session cookie for it, and every URL a
    first load of each page fetches (read from the same code in this process, so the server
    stays cold)."""
    copy = tmp_path_factory.mktemp("cold") / "store.db"
    shutil.copy(seed_store.database_url.removeprefix("sqlite:///"), copy)
    settings = seed_store.with_overrides(database_url=f"sqlite:///{copy}", secret_key=SECRET)
    engine = make_engine(settings.database_url)
    username, password = ensure_user(engine, Role.ADMIN)
    engine.dispose()
    with running_app(settings) as app:
        client = app.server.test_client()
        sign_in(client, username, password)
        urls = {"/_dash-layout", "/_dash-dependencies"}
        for page in dash.page_registry.values():
            path = page["path"]
            if "<" in path or path == "/not-found":
                continue
            html = client.get(path)
            assert html.status_code == 200, path
            urls.add(path)
            scripts = page_scripts(html.get_data(as_text=True))
            assert any("dash_renderer" in url for url in scripts), path
            urls.update(scripts)
        urls.update(_async_bundles())
        for url in urls - {"/_dash-layout", "/_dash-dependencies"}:
            assert fetched_status(client, url) == 200, url
        assert any("plotly.min.js" in url for url in urls), "the plotly bundle is not fetched"
        cookie = client.get_cookie("scorecard_session")
        assert cookie is not None
    yield Target(tuple(sorted(urls)), f"scorecard_session={cookie.value}",
                 settings.database_url)


def _fetch(base: str, path: str, cookie: str) -> tuple[str, int, bytes]:
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return path, response.status, response.read()
    except urllib.error.HTTPError as error:
        return path, error.code, error.read()


def _listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    """Wait for gunicorn's socket (no HTTP request, so no worker is warmed)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn stopped: {log.read_text()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("gunicorn did not listen within 30 s")


def _cold_start(target: Target, log: Path) -> list[str]:
    """Start gunicorn, fetch everything at once, stop it; the problems seen."""
    port = _free_port()
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}",
           "DATABASE_URL": target.database_url, "SECRET_KEY": SECRET,
           "PYTHONPATH": str(REPO_ROOT)}
    with log.open("w", encoding="utf-8") as err:
        process = subprocess.Popen(
            [sys.executable, "-c", _GUNICORN, "-c", "gunicorn.conf.py", "server.wsgi:server"],
            cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
        try:
            _listening(port, process, log)
            base = f"http://127.0.0.1:{port}"
            jobs = [url for url in target.urls for _ in range(COPIES)]
            with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
                answers = list(pool.map(lambda url: _fetch(base, url, target.cookie), jobs))
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
    problems = [f"{path}: {status}" for path, status, _ in answers if status >= 500]
    problems += [f"{path}: {status} (not 200)" for path, status, _ in answers
                 if status != 200 and status < 500]
    problems += ["/_dash-dependencies without the page router (blank page)"
                 for path, status, body in answers
                 if path == "/_dash-dependencies" and status == 200
                 and ROUTER_OUTPUT.encode() not in body]
    text = log.read_text(encoding="utf-8")
    problems += [f"server log: {line[:200]}" for line in text.splitlines()
                 if "DependencyException" in line or "Traceback" in line]
    return problems


def test_every_page_loads_from_a_cold_gunicorn(target: Target, tmp_path: Path) -> None:
    problems: list[str] = []
    for start in range(STARTS):
        problems += [f"start {start + 1}: {p}"
                     for p in _cold_start(target, tmp_path / f"gunicorn-{start}.log")]
    assert not problems, "\n".join(problems)
