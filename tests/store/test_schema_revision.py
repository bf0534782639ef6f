"""A store at another release's migration is refused by name, never served as if current."""

from __future__ import annotations

import pytest

from cli import main
from settings import Settings
from store.engine import (
    MIGRATIONS_DIR,
    downgrade_schema,
    head_revision,
    make_engine,
    schema_behind,
    upgrade_schema,
)

from ..conftest import running_app

EARLIER = "0012_compact_store"


def test_the_head_is_the_newest_migration_file() -> None:
    newest = sorted(p.stem for p in (MIGRATIONS_DIR / "versions").glob("0*.py"))[-1]
    assert head_revision() == newest


def test_a_store_behind_is_named_with_what_to_run(store_settings: Settings,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(store_settings.database_url)
    try:
        assert schema_behind(engine) is None
        downgrade_schema(engine, EARLIER)
        reason = schema_behind(engine)
        assert reason is not None and EARLIER in reason and head_revision() in reason
        assert "scorecard init-db" in reason
        with running_app(store_settings, login_disabled_as="viewer") as app:
            answer = app.server.test_client().get("/healthz")
            assert answer.status_code == 503 and "init-db" in answer.get_json()["schema"]
        assert main(["--database-url", store_settings.database_url, "batches"]) == 2
        assert EARLIER in capsys.readouterr().err
        upgrade_schema(engine)
        assert schema_behind(engine) is None
        with running_app(store_settings, login_disabled_as="viewer") as app:
            assert app.server.test_client().get("/healthz").status_code == 200
    finally:
        engine.dispose()
