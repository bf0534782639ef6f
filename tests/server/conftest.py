"""Apps with sign-in switched on, over a store holding a county, two districts and England."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine, insert

from app import create_app
from domain.roles import Role
from server.testing import ensure_user, sign_in
from settings import Settings
from store.engine import make_engine
from store.models import Area

COUNTY, OWN_DISTRICT, OTHER_DISTRICT, ENGLAND = "E10000017", "E07000117", "E07000118", \
    "E92000001"


def seed_areas(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(Area), [
            {"code": ENGLAND, "name": "England", "type": "england"},
            {"code": COUNTY, "name": "Lancashire", "type": "county"},
            {"code": OWN_DISTRICT, "name": "Burnley", "type": "district",
             "parent_code": COUNTY},
            {"code": OTHER_DISTRICT, "name": "Chorley", "type": "district",
             "parent_code": COUNTY},
        ])


@pytest.fixture
def seeded_engine(tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    """A migrated SQLite store with areas (access control does not differ by database)."""
    path = tmp_path / "store.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    seed_areas(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def make_app(seeded_engine: Engine) -> Callable[..., Dash]:
    """Build an app over the seeded store; keyword arguments override settings."""
    url = seeded_engine.url.render_as_string(hide_password=False)

    def build(**overrides: Any) -> Dash:
        overrides.setdefault("login_rate_limit", "1000 per minute")
        overrides.setdefault("demo_login", False)
        return create_app(Settings(database_url=url, secret_key="test-secret",
                                   **overrides))
    return build


@pytest.fixture
def app(make_app: Callable[..., Dash]) -> Iterator[Dash]:
    built = make_app()
    yield built
    built.server.extensions["scorecard_engine"].dispose()


@pytest.fixture
def client_as(app: Dash, seeded_engine: Engine) -> Callable[[Role | None], FlaskClient]:
    """A test client signed in with a role (None: signed out)."""
    def make(role: Role | None) -> FlaskClient:
        client = app.server.test_client()
        if role is not None:
            area = OWN_DISTRICT if role is Role.DISTRICT_VIEWER else None
            username, password = ensure_user(seeded_engine, role, area_code=area)
            sign_in(client, username, password)
        return client
    return make


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
               ) -> Iterator[Dash]:
    """One app per test module, for tests that only read (signing in is the slow part)."""
    path = tmp_path_factory.mktemp("shared") / "store.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    seed_areas(engine)
    for role in Role:
        ensure_user(engine, role, area_code=OWN_DISTRICT if role is Role.DISTRICT_VIEWER
                    else None)
    engine.dispose()
    built = create_app(Settings(database_url=f"sqlite:///{path}", secret_key="test-secret",
                                login_rate_limit="1000 per minute", demo_login=False))
    yield built
    built.server.extensions["scorecard_engine"].dispose()


@pytest.fixture(scope="module")
def shared_client(shared_app: Dash) -> Callable[[Role | None], FlaskClient]:
    """Signed-in clients of :func:`shared_app`, one per role, reused across the module."""
    clients: dict[Role | None, FlaskClient] = {}

    def get(role: Role | None) -> FlaskClient:
        if role not in clients:
            client = shared_app.server.test_client()
            if role is not None:
                sign_in(client, f"test-{role.key.replace('_', '-')}")
            clients[role] = client
        return clients[role]
    return get
