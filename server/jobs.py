"""Background jobs: heavy work (large uploads, PDF packs) off the request thread.

Every job has a row in the ``job`` table (:mod:`store.jobs`): its state (queued, running,
done, failed), progress, message and result, which every instance reads. What runs it:

* ``SCORECARD_JOBS=worker`` with ``REDIS_URL``: the RQ queue (:mod:`server.job_queue`) and
  ``scorecard worker`` processes, as many as needed, on any machine; a killed worker's job
  is retried by another one.
* ``SCORECARD_JOBS=thread`` (the default, one command with ``make run``): a small thread
  pool inside the web process; a job whose process died is queued again by :func:`recover`,
  which the web process runs at start and while requests come in.
* ``SCORECARD_JOBS=worker`` without Redis: ``scorecard worker`` takes queued rows from the
  table itself (one machine).

Whichever runs it, :func:`run` runs it the same way: a job that raises an error written for
its reader (:class:`~domain.errors.ScorecardError`) fails at once with that message; any
other error, or its runner dying, gives it another run, :data:`MAX_ATTEMPTS` runs in all.

    @jobs.handler("board-pack")
    def build_pack(engine: Engine, payload: dict, progress: jobs.Progress) -> dict:
        progress(0.5, "Drawing charts")
        return {"file": "..."}

    job_id = jobs.submit("board-pack", {"period": "Q3 2016/17"}, user="alice")
    jobs.status(job_id)  # {"status": "running", "progress": 0.5, "message": ...}

Pages poll :func:`status` and draw :func:`layouts._job_progress.progress_bar`; other clients
poll ``GET /api/jobs/<id>``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue
from redis import Redis, RedisError
from werkzeug.exceptions import NotFound

from domain.errors import ScorecardError
from domain.roles import Role
from server import job_queue
from server.auth import current_user
from server.context import engine as app_engine
from server.job_recovery import MAX_ATTEMPTS, WORKER_NAME, gave_up, heartbeat, recover
from store import jobs as job_table
from store.engine import Engine, StoreFailure

__all__ = ["HANDLERS", "HANDLER_MODULES", "KEEP_SECONDS", "MAX_ATTEMPTS", "WORKER_NAME",
           "JobError", "Progress", "claim", "enqueue", "handler", "job_status", "recover",
           "run", "run_next", "status", "submit", "sweep_files"]

Progress = Callable[[float, str], None]
Handler = Callable[[Engine, dict[str, Any], Progress], dict[str, Any] | None]
Outcome = Literal["done", "failed", "again"]
HANDLERS: dict[str, Handler] = {}
#: Modules whose import registers job handlers; ``scorecard worker`` imports them all.
HANDLER_MODULES: list[str] = ["server.pack_jobs", "server.upload_jobs", "server.pull_jobs"]
#: Files a job leaves for its user (checked uploads, board packs) are kept this many seconds.
KEEP_SECONDS = 24 * 3600
#: Where a web process keeps the runner it hands its jobs to (:mod:`server.job_runners`).
RUNNER_KEY = "scorecard_job_runner"
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
    """Record a queued job of a known ``kind``; its id (nothing runs it yet)."""
    if kind not in HANDLERS:
        raise JobError(f"No handler for jobs of kind {kind!r}.")
    return job_table.insert_job(engine, kind, payload, user)


def claim(engine: Engine, job_id: int, *, taking_over: bool = False) -> bool:
    """Mark a queued job as running for this process; False if someone else has it.
    ``taking_over``: the queue hands over the job of a runner that died."""
    return job_table.claim(engine, job_id, WORKER_NAME, taking_over=taking_over)


def run(engine: Engine, job_id: int) -> Outcome:
    """Run a claimed job to the end, recording progress and the result or failure.

    ``"again"``: it hit an unexpected error with runs left, and is queued for another run.
    """
    work = job_table.job_work(engine, job_id)

    def progress(fraction: float, message: str = "") -> None:
        job_table.set_progress(engine, job_id, fraction, message)

    beating = threading.Event()
    threading.Thread(target=heartbeat, args=(engine, job_id, WORKER_NAME, beating), daemon=True,
                     name=f"scorecard-job-{job_id}-heartbeat").start()
    try:
        result = HANDLERS[work.kind](engine, work.payload, progress)
    except ScorecardError as error:  # written for its reader; running it again won't help
        log.warning("Job refused", extra={"job_id": job_id, "kind": work.kind})
        job_table.finish(engine, job_id, WORKER_NAME, "failed", error=str(error))
        return "failed"
    except Exception as error:
        log.exception("Job failed", extra={"job_id": job_id, "kind": work.kind})
        if work.attempts < MAX_ATTEMPTS and job_table.requeue(
                engine, job_id, WORKER_NAME, f"Restarting (attempt {work.attempts + 1} of "
                                             f"{MAX_ATTEMPTS}) after an error"):
            return "again"
        job_table.finish(engine, job_id, WORKER_NAME, "failed",
                         error=f"{type(error).__name__}: the job failed.")
        return "failed"
    finally:
        beating.set()
    job_table.finish(engine, job_id, WORKER_NAME, "done", result=result)
    return "done"


def run_next(engine: Engine) -> int | None:
    """Claim and run the oldest queued job (``scorecard worker`` without Redis); its id,
    or None when nothing is queued."""
    for job_id in job_table.queued_ids(engine):
        if claim(engine, job_id):
            run(engine, job_id)
            return job_id
    return None


def job_status(engine: Engine, job_id: int) -> dict[str, Any] | None:
    """The job's status, progress (0 to 1), message and result; None if there is none."""
    return job_table.job_record(engine, job_id)


def submit(kind: str, payload: dict[str, Any], user: str) -> int:
    """Record a job and hand it to this app's runner (thread pool or queue); its id."""
    engine = app_engine()
    job_id = enqueue(engine, kind, payload, user)
    runner: Callable[[Engine, int], None] | None = current_app.extensions.get(RUNNER_KEY)
    if runner is not None:
        runner(engine, job_id)
    return job_id


def status(job_id: int) -> dict[str, Any] | None:
    """The job's status, progress (0 to 1), message and result; None if there is no such job."""
    return job_status(app_engine(), job_id)


# ------------------------------------------------------------------- run by the RQ queue

class _WorkerProcess:
    """The engine of this ``scorecard worker`` process, set before it takes jobs."""

    engine: Engine | None = None


def perform(job_id: int) -> str:
    """Run one job taken off the RQ queue (in a ``scorecard worker``). An unexpected error
    is raised again after the job is queued for another run, so RQ retries it."""
    engine = _WorkerProcess.engine
    if engine is None:
        raise RuntimeError("perform() runs only in a scorecard worker")
    if not claim(engine, job_id, taking_over=True):
        return "not queued"  # finished, or failed for good, by an earlier run
    outcome = run(engine, job_id)
    if outcome == "again":
        raise RuntimeError(f"job {job_id} hit an error; queued for another run")
    return outcome


def queue_gave_up(queued: Any, connection: Any, kind: type, error: BaseException,
                  trace: Any) -> None:
    """RQ's failure callback: once it stops retrying a job (its workers kept dying or
    erring), the job's row fails saying why instead of staying "running"."""
    engine = _WorkerProcess.engine
    if engine is None or job_queue.retrying(queued):
        return
    job_id = int(queued.args[0])
    runs = (job_table.job_record(engine, job_id) or {}).get("status")
    if runs in ("queued", "running"):
        job_table.fail(engine, job_id, gave_up(MAX_ATTEMPTS))


def to_queue(connection: Redis) -> Callable[[Engine, int], None]:
    """A runner handing jobs to the RQ queue on ``connection``. While Redis cannot be
    reached the job fails at once, saying so, instead of waiting for ever."""
    def put(engine: Engine, job_id: int) -> None:
        try:
            job_queue.put(connection, "server.jobs.perform", job_id, MAX_ATTEMPTS,
                          "server.jobs.queue_gave_up")
        except RedisError as error:
            log.error("Job queue unavailable", extra={"job_id": job_id})
            told = "The job queue cannot be reached; try again in a few minutes."
            job_table.fail(engine, job_id, told)
            raise JobError(told) from error
    return put


def work(engine: Engine, redis_url: str, burst: bool = False) -> bool:
    """Take jobs off the RQ queue until stopped (``burst``: until it is empty)."""
    _WorkerProcess.engine = engine
    connection = job_queue.connect(redis_url)
    return job_queue.work(connection, on_start=lambda: print(
        f"Worker {WORKER_NAME} waiting for jobs on the queue", flush=True), burst=burst)


# ------------------------------------------------------------------------------ routes

job_routes = Blueprint("jobs", __name__)


@job_routes.get("/api/jobs/<int:job_id>")
def job_api(job_id: int) -> ResponseReturnValue:
    """A job's state, to the reader who asked for it or an administrator."""
    found = status(job_id)
    user = current_user()
    if found is None or user is None or not (
            found["created_by"] == user.username or user.has_role(Role.ADMIN)):
        raise NotFound("There is no such job.")
    return jsonify(found)


def recover_quietly(engine: Engine) -> list[int]:
    """:func:`recover`, skipped (with a warning) while the store is away."""
    try:
        return recover(engine)
    except StoreFailure:
        log.warning("Job sweep skipped: the store is unavailable")
        return []
