"""Background jobs: queued in the database, run off the request thread, progress readable by
any instance, claimed by exactly one runner."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine, select, update

from domain.errors import ScorecardError
from domain.roles import Role
from server import job_recovery, job_runners, jobs
from server.testing import ensure_user, sign_in
from store.jobs import job_work
from store.models import Job, utcnow

release = threading.Event()


@jobs.handler("test-steps")
def _steps(engine: Engine, payload: dict[str, Any], progress: jobs.Progress) -> dict[str, Any]:
    progress(0.5, "Half way")
    release.wait(5)
    return {"total": sum(payload["numbers"])}


@jobs.handler("test-fails")
def _fails(engine: Engine, payload: dict[str, Any], progress: jobs.Progress) -> None:
    raise RuntimeError("SELECT secret FROM somewhere")


hiccups: list[int] = []


@jobs.handler("test-hiccup")
def _hiccup(engine: Engine, payload: dict[str, Any], progress: jobs.Progress) -> dict[str, Any]:
    hiccups.append(1)
    if len(hiccups) == 1:
        raise ConnectionError("the store went away for a moment")
    return {"runs": len(hiccups)}


@jobs.handler("test-refused")
def _refused(engine: Engine, payload: dict[str, Any], progress: jobs.Progress) -> None:
    hiccups.append(1)
    raise ScorecardError("You may not see this area any more.")


def _wait_for(engine: Engine, job_id: int, wanted: str) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = jobs.job_status(engine, job_id)
        if found and found["status"] == wanted:
            return found
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} never became {wanted}: {found}")


def test_job_runs_off_the_request_thread_and_reports_progress(
        app: Dash, seeded_engine: Engine) -> None:
    release.clear()
    with app.server.test_request_context():
        job_id = jobs.submit("test-steps", {"numbers": [1, 2, 3]}, user="alice")
    running = _wait_for(seeded_engine, job_id, "running")
    deadline = time.monotonic() + 5
    while running["progress"] < 0.5 and time.monotonic() < deadline:
        running = jobs.job_status(seeded_engine, job_id) or running
    assert (running["progress"], running["message"]) == (0.5, "Half way")
    release.set()
    done = _wait_for(seeded_engine, job_id, "done")
    assert (done["progress"], done["result"]) == (1.0, {"total": 6})


def test_failed_job_records_a_safe_error(app: Dash, seeded_engine: Engine) -> None:
    with app.server.test_request_context():
        job_id = jobs.submit("test-fails", {}, user="alice")
    failed = _wait_for(seeded_engine, job_id, "failed")
    assert failed["error"] == "RuntimeError: the job failed."
    assert job_work(seeded_engine, job_id).attempts == job_recovery.MAX_ATTEMPTS


def test_a_job_that_errs_is_run_again_and_finished(app: Dash, seeded_engine: Engine) -> None:
    hiccups.clear()
    with app.server.test_request_context():
        job_id = jobs.submit("test-hiccup", {}, user="alice")
    done = _wait_for(seeded_engine, job_id, "done")
    assert done["result"] == {"runs": 2}
    assert job_work(seeded_engine, job_id).attempts == 2


def test_a_job_refused_for_its_reader_fails_at_once_with_the_reason(
        app: Dash, seeded_engine: Engine) -> None:
    hiccups.clear()
    with app.server.test_request_context():
        job_id = jobs.submit("test-refused", {}, user="alice")
    failed = _wait_for(seeded_engine, job_id, "failed")
    assert failed["error"] == "You may not see this area any more."
    assert hiccups == [1] and job_work(seeded_engine, job_id).attempts == 1


def test_worker_mode_leaves_jobs_for_scorecard_worker(make_app: Callable[..., Dash],
                                                      seeded_engine: Engine) -> None:
    release.set()
    app = make_app(jobs_mode="worker")
    with app.server.test_request_context():
        job_id = jobs.submit("test-steps", {"numbers": [4]}, user="alice")
    time.sleep(0.2)
    assert jobs.job_status(seeded_engine, job_id)["status"] == "queued"  # type: ignore[index]
    assert jobs.run_next(seeded_engine) == job_id
    assert jobs.job_status(seeded_engine, job_id)["result"] == {"total": 4}  # type: ignore[index]
    assert jobs.run_next(seeded_engine) is None


def test_a_job_is_claimed_once(seeded_engine: Engine) -> None:
    job_id = jobs.enqueue(seeded_engine, "test-steps", {"numbers": []}, "alice")
    assert jobs.claim(seeded_engine, job_id) is True
    assert jobs.claim(seeded_engine, job_id) is False


def test_unknown_kind_is_refused(seeded_engine: Engine) -> None:
    with pytest.raises(jobs.JobError, match="No handler"):
        jobs.enqueue(seeded_engine, "no-such-kind", {}, "alice")


def test_job_status_route_shows_own_jobs_only(
        app: Dash, seeded_engine: Engine,
        client_as: Callable[[Role | None], FlaskClient]) -> None:
    job_id = jobs.enqueue(seeded_engine, "test-steps", {"numbers": []}, "test-viewer")
    viewer = client_as(Role.VIEWER)
    assert viewer.get(f"/api/jobs/{job_id}").get_json()["status"] == "queued"
    ensure_user(seeded_engine, Role.VIEWER, "mallory")
    other = app.server.test_client()
    sign_in(other, "mallory")
    assert other.get(f"/api/jobs/{job_id}").status_code == 404
    assert client_as(Role.ADMIN).get(f"/api/jobs/{job_id}").status_code == 200
    assert client_as(None).get(f"/api/jobs/{job_id}").status_code == 401


# ------------------------------------------------------------- jobs whose runner died

def _dead_pid() -> int:
    """The pid of a process that has ended (a runner that was killed)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _orphan(engine: Engine, worker: str, heartbeat_age: float = 0.0) -> int:
    """A job claimed by ``worker`` that never finished, last heard of ``heartbeat_age`` ago."""
    job_id = jobs.enqueue(engine, "test-steps", {"numbers": [2, 3]}, "alice")
    assert jobs.claim(engine, job_id)
    with engine.begin() as conn:
        conn.execute(update(Job).where(Job.id == job_id).values(
            worker=worker, heartbeat_at=utcnow() - dt.timedelta(seconds=heartbeat_age)))
    return job_id


def test_job_of_a_killed_runner_on_this_host_is_retried_and_finished(
        seeded_engine: Engine) -> None:
    release.set()
    job_id = _orphan(seeded_engine, f"{socket.gethostname()}:{_dead_pid()}")
    assert jobs.recover(seeded_engine) == [job_id]
    queued = jobs.job_status(seeded_engine, job_id)
    assert queued is not None and queued["status"] == "queued"
    assert "attempt 2 of 3" in queued["message"]
    assert jobs.run_next(seeded_engine) == job_id
    with seeded_engine.connect() as conn:
        done = conn.execute(select(Job.status, Job.attempts, Job.result_json)
                            .where(Job.id == job_id)).one()
    assert (done.status, done.attempts, done.result_json) == ("done", 2, '{"total": 5}')


def test_job_elsewhere_is_retried_only_once_its_heartbeat_stops(seeded_engine: Engine) -> None:
    alive = _orphan(seeded_engine, "other-host:1", heartbeat_age=5)
    silent = _orphan(seeded_engine, "other-host:2", heartbeat_age=job_recovery.STALE_SECONDS + 5)
    assert jobs.recover(seeded_engine) == [silent]
    assert jobs.job_status(seeded_engine, alive)["status"] == "running"  # type: ignore[index]


def test_job_that_keeps_dying_fails_with_its_reason(seeded_engine: Engine) -> None:
    job_id = _orphan(seeded_engine, "other-host:3", heartbeat_age=job_recovery.STALE_SECONDS + 5)
    for _attempt in range(job_recovery.MAX_ATTEMPTS - 1):
        assert jobs.recover(seeded_engine) == [job_id]
        assert jobs.claim(seeded_engine, job_id)
        with seeded_engine.begin() as conn:
            conn.execute(update(Job).where(Job.id == job_id).values(
                worker="other-host:3", heartbeat_at=utcnow() - dt.timedelta(hours=1)))
    assert jobs.recover(seeded_engine) == []
    failed = jobs.job_status(seeded_engine, job_id)
    assert failed is not None and failed["status"] == "failed"
    assert failed["error"].startswith(f"The job stopped {job_recovery.MAX_ATTEMPTS} times")


def test_a_running_job_keeps_its_heartbeat(seeded_engine: Engine,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(job_recovery, "HEARTBEAT_SECONDS", 0.05)
    monkeypatch.setattr(jobs, "WORKER_NAME", "other-host:9")  # a runner on another machine
    release.clear()
    job_id = jobs.enqueue(seeded_engine, "test-steps", {"numbers": [1]}, "alice")
    assert jobs.claim(seeded_engine, job_id)
    with seeded_engine.begin() as conn:
        conn.execute(update(Job).where(Job.id == job_id).values(
            heartbeat_at=utcnow() - dt.timedelta(hours=1)))
    runner = threading.Thread(target=jobs.run, args=(seeded_engine, job_id))
    runner.start()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with seeded_engine.connect() as conn:
                beat = conn.execute(select(Job.heartbeat_at).where(Job.id == job_id)).scalar()
            if beat is not None and beat > utcnow() - dt.timedelta(minutes=1):
                break
            time.sleep(0.05)
        assert jobs.recover(seeded_engine) == []
    finally:
        release.set()
        runner.join(10)
    assert jobs.job_status(seeded_engine, job_id)["status"] == "done"  # type: ignore[index]


def test_web_process_in_thread_mode_resumes_orphaned_jobs_at_start(
        make_app: Callable[..., Dash], seeded_engine: Engine) -> None:
    release.set()
    job_id = _orphan(seeded_engine, f"{socket.gethostname()}:{_dead_pid()}")
    app = make_app()
    try:
        done = _wait_for(seeded_engine, job_id, "done")
    finally:
        app.server.extensions["scorecard_engine"].dispose()
    assert done["result"] == {"total": 5}


def test_web_process_in_thread_mode_looks_again_while_requests_come_in(
        make_app: Callable[..., Dash], seeded_engine: Engine,
        monkeypatch: pytest.MonkeyPatch) -> None:
    release.set()
    app = make_app(job_threads=1)
    try:
        pool = app.server.extensions[job_runners.POOL_KEY]
        pool.submit(lambda: None).result(timeout=10)  # the sweep at start is over
        job_id = _orphan(seeded_engine, f"{socket.gethostname()}:{_dead_pid()}")
        monkeypatch.setattr(job_runners, "SWEEP_SECONDS", 0.0)
        app.server.test_client().get("/login")
        assert _wait_for(seeded_engine, job_id, "done")["result"] == {"total": 5}
    finally:
        app.server.extensions["scorecard_engine"].dispose()


def test_job_under_this_process_name_from_before_it_started_is_retried(
        seeded_engine: Engine) -> None:
    # A restarted container gives its new process the pid of the old one.
    earlier = _orphan(seeded_engine, jobs.WORKER_NAME)
    mine = _orphan(seeded_engine, jobs.WORKER_NAME)
    with seeded_engine.begin() as conn:
        conn.execute(update(Job).where(Job.id == earlier).values(
            started_at=job_recovery.PROCESS_STARTED - dt.timedelta(seconds=1)))
    assert jobs.recover(seeded_engine) == [earlier]
    assert jobs.job_status(seeded_engine, mine)["status"] == "running"  # type: ignore[index]
