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
import json
import logging
import re
from html import escape, unescape
from pathlib import Path
from typing import Any

from dash import Dash, html, set_props
from flask import Response, g, has_request_context

from layouts._components import plain
from layouts._static_html import static_html
from server.errors import ERROR_REGION
from server.first_draw import drawn_page
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


#: The painted copy's element; ``assets/first_paint.js`` and the styles know it by this id.
FIRST_PAINT_ID = "first-paint"
#: Where the renderer's start-up script is served: Dash's one inline script, served as a file
#: so that the script loader can start it after the scripts it needs, in order.
START_PATH = "_dash-component-suites/scorecard/start-renderer.js"
#: Where the script loader is served (``layouts/_script_loader.js``): the page's one script
#: element that fetches anything. It starts every other script once the painted page has
#: been drawn, so the browser paints the page before fetching or compiling any of them.
LOADER_PATH = "_dash-component-suites/scorecard/load-dash-renderer.js"
LOADER_TEXT = (Path(__file__).with_name("_script_loader.js")).read_text(encoding="utf-8")
_SCRIPT_FILE = re.compile(r'<script src="([^"]+)"></script>')
_LOADER_TAG = re.compile(r'<script id="_dash-renderer" async src="([^"]+)" '
                         r'data-scripts="([^"]*)"></script>')


def page_scripts(page: str) -> list[str]:
    """Every script address a page's HTML starts, in the order they run: the loader, then
    the scripts it loads (Dash's, the assets', the renderer's start-up last)."""
    found = _LOADER_TAG.search(page)
    if found is None:
        return []
    return [unescape(found.group(1)), *json.loads(unescape(found.group(2)))]


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
        addresses = _SCRIPT_FILE.findall(str(scripts)) + [
            f"{prefix}{START_PATH}?v={_fingerprint(str(self.renderer))}"]
        loader = (f'<script id="_dash-renderer" async src="{prefix}{LOADER_PATH}?v='
                  f'{_fingerprint(LOADER_TEXT)}" data-scripts="{escape(json.dumps(addresses))}">'
                  "</script>")
        return super().interpolate_index(
            metas=metas, title=title, css=css, config=config, favicon=favicon,
            scripts=_SCRIPT_FILE.sub("", str(scripts)), app_entry=app_entry, renderer=loader)


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
                            lambda: _script(str(app.renderer)), methods=["GET"])
    app.server.add_url_rule(prefix + LOADER_PATH, "load_scripts",
                            lambda: _script(LOADER_TEXT), methods=["GET"])


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _script(text: str) -> Response:
    """A script served from the app (the renderer's start-up, the loader). Its address carries
    a fingerprint of the text, so the browser keeps it as long as any versioned file."""
    response = Response(text, mimetype="application/javascript")
    response.cache_control.public = True
    response.cache_control.max_age = 31536000
    return response
