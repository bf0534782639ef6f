"""Service tests: a store set up by ``scorecard init-db`` on each backend, and a set-up
store for command-line tests with an officer and an approver to act for."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine

from demo.partnership import DEMO_PROFILE, demo_profile
from domain.areas import area_relationships, default_data_dir, reference_areas
from domain.roles import Role
from services import accounts
from services.catalogue import catalogue
from services.partnerships import load_profile_file
from services.setup import initialise_store
from settings import Settings, load_settings
from store.engine import make_engine
from store.reference import seed_reference_data


@pytest.fixture
def settings(store_settings: Settings) -> Settings:
    return store_settings


@pytest.fixture
def engine(store_settings: Settings, store_engine: Engine) -> Engine:
    return store_engine


@pytest.fixture
def reference_engine(store_engine: Engine) -> Engine:
    """The store with the catalogue and the demo partnership's reference areas seeded."""
    data = default_data_dir()
    seed_reference_data(store_engine, catalogue(), reference_areas(data, [demo_profile()]),
                        area_relationships(data, [demo_profile()]))
    return store_engine


@pytest.fixture
def cli_store(tmp_path: Path, sqlite_template: Path) -> str:
    """The URL of a set-up SQLite store holding the accounts ``officer`` (performance officer)
    and ``approver``, for ``--user``."""
    path = tmp_path / "cli.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    initialise_store(load_settings(database_url=url))
    engine = make_engine(url)
    load_profile_file(engine, DEMO_PROFILE, "test")
    accounts.create_user(engine, "officer", Role.PERFORMANCE_OFFICER, actor="test")
    accounts.create_user(engine, "approver", Role.APPROVER, actor="test")
    engine.dispose()
    return url
