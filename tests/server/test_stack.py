"""The production stack of ``compose.yaml`` without Docker: two gunicorn web instances, one
``scorecard worker``, PostgreSQL and Redis, all on loopback, driven over HTTP.

A large upload is checked and committed by the worker, then a board pack is built; the worker
is killed (SIGKILL) in the middle of the pack and another one started: the pack is retried
and finished, and either web instance serves it. Each run has its own PostgreSQL database, its
own RQ key prefix and upload folders, so parallel runs do not meet. Skips, saying why, when
PostgreSQL or Redis cannot be reached. Every wait is bounded (the whole test about a minute).
"""

from __future__ import annotations

import csv
import io
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
import redis
import requests
from sqlalchemy import create_engine, select

from layouts import _board_pack
from server.security import CSRF_COOKIE, CSRF_HEADER
from server.testing import TEST_PASSWORD, form_token
from store.models import Job

from ..conftest import REPO_ROOT, _pg_unavailable_reason, throwaway_postgres

pytestmark = pytest.mark.stack
#: A database number of its own; RQ's keys get a prefix of their own per run too.
REDIS_URL = os.environ.get("SCORECARD_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")
COUNTY = "E10000017"
QUARTERS = [f"Q{q} {y}" for y in ("2014/15", "2015/16") for q in (1, 2, 3, 4)] + [
    "Q1 2016/17", "Q2 2016/17", "Q3 2016/17"]
SCORECARD = [sys.executable, "-c", "import sys; from cli import main; sys.exit(main())"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _until(what: str, check: Callable[[], Any], seconds: float = 60.0,
           every: float = 0.1) -> Any:
    """``check()`` once it is truthy; fails naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every)
    raise AssertionError(f"gave up waiting for {what}")


@pytest.fixture
def database() -> Iterator[str]:
    """A throwaway PostgreSQL database for this stack."""
    reason = _pg_unavailable_reason()
    if reason:
        pytest.skip(reason)
    with throwaway_postgres("scorecard_stack") as url:
        yield url


@pytest.fixture
def environment(database: str, tmp_path: Path) -> dict[str, str]:
    """What every process of the stack runs with, as compose.yaml sets it."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis not reachable at {REDIS_URL} ({type(error).__name__}); set "
                    "SCORECARD_TEST_REDIS_URL to run the stack test")
    return {**os.environ, "PYTHONPATH": str(REPO_ROOT), "DATABASE_URL": database,
            "REDIS_URL": REDIS_URL, "RQ_KEY_PREFIX": f"rq-stack-{uuid.uuid4().hex[:10]}",
            "SECRET_KEY": uuid.uuid4().hex * 2, "SCORECARD_JOBS": "worker",
            "SCORECARD_DEMO_LOGIN": "0", "SCORECARD_SECURE_COOKIES": "0",
            "SCORECARD_UPLOAD_DIR": str(tmp_path / "uploads"),
            "SCORECARD_EXPORT_DIR": str(tmp_path / "exports"),
            "SCORECARD_UPLOAD_JOB_MB": "0.0001",  # a hundred bytes: this upload is "large"
            "SCORECARD_LOGIN_RATE_LIMIT": "10000 per minute",
            "SCORECARD_UPLOAD_RATE_LIMIT": "10000 per minute",
            "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "4", "GUNICORN_GRACEFUL_TIMEOUT": "5"}


class Stack:
    """The processes of one stack, stopped together."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.processes: list[subprocess.Popen[str]] = []
        self.log_files: list[IO[str]] = []
        logs.mkdir(parents=True, exist_ok=True)

    def run(self, *argv: str, stdin: str = "") -> None:
        done = subprocess.run([*SCORECARD, *argv], input=stdin, env=self.env, cwd=REPO_ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr

    def start(self, name: str, argv: list[str], **env: str) -> subprocess.Popen[str]:
        log = (self.logs / f"{name}.log").open("w")
        self.log_files.append(log)
        process = subprocess.Popen(argv, env={**self.env, **env}, cwd=REPO_ROOT, text=True,
                                   stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def web(self, name: str) -> str:
        port = _free_port()
        self.start(name, [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                          "server.wsgi:server"], GUNICORN_BIND=f"127.0.0.1:{port}")
        url = f"http://127.0.0.1:{port}"

        def answers() -> bool:
            try:
                return requests.get(f"{url}/healthz", timeout=2).ok
            except requests.RequestException:
                return False
        _until(f"{name} to answer (see {self.logs / name}.log)", answers, 60, 0.3)
        return url

    def worker(self, name: str) -> subprocess.Popen[str]:
        return self.start(name, [*SCORECARD, "worker"])

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        for log in self.log_files:
            log.close()


@pytest.fixture
def stack(environment: dict[str, str], tmp_path: Path) -> Iterator[Stack]:
    running = Stack(environment, tmp_path / "logs")
    try:
        yield running
    finally:
        running.stop()


def _signed_in(url: str) -> requests.Session:
    session = requests.Session()
    token = form_token(session.get(f"{url}/login", timeout=10).text)
    signed = session.post(f"{url}/login", data={"username": "officer", "password": TEST_PASSWORD,
                                               "csrf_token": token},
                          allow_redirects=False, timeout=10)
    assert signed.status_code == 302, signed.text
    session.get(f"{url}/_dash-layout", timeout=30)  # sets the CSRF cookie
    session.headers[CSRF_HEADER] = session.cookies[CSRF_COOKIE]
    return session


def _figures() -> bytes:
    """Children looked after in Lancashire, a quarter a row (over a hundred bytes)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["indicator_id", "area_code", "period", "value"])
    writer.writerows(["cla_number", COUNTY, quarter, 1000 + 40 * n]
                     for n, quarter in enumerate(QUARTERS))
    return out.getvalue().encode()


def _finished(session: requests.Session, url: str, job_id: int, seconds: float = 90.0
              ) -> dict[str, Any]:
    def state() -> dict[str, Any] | None:
        found: dict[str, Any] = session.get(f"{url}/api/jobs/{job_id}", timeout=10).json()
        return found if found["status"] in ("done", "failed") else None
    found: dict[str, Any] = _until(f"job {job_id} to finish", state, seconds, 0.2)
    assert found["status"] == "done", found
    return found


def _pack_body() -> dict[str, Any]:
    """The request the scorecard page's "Build the board pack" button sends."""
    outputs = [{"id": _board_pack.JOB_ID, "property": "data"},
               {"id": _board_pack.POLL_ID, "property": "disabled"},
               {"id": _board_pack.STATUS_ID, "property": "children"}]
    return {"output": "..{}..".format("...".join(f"{o['id']}.{o['property']}"
                                                 for o in outputs)),
            "outputs": outputs,
            "inputs": [{"id": _board_pack.BUTTON_ID, "property": "n_clicks", "value": 1}],
            "state": [{"id": _board_pack.CONTEXT_ID, "property": "data",
                       "value": {"area": COUNTY, "period": "Q3 2016/17"}}],
            "changedPropIds": [f"{_board_pack.BUTTON_ID}.n_clicks"]}


def test_upload_and_board_pack_survive_a_killed_worker(stack: Stack, database: str) -> None:
    stack.run("init-db")
    stack.run("user", "add", "officer", "--role", "performance_officer", "--password-stdin",
              stdin=TEST_PASSWORD + "\n")
    first, second = stack.web("web-1"), stack.web("web-2")
    stack.worker("worker-1")
    at_first, at_second = _signed_in(first), _signed_in(second)

    # A large upload: checked by the worker, its report read from the other instance.
    sent = at_first.post(f"{first}/api/uploads", params={"filename": "cla.csv"},
                         data=_figures(), timeout=30)
    assert sent.status_code == 202, sent.text
    token = sent.json()["token"]
    _finished(at_second, second, sent.json()["job"])
    preview = at_second.get(f"{second}/api/uploads/{token}/preview", timeout=10)
    assert preview.status_code == 200, preview.text
    committing = at_second.post(f"{second}/api/uploads/{token}/commit",
                                json={"acknowledge_warnings": "stack test"}, timeout=30)
    assert committing.status_code == 202, committing.text
    _finished(at_first, first, committing.json()["job"])
    outcome = at_first.get(f"{first}/api/uploads/{token}/outcome", timeout=10).json()
    assert outcome["status"] == "committed", outcome

    # A board pack whose worker is killed while it draws the pack.
    drawn = at_first.post(f"{first}/_dash-update-component", json=_pack_body(), timeout=30)
    assert drawn.status_code == 200, drawn.text
    job_id = int(drawn.json()["response"][_board_pack.JOB_ID]["data"])
    _until("the pack to start", lambda: at_second.get(
        f"{second}/api/jobs/{job_id}", timeout=10).json()["status"] == "running", 60, 0.02)
    victim = stack.processes[-1]
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(10)
    assert at_second.get(f"{second}/api/jobs/{job_id}", timeout=10).json()["status"] in (
        "running", "queued")  # not finished by the killed worker
    stack.worker("worker-2")
    done = _finished(at_second, second, job_id, seconds=120)
    engine = create_engine(database)
    try:
        with engine.connect() as conn:
            attempts = conn.execute(select(Job.attempts).where(Job.id == job_id)).scalar_one()
    finally:
        engine.dispose()
    assert attempts == 2
    pack = at_second.get(f"{second}/api/exports/jobs/{job_id}.pdf", timeout=30)
    assert pack.status_code == 200 and pack.content.startswith(b"%PDF")
    assert done["result"]["area"] == COUNTY
    at_first.close()
    at_second.close()
