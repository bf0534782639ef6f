"""Jobs whose runner died: noticed by a heartbeat gone quiet or a process gone, and retried.

A runner (a thread of the web process or a ``scorecard worker``) records a heartbeat on its
job every :data:`HEARTBEAT_SECONDS` while the job runs. :func:`recover` queues again each
running job whose heartbeat is older than :data:`STALE_SECONDS`, or whose process on this
host no longer exists, up to :data:`MAX_ATTEMPTS` runs in all; after that the job fails
saying why, so nobody waits for ever.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from typing import Any

from store import jobs as job_table
from store.engine import Engine, StoreFailure
from store.models import utcnow

HEARTBEAT_SECONDS = 10.0
STALE_SECONDS = 60.0
MAX_ATTEMPTS = 3
WORKER_NAME = f"{socket.gethostname()}:{os.getpid()}"
#: Jobs this process claimed started after this; one under its name before is a predecessor's.
PROCESS_STARTED = utcnow()
log = logging.getLogger("scorecard.jobs")


def heartbeat(engine: Engine, job_id: int, worker: str, stop: threading.Event) -> None:
    """Tell every instance this runner is alive until the job ends (see :func:`recover`)."""
    while not stop.wait(HEARTBEAT_SECONDS):
        try:
            job_table.beat(engine, job_id, worker)
        except StoreFailure:  # the store is away: the next beat tries again
            log.warning("Job heartbeat failed", extra={"job_id": job_id})


def _runner_gone(worker: str | None, started_at: dt.datetime | None) -> bool:
    """Whether the process named ``worker`` (``host:pid``) that started a job at
    ``started_at`` is known to have stopped: a process on this host that no longer exists,
    or one before this process that had its name (a restarted container reuses its pids)."""
    host, _, pid = (worker or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if worker == WORKER_NAME:
        return started_at is None or started_at < PROCESS_STARTED
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def recover(engine: Engine, stale_seconds: float = STALE_SECONDS) -> list[int]:
    """Give the jobs whose runner died back to the queue, or fail them with a reason.

    A running job's runner is gone when its heartbeat is older than ``stale_seconds`` or it
    is a process on this host that no longer exists. Such a job is queued again for another
    attempt, up to :data:`MAX_ATTEMPTS`; after that it fails saying why. Returns the ids
    queued again (for this process to run in thread mode).
    """
    cutoff = utcnow() - dt.timedelta(seconds=stale_seconds)
    gone = [job for job in job_table.running_jobs(engine)
            if job.heartbeat_at is None or job.heartbeat_at < cutoff
            or _runner_gone(job.worker, job.started_at)]
    requeued = []
    for job in gone:
        again = job.attempts < MAX_ATTEMPTS
        values: dict[str, Any] = (
            {"status": "queued", "worker": None, "progress": 0.0,
             "message": f"Restarting (attempt {job.attempts + 1} of {MAX_ATTEMPTS}): "
                        "the process running it stopped"} if again else
            {"status": "failed", "finished_at": utcnow(), "message": "Failed",
             "error": gave_up(job.attempts)})
        if not job_table.release(engine, job, values):
            continue
        if again:
            requeued.append(job.id)
        log.warning("Job runner gone", extra={"job_id": job.id, "retried": again})
    return requeued


def gave_up(attempts: int) -> str:
    """Why a job whose runner kept dying failed, for the reader waiting for it."""
    return (f"The job stopped {attempts} times without finishing (its process ended each "
            "time); submit it again.")
