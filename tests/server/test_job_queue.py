"""Jobs on the RQ queue (``SCORECARD_JOBS=worker`` with ``REDIS_URL``): queued by the web
process, run by a worker, retried after an error and after their worker is killed, and failed
saying why once RQ stops retrying. Each test has a queue of its own on a Redis database of its
own; they skip, saying why, without Redis."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import redis
from dash import Dash

from server import job_queue, jobs
from store.engine import Engine
from store.jobs import job_work

REDIS_URL = os.environ.get("SCORECARD_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")
REPO = Path(__file__).resolve().parents[2]
runs: list[int] = []

#: A worker whose job never ends, beating fast so the queue soon notices when it is killed.
KILLED_WORKER = """
import sys
from server import job_queue, jobs
from store.engine import make_engine
job_queue.QUEUE_NAME, job_queue.BEAT_SECONDS, job_queue.ABANDONED_SECONDS = sys.argv[1], 1, 2

@jobs.handler("test-queue-once")
def hang(engine, payload, progress):
    progress(0.5, "Hanging")
    print("STARTED", flush=True)
    import time
    time.sleep(600)

jobs.work(make_engine(sys.argv[2]), sys.argv[3])
"""


@jobs.handler("test-queue-once")
def _once(engine: Engine, payload: dict[str, Any], progress: jobs.Progress) -> dict[str, Any]:
    runs.append(payload["n"])
    if payload.get("fail_first") and runs.count(payload["n"]) == 1:
        raise RuntimeError("the store went away for a moment")
    return {"n": payload["n"]}


@pytest.fixture
def queue(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A queue of this test's own on the test Redis; its name."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis not reachable at {REDIS_URL} ({type(error).__name__}); set "
                    "SCORECARD_TEST_REDIS_URL to run the queue tests")
    name = f"scorecard-test-{uuid.uuid4().hex[:10]}"
    monkeypatch.setattr(job_queue, "QUEUE_NAME", name)
    runs.clear()
    yield name
    connection = job_queue.connect(REDIS_URL)
    for key in connection.scan_iter(f"*{name}*"):
        connection.delete(key)
    connection.close()


def _submit(make_app: Callable[..., Dash], payload: dict[str, Any]) -> int:
    app = make_app(jobs_mode="worker", redis_url=REDIS_URL)
    with app.server.test_request_context():
        return jobs.submit("test-queue-once", payload, user="alice")


def test_a_queued_job_is_run_by_a_worker(queue: str, make_app: Callable[..., Dash],
                                         seeded_engine: Engine) -> None:
    job_id = _submit(make_app, {"n": 1})
    assert jobs.job_status(seeded_engine, job_id)["status"] == "queued"  # type: ignore[index]
    assert jobs.work(seeded_engine, REDIS_URL, burst=True)
    done = jobs.job_status(seeded_engine, job_id)
    assert done is not None and (done["status"], done["result"]) == ("done", {"n": 1})


def test_a_job_that_errs_is_retried_by_the_queue(queue: str, make_app: Callable[..., Dash],
                                                 seeded_engine: Engine) -> None:
    job_id = _submit(make_app, {"n": 2, "fail_first": True})
    jobs.work(seeded_engine, REDIS_URL, burst=True)
    done = jobs.job_status(seeded_engine, job_id)
    assert done is not None and (done["status"], done["result"]) == ("done", {"n": 2})
    assert runs == [2, 2]


def test_a_killed_workers_job_is_retried_by_the_next_worker(
        queue: str, make_app: Callable[..., Dash], seeded_engine: Engine) -> None:
    job_id = _submit(make_app, {"n": 3})
    url = seeded_engine.url.render_as_string(hide_password=False)
    with subprocess.Popen([sys.executable, "-c", KILLED_WORKER, queue, url, REDIS_URL],
                          cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True, env={**os.environ, "PYTHONPATH": str(REPO)}) as killed:
        assert killed.stdout is not None
        started = any(line.startswith("STARTED") for line in killed.stdout)  # ends there
        os.kill(killed.pid, signal.SIGKILL)
        assert started
    hung = jobs.job_status(seeded_engine, job_id)
    assert hung is not None and hung["status"] == "running"  # until the queue notices
    deadline = time.monotonic() + 30
    while not runs and time.monotonic() < deadline:
        time.sleep(1)  # the killed worker's last beat lasts two seconds
        jobs.work(seeded_engine, REDIS_URL, burst=True)
    done = jobs.job_status(seeded_engine, job_id)
    assert done is not None and (done["status"], done["result"]) == ("done", {"n": 3})
    assert runs == [3] and job_work(seeded_engine, job_id).attempts == 2


def test_a_job_the_queue_gives_up_on_fails_saying_why(seeded_engine: Engine,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    job_id = jobs.enqueue(seeded_engine, "test-queue-once", {"n": 4}, "alice")
    assert jobs.claim(seeded_engine, job_id)  # then its worker was killed, again and again
    monkeypatch.setattr(jobs._WorkerProcess, "engine", seeded_engine)
    retried = SimpleNamespace(args=(job_id,), retries_left=1)
    jobs.queue_gave_up(retried, None, RuntimeError, RuntimeError(), None)
    assert jobs.job_status(seeded_engine, job_id)["status"] == "running"  # type: ignore[index]
    jobs.queue_gave_up(SimpleNamespace(args=(job_id,), retries_left=0), None, RuntimeError,
                       RuntimeError(), None)
    failed = jobs.job_status(seeded_engine, job_id)
    assert failed is not None and failed["status"] == "failed"
    assert failed["error"].startswith(f"The job stopped {jobs.MAX_ATTEMPTS} times")


def test_a_job_the_queue_cannot_take_fails_at_once_saying_so(
        make_app: Callable[..., Dash], seeded_engine: Engine) -> None:
    app = make_app(jobs_mode="worker", redis_url=f"redis://127.0.0.1:{_closed_port()}/0")
    with app.server.test_request_context(), pytest.raises(jobs.JobError, match="cannot be"):
        jobs.submit("test-queue-once", {"n": 5}, user="alice")
    found = jobs.job_status(seeded_engine, 1)
    assert found is not None and found["status"] == "failed"
    assert found["error"].startswith("The job queue cannot be reached")


def _closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
