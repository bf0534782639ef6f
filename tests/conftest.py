"""Shared fixtures: stores on SQLite and PostgreSQL, fresh per test.

PostgreSQL tests use a throwaway database created for the test session at
``SCORECARD_TEST_PG_URL`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``)
and dropped afterwards. Without a reachable server they skip with the reason shown in the
report; they never pass silently.
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from settings import Settings, load_settings
from store.engine import make_engine, upgrade_schema
from store.models import Base

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
#: Debian's Chromium, driven by Playwright; one browser process serves every browser test.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PG_ADMIN_URL = os.environ.get("SCORECARD_TEST_PG_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
#: Tables emptied between tests on the shared PostgreSQL database, children first.
DATA_TABLES = ("pull_run", "catalogue_entry", "computed_result", "judgement_run",
               "validation_issue", "observation", "period", "audit_log", "upload_batch")


def _pg_unavailable_reason() -> str | None:
    try:
        probe = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with probe.connect() as conn:
            conn.execute(text("select 1"))
        probe.dispose()
    except Exception as error:  # any connection failure means "skip with a reason"
        return (f"PostgreSQL not reachable at {make_url(PG_ADMIN_URL).render_as_string()} "
                f"({type(error).__name__}); set SCORECARD_TEST_PG_URL to run these tests")
    return None


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file copied for each test (migrating once keeps tests fast)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_schema(engine)
    engine.dispose()
    return path


@contextmanager
def throwaway_postgres(prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database named ``<prefix>_<random>``, dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    reason = _pg_unavailable_reason()
    if reason:
        pytest.skip(reason)
    with throwaway_postgres("scorecard_test") as url:
        engine = make_engine(url)
        upgrade_schema(engine)
        engine.dispose()
        yield url


def _empty_postgres(engine: Engine) -> None:
    tables = ", ".join(t.name for t in reversed(Base.metadata.sorted_tables))
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """A freshly migrated, empty store on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "store.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    _empty_postgres(engine)
    engine.dispose()
    return url


@pytest.fixture
def store_engine(store_url: str) -> Iterator[Engine]:
    engine = make_engine(store_url)
    yield engine
    engine.dispose()


@pytest.fixture
def store_settings(store_url: str, tmp_path: Path) -> Settings:
    """Settings of a fresh store set up by ``scorecard init-db`` (areas and the catalogue)
    holding the demo partnership's profile, on each backend, uploads kept in the test's
    folder."""
    from demo.partnership import DEMO_PROFILE
    from services.partnerships import load_profile_file
    from services.setup import initialise_store
    settings = load_settings(database_url=store_url).with_overrides(
        upload_dir=tmp_path / "uploads")
    initialise_store(settings)
    engine = make_engine(store_url)
    try:
        load_profile_file(engine, DEMO_PROFILE, "test")
    finally:
        engine.dispose()
    return settings


def fetched_status(client: Any, url: str) -> int:
    """The status of a test client's GET of ``url``, the response closed (files stream)."""
    response = client.get(url)
    response.close()
    return int(response.status_code)


@contextmanager
def running_app(settings: Settings, **overrides: Any) -> Iterator[Any]:
    """The Dash app over ``settings`` with ``overrides``; its database engine is disposed
    when the block ends."""
    from app import create_app
    built = create_app(settings.with_overrides(**overrides))
    try:
        yield built
    finally:
        built.server.extensions["scorecard_engine"].dispose()


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A small scorecard store for page and service tests (``tests/_seed.py``): Lancashire,
    England, the North West and illustrative districts, judgements computed."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("scorecard_test_seed",
                                                  Path(__file__).with_name("_seed.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    settings: Settings = module.build_seed_store(tmp_path_factory.mktemp("seed") / "seed.db")
    return settings


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run `make browser-deps` (Debian's chromium "
                    "package) to run the browser tests")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Any]:
    """One Playwright Chromium for the whole run (two sync Playwrights cannot share a loop)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(autouse=True)
def _root_logging_as_it_was() -> Iterator[None]:
    """Each test leaves the root logger as it found it: an app made in one test sends the
    records of every later one (a command's, say) to stderr as JSON otherwise."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
