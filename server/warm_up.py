"""Draw the busiest pages once while a worker starts, before it takes any request.

A worker's first page pays for more than its figures: the first queries, the first use of
pandas and plotly code paths, the catalogue read; then the figures themselves are computed
and kept until the data changes (:mod:`server.caching`). Without this, the first readers
after every restart or deployment wait for all of it (about a second a page on the demo).
Here each worker draws the figure pages at their default area and quarter (what most
readers open) while it starts, so those are served from the cache and every other view
starts with the process already warm.

Pages are drawn as by a reader with no account, only to fill the caches: what is kept does
not depend on the reader (each reader's own parts, and access, are decided per request). A
failure is logged and never stops the worker from starting.
"""

from __future__ import annotations

import logging
import time

import dash
from dash import Dash

log = logging.getLogger("scorecard.warm_up")

#: The pages drawn, at their default area and quarter.
WARM_PATHS = ("/", "/summary", "/districts", "/compare", "/indicator")


def warm_pages(app: Dash, paths: tuple[str, ...] = WARM_PATHS) -> list[str]:
    """Draw each of ``paths`` once in ``app``; returns the paths drawn without error."""
    drawn: list[str] = []
    started = time.perf_counter()
    pages = {page["path"]: page for page in dash.page_registry.values()}
    for path in paths:
        layout = pages.get(path, {}).get("layout")
        if not callable(layout):
            continue
        with app.server.test_request_context(path):
            try:
                layout()
            except Exception:  # noqa: BLE001 - the page's first reader will meet the problem
                log.warning("Could not draw %s while starting", path, exc_info=True)
                continue
        drawn.append(path)
    log.info("Pages drawn while starting", extra={
        "pages": drawn, "duration_ms": round((time.perf_counter() - started) * 1000, 1)})
    return drawn
