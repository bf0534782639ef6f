"""Error pages: a plain sentence and a reference, never a stack trace, SQL or internal detail.

Pages get an HTML page; callbacks and /api/ routes get JSON ``{"error", "message"}``. When the
database is unreachable the answer is 503 with a ``Retry-After``; a page being opened while it
is down shows the same message in place of the page, and the app recovers by itself once the
database is back (connections are checked before use).
"""

from __future__ import annotations

import logging

from dash import html
from flask import Flask, Response, g, jsonify, make_response, render_template, request
from flask.typing import ResponseReturnValue
from plotly.io.json import to_json_plotly
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from server.context import settings
from server.roles import PAGE_CONTENT_ID

log = logging.getLogger("scorecard.errors")

DB_DOWN_TITLE = "The scorecard database is unavailable"
DB_DOWN_MESSAGE = ("The scorecard cannot reach its database just now. Nothing has been lost; "
                   "try again in a minute. If this goes on, tell the performance team.")
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
    title = TITLES.get(status, "Something went wrong")
    if _wants_json():
        body = {"error": title, "message": message}
        if status >= 500:
            body["reference"] = _reference()
        return jsonify(body), status
    try:
        from server.views import page_context
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


def handle_database(error: Exception) -> ResponseReturnValue:
    log.error("Database unavailable: %s", type(error).__name__)
    page = _page_callback_unavailable()
    if page is not None:
        return page, 200
    response = make_response(error_response(503, DB_DOWN_MESSAGE))
    response.headers["Retry-After"] = "30"
    return response


def handle_unexpected(error: Exception) -> ResponseReturnValue:
    log.exception("Unhandled error", extra={"error_type": type(error).__name__})
    return error_response(500, "The scorecard hit a problem it could not handle. "
                               "It has been logged.")


def register_errors(server: Flask) -> None:
    server.config["PROPAGATE_EXCEPTIONS"] = False
    server.register_error_handler(HTTPException, handle_http)
    for kind in (OperationalError, PoolTimeout):
        server.register_error_handler(kind, handle_database)
    server.register_error_handler(DBAPIError, _db_or_unexpected)
    server.register_error_handler(Exception, handle_unexpected)


def _db_or_unexpected(error: Exception) -> ResponseReturnValue:
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return handle_database(error)
    return handle_unexpected(error)
