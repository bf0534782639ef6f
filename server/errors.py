"""Error pages: a plain sentence and a reference, never a stack trace, SQL or internal detail.

Pages get an HTML page; callbacks and /api/ routes get JSON ``{"error", "message"}``. When the
database is unreachable the answer is 503 with a ``Retry-After``; a page being opened while it
is down shows the same message in place of the page, and the app recovers by itself once the
database is back (connections are checked before use). The log says what failed and where (the
store's address without its password); a read-only or full store refuses only the writes.

Ids in addresses are parsed by :class:`StoreIdConverter`, so an id no store row can have is a
404 rather than an overflow deep in the database driver.
"""

from __future__ import annotations

import logging

from dash import html
from dash.exceptions import DependencyException, UnsupportedRelativePath
from flask import Flask, Response, g, jsonify, make_response, render_template, request
from flask.typing import ResponseReturnValue
from pandas.errors import DatabaseError as PandasDatabaseError
from plotly.io.json import to_json_plotly
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.routing import IntegerConverter, Map

from server.context import engine, settings
from server.roles import PAGE_CONTENT_ID
from server.views import page_context
from store.engine import DriverFailure
from store.faults import (
    OperationalFailure,
    PoolExhausted,
    StoreFault,
    describe_fault,
    find_fault,
    is_out_of_range,
)
from store.models import MAX_ID

log = logging.getLogger("scorecard.errors")

#: The page region where a callback's failure is shown (placed by ``app.py``).
ERROR_REGION = "app-error"
DB_DOWN_TITLE = "The scorecard database is unavailable"
DB_DOWN_MESSAGE = ("The scorecard cannot reach its database just now. Nothing has been lost; "
                   "try again in a minute. If this goes on, tell the performance team.")
#: What a user is told when a write was refused but the store can still be read.
WRITE_REFUSED_MESSAGES = {
    "read-only": ("The scorecard's database is read-only just now, so this could not be saved. "
                  "Nothing was changed and pages can still be viewed. Tell the performance "
                  "team."),
    "full": ("The scorecard's database has run out of space, so this could not be saved. "
             "Nothing was changed and pages can still be viewed. Tell the performance team."),
}
TOO_BIG_MESSAGE = "A number in the request is larger than the scorecard can hold."
TITLES = {
    400: "The request could not be understood",
    401: "Sign in to use the scorecard",
    403: "You do not have access to this",
    404: "Page not found",
    405: "That action is not allowed here",
    413: "The file is too large",
    429: "Too many attempts",
    500: "Something went wrong",
    503: DB_DOWN_TITLE,
}


def _too_large_message() -> str:
    mb = settings().max_upload_bytes / (1024 * 1024)
    return (f"The file is larger than the {mb:g} MB limit. Remove unused sheets or split the "
            "workbook, then upload it again.")


def _wants_json() -> bool:
    return (request.path.startswith(("/api/", "/_dash-"))
            or request.accept_mimetypes.best == "application/json")


def _reference() -> str:
    return str(getattr(g, "request_id", "") or "")


def error_response(status: int, message: str) -> ResponseReturnValue:
    """A page (or JSON, for callbacks and /api/) with a title and ``message``."""
    title = TITLES.get(status, "Something went wrong")
    if _wants_json():
        body = {"error": title, "message": message}
        if status >= 500:
            body["reference"] = _reference()
        return jsonify(body), status
    try:
        context = page_context()
    except Exception:
        context = {"marking": "", "demo_login": False}
    return render_template("error.html", title=title, message=message,
                           reference=_reference() if status >= 500 else None,
                           show_sign_in=status in (401, 403), **context), status


def _page_callback_unavailable() -> Response | None:
    """When the page being opened could not load, show the message where the page goes."""
    body = request.get_json(silent=True) if request.path == "/_dash-update-component" else None
    outputs = str((body or {}).get("output", ""))
    if PAGE_CONTENT_ID not in outputs:
        return None
    section = html.Section([html.H1(DB_DOWN_TITLE), html.P(DB_DOWN_MESSAGE)],
                           className="error-state", role="alert")
    payload = {"multi": True, "response": {PAGE_CONTENT_ID: {"children": section}}}
    return Response(to_json_plotly(payload), mimetype="application/json")


def handle_http(error: HTTPException) -> ResponseReturnValue:
    """Werkzeug's HTTP errors as plain pages; 429 says when to retry."""
    status = error.code or 500
    if isinstance(error, RequestEntityTooLarge):
        return error_response(413, _too_large_message())
    message = error.description if status in (400, 401, 403, 429) else ""
    if status == 429:
        response = make_response(error_response(429, "Too many attempts in a short time. "
                                                     "Wait a minute, then try again."))
        response.headers["Retry-After"] = "60"
        return response
    if status in (400, 403) and not isinstance(message, str):
        message = ""
    defaults = {404: "There is no page at this address.",
                405: "That action is not allowed here."}
    return error_response(status, message or defaults.get(status, "Please try again."))


class StoreIdConverter(IntegerConverter):
    """``<int:...>`` in routes: a non-negative id no larger than a store id column holds."""

    def __init__(self, url_map: Map, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)  # type: ignore[arg-type]


def register_converters(server: Flask) -> None:
    """Bounded ids in every route; call before any route is registered."""
    server.url_map.converters["int"] = StoreIdConverter


def _store_address() -> str:
    try:
        return engine().url.render_as_string(hide_password=True)
    except Exception:  # outside an app context the address is unknown
        return "the store"


def _log_fault(fault: StoreFault) -> None:
    log.error("%s (%s)", fault.summary, _store_address(),
              extra={"error_type": type(fault.error).__name__})


def log_store_fault(error: BaseException) -> None:
    """Log what failed in the store and where, for a fault a route answered itself."""
    _log_fault(describe_fault(error))


def _callback_refused(message: str) -> Response | None:
    """For a page update, the message in the page's alert region (outputs left unchanged)."""
    if request.path != "/_dash-update-component":
        return None
    payload = {"multi": True, "response": {}, "sideUpdate": {ERROR_REGION: {"children": message}}}
    return Response(to_json_plotly(payload), mimetype="application/json")


def handle_database(error: Exception) -> ResponseReturnValue:
    """A store fault: refused writes and outages as 503, a page in its place when it was loading."""
    fault = describe_fault(error)
    _log_fault(fault)
    if fault.kind in WRITE_REFUSED_MESSAGES:
        message = WRITE_REFUSED_MESSAGES[fault.kind]
        return _callback_refused(message) or error_response(503, message)
    page = _page_callback_unavailable()
    if page is not None:
        return page, 200
    response = make_response(error_response(503, DB_DOWN_MESSAGE))
    response.headers["Retry-After"] = "30"
    return response


def handle_unexpected(error: Exception) -> ResponseReturnValue:
    """Anything else: logged with its trace, answered with a reference only."""
    log.exception("Unhandled error", extra={"error_type": type(error).__name__})
    return error_response(500, "The scorecard hit a problem it could not handle. "
                               "It has been logged.")


def handle_too_big(error: Exception) -> ResponseReturnValue:
    """A value larger than the store can hold: a 400 saying so."""
    log.warning("Refused a value out of range: %s", describe_fault(error).detail)
    return error_response(400, TOO_BIG_MESSAGE)


def handle_no_such_path(error: Exception) -> ResponseReturnValue:
    """Dash's answer to a script it does not serve or a page path outside the app."""
    return error_response(404, "There is no page at this address.")


def register_errors(server: Flask) -> None:
    """Answer every error with a plain page or JSON, never a trace."""
    server.config["PROPAGATE_EXCEPTIONS"] = False
    server.register_error_handler(HTTPException, handle_http)
    server.register_error_handler(DependencyException, handle_no_such_path)
    server.register_error_handler(UnsupportedRelativePath, handle_no_such_path)
    server.register_error_handler(OperationalFailure, handle_database)
    server.register_error_handler(PoolExhausted, handle_database)
    server.register_error_handler(DriverFailure, _db_or_unexpected)
    server.register_error_handler(PandasDatabaseError, _db_or_unexpected)
    server.register_error_handler(OverflowError, handle_too_big)
    server.register_error_handler(Exception, handle_unexpected)


def _db_or_unexpected(error: Exception) -> ResponseReturnValue:
    """Outages and refused writes as 503, out-of-range values as 400, anything else as 500."""
    if is_out_of_range(error) or isinstance(error.__cause__, OverflowError):
        return handle_too_big(error)
    fault = find_fault(error)
    if fault is not None and describe_fault(fault).kind != "failed":
        return handle_database(fault)
    return handle_unexpected(error)

