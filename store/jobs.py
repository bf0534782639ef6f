"""The ``job`` table: every background job's user-visible record (state, progress, result).

Whatever runs a job (a thread of the web process or a queue worker), its state lives here,
so every instance reports the same progress. A claim is a conditional update, so two runners
never hold the same job at once.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, or_, select, update

from store.models import Area, Job, utcnow

__all__ = ["JobRow", "RunningJob", "area_type", "beat", "claim", "fail", "finish",
           "insert_job", "job_record", "job_work", "queued_ids", "release", "requeue",
           "resumable_ids", "running_jobs", "set_progress"]


@dataclass(frozen=True)
class JobRow:
    """What a runner needs to run a job: its kind, payload and how many runs it has had."""

    kind: str
    payload: dict[str, Any]
    attempts: int


@dataclass(frozen=True)
class RunningJob:
    """A job some runner claims to be running, as :func:`running_jobs` finds it."""

    id: int
    worker: str | None
    started_at: dt.datetime | None
    heartbeat_at: dt.datetime | None
    attempts: int


def insert_job(engine: Engine, kind: str, payload: dict[str, Any], user: str) -> int:
    """Record a queued job; its id."""
    with engine.begin() as conn:
        return int(conn.execute(insert(Job).values(
            kind=kind, status="queued", payload_json=json.dumps(payload, default=str),
            created_by=user, message="Waiting to start").returning(Job.id)).scalar_one())


def claim(engine: Engine, job_id: int, worker: str, *, taking_over: bool = False) -> bool:
    """Mark the job running under ``worker`` and count the run; False if it is not queued.

    ``taking_over``: the queue hands over a job whose runner died (it runs one job once at a
    time), so a job still marked running may be claimed too, never a finished one; its
    runner may even have had the same name (a restarted container reuses its pid).
    """
    now = utcnow()
    waiting = Job.status.in_(("queued", "running")) if taking_over else Job.status == "queued"
    with engine.begin() as conn:
        result = conn.execute(update(Job).where(Job.id == job_id, waiting).values(
            status="running", started_at=now, heartbeat_at=now, worker=worker,
            message="Started", attempts=Job.attempts + 1))
    return result.rowcount == 1


def job_work(engine: Engine, job_id: int) -> JobRow:
    """The kind, payload and number of runs of a job."""
    with engine.connect() as conn:
        row = conn.execute(select(Job.kind, Job.payload_json, Job.attempts)
                           .where(Job.id == job_id)).one()
    return JobRow(row.kind, json.loads(row.payload_json), int(row.attempts))


def set_progress(engine: Engine, job_id: int, fraction: float, message: str) -> None:
    """Record how far a running job has got (0 to 1) and what it is doing."""
    with engine.begin() as conn:
        conn.execute(update(Job).where(Job.id == job_id).values(
            progress=max(0.0, min(1.0, float(fraction))), message=message[:500],
            heartbeat_at=utcnow()))


def beat(engine: Engine, job_id: int, worker: str) -> None:
    """Record that ``worker`` is still running the job."""
    with engine.begin() as conn:
        conn.execute(update(Job).where(Job.id == job_id, Job.status == "running",
                                       Job.worker == worker).values(heartbeat_at=utcnow()))


def finish(engine: Engine, job_id: int, worker: str, status: str, result: Any = None,
           error: str | None = None) -> None:
    """End a job ``worker`` holds as ``done`` (with its result) or ``failed`` (with why)."""
    with engine.begin() as conn:
        conn.execute(update(Job).where(Job.id == job_id, Job.status == "running",
                                       Job.worker == worker).values(
            status=status, finished_at=utcnow(), heartbeat_at=utcnow(), error=error,
            progress=1.0 if status == "done" else Job.progress,
            message="Finished" if status == "done" else "Failed",
            result_json=None if result is None else json.dumps(result, default=str)))


def requeue(engine: Engine, job_id: int, worker: str | None, message: str) -> bool:
    """Queue a job again for another run; False if ``worker`` no longer holds it
    (``worker`` None: whoever holds it)."""
    holder = Job.worker == worker if worker is not None else Job.status == "running"
    with engine.begin() as conn:
        return conn.execute(update(Job).where(Job.id == job_id, Job.status == "running", holder)
                            .values(status="queued", worker=None, progress=0.0,
                                    message=message)).rowcount == 1


def fail(engine: Engine, job_id: int, error: str) -> bool:
    """Fail a job that has not finished, whoever holds it, saying why; False if it had."""
    with engine.begin() as conn:
        return conn.execute(update(Job).where(Job.id == job_id,
                                              Job.status.in_(("queued", "running")))
                            .values(status="failed", finished_at=utcnow(), message="Failed",
                                    error=error)).rowcount == 1


def job_record(engine: Engine, job_id: int) -> dict[str, Any] | None:
    """A job as its reader sees it (status, progress, message, result); None if unknown."""
    with engine.connect() as conn:
        job = conn.execute(select(Job).where(Job.id == job_id)).first()
    if job is None:
        return None
    return {"id": job.id, "kind": job.kind, "status": job.status, "progress": job.progress,
            "message": job.message, "error": job.error, "created_by": job.created_by,
            "result": json.loads(job.result_json) if job.result_json else None}


def queued_ids(engine: Engine, limit: int = 5) -> list[int]:
    """The oldest queued jobs, oldest first."""
    with engine.connect() as conn:
        return list(conn.execute(select(Job.id).where(Job.status == "queued")
                                 .order_by(Job.id).limit(limit)).scalars())


def resumable_ids(engine: Engine, waiting_since: dt.datetime) -> list[int]:
    """Queued jobs no runner will pick up by itself: queued again after a run, or waiting
    since before ``waiting_since`` (the process that queued them stopped first)."""
    with engine.connect() as conn:
        return list(conn.execute(select(Job.id).where(
            Job.status == "queued", or_(Job.attempts > 0, Job.created_at < waiting_since))
            .order_by(Job.id)).scalars())


def running_jobs(engine: Engine) -> list[RunningJob]:
    """Every job marked running, with its runner and last heartbeat."""
    with engine.connect() as conn:
        rows = conn.execute(select(Job.id, Job.worker, Job.started_at, Job.heartbeat_at,
                                   Job.attempts).where(Job.status == "running")).all()
    return [RunningJob(r.id, r.worker, r.started_at, r.heartbeat_at, int(r.attempts))
            for r in rows]


def release(engine: Engine, job: RunningJob, values: dict[str, Any]) -> bool:
    """Apply ``values`` to a running job unless its heartbeat moved since ``job`` was read
    (its runner was alive after all); whether it was applied."""
    same_beat = (Job.heartbeat_at == job.heartbeat_at if job.heartbeat_at is not None
                 else Job.heartbeat_at.is_(None))
    with engine.begin() as conn:
        return conn.execute(update(Job).where(Job.id == job.id, Job.status == "running",
                                              same_beat).values(**values)).rowcount == 1


def area_type(conn: Connection, area_code: str) -> str | None:
    """The kind of an area (``district``, ``county``...), for checking who may have a job's
    output; None for an unknown code."""
    kind = conn.execute(select(Area.type).where(Area.code == area_code)).scalar()
    return None if kind is None else str(kind)
