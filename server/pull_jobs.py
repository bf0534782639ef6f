"""The daily refresh of published figures, run as a background job.

With ``SCORECARD_PULL_DAILY`` on, a web process checks at most every :data:`CHECK_SECONDS`
while requests come in whether a source is due (not pulled for a day, by hand or on
schedule); if so, and no refresh job is already waiting or running on any instance, it submits
a ``pull-refresh`` job. The job pulls each due source through the same use case as
``scorecard pull`` (:func:`services.pulls.refresh`), so it loads only what changed and each run
is recorded for the admin page.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any

from flask import Flask

from server import jobs
from server.context import ENGINE_KEY, SETTINGS_KEY
from services.pulls import REFRESH_JOB, SCHEDULED_USER, refresh, refresh_due
from settings import Settings, load_settings
from store.engine import Engine, StoreFailure
from store.models import utcnow

#: How often (at most) a web process looks whether a refresh is due.
CHECK_SECONDS = 600.0
log = logging.getLogger("scorecard.pulls")


@jobs.handler(REFRESH_JOB)
def refresh_sources(engine: Engine, payload: dict[str, Any],
                    progress: jobs.Progress) -> dict[str, Any]:
    """Pull the due sources; their results by source."""
    progress(0.1, "Fetching published figures")
    return {"results": refresh(engine, load_settings(), utcnow())}


def submit_if_due(engine: Engine, settings: Settings, now: dt.datetime) -> int | None:
    """Submit a refresh job when one is due (see :func:`services.pulls.refresh_due`)."""
    try:
        if not refresh_due(engine, settings, now):
            return None
    except StoreFailure:
        log.warning("Refresh check skipped: the store is unavailable")
        return None
    return jobs.submit(REFRESH_JOB, {}, SCHEDULED_USER)


def register_pull_schedule(server: Flask) -> None:
    """Look for a due refresh at most every :data:`CHECK_SECONDS` while requests come in."""
    settings = server.extensions.get(SETTINGS_KEY)
    if settings is None or not settings.pull_daily or server.extensions.get(ENGINE_KEY) is None:
        return
    checked = [time.monotonic() - CHECK_SECONDS]

    @server.before_request
    def _refresh_when_due() -> None:
        if time.monotonic() - checked[0] >= CHECK_SECONDS:
            checked[0] = time.monotonic()
            submit_if_due(server.extensions[ENGINE_KEY], settings, utcnow())
