"""Service tests: a store set up by ``scorecard init-db`` on each backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from services.setup import initialise_store
from settings import Settings, load_settings
from store.engine import make_engine


@pytest.fixture
def settings(store_url: str) -> Settings:
    """Settings of a fresh store with reference areas and the catalogue loaded."""
    seeded = load_settings(database_url=store_url)
    initialise_store(seeded)
    return seeded


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()
