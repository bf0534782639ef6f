"""The database going away mid-use: clear answers while it is down, recovery when it returns.

The app talks to PostgreSQL through a TCP relay on loopback that the test stops and starts,
the way a database restart or a network cut looks to the app. Bounded: every step has a
timeout and the relay refuses connections outright while stopped.
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from server.roles import Role
from server.testing import csrf_headers, ensure_user, form_token, page_draw_body, sign_in
from settings import Settings
from store.engine import make_engine, upgrade_schema

from .conftest import seed_areas

pytestmark = pytest.mark.postgres


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
