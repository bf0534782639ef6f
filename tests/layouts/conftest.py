"""Page tests: the app over the small seed store, every request signed in with one role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dash import Dash

from app import create_app
from settings import Settings


def seed_app(seed_store: Settings, role: str) -> Iterator[Dash]:
    """The app over the seed store, every request signed in as ``role``; disposed after."""
    built = create_app(seed_store.with_overrides(login_disabled_as=role,
                                                 secret_key="page-tests"))
    yield built
    built.server.extensions["scorecard_engine"].dispose()


@pytest.fixture(scope="module")
def app(seed_store: Settings) -> Iterator[Dash]:
    """One app per test module, read by a Board viewer."""
    yield from seed_app(seed_store, "viewer")
