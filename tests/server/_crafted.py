"""The store, app and signed-in clients the crafted-request suites attack, and how a read is
recognised.

The store is the page tests' seed (Lancashire and its districts, with figures) with an account
for every role; the district viewer is Burnley's (E07000117), and every attack is on Chorley
(E07000118). A read is judged by what comes back: a refusal, or an answer that does not name
Chorley.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine
from werkzeug.test import TestResponse

from app import create_app
from domain.roles import Role
from server.testing import csrf_headers, ensure_user, sign_in
from settings import Settings
from store.engine import make_engine

OWN, OTHER, COUNTY = "E07000117", "E07000118", "E10000017"
PERIOD = "period=Q3-2016-17"
REFUSED = (400, 403)
CHORLEY = re.compile(r"Chorley(?!, South Ribble)")
#: Chorley as the area a page or file is about (headings "Chorley: Q3", "...: Chorley, Q3").
CHORLEY_SHOWN = re.compile(r"Chorley[:,] Q3|: Chorley")


@pytest.fixture(scope="module", name="store")
def store_fixture(tmp_path_factory: pytest.TempPathFactory, seed_store: Settings
                  ) -> Iterator[Engine]:
    path = tmp_path_factory.mktemp("crafted") / "store.db"
    shutil.copy(seed_store.database_url.removeprefix("sqlite:///"), path)
    engine = make_engine(f"sqlite:///{path}")
    for role in Role:
        ensure_user(engine, role, area_code=OWN if role is Role.DISTRICT_VIEWER else None)
    ensure_user(engine, Role.VIEWER, username="pack-owner")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module", name="app")
def app_fixture(store: Engine, seed_store: Settings,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dash]:
    built = create_app(seed_store.with_overrides(
        database_url=store.url.render_as_string(hide_password=False), secret_key="crafted",
        login_rate_limit="1000 per minute", demo_login=False, jobs_mode="worker",
        export_dir=tmp_path_factory.mktemp("packs")))
    built.server.test_client().get("/healthz")  # take Dash's callbacks before another app
    yield built
    built.server.extensions["scorecard_engine"].dispose()


@pytest.fixture(scope="module", name="client")
def client_fixture(app: Dash) -> Callable[[Role | str], FlaskClient]:
    clients: dict[Role | str, FlaskClient] = {}

    def get(who: Role | str) -> FlaskClient:
        if who not in clients:
            clients[who] = app.server.test_client()
            sign_in(clients[who], who if isinstance(who, str)
                    else f"test-{who.key.replace('_', '-')}")
        return clients[who]
    return get


def post(client: FlaskClient, body: dict[str, Any]) -> TestResponse:
    return client.post("/_dash-update-component", json=body, headers=csrf_headers(client))


def reads_other(response: TestResponse, pattern: re.Pattern[str] | None = None) -> bool:
    """Whether an answer carries Chorley's figures: a text answer names it (``pattern``,
    by default anywhere), a file is served."""
    if response.status_code in (*REFUSED, 404):
        return False
    if response.mimetype in ("application/json", "text/csv", "text/html"):
        return bool((pattern or CHORLEY).search(response.get_data(as_text=True)))
    return response.status_code == 200


def names_other(text: str) -> bool:
    """Whether ``text`` names Chorley the district (not the footprint named after it)."""
    return bool(CHORLEY.search(text))
