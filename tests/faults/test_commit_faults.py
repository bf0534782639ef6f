"""Commits killed at random points, overlapping, and cut off from the database: afterwards
the store holds each batch whole with its judgements, or nothing of it."""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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
def test_committing_connection_terminated(postgres_url: str, store_settings: Settings,
                                          store_engine: Engine, figures: Figures,
                                          consistent: Consistent) -> None:
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    chance = random.Random("terminate")
    kept = 0
    try:
        for trial in range(4):
            path = figures(f"cut-{trial}.csv", 100 + trial)
            answer: list[UploadOutcome | WriteFailed] = []

            def commit(path: Path = path, answer: list[UploadOutcome | WriteFailed] = answer
                       ) -> None:
                try:
                    answer.append(commit_upload(store_engine, store_settings, path, user="cut",
                                                acknowledged_reason="test"))
                except WriteFailed as error:
                    answer.append(error)

            runner = threading.Thread(target=commit)
            runner.start()
            holder = _lock_holder(admin, runner)
            if holder is not None:
                time.sleep(chance.uniform(0.0, 0.3))
                with admin.connect() as conn:
                    conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": holder})
            runner.join(120)
            committed = consistent(store_engine)
            if isinstance(answer[0], WriteFailed):
                assert answer[0].stored is False and committed == kept
                assert "connection to the database was lost" in str(answer[0])
                again = commit_upload(store_engine, store_settings, path,
                                      acknowledged_reason="test")
                assert again.status == "committed"  # the same file, once back
                committed = consistent(store_engine)
            assert committed == kept + 1
            kept = committed
    finally:
        admin.dispose()


def _lock_holder(admin: Engine, runner: threading.Thread) -> int | None:
    """The backend holding the store's write lock while ``runner`` commits (None if the
    commit ended first)."""
    query = text("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                 "AND ((classid::bigint << 32) | objid::bigint) = :key")
    while runner.is_alive():
        with admin.connect() as conn:
            pid = conn.execute(query, {"key": WRITE_LOCK_KEY}).scalar()
        if pid is not None:
            return int(pid)
        time.sleep(0.01)
    return None
