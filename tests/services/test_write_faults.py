"""A store fault during a commit or rollback is answered truthfully: what was and was not
stored, never "nothing was lost" about a batch that was kept, and one line on the command line."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path
from typing import Any

import psycopg.errors
import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.exc import OperationalError

import services.uploads as uploads
from cli import main
from services import results
from services.ratings import mismatched_indicators
from services.setup import initialise_store
from services.uploads import commit_upload, rollback_upload
from services.write_faults import WriteFailed, describe
from settings import Settings, load_settings
from store.engine import make_engine
from store.models import Observation, UploadBatch
from tests._partnership import with_demo_partnership

AREAS = ("E07000117", "E07000118", "E07000122")


def figures_csv(path: Path, value: int) -> Path:
    """Looked-after children for three districts over forty quarters."""
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["indicator_id", "area_code", "period", "value"])
        writer.writerows(["cla_number", area, f"Q{q} {year}/{(year + 1) % 100:02d}", value]
                         for year in range(2006, 2016) for q in (1, 2, 3, 4) for area in AREAS)
    return path


def fill_disk(engine: Engine) -> Engine:
    """Make every new connection's database unable to grow, as on a full disk."""
    @event.listens_for(engine, "connect")
    def _full(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA max_page_count = 1")  # clamps to the file's current size
        cursor.close()
    engine.dispose()
    return engine


@pytest.fixture
def settings(tmp_path: Path, sqlite_template: Path) -> Settings:
    path = tmp_path / "store.db"
    path.write_bytes(sqlite_template.read_bytes())
    settings = load_settings(database_url=f"sqlite:///{path}")
    initialise_store(settings)
    with_demo_partnership(settings)
    return settings


def counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (conn.execute(select(func.count()).select_from(UploadBatch)).scalar_one(),
                conn.execute(select(func.count()).select_from(Observation)).scalar_one())


def test_disk_full_commit_says_nothing_was_stored_and_is_true(settings: Settings,
                                                             tmp_path: Path) -> None:
    engine = make_engine(settings.database_url)
    try:
        first = commit_upload(engine, settings, figures_csv(tmp_path / "a.csv", 10),
                              acknowledged_reason="test")
        before = counts(engine)
        fill_disk(engine)
        with pytest.raises(WriteFailed) as raised:
            commit_upload(engine, settings, figures_csv(tmp_path / "b.csv", 20),
                          acknowledged_reason="test")
        assert raised.value.stored is False
        assert str(raised.value).startswith(
            "Nothing from b.csv was stored: the database's disk is full.")
        assert counts(engine) == before
        with engine.connect() as conn:
            assert mismatched_indicators(conn) == []
        assert first.batch_id == 1
    finally:
        engine.dispose()


def test_rollback_failing_half_way_says_the_batch_is_unchanged(
        settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_engine(settings.database_url)
    try:
        first = commit_upload(engine, settings, figures_csv(tmp_path / "a.csv", 10),
                              acknowledged_reason="test")

        def disk_fills(conn: Any, keys: Any) -> None:  # after the figures were restored
            raise OperationalError("INSERT INTO computed_result", {},
                                   sqlite3.OperationalError("database or disk is full"))

        monkeypatch.setattr(results, "store_judgements", disk_fills)
        with pytest.raises(WriteFailed, match=f"Batch {first.batch_id} was not rolled back: "
                                              "the database's disk is full. Its figures"):
            rollback_upload(engine, first.batch_id or 0)
        with engine.connect() as conn:
            status = conn.execute(select(UploadBatch.status)).scalar_one()
            assert mismatched_indicators(conn) == []
        assert (status, counts(engine)) == ("committed", (1, 120))
    finally:
        engine.dispose()


def test_a_commit_confirmed_late_is_reported_as_committed(settings: Settings, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    real_commit = uploads.commit_batch

    def commit_then_lose_the_answer(*args: Any, **kwargs: Any) -> Any:
        real_commit(*args, **kwargs)
        raise OperationalError("COMMIT", {}, ConnectionError("server closed the connection"))

    monkeypatch.setattr(uploads, "commit_batch", commit_then_lose_the_answer)
    engine = make_engine(settings.database_url)
    try:
        outcome = commit_upload(engine, settings, figures_csv(tmp_path / "a.csv", 10),
                                acknowledged_reason="test")
        assert outcome.status == "committed" and outcome.batch_id == 1
        assert outcome.commit is not None and len(outcome.commit.changed_keys) == 120
    finally:
        engine.dispose()


def test_cli_disk_full_prints_one_line_no_traceback(settings: Settings, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    monkeypatch.setattr("store.engine.make_engine", lambda url: fill_disk(make_engine(url)))
    assert main(["--database-url", settings.database_url, "load",
                 str(figures_csv(tmp_path / "a.csv", 10)),
                 "--acknowledge-warnings", "test"]) == 2
    out, err = capsys.readouterr()
    assert err.strip().splitlines() == [
        "scorecard load: Nothing from a.csv was stored: the database's disk is full. The "
        "store is as it was before; free space on the database server, then try again."]
    assert "Traceback" not in out + err


@pytest.mark.parametrize(("orig", "cause"), [
    (psycopg.errors.DiskFull("could not extend file"), "the database's disk is full"),
    (psycopg.errors.ReadOnlySqlTransaction("cannot execute INSERT"), "the store is read-only"),
    (psycopg.errors.AdminShutdown("bye"), "the connection to the database was lost"),
    (psycopg.errors.LockNotAvailable("no"), "the store stayed busy with another change"),
    (sqlite3.OperationalError("attempt to write a readonly database"),
     "the store is read-only"),
    (psycopg.errors.NumericValueOutOfRange("x"),
     "the database refused the write (NumericValueOutOfRange)"),
])
def test_store_faults_are_named_in_plain_words(orig: Exception, cause: str) -> None:
    assert describe(OperationalError("INSERT", {}, orig))[0] == cause
