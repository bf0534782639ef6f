"""The ``pull_run`` table: each fetch of published figures, when it ran and how it ended."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select, update

from store.models import PullRun, utcnow

RUN_COLUMNS = ["id", "source", "started_at", "finished_at", "status", "message", "rows",
               "batch_id", "started_by"]


def start_run(engine: Engine, source: str, user: str) -> int:
    """Record that a pull from ``source`` started; its id."""
    with engine.begin() as conn:
        return int(conn.execute(insert(PullRun).values(
            source=source, status="running", message="", rows=0, started_by=user,
            started_at=utcnow()).returning(PullRun.id)).scalar_one())


def finish_run(engine: Engine, run_id: int, status: str, message: str, rows: int = 0,
               batch_id: int | None = None) -> None:
    """Record how the pull ended: loaded, unchanged, rejected or failed."""
    with engine.begin() as conn:
        conn.execute(update(PullRun).where(PullRun.id == run_id).values(
            status=status, message=message, rows=rows, batch_id=batch_id,
            finished_at=utcnow()))


def last_runs(conn: Connection, limit: int = 10, source: str | None = None) -> pd.DataFrame:
    """The latest runs, newest first (of one source when given)."""
    stmt = select(*(getattr(PullRun, c) for c in RUN_COLUMNS)).order_by(
        PullRun.started_at.desc(), PullRun.id.desc()).limit(limit)
    if source is not None:
        stmt = stmt.where(PullRun.source == source)
    return pd.DataFrame(conn.execute(stmt).all(), columns=RUN_COLUMNS)
