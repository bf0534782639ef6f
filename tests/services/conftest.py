"""Service tests: a store set up by ``scorecard init-db`` on each backend."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from settings import Settings


@pytest.fixture
def settings(store_settings: Settings) -> Settings:
    return store_settings


@pytest.fixture
def engine(store_settings: Settings, store_engine: Engine) -> Engine:
    return store_engine
