"""``scorecard demo`` makes sure the demo sign-in exists, beside real accounts too, but only
while demo sign-in is switched on."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cli.demo import _demo_account
from domain.roles import Role
from server.testing import ensure_user
from services import accounts
from settings import Settings
from store.engine import make_engine


@pytest.fixture
def seeded_engine(tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    shutil.copy(sqlite_template, tmp_path / "store.db")
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    yield engine
    engine.dispose()


def _settings(engine: Engine, demo_login: bool) -> Settings:
    return Settings(database_url=engine.url.render_as_string(hide_password=False),
                    demo_login=demo_login)


def test_the_demo_command_adds_the_demo_account_beside_real_ones(
        seeded_engine: Engine) -> None:
    ensure_user(seeded_engine, Role.ADMIN, "alice")
    assert not accounts.ensure_demo_account(seeded_engine)  # server start: users exist
    assert _demo_account(_settings(seeded_engine, True)) == "demo"
    assert accounts.authenticate(seeded_engine, "demo", "demo") is not None
    assert _demo_account(_settings(seeded_engine, True)) == "demo"  # once only
    assert len(accounts.list_users(seeded_engine)) == 2


def test_never_with_demo_sign_in_off(seeded_engine: Engine) -> None:
    assert _demo_account(_settings(seeded_engine, False)) == "cli"
    assert not accounts.demo_account_exists(seeded_engine)
