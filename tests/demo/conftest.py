"""The demo store, built and loaded once per test run for every demo test module."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from demo.build import build_demo_workbooks
from demo.load import DemoSummary, load_demo
from services.setup import initialise_store
from settings import Settings, load_settings
from store.engine import make_engine


@dataclass
class DemoStore:
    settings: Settings
    paths: list[Path]
    summary: DemoSummary
    engine: Engine


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoStore]:
    folder = tmp_path_factory.mktemp("demo")
    settings = load_settings(database_url=f"sqlite:///{folder / 'demo.db'}",
                             demo_dir=folder / "workbooks")
    initialise_store(settings)
    paths = build_demo_workbooks(settings)
    summary = load_demo(settings, user="demo", paths=paths)
    engine = make_engine(settings.database_url)
    yield DemoStore(settings, paths, summary, engine)
    engine.dispose()


