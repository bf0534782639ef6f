"""Load test: mixed page views and one upload against gunicorn with 2 workers, on loopback.

    python benchmarks/load_test.py                 # 60 s, 8 signed-in viewers, SQLite
    python benchmarks/load_test.py --seconds 15 --database-url postgresql+psycopg://...

Builds a demo store (every demo file but the last), starts gunicorn with ``gunicorn.conf.py``
bound to 127.0.0.1, signs viewers in and has them open every page (the page shell, Dash's layout
and dependencies, and the routing callback that draws each page), while a performance officer
uploads and commits the last demo file through ``/api/uploads``. Prints throughput and latency
per kind of request; exits 1 if any request got a 5xx answer or no answer at all. Bounded: the
clients stop after ``--seconds`` and every request has a 30 s timeout.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from server.testing import TEST_PASSWORD, ensure_user, form_token  # noqa: E402
from settings import Settings  # noqa: E402
from store.engine import make_engine  # noqa: E402

TIMEOUT = 30


@dataclass
class LoadResult:
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    failures: list[str] = field(default_factory=list)
    upload: str = "not run"

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    def lines(self) -> list[str]:
        out = [f"{self.requests} requests in {self.seconds:.0f} s "
               f"({self.requests / self.seconds:.1f}/s); statuses {dict(self.statuses)}; "
               f"5xx: {self.server_errors}; no answer: {len(self.failures)}",
               f"upload: {self.upload}"]
        for kind, times in sorted(self.latencies.items()):
            ordered = sorted(times)
            p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
            out.append(f"  {kind:<28} n={len(times):<6} p50={statistics.median(times):7.1f} ms"
                       f"  p95={p95:7.1f} ms")
        return out


def build_store(folder: Path, database_url: str | None) -> tuple[Settings, Path]:
    """The demo store without its last file (which the test uploads); returns that file."""
    from demo.build import build_demo_workbooks
    from demo.load import load_demo
    from services.setup import initialise_store
    settings = Settings(database_url=database_url or f"sqlite:///{folder / 'load.db'}",
                        demo_dir=folder / "workbooks", upload_dir=folder / "uploads")
    initialise_store(settings)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        paths = build_demo_workbooks(settings)
        summary = load_demo(settings, user="demo", paths=paths[:-1])
    if not summary.ok:
        raise SystemExit("The demo data did not load:\n" + "\n".join(summary.lines()))
    engine = make_engine(settings.database_url)
    ensure_user(engine, "viewer", "load-viewer")
    ensure_user(engine, "performance_officer", "load-officer")
    engine.dispose()
    return settings, paths[-1]


def page_paths() -> list[str]:
    import dash

    from app import create_app
    create_app(Settings(database_url="sqlite://", demo_login=False))
    return [str(p["path"]) for p in dash.page_registry.values()
            if "<" not in str(p["path"]) and not p.get("access")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(settings: Settings, port: int, log: BinaryIO) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": settings.database_url, "SECRET_KEY": "load-test",
           "WEB_CONCURRENCY": "2", "SCORECARD_DEMO_LOGIN": "0",
           "SCORECARD_UPLOAD_DIR": str(settings.upload_dir),
           "SCORECARD_LOGIN_RATE_LIMIT": "10000 per minute", "SCORECARD_LOG_LEVEL": "WARNING"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}",
         "server.wsgi:server"], cwd=REPO, env=env, stdout=log,
        stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                return process
        except requests.RequestException:
            time.sleep(0.3)
    process.terminate()
    process.wait(timeout=30)
    raise SystemExit(f"gunicorn did not start; see {log.name}")


def signed_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    token = form_token(session.get(f"{base}/login", timeout=TIMEOUT).text)
    response = session.post(f"{base}/login", timeout=TIMEOUT, allow_redirects=False, data={
        "username": username, "password": TEST_PASSWORD, "csrf_token": token})
    if response.status_code != 302:
        raise SystemExit(f"could not sign in as {username}: {response.status_code}")
    session.get(f"{base}/_dash-layout", timeout=TIMEOUT)
    session.headers["X-CSRFToken"] = session.cookies.get("_csrf_token", "")
    return session


def page_callback(path: str) -> dict[str, Any]:
    from server.testing import page_draw_body
    return page_draw_body(path)


def _record(result: LoadResult, lock: threading.Lock, kind: str, call: object) -> None:
    started = time.perf_counter()
    try:
        response = call()  # type: ignore[operator]
        status = response.status_code
    except requests.RequestException as error:
        with lock:
            result.failures.append(f"{kind}: {type(error).__name__}")
        return
    with lock:
        result.latencies[kind].append((time.perf_counter() - started) * 1000)
        result.statuses[status] += 1


def viewer_loop(base: str, paths: list[str], stop: float, result: LoadResult,
                lock: threading.Lock) -> None:
    with signed_in(base, "load-viewer") as session:
        _views(base, session, paths, stop, result, lock)


def _views(base: str, session: requests.Session, paths: list[str], stop: float,
           result: LoadResult, lock: threading.Lock) -> None:
    turn = 0
    while time.monotonic() < stop:
        path = paths[turn % len(paths)]
        turn += 1
        _record(result, lock, "page shell", lambda p=path: session.get(f"{base}{p}",
                                                                       timeout=TIMEOUT))
        _record(result, lock, "layout", lambda: session.get(f"{base}/_dash-layout",
                                                            timeout=TIMEOUT))
        _record(result, lock, "dependencies", lambda: session.get(
            f"{base}/_dash-dependencies", timeout=TIMEOUT))
        _record(result, lock, f"draw {path}", lambda p=path: session.post(
            f"{base}/_dash-update-component", json=page_callback(p), timeout=TIMEOUT))
        if turn % 10 == 0:
            _record(result, lock, "healthz", lambda: session.get(f"{base}/healthz",
                                                                 timeout=TIMEOUT))


def upload_once(base: str, file: Path, result: LoadResult, lock: threading.Lock) -> None:
    time.sleep(2)
    with signed_in(base, "load-officer") as session:
        _upload(base, session, file, result, lock)


def _upload(base: str, session: requests.Session, file: Path, result: LoadResult,
            lock: threading.Lock) -> None:
    started = time.perf_counter()
    sent = session.post(f"{base}/api/uploads", params={"filename": file.name},
                        data=file.read_bytes(), timeout=120)
    with lock:
        result.statuses[sent.status_code] += 1
    if sent.status_code != 200:
        result.upload = f"preview answered {sent.status_code}: {sent.text[:200]}"
        return
    committed = session.post(f"{base}/api/uploads/{sent.json()['token']}/commit",
                             json={"acknowledge_warnings": "load test"}, timeout=120)
    with lock:
        result.statuses[committed.status_code] += 1
    seconds = time.perf_counter() - started
    result.upload = (f"{file.name}: {committed.status_code} "
                     f"{committed.json().get('status', '')} in {seconds:.1f} s")


def run_load_test(seconds: float = 60, users: int = 8, database_url: str | None = None,
                  folder: Path | None = None) -> LoadResult:
    folder = folder or Path(tempfile.mkdtemp(prefix="scorecard-load-"))
    settings, upload_file = build_store(folder, database_url)
    paths = page_paths()
    port = free_port()
    log = (folder / "gunicorn.log").open("wb")
    process = start_gunicorn(settings, port, log)
    base = f"http://127.0.0.1:{port}"
    result, lock = LoadResult(seconds), threading.Lock()
    try:
        stop = time.monotonic() + seconds
        threads = [threading.Thread(target=viewer_loop, args=(base, paths, stop, result, lock))
                   for _ in range(users)]
        threads.append(threading.Thread(target=upload_once,
                                        args=(base, upload_file, result, lock)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 180)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--database-url", help="default: a temporary SQLite store")
    args = parser.parse_args(argv)
    result = run_load_test(args.seconds, args.users, args.database_url)
    print("\n".join(result.lines()))
    return 1 if result.server_errors or result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
