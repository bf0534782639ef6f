"""Keep each web process's catalogue in step with the site's additions and mappings.

An administrator's change is stored once (``catalogue_entry``) but every process caches the
catalogue (:func:`services.catalogue.catalogue`). Before a request, at most every
:data:`CHECK_SECONDS`, the process reads the current entries and rebuilds its copy if they
changed, so every instance shows an added indicator within that time.
"""

from __future__ import annotations

import logging
import time

from flask import Flask

from server.context import ENGINE_KEY
from services.catalogue import use_site_entries
from store.engine import StoreFailure

CHECK_SECONDS = 60.0
log = logging.getLogger("scorecard.catalogue")


def register_site_catalogue(server: Flask) -> None:
    """Read the site's catalogue entries at most every :data:`CHECK_SECONDS`."""
    checked = [time.monotonic() - CHECK_SECONDS]

    @server.before_request
    def _catalogue_in_step() -> None:
        engine = server.extensions.get(ENGINE_KEY)
        if engine is None or time.monotonic() - checked[0] < CHECK_SECONDS:
            return
        checked[0] = time.monotonic()
        try:
            use_site_entries(engine)
        except StoreFailure:
            log.warning("Catalogue check skipped: the store is unavailable")
