"""Commits killed at random points, overlapping, and cut off from the database: afterwards
the store holds each batch whole with its judgements, or nothing of it."""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from services.uploads import UploadOutcome, commit_upload, rollback_upload
from services.write_faults import WriteFailed
from settings import Settings
from store.locks import WRITE_LOCK_KEY

Figures = Callable[[str, int], Path]
Consistent = Callable[[Engine], int]
Killed = Callable[[list[str], str, int | None], tuple[int, bool]]
#: Kills per backend (SQLite and PostgreSQL: twenty in all).
KILL_TRIALS = 10
COMMIT = """
import sys
from pathlib import Path
from sqlalchemy import event
from services.uploads import commit_upload
from settings import load_settings
from store.engine import make_engine

settings = load_settings(database_url=sys.argv[1])
engine = make_engine(settings.database_url)

@event.listens_for(engine, "before_cursor_execute")
def executing(conn, cursor, statement, parameters, context, executemany):
    print("SQL", statement.split(None, 1)[0], flush=True)

@event.listens_for(engine, "commit")
def committing(conn):
    print("SQL COMMIT", flush=True)

commit_upload(engine, settings, Path(sys.argv[2]), user="killed", acknowledged_reason="test")
print("DONE", flush=True)
"""


def test_commit_killed_at_random_points(store_settings: Settings, store_engine: Engine,
                                        figures: Figures, consistent: Consistent,
                                        killed: Killed) -> None:
    def commit(name: str, value: int, kill_at: int | None) -> tuple[int, bool]:
        return killed([COMMIT, store_settings.database_url, str(figures(name, value))], "DONE",
                      kill_at)

    assert commit("base.csv", 100, None)[1]
    statements, _ = commit("revision.csv", 150, None)
    assert statements > 10 and consistent(store_engine) == 2
    chance = random.Random(f"{store_engine.dialect.name}-{os.environ.get('SCORECARD_FAULT_SEED')}")
    kept, lost = 2, 0
    for trial in range(KILL_TRIALS):  # each kill lands after a random statement
        _, finished = commit(f"trial-{trial}.csv", 200 + 10 * trial,
                             chance.randint(1, statements + 1))
        store_engine.dispose()
        committed = consistent(store_engine)
        assert committed == kept + 1 if finished else committed in (kept, kept + 1)
        lost += committed == kept
        kept = committed
    assert lost >= 1, "no kill landed before a commit was kept"


@pytest.mark.parametrize("ways", [2, 5])
def test_overlapping_commits_are_serialised(store_settings: Settings, store_engine: Engine,
                                            figures: Figures, consistent: Consistent,
                                            ways: int) -> None:
    paths = [figures(f"overlap-{n}.csv", 100 * (n + 1)) for n in range(ways)]
    start = threading.Barrier(ways)

    def commit(path: Path) -> UploadOutcome:
        start.wait(timeout=30)
        return commit_upload(store_engine, store_settings, path, user="overlap",
                             acknowledged_reason="t")

    with ThreadPoolExecutor(ways) as pool:
        outcomes = list(pool.map(commit, paths))
    assert [o.status for o in outcomes] == ["committed"] * ways
    assert consistent(store_engine) == ways
    revised = sorted(o.commit.rows_revised for o in outcomes if o.commit is not None)
    assert revised == [0] + [2000] * (ways - 1)  # each revised the one before: none lost
    for outcome in sorted(outcomes, key=lambda o: -(o.batch_id or 0)):
        rollback_upload(store_engine, outcome.batch_id or 0, "overlap")
        consistent(store_engine)


@pytest.mark.parametrize("store_url", [pytest.param("postgres", marks=pytest.mark.postgres)],
                         indirect=True)
def test_committing_connection_terminated_under_load(
        postgres_url: str, store_settings: Settings, store_engine: Engine, figures: Figures,
        consistent: Consistent) -> None:
    """Three commits at once; the one holding the write lock has its connection ended."""
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    chance = random.Random("terminate")
    kept, cut = 0, 0

    def commit(path: Path) -> UploadOutcome | WriteFailed:
        try:
            return commit_upload(store_engine, store_settings, path, user="cut",
                                 acknowledged_reason="test")
        except WriteFailed as error:
            return error

    try:
        for trial in range(3):
            paths = [figures(f"cut-{trial}-{n}.csv", 100 * n + trial) for n in range(3)]
            with ThreadPoolExecutor(3) as pool:
                answers = [pool.submit(commit, path) for path in paths]
                holder = _lock_holder(admin, answers[0])
                if holder is not None:
                    time.sleep(chance.uniform(0.0, 0.3))
                    with admin.connect() as conn:
                        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": holder})
            results = [answer.result(timeout=120) for answer in answers]
            failed = [path for path, result in zip(paths, results, strict=True)
                      if isinstance(result, WriteFailed)]
            assert all(isinstance(r, UploadOutcome) and r.status == "committed" or (
                isinstance(r, WriteFailed) and r.stored is False
                and "connection to the database was lost" in str(r)) for r in results)
            assert consistent(store_engine) == kept + 3 - len(failed)
            for path in failed:  # the same file again, once the connection is back
                assert commit_upload(store_engine, store_settings, path,
                                     acknowledged_reason="test").status == "committed"
            kept += 3
            cut += len(failed)
            assert consistent(store_engine) == kept
        assert cut >= 1, "no commit was cut off"
    finally:
        admin.dispose()


def _lock_holder(admin: Engine, commit: Future[UploadOutcome | WriteFailed]) -> int | None:
    """The backend holding the store's write lock while commits run (None if they all
    ended first)."""
    query = text("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                 "AND ((classid::bigint << 32) | objid::bigint) = :key")
    while not commit.done():
        with admin.connect() as conn:
            pid = conn.execute(query, {"key": WRITE_LOCK_KEY}).scalar()
        if pid is not None:
            return int(pid)
        time.sleep(0.01)
    return None
