"""App-wide page pieces: the HTML shell, the callback error handler and its message region.

A callback that fails shows a plain sentence and a reference in the alert region placed by
``app.py``, never a stack trace; the error itself goes to the log with the same reference.
Database outages are passed on to ``server.errors``, which answers them for the whole app.
"""

from __future__ import annotations

import logging

from dash import Dash, html, set_props
from flask import g, has_request_context

from server.errors import ERROR_REGION
from server.page_cache import mark_callback_failed
from store.engine import DriverFailure
from store.faults import PoolExhausted, describe_fault

log = logging.getLogger("scorecard.pages")

ERROR_MESSAGE = ("Something went wrong while updating this page. Nothing has been changed; "
                 "try again, and if it keeps happening tell the performance team")

#: The page shell: English (UK) language for screen readers, no inline script.
INDEX_STRING = """<!DOCTYPE html>
<html lang="en-GB">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <div class="dash-scripts">
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""


def error_region() -> html.Div:
    """Where a failed callback's message appears (empty, and hidden, until then)."""
    return html.Div(id=ERROR_REGION, role="alert", className="app-error")


def callback_error(error: Exception) -> None:
    """Dash's ``on_error``: log the failure, show a plain message, leave outputs unchanged."""
    if isinstance(error, DriverFailure | PoolExhausted) or describe_fault(error).kind != "failed":
        raise error  # an outage or a refused write, wrapped or not: server.errors answers it
    reference = str(g.get("request_id", "")) if has_request_context() else ""
    log.error("Callback failed", exc_info=error, extra={"error_type": type(error).__name__})
    if has_request_context():
        mark_callback_failed()
    suffix = f" (reference {reference})." if reference else "."
    set_props(ERROR_REGION, {"children": ERROR_MESSAGE + suffix})


def register_page_shell(app: Dash) -> None:
    """Use the accessible page shell for ``app``."""
    app.index_string = INDEX_STRING
