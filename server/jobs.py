"""Background jobs: heavy work (large uploads, PDF packs) off the request thread.

A job is a row in the ``job`` table, so every instance can report its progress. It runs in a
small thread pool inside the web process (``SCORECARD_JOBS=thread``, the default) or in
``scorecard worker`` processes (``SCORECARD_JOBS=worker``), which claim queued jobs one at a
time; a claim is a conditional update, so two workers never run the same job. A runner keeps
a heartbeat while its job runs; a job whose runner died is queued again (a few attempts at
most, then it fails saying why) by :func:`recover`, which the worker loop and, in thread mode,
the web process run.

    from server import jobs

    @jobs.handler("board-pack")
    def build_pack(engine: Engine, payload: dict, progress: jobs.Progress) -> dict:
        progress(0.5, "Drawing charts")
        return {"file": "..."}

    job_id = jobs.submit("board-pack", {"period": "Q3 2016/17"}, user="alice")
    jobs.status(job_id)  # {"status": "running", "progress": 0.5, "message": ...}

A page shows progress by polling :func:`status` from a ``dcc.Interval`` callback and rendering
:func:`progress_bar`; other clients poll ``GET /api/jobs/<id>``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from dash import html
from flask import Blueprint, Flask, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import Engine, insert, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import NotFound

from domain.errors import ScorecardError
from server.job_recovery import STALE_SECONDS, WORKER_NAME, heartbeat, recover
from store.models import Job, utcnow

Progress = Callable[[float, str], None]
Handler = Callable[[Engine, dict[str, Any], Progress], dict[str, Any] | None]
HANDLERS: dict[str, Handler] = {}
#: Modules whose import registers job handlers; ``scorecard worker`` imports them all.
HANDLER_MODULES: list[str] = ["server.pack_jobs", "server.upload_jobs"]
#: Files a job leaves for its user (checked uploads, board packs) are kept this many seconds.
KEEP_SECONDS = 24 * 3600
POOL_KEY = "scorecard_job_pool"
#: How often (at most) a web process in thread mode looks for jobs whose runner died.
SWEEP_SECONDS = 30.0
log = logging.getLogger("scorecard.jobs")


class JobError(ScorecardError):
    """A job of an unknown kind was submitted."""


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of ``kind``."""
    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        return function
    return register


def sweep_files(folder: Path, pattern: str = "*", keep_seconds: float = KEEP_SECONDS) -> int:
    """Delete files in ``folder`` matching ``pattern`` last written over ``keep_seconds`` ago.

    Called before a job or upload adds a file, so the folders of uploads waiting to be
    committed and of finished board packs do not grow without end. Returns how many went.
    """
    cutoff = time.time() - keep_seconds
    removed = 0
    for path in folder.glob(pattern):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another worker swept it first
            continue
    return removed


def enqueue(engine: Engine, kind: str, payload: dict[str, Any], user: str) -> int:
    if kind not in HANDLERS:
        raise JobError(f"No handler for jobs of kind {kind!r}.")
    with engine.begin() as conn:
        return int(conn.execute(insert(Job).values(
            kind=kind, status="queued", payload_json=json.dumps(payload, default=str),
            created_by=user, message="Waiting to start").returning(Job.id)).scalar_one())


def claim(engine: Engine, job_id: int) -> bool:
    """Mark a queued job as running for this process; False if someone else has it."""
    now = utcnow()
    with engine.begin() as conn:
        result = conn.execute(update(Job).where(Job.id == job_id, Job.status == "queued")
                              .values(status="running", started_at=now, heartbeat_at=now,
                                      worker=WORKER_NAME, message="Started",
                                      attempts=Job.attempts + 1))
    return result.rowcount == 1


def run(engine: Engine, job_id: int) -> None:
    """Run a claimed job to the end, recording progress, result or failure."""
    with engine.connect() as conn:
        job = conn.execute(select(Job.kind, Job.payload_json).where(Job.id == job_id)).one()

    def progress(fraction: float, message: str = "") -> None:
        with engine.begin() as conn:
            conn.execute(update(Job).where(Job.id == job_id).values(
                progress=max(0.0, min(1.0, float(fraction))), message=message[:500],
                heartbeat_at=utcnow()))

    beating = threading.Event()
    threading.Thread(target=heartbeat, args=(engine, job_id, WORKER_NAME, beating), daemon=True,
                     name=f"scorecard-job-{job_id}-heartbeat").start()
    try:
        result = HANDLERS[job.kind](engine, json.loads(job.payload_json), progress)
    except Exception as error:
        log.exception("Job failed", extra={"job_id": job_id, "kind": job.kind})
        told = (str(error) if isinstance(error, ScorecardError)  # written for its reader
                else f"{type(error).__name__}: the job failed.")
        _finish(engine, job_id, "failed", error=told)
        return
    finally:
        beating.set()
    _finish(engine, job_id, "done", result=result)


def _finish(engine: Engine, job_id: int, status: str, result: Any = None,
            error: str | None = None) -> None:
    with engine.begin() as conn:
        conn.execute(update(Job).where(Job.id == job_id, Job.status == "running",
                                       Job.worker == WORKER_NAME).values(
            status=status, finished_at=utcnow(), heartbeat_at=utcnow(), error=error,
            progress=1.0 if status == "done" else Job.progress,
            message="Finished" if status == "done" else "Failed",
            result_json=None if result is None else json.dumps(result, default=str)))


def run_next(engine: Engine) -> int | None:
    """Claim and run the oldest queued job (for ``scorecard worker``); its id, or None."""
    with engine.connect() as conn:
        ids = conn.execute(select(Job.id).where(Job.status == "queued")
                           .order_by(Job.id).limit(5)).scalars().all()
    for job_id in ids:
        if claim(engine, job_id):
            run(engine, job_id)
            return job_id
    return None


def job_status(engine: Engine, job_id: int) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(Job).where(Job.id == job_id)).first()
    if row is None:
        return None
    job = row
    return {"id": job.id, "kind": job.kind, "status": job.status, "progress": job.progress,
            "message": job.message, "error": job.error, "created_by": job.created_by,
            "result": json.loads(job.result_json) if job.result_json else None}


def submit(kind: str, payload: dict[str, Any], user: str) -> int:
    """Queue a job and, in thread mode, start it in this process; returns the job id."""
    from flask import current_app

    from server.context import engine, settings
    eng = engine()
    job_id = enqueue(eng, kind, payload, user)
    pool: ThreadPoolExecutor | None = current_app.extensions.get(POOL_KEY)
    if pool is not None and settings().jobs_mode == "thread":
        pool.submit(_claim_and_run, eng, job_id)
    return job_id


def _claim_and_run(engine: Engine, job_id: int) -> None:
    if claim(engine, job_id):
        run(engine, job_id)


def status(job_id: int) -> dict[str, Any] | None:
    """The job's status, progress (0 to 1), message and result; None if there is no such job."""
    from server.context import engine
    return job_status(engine(), job_id)


def progress_bar(found: dict[str, Any] | None, id_prefix: str) -> html.Div:
    """A labelled progress bar for a job's status (ids ``<id_prefix>-job-progress``...)."""
    if found is None:
        return html.Div(id=f"{id_prefix}-job-progress")
    label = {"queued": "Waiting to start", "running": found["message"] or "Working",
             "done": "Finished", "failed": found["error"] or "Failed"}[found["status"]]
    return html.Div([
        html.Label(label, htmlFor=f"{id_prefix}-job-bar"),
        html.Progress(id=f"{id_prefix}-job-bar", value=str(found["progress"]), max="1"),
    ], id=f"{id_prefix}-job-progress", role="status", className=f"job job-{found['status']}")


job_routes = Blueprint("jobs", __name__)


@job_routes.get("/api/jobs/<int:job_id>")
def job_api(job_id: int) -> ResponseReturnValue:
    from domain.roles import Role
    from server.auth import current_user
    found = status(job_id)
    user = current_user()
    if found is None or user is None or not (
            found["created_by"] == user.username or user.has_role(Role.ADMIN)):
        raise NotFound("There is no such job.")
    return jsonify(found)


def sweep_and_resume(engine: Engine, pool: ThreadPoolExecutor) -> None:
    """Thread mode: recover jobs whose runner died and run in ``pool`` the queued jobs no
    one else will: those queued again, and those left waiting longer than a runner takes to
    notice its own (their web process stopped before starting them)."""
    waiting = utcnow() - dt.timedelta(seconds=STALE_SECONDS)
    try:
        recover(engine)
        with engine.connect() as conn:
            queued = conn.execute(select(Job.id).where(
                Job.status == "queued", or_(Job.attempts > 0, Job.created_at < waiting))
                .order_by(Job.id)).scalars().all()
    except SQLAlchemyError:  # no store yet, or it is away: the next sweep tries again
        log.warning("Job sweep skipped: the store is unavailable")
        return
    for job_id in queued:
        pool.submit(_claim_and_run, engine, job_id)


def register_jobs(server: Flask, threads: int) -> None:
    """Add the job routes and, in thread mode, the pool, swept at start and then at most
    every :data:`SWEEP_SECONDS` while requests come in (a job's page polls its status)."""
    from server.context import ENGINE_KEY, SETTINGS_KEY
    server.register_blueprint(job_routes)
    pool = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="scorecard-job")
    server.extensions[POOL_KEY] = pool
    settings = server.extensions.get(SETTINGS_KEY)
    engine = server.extensions.get(ENGINE_KEY)
    if settings is None or engine is None or settings.jobs_mode != "thread":
        return
    swept = [time.monotonic()]
    pool.submit(sweep_and_resume, engine, pool)

    @server.before_request
    def _sweep_when_due() -> None:
        if time.monotonic() - swept[0] >= SWEEP_SECONDS:
            swept[0] = time.monotonic()
            pool.submit(sweep_and_resume, engine, pool)
