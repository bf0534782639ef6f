"""Callback latency of the scorecard page under load, against a bare Flask JSON endpoint.

Run as ``python benchmarks/bench_callbacks.py`` (``make bench`` runs it). It builds the demo
store in a temporary folder (as ``scorecard demo`` does), then serves, in turn, with gunicorn
(2 sync workers on a loopback port):

(a) the app, and POSTs the scorecard page's main callback to ``/_dash-update-component``: the
    Dash Pages router callback that draws the page for ``/?area=...&period=...`` (the picker
    form changes the URL, and this callback draws the new scorecard), cycling through
    the demo's county and its 12 districts for Q3 2016/17 after one warm-up request each;
(b) a bare Flask app whose one route parses the same JSON body and answers a small JSON object.

Each runs for 30 s with 20 concurrent clients (4 processes of 5 threads, each sending its next
request when the last is answered). It prints p50/p95/p99 latency and throughput for both and
the throughput ratio (a)/(b). Requests are signed in through the test switch
(``login_disabled_as``), so the access gate runs but no password is checked. The goal is a
p95 under 200 ms; nothing is asserted, because timings depend on the machine.

Options: ``--seconds``, ``--clients``, ``--workers``, ``--database-url`` (an existing store
instead of building the demo).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
def _demo_areas() -> tuple[str, ...]:
    sys.path.insert(0, str(REPO))
    from demo.partnership import demo_profile
    profile = demo_profile()
    return (profile.council, *(s.code for s in profile.sub_areas))


AREAS = _demo_areas()
PERIOD = "Q3-2016-17"
CALLBACK_PATH = "/_dash-update-component"
BASELINE_PATH = "/bench/json"
PROCESSES = 4


def router_request(search: str) -> dict[str, Any]:
    """The body Dash's renderer posts to draw the scorecard page for ``/?{search}``."""
    from server.testing import page_draw_body
    return page_draw_body("/", search, changed="search")


def payloads() -> list[dict[str, Any]]:
    return [router_request(f"?area={area}&period={PERIOD}") for area in AREAS]


# --- The two WSGI apps gunicorn loads (``bench_callbacks:scorecard_wsgi()``) -----------------

def scorecard_wsgi() -> Any:
    """The scorecard app over ``DATABASE_URL``, every request signed in as a Board viewer."""
    sys.path.insert(0, str(REPO))
    from app import create_app
    from settings import load_settings
    return create_app(load_settings(login_disabled_as="viewer", log_level="WARNING")).server


def baseline_wsgi() -> Any:
    """A bare Flask app: parse the JSON body, answer a small JSON object."""
    from flask import Flask, jsonify, request

    bare = Flask("baseline")

    @bare.post(BASELINE_PATH)
    def answer() -> Any:
        body = request.get_json()
        return jsonify({"multi": True, "response": {"outputs": len(body.get("outputs", []))}})

    return bare


# --- Serving and load ---------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(factory: str, workers: int, env: dict[str, str], log: Path) -> tuple[Any, str]:
    port = free_port()
    handle = log.open("w", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--chdir", str(HERE), "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120",
         f"bench_callbacks:{factory}()"],
        env={**os.environ, **env}, stdout=handle, stderr=handle)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + ("/healthz" if "scorecard" in factory else "/"),
                                        timeout=2):
                break
        except urllib.error.HTTPError:
            break  # the server answers (the baseline has no page at /)
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.terminate()
                raise SystemExit(f"gunicorn did not start; see {log}") from None
            time.sleep(0.3)
    return process, url


def _client(url: str, bodies: list[dict[str, Any]], until: float, start: int) -> list[float]:
    import requests
    session = requests.Session()
    times: list[float] = []
    i = start
    while time.monotonic() < until:
        began = time.perf_counter()
        response = session.post(url, json=bodies[i % len(bodies)], timeout=60)
        elapsed = time.perf_counter() - began
        if response.status_code != 200:
            times.append(-1.0)
        else:
            times.append(elapsed)
        i += 1
    return times


def _process(url: str, bodies: list[dict[str, Any]], seconds: float, threads: int,
             offset: int) -> list[float]:
    until = time.monotonic() + seconds
    with ThreadPoolExecutor(threads) as pool:
        runs = [pool.submit(_client, url, bodies, until, offset + t) for t in range(threads)]
        return [t for run in runs for t in run.result()]


@dataclass
class Result:
    name: str
    latencies: list[float]
    errors: int
    seconds: float

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    def line(self) -> str:
        return (f"{self.name:<34} {len(self.latencies):>7} req  {self.throughput:8.1f} req/s  "
                f"p50 {self.quantile(0.50):7.1f} ms  p95 {self.quantile(0.95):7.1f} ms  "
                f"p99 {self.quantile(0.99):7.1f} ms  errors {self.errors}")


def load(name: str, url: str, bodies: list[dict[str, Any]], seconds: float,
         clients: int) -> Result:
    threads = max(1, clients // PROCESSES)
    started = time.monotonic()
    with ProcessPoolExecutor(PROCESSES) as pool:
        runs = [pool.submit(_process, url, bodies, seconds, threads, p * threads)
                for p in range(PROCESSES)]
        times = [t for run in runs for t in run.result()]
    elapsed = time.monotonic() - started
    good = [t for t in times if t >= 0]
    return Result(name, good, len(times) - len(good), elapsed)


def warm_up(url: str, bodies: list[dict[str, Any]], workers: int, expect: str) -> None:
    """Each area a few times per worker, checking the answer is what it should be."""
    import requests
    for body in bodies * workers * 2:
        response = requests.post(url, json=body, timeout=120)
        response.raise_for_status()
        if expect not in response.text:
            raise SystemExit("The callback did not draw a scorecard: " + response.text[:300])


def demo_store(folder: Path) -> str:
    sys.path.insert(0, str(REPO))
    from demo.build import build_demo_workbooks
    from demo.load import load_demo
    from services.setup import initialise_store
    from settings import Settings
    settings = Settings(database_url=f"sqlite:///{folder / 'demo.db'}",
                        demo_dir=folder / "workbooks", upload_dir=folder / "uploads")
    initialise_store(settings)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summary = load_demo(settings, user="demo", paths=build_demo_workbooks(settings))
    if not summary.ok:
        raise SystemExit("The demo data did not load:\n" + "\n".join(summary.lines()))
    return settings.database_url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-callbacks-") as tmp:
        folder = Path(tmp)
        print("Building the demo store..." if not args.database_url else "Using the store given.")
        url = args.database_url or demo_store(folder)
        env = {"DATABASE_URL": url, "SECRET_KEY": "bench", "PYTHONPATH": str(REPO)}
        bodies = payloads()
        results = []
        for name, factory, path, expect in (
                ("scorecard callback (router)", "scorecard_wsgi", CALLBACK_PATH,
                 "scorecard-table"),
                ("bare Flask JSON endpoint", "baseline_wsgi", BASELINE_PATH, "outputs")):
            process, base = serve(factory, args.workers, env, folder / f"{factory}.log")
            try:
                warm_up(base + path, bodies, args.workers, expect)
                print(f"Loading {name}: {args.clients} clients for {args.seconds:g} s "
                      f"against gunicorn with {args.workers} workers...", flush=True)
                results.append(load(name, base + path, bodies, args.seconds, args.clients))
            finally:
                process.terminate()
                process.wait(timeout=30)
    print()
    for result in results:
        print(result.line())
    scorecard, baseline = results
    print(f"\nThroughput ratio (scorecard callback / bare Flask): "
          f"{scorecard.throughput / baseline.throughput:.3f}")
    p95 = scorecard.quantile(0.95)
    verdict = "met" if p95 < 200 else "not met"
    print(f"Scorecard callback p95 {p95:.0f} ms; goal under 200 ms: {verdict} "
          f"(median of {len(scorecard.latencies)} requests "
          f"{statistics.median(scorecard.latencies) * 1000:.0f} ms).")


if __name__ == "__main__":
    main()
