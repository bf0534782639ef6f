"""Whether the store answers: yes for a working store, no for one that cannot be opened."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from store.engine import make_engine
from store.health import is_reachable


def test_a_working_store_is_reachable(store_engine: Engine) -> None:
    assert is_reachable(store_engine)


def test_an_unreachable_store_is_not(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    engine = make_engine(f"sqlite:///file:{missing}/store.db?mode=ro&uri=true")
    assert not is_reachable(engine)
    engine.dispose()
