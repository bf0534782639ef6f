"""The ``pull_run`` table: each fetch of published figures, when it ran and how it ended."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, func, insert, select, update

from store.models import Job, PullRun, utcnow

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


def last_started(conn: Connection, source: str) -> dt.datetime | None:
    """When the latest pull of ``source`` started (None if it never ran)."""
    return conn.execute(select(func.max(PullRun.started_at)).where(
        PullRun.source == source)).scalar()


def job_waiting(conn: Connection, kind: str) -> bool:
    """Whether a job of ``kind`` is queued or running (so another is not submitted)."""
    return conn.execute(select(Job.id).where(
        Job.kind == kind, Job.status.in_(("queued", "running"))).limit(1)).first() is not None
