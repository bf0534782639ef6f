"""Page tests: the app over the small seed store, read by a Board viewer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dash import Dash

from app import create_app
from settings import Settings


@pytest.fixture(scope="module")
def app(seed_store: Settings) -> Iterator[Dash]:
    """One app per test module over the seed store, every request a signed-in viewer."""
    built = create_app(seed_store.with_overrides(login_disabled_as="viewer",
                                                 secret_key="page-tests"))
    yield built
    built.server.extensions["scorecard_engine"].dispose()
