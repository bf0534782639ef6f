"""Migrations and engine set-up on both backends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, inspect

from settings import load_settings
from store.engine import (
    downgrade_schema,
    make_engine,
    open_engine,
    schema_is_current,
    upgrade_schema,
)

TABLES = {"area", "area_relationship", "indicator", "period", "observation", "upload_batch",
          "validation_issue", "audit_log", "computed_result"}


def test_migrates_from_empty_to_head_and_back(store_url: str) -> None:
    engine = make_engine(store_url)
    downgrade_schema(engine)
    assert not schema_is_current(engine)
    assert TABLES.isdisjoint(inspect(engine).get_table_names())
    upgrade_schema(engine)
    upgrade_schema(engine)  # running it twice is harmless
    assert TABLES <= set(inspect(engine).get_table_names())
    assert schema_is_current(engine)
    engine.dispose()


def test_sqlite_file_gets_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "store.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_schema(engine)
    assert path.exists()
    engine.dispose()


def test_open_engine_disposes_its_engine_also_after_an_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    disposed: list[Engine] = []
    real_dispose = Engine.dispose

    def dispose(self: Engine, close: bool = True) -> None:
        disposed.append(self)
        real_dispose(self, close)

    monkeypatch.setattr(Engine, "dispose", dispose)
    settings = load_settings(database_url=f"sqlite:///{tmp_path / 'store.db'}")
    with open_engine(settings) as engine:
        upgrade_schema(engine)
        assert schema_is_current(engine) and disposed == []
    assert disposed == [engine]
    with pytest.raises(RuntimeError), open_engine(settings) as failing:
        raise RuntimeError("the work failed")
    assert disposed == [engine, failing]


def test_revisions_are_indexed_by_the_figure_they_supersede_and_only_they(
        store_engine: Engine) -> None:
    def revision_index() -> dict[str, Any] | None:
        found = [dict(i) for i in inspect(store_engine).get_indexes("observation")
                 if i["name"] == "ix_observation_supersedes"]
        return found[0] if found else None

    index = revision_index()
    assert index is not None and index["column_names"] == ["supersedes_id"]
    where = [str(v) for v in index.get("dialect_options", {}).values()]
    assert any("supersedes_id IS NOT NULL" in w for w in where), where
    downgrade_schema(store_engine, "0014_judgement_counts")
    assert revision_index() is None
    upgrade_schema(store_engine)
    assert revision_index() is not None
