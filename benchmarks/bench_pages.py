"""Page loads in Chromium against gunicorn with the production configuration, and a bare page.

Run as ``python benchmarks/bench_pages.py`` (``make bench`` runs it). It builds the demo store
in a temporary folder (as ``scorecard demo`` does, with the demo account), signs in once
through the sign-in form, then for each page:

* restarts gunicorn with ``gunicorn.conf.py`` and ``server.wsgi:server`` (2 gthread workers,
  as in production) and waits for ``/healthz``;
* **cold**: opens the page in a fresh browser context (empty cache, signed-in cookie) and
  times navigation start to content: the first frame in which ``#_pages_content`` has
  content (painted from the HTML or drawn by the renderer), no Dash component is loading
  and every graph shows its chart as SVG (painted in the HTML, or drawn by plotly.js), has
  been drawn (the start of the frame after it). The
  check runs in the page itself before every frame, from the moment the document exists (an
  init script), so a page painted before its scripts have run is seen when it is painted;
* **warm**: opens the same page again in the same context, ``--warm`` times, and takes the
  median; for a page with charts it also prints, as context, the median time until plotly.js
  has drawn every chart in the renderer's copy (the charts then answer to the pointer);
* counts the JavaScript the page ran (decoded bytes of every script response, async chunks
  and plotly.js included) and the largest answer that draws part of the page (decoded bytes
  of a ``/_dash-update-component`` response, or of ``/_dash-layout``, which carries the page
  itself when the frame draws it).

A bare page is served the same way (gunicorn, the same configuration file): an HTML page
whose one script posts to a JSON endpoint and writes the answer into ``#_pages_content``, the
shortest path Dash's renderer could take. Each page's times are printed as ratios to the bare
page's, with the absolute times beside them; the targets (cold under 1 s, warm under 0.3 s,
JavaScript under 2.5 MB, callback answers under 100 KB) are checked and reported, never
asserted, because timings depend on the machine.

Chromium is Debian's (``/usr/bin/chromium``; ``--chromium`` to change). Options:
``--pages``, ``--warm``, ``--database-url`` (an existing store with a demo account).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from bench_callbacks import demo_store, free_port  # noqa: E402

PAGES = ("/", "/summary", "/indicator?id=cla_rate", "/districts", "/compare", "/upload")
PERIOD = "period=Q3-2016-17"
BARE = "/bare"
LIMITS = {"cold": 1.0, "warm": 0.3, "js": 2.5e6, "callback": 100e3}
#: Answers that draw the page: callbacks, and the frame (which may carry the page drawn).
DRAWING_ANSWERS = ("/_dash-update-component", "/_dash-layout", "/bare.json")
#: Checks before every frame from the document's start; once content is ready in a frame,
#: records the start of the next frame, when the one holding the content has been drawn.
#: Content is ready when the Pages router's container (the painted copy's while it is there)
#: has children, no Dash component is loading, and every graph shows its chart as SVG
#: (painted in the HTML, or drawn by plotly.js): as many graphs as the page has ever shown (a
#: painted page shows every chart's place at once, and Dash's graph draws nothing at all until
#: its code has loaded). It then goes on checking until plotly.js has drawn every chart in the
#: renderer's own copy and the painted copy is gone, and records that too (``__chartsLive``):
#: when the charts answer to the pointer.
READY_RECORDER = """(() => {
  let expected = 0;
  const charted = (root) => {
    const graphs = root.querySelectorAll('.dash-graph');
    expected = Math.max(expected, graphs.length);
    for (const graph of graphs) { if (!graph.querySelector('svg')) return false; }
    return graphs.length >= expected;
  };
  const ready = () => {
    const content = document.getElementById('_pages_content');
    if (!content || !content.children.length) return false;
    if (document.querySelector('[data-dash-is-loading="true"]')) return false;
    return charted(content);
  };
  const live = () => {
    if (document.getElementById('first-paint')) return false;
    const graphs = document.querySelectorAll('#_pages_content .dash-graph');
    for (const graph of graphs) { if (!graph.querySelector('.main-svg')) return false; }
    return graphs.length >= expected;
  };
  const stamp = (name) => requestAnimationFrame(() => { window[name] = performance.now(); });
  const tick = () => {
    if (!window.__readySeen && ready()) { window.__readySeen = true; stamp('__contentReady'); }
    if (window.__readySeen && live()) { stamp('__chartsLive'); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""
BARE_HTML = """<!doctype html><html><head><title>bare</title></head><body>
<div id="_pages_content"></div><script src="/bare.js"></script></body></html>"""
BARE_JS = """fetch('/bare.json', {method: 'POST', headers: {'Content-Type': 'application/json'},
  body: JSON.stringify({path: location.pathname})}).then(r => r.json()).then(d => {
  const p = document.createElement('p'); p.textContent = d.text;
  document.getElementById('_pages_content').appendChild(p); });"""


def bare_wsgi() -> Any:
    """The bare page: HTML, one script, one JSON answer."""
    from flask import Flask, Response, jsonify

    bare = Flask("bare")
    bare.add_url_rule(BARE, "page", lambda: Response(BARE_HTML, mimetype="text/html"))
    bare.add_url_rule("/bare.js", "script",
                      lambda: Response(BARE_JS, mimetype="application/javascript"))
    bare.add_url_rule("/bare.json", "answer", lambda: jsonify({"text": "content"}),
                      methods=["POST"])
    bare.add_url_rule("/healthz", "health", lambda: "ok")
    return bare


@dataclass
class Load:
    """One page's measurements (seconds and bytes)."""

    page: str
    cold: float
    warm: float
    js_bytes: int
    callback_bytes: int
    live: float = 0.0

    def ratios(self, bare: Load) -> str:
        charts = f"  charts live (warm) {self.live:6.3f} s" if self.live else ""
        return (f"{self.page:<23} cold {self.cold:6.3f} s ({self.cold / bare.cold:5.1f}x)  "
                f"warm {self.warm:6.3f} s ({self.warm / bare.warm:5.1f}x)  "
                f"JS {self.js_bytes / 1e6:5.2f} MB  callback {self.callback_bytes / 1e3:6.1f} KB"
                + charts)

    def misses(self) -> list[str]:
        found = {"cold": self.cold, "warm": self.warm, "js": self.js_bytes,
                 "callback": self.callback_bytes}
        return [f"{name} {found[name]:g} over {limit:g}" for name, limit in LIMITS.items()
                if found[name] >= limit]


class Server:
    """gunicorn with the production configuration, restarted on demand."""

    def __init__(self, target: str, env: dict[str, str], log: Path) -> None:
        self.target, self.env, self.log = target, env, log
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""

    def start(self) -> None:
        self.stop()
        port = free_port()
        handle = self.log.open("a", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(REPO / "gunicorn.conf.py"),
             "--chdir", str(REPO), self.target],
            env={**os.environ, **self.env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=handle, stderr=handle)
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2):
                    return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise SystemExit(f"gunicorn did not start; see {self.log}") from None
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=60)
            self.process = None


def _open(context: Any, url: str) -> tuple[float, int, int, float]:
    """Load ``url`` in a new tab: (seconds to content, script bytes, largest callback bytes,
    seconds until plotly.js has drawn the page's charts, 0 for a page without charts)."""
    page = context.new_page()
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    try:
        page.goto(url, wait_until="commit", timeout=60_000)
        ready = page.wait_for_function("() => window.__contentReady", timeout=60_000)
        seconds = float(ready.json_value()) / 1000
        page.wait_for_load_state("networkidle", timeout=60_000)
        charts = page.evaluate("document.querySelectorAll('#_pages_content .dash-graph').length")
        live = float(page.wait_for_function("() => window.__chartsLive", timeout=60_000)
                     .json_value()) / 1000 if charts else 0.0
        js = callback = 0
        for response in responses:
            if response.status != 200:
                continue
            if response.request.resource_type == "script":
                js += len(response.body())
            elif urlsplit(response.url).path.endswith(DRAWING_ANSWERS):
                callback = max(callback, len(response.body()))
        return seconds, js, callback, live
    finally:
        page.close()


def measure(browser: Any, server: Server, path: str, state: Any, warm: int) -> Load:
    """Restart ``server``, then load ``path`` cold once and warm ``warm`` times."""
    server.start()
    context = browser.new_context(storage_state=state, viewport={"width": 1366, "height": 768})
    context.add_init_script(READY_RECORDER)
    try:
        url = server.url + path
        if path != BARE:
            url += ("&" if "?" in path else "?") + PERIOD
        cold, js, callback, _live = _open(context, url)
        warms = [_open(context, url) for _ in range(warm)]
        return Load(path, cold, statistics.median(w[0] for w in warms), js, callback,
                    statistics.median(w[3] for w in warms))
    finally:
        context.close()


def sign_in(browser: Any, server: Server) -> Any:
    """Sign in as the demo account through the form; the cookie for every later context."""
    server.start()
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url + "/login")
    page.fill("#username", "demo")
    page.fill("#password", "demo")
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url, timeout=60_000)
    state = context.storage_state()
    context.close()
    return state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", nargs="*", default=list(PAGES))
    parser.add_argument("--warm", type=int, default=3)
    parser.add_argument("--database-url")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        folder = Path(tmp)
        print("Building the demo store..." if not args.database_url else "Using the store given.",
              flush=True)
        url = args.database_url or demo_store(folder)
        sys.path.insert(0, str(REPO))
        from services.accounts import ensure_demo_account
        from store.engine import make_engine
        ensure_demo_account(make_engine(url), alongside_users=True)
        env = {"DATABASE_URL": url, "SECRET_KEY": "bench-pages", "PYTHONPATH": str(REPO),
               "SCORECARD_UPLOAD_DIR": str(folder / "uploads")}
        app = Server("server.wsgi:server", env, folder / "app.log")
        bare = Server("bench_pages:bare_wsgi()", {**env, "PYTHONPATH": str(HERE)},
                      folder / "bare.log")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=args.chromium, args=["--headless", "--no-sandbox"])
            try:
                baseline = measure(browser, bare, BARE, None, args.warm)
                bare.stop()
                state = sign_in(browser, app)
                loads = []
                for path in args.pages:
                    loads.append(measure(browser, app, path, state, args.warm))
                    print(loads[-1].ratios(baseline), flush=True)
            finally:
                app.stop()
                bare.stop()
                browser.close()
    report(baseline, loads)


def report(baseline: Load, loads: list[Load]) -> None:
    print(f"\nBare page (gunicorn, same configuration): cold {baseline.cold:.3f} s, "
          f"warm {baseline.warm:.3f} s")
    for load in loads:
        print(load.ratios(baseline))
    print("\nTargets: cold < 1 s, warm < 0.3 s, JavaScript < 2.5 MB, callback < 100 KB.")
    misses = [f"{load.page}: {miss}" for load in loads for miss in load.misses()]
    print("All targets met." if not misses else "Not met: " + "; ".join(misses))


if __name__ == "__main__":
    main()
