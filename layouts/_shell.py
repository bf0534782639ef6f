"""App-wide page pieces: the HTML shell, the callback error handler and its message region.

The shell carries the page itself, painted as plain HTML (:mod:`layouts._static_html`) from
the very draw the renderer will be sent (:mod:`server.first_draw`), so a reader sees the page
as soon as the HTML arrives; ``assets/first_paint.js`` removes the painted copy once the
renderer has drawn its own, which stays hidden (laid out, so charts size themselves) until then.

A callback that fails shows a plain sentence and a reference in the alert region placed by
``app.py``, never a stack trace; the error itself goes to the log with the same reference.
Database outages are passed on to ``server.errors``, which answers them for the whole app.
"""

from __future__ import annotations

import hashlib
import logging
import re
from typing import Any

from dash import Dash, html, set_props
from flask import Response, g, has_request_context

from layouts._components import plain
from layouts._static_html import static_html
from server.errors import ERROR_REGION
from server.first_draw import drawn_page
from server.page_cache import mark_callback_failed
from server.plotly_bundle import DASH_PLOTLY_PATH
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


#: The painted copy's element; ``assets/first_paint.js`` and the styles know it by this id.
FIRST_PAINT_ID = "first-paint"
#: Where the renderer's start-up script is served. Every script is deferred, so the browser
#: paints the page before running any; the start-up, Dash's one inline script, is served as
#: a file so that it runs after the scripts it needs, in document order.
START_PATH = "_dash-component-suites/scorecard/start-renderer.js"
_SCRIPT_TAG = re.compile(r"<script src=")
#: What a page with a chart fetches only once the renderer has drawn the chart's place:
#: fetched from the start instead (``<link rel=preload>``) when the painted page has a chart.
CHART_SCRIPTS = ("_dash-component-suites/dash/dcc/async-graph.js", DASH_PLOTLY_PATH)
GRAPH_MARK = 'class="dash-graph'


class ScorecardDash(Dash):
    """Dash whose HTML shell carries the requested page already painted."""

    def interpolate_index(self, metas: Any = "", title: Any = "", css: Any = "",
                          config: Any = "", scripts: Any = "", app_entry: Any = "",
                          favicon: Any = "", renderer: Any = "") -> Any:
        painted = first_paint(self)
        drawn = drawn_page()
        prefix = str(self.config.requests_pathname_prefix or "/")
        if painted and drawn is not None:
            app_entry, title = painted + str(app_entry), drawn.title
            if GRAPH_MARK in painted:
                css = str(css) + "".join(f'<link rel="preload" as="script" href="{prefix}{path}">'
                                         for path in CHART_SCRIPTS)
        return super().interpolate_index(
            metas=metas, title=title, css=css, config=config, favicon=favicon,
            scripts=_SCRIPT_TAG.sub("<script defer src=", str(scripts)), app_entry=app_entry,
            renderer=f'<script id="_dash-renderer" defer src="{prefix}{START_PATH}?v='
                     f'{_fingerprint(str(self.renderer))}"></script>')


def first_paint(app: Dash) -> str:
    """The frame with the requested page in it, as HTML; empty when the page was not drawn
    (the renderer then draws it, as it draws every page after the first)."""
    try:
        frame = app.layout() if callable(app.layout) else app.layout
        if drawn_page() is None:
            return ""
        return f'<div id="{FIRST_PAINT_ID}">{static_html(plain(frame))}</div>'
    except Exception:  # noqa: BLE001 - the renderer still draws the page
        log.warning("The page could not be painted in its HTML", exc_info=True)
        return ""


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
    """Use the accessible page shell for ``app``, and serve the renderer's start-up."""
    app.index_string = INDEX_STRING
    prefix = str(app.config.routes_pathname_prefix or "/")
    app.server.add_url_rule(prefix + START_PATH, "start_renderer",
                            lambda: _start_script(app), methods=["GET"])


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _start_script(app: Dash) -> Response:
    """Dash's renderer start-up (``app.renderer``) as a script file. Its address carries a
    fingerprint of the text, so the browser keeps it as long as any versioned file."""
    response = Response(str(app.renderer), mimetype="application/javascript")
    response.cache_control.public = True
    response.cache_control.max_age = 31536000
    return response
