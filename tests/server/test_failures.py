"""Faults answered truthfully: the database going away mid-use, a read-only store, ids and
numbers no store row can have, database errors wrapped by pandas.

For the outage the app talks to PostgreSQL through a TCP relay on loopback that the test stops
and starts, the way a database restart or a network cut looks to the app. Bounded: every step
has a timeout and the relay refuses connections outright while stopped.
"""

from __future__ import annotations

import logging
import shutil
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from dash import Dash
from flask.testing import FlaskClient
from pandas.errors import DatabaseError as PandasDatabaseError
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

from app import create_app
from domain.roles import Role
from server.testing import (
    csrf_headers,
    ensure_user,
    form_token,
    page_draw_body,
    role_change_body,
    sign_in,
)
from settings import Settings
from store.engine import make_engine, upgrade_schema

from .conftest import seed_areas

HUGE = "9" * 25


class Relay:
    """Forwards loopback connections to PostgreSQL until stopped; can be restarted."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self.listener: socket.socket | None = None
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        if self.listener is not None:
            try:
                self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
            except OSError:
                pass
            self.listener.close()
            self.listener = None
        with self.lock:
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
            self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target, timeout=5)
            upstream.settimeout(None)
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.close()
                except OSError:
                    pass


@pytest.fixture
def relayed_url(postgres_url: str) -> Iterator[tuple[str, Relay]]:
    admin_url = make_url(postgres_url).set(database="postgres")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"scorecard_outage_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    direct = make_url(postgres_url).set(database=name)
    engine = make_engine(direct.render_as_string(hide_password=False))
    upgrade_schema(engine)
    seed_areas(engine)
    ensure_user(engine, Role.VIEWER)
    engine.dispose()
    relay = Relay((direct.host or "127.0.0.1", direct.port or 5432))
    relay.start()
    url = direct.set(host="127.0.0.1", port=relay.port,
                     query={"connect_timeout": "3"}).render_as_string(hide_password=False)
    yield url, relay
    relay.stop()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


PAGE = page_draw_body("/")


@pytest.mark.postgres
def test_database_outage_gives_clear_errors_and_recovers(
        relayed_url: tuple[str, Relay]) -> None:
    url, relay = relayed_url
    app = create_app(Settings(database_url=url, secret_key="t", demo_login=False))
    client = app.server.test_client()
    sign_in(client, "test-viewer")
    headers = csrf_headers(client)
    started = time.monotonic()

    assert client.get("/healthz").status_code == 200
    assert client.post("/_dash-update-component", json=PAGE, headers=headers).status_code == 200

    relay.stop()
    health = client.get("/healthz")
    assert (health.status_code, health.get_json()["database"]) == (503, "unreachable")
    page = client.post("/_dash-update-component", json=PAGE, headers=headers)
    assert page.status_code == 200  # the message appears where the page goes
    content = str(page.get_json()["response"]["_pages_content"]["children"])
    assert "The scorecard database is unavailable" in content
    newcomer = app.server.test_client()
    token = form_token(newcomer.get("/login").get_data(as_text=True))
    refused = newcomer.post("/login", data={"username": "test-viewer",
                                            "password": "x" * 12, "csrf_token": token})
    assert refused.status_code == 503
    text_ = refused.get_data(as_text=True)
    assert "The scorecard database is unavailable" in text_ and "psycopg" not in text_
    assert refused.headers["Retry-After"] == "30"

    relay.start()
    deadline = time.monotonic() + 15
    while client.get("/healthz").status_code != 200:
        assert time.monotonic() < deadline, "the app did not recover"
        time.sleep(0.2)
    recovered = client.post("/_dash-update-component", json=PAGE, headers=headers)
    assert recovered.status_code == 200
    assert "unavailable" not in str(recovered.get_json())
    sign_in(newcomer, "test-viewer")
    assert time.monotonic() - started < 60
    app.server.extensions["scorecard_engine"].dispose()


@pytest.mark.parametrize(("method", "path"), [
    ("get", f"/api/jobs/{HUGE}"),
    ("get", f"/api/exports/snapshots/{HUGE}.csv"),
    ("get", f"/api/exports/jobs/{HUGE}.pdf"),
    ("post", f"/api/batches/{HUGE}/rollback"),
    ("get", f"/api/jobs/{2**31}"),
])
def test_ids_no_store_row_can_have_are_not_found(
        shared_client: Callable[[Role | None], FlaskClient], method: str, path: str) -> None:
    client = shared_client(Role.ADMIN)
    response = getattr(client, method)(path, headers=csrf_headers(client))
    assert response.status_code == 404
    assert response.get_json()["error"] == "Page not found"


def _faulty_app(make_app: Callable[..., Dash], error: Exception) -> FlaskClient:
    app = make_app(login_disabled_as="viewer")

    @app.server.get("/api/exports/fault")
    def fault() -> str:
        raise error
    return app.server.test_client()


def test_a_connection_killed_under_pandas_is_unavailable_not_a_crash(
        make_app: Callable[..., Dash], caplog: pytest.LogCaptureFixture) -> None:
    killed = OperationalError("SELECT 1", {}, Exception(
        "terminating connection due to administrator command"))
    wrapped = PandasDatabaseError("Execution failed on sql 'SELECT 1'")
    wrapped.__cause__ = killed
    with caplog.at_level(logging.ERROR, logger="scorecard.errors"):
        response = _faulty_app(make_app, wrapped).get("/api/exports/fault")
    assert (response.status_code, response.headers["Retry-After"]) == (503, "30")
    assert "DatabaseError" not in response.get_data(as_text=True)
    assert "store is unreachable: terminating connection" in caplog.text


def test_a_page_whose_query_loses_its_connection_says_the_database_is_unavailable(
        make_app: Callable[..., Dash], monkeypatch: pytest.MonkeyPatch) -> None:
    client = make_app(login_disabled_as="viewer").server.test_client()

    def killed(*_args: object, **_kwargs: object) -> None:
        raise PandasDatabaseError("Execution failed") from OperationalError(
            "SELECT", {}, Exception("server closed the connection unexpectedly"))
    monkeypatch.setattr("layouts._data.store_has_figures", killed)
    page = client.post("/_dash-update-component", json=PAGE)
    assert page.status_code == 200
    assert "The scorecard database is unavailable" in str(
        page.get_json()["response"]["_pages_content"]["children"])


def test_a_statement_the_store_refuses_under_pandas_is_still_an_error(
        make_app: Callable[..., Dash]) -> None:
    wrapped = PandasDatabaseError("Execution failed")
    wrapped.__cause__ = ProgrammingError("SELECT", {}, Exception("no such column: x"))
    response = _faulty_app(make_app, wrapped).get("/api/exports/fault")
    assert response.status_code == 500
    assert "no such column" not in response.get_data(as_text=True)


@pytest.fixture(params=["wal", "delete"])
def read_only_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """A store opened read-only, in write-ahead or in rollback-journal mode."""
    path = tmp_path / "store.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    seed_areas(engine)
    ensure_user(engine, Role.ADMIN)
    ensure_user(engine, Role.VIEWER)
    engine.dispose()
    if request.param == "delete":
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.close()
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def test_a_read_only_store_serves_reads_and_says_why_writes_fail(
        read_only_url: str, caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(Settings(database_url=read_only_url, secret_key="t", demo_login=False))
    client = app.server.test_client()
    with caplog.at_level(logging.WARNING):
        sign_in(client, "test-admin")  # the sign-in itself cannot be recorded
        assert "store is read-only: attempt to write a readonly database" in caplog.text
        headers = csrf_headers(client)
        page = client.post("/_dash-update-component", json=PAGE, headers=headers)
        assert page.status_code == 200 and "unavailable" not in page.get_data(as_text=True)
        assert client.get("/healthz").status_code == 200
        caplog.clear()
        write = client.post("/api/batches/1/rollback", headers=headers)
    assert write.status_code == 503
    assert "read-only" in write.get_json()["error"]
    logged = [r.getMessage() for r in caplog.records if r.name == "scorecard.errors"]
    address = make_url(read_only_url).render_as_string(hide_password=True)
    assert logged == [f"store is read-only: attempt to write a readonly database ({address})"]
    app.server.extensions["scorecard_engine"].dispose()


def test_a_change_made_on_a_page_of_a_read_only_store_says_nothing_was_changed(
        read_only_url: str) -> None:
    app = create_app(Settings(database_url=read_only_url, secret_key="t", demo_login=False))
    client = app.server.test_client()
    sign_in(client, "test-admin")
    answer = client.post("/_dash-update-component",
                         json=role_change_body("test-viewer", "approver"),
                         headers=csrf_headers(client))
    assert answer.status_code == 200
    shown = answer.get_json()["sideUpdate"]["app-error"]["children"]
    assert shown.startswith("The scorecard's database is read-only just now")
    assert "Nothing was changed" in shown
    app.server.extensions["scorecard_engine"].dispose()
