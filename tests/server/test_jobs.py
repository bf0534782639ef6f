"""Background jobs: queued in the database, run off the request thread, progress readable by
any instance, claimed by exactly one runner."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine

from server import jobs
from server.roles import Role
from server.testing import ensure_user, sign_in

release = threading.Event()


@jobs.handler("test-steps")
def _steps(engine: Engine, payload: dict[str, Any], progress: jobs.Progress) -> dict[str, Any]:
    progress(0.5, "Half way")
    release.wait(5)
    return {"total": sum(payload["numbers"])}


@jobs.handler("test-fails")
def _fails(engine: Engine, payload: dict[str, Any], progress: jobs.Progress) -> None:
    raise RuntimeError("SELECT secret FROM somewhere")


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


def test_progress_bar_component() -> None:
    bar = jobs.progress_bar({"status": "running", "progress": 0.25, "message": "Reading",
                             "error": None}, "upload")
    assert bar.id == "upload-job-progress"
    assert bar.children[1].value == "0.25"  # type: ignore[index]
