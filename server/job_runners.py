"""How a web process hands its jobs on: to the RQ queue, or to its own thread pool.

``register_jobs`` picks one from the settings (see :mod:`server.jobs`): with
``SCORECARD_JOBS=worker`` and ``REDIS_URL``, jobs go to the RQ queue for ``scorecard worker``;
with ``SCORECARD_JOBS=thread`` (the default) a small pool in this process runs them, and
looks at start and then at most every :data:`SWEEP_SECONDS` while requests come in for jobs
whose runner died (:func:`server.jobs.recover`) or that nobody started.
"""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor

from flask import Flask

from server import job_queue, jobs
from server.context import ENGINE_KEY, SETTINGS_KEY
from server.job_recovery import STALE_SECONDS
from store import jobs as job_table
from store.engine import Engine, StoreFailure
from store.models import utcnow

POOL_KEY = "scorecard_job_pool"
#: How often (at most) a web process in thread mode looks for jobs whose runner died.
SWEEP_SECONDS = 30.0


def claim_and_run(engine: Engine, job_id: int, pool: ThreadPoolExecutor) -> None:
    """Run a queued job in this process if no one else has it; a job that erred with runs
    left goes back into ``pool``."""
    if jobs.claim(engine, job_id) and jobs.run(engine, job_id) == "again":
        pool.submit(claim_and_run, engine, job_id, pool)


def sweep_and_resume(engine: Engine, pool: ThreadPoolExecutor) -> None:
    """Thread mode: recover jobs whose runner died and run in ``pool`` the queued jobs no
    one else will: those queued again, and those left waiting longer than a runner takes to
    notice its own (their web process stopped before starting them)."""
    jobs.recover_quietly(engine)
    try:
        queued = job_table.resumable_ids(engine, utcnow() - dt.timedelta(seconds=STALE_SECONDS))
    except StoreFailure:  # no store yet, or it is away: the next sweep tries again
        jobs.log.warning("Job sweep skipped: the store is unavailable")
        return
    for job_id in queued:
        pool.submit(claim_and_run, engine, job_id, pool)


def register_jobs(server: Flask, threads: int) -> None:
    """Add the job routes and the runner the settings ask for: the RQ queue, or (thread
    mode) a pool swept at start and then at most every :data:`SWEEP_SECONDS` while requests
    come in (a job's page polls its status)."""
    server.register_blueprint(jobs.job_routes)
    settings = server.extensions.get(SETTINGS_KEY)
    engine = server.extensions.get(ENGINE_KEY)
    if settings is None or engine is None:
        return
    if settings.jobs_mode == "worker":
        if settings.redis_url:
            server.extensions[jobs.RUNNER_KEY] = jobs.to_queue(
                job_queue.connect(settings.redis_url))
        return  # without Redis, `scorecard worker` takes jobs from the table itself
    pool = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="scorecard-job")
    server.extensions[POOL_KEY] = pool

    def hand_over(eng: Engine, job_id: int) -> None:
        pool.submit(claim_and_run, eng, job_id, pool)
    server.extensions[jobs.RUNNER_KEY] = hand_over
    swept = [time.monotonic()]
    pool.submit(sweep_and_resume, engine, pool)

    @server.before_request
    def _sweep_when_due() -> None:
        if time.monotonic() - swept[0] >= SWEEP_SECONDS:
            swept[0] = time.monotonic()
            pool.submit(sweep_and_resume, engine, pool)
