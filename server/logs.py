"""Structured logs: one JSON object per line on stderr, with a request id on every request.

Each request ends with a ``request`` line: request id, user, method, path (no query string),
status and duration. The id comes from a valid ``X-Request-ID`` header (set by a load balancer)
or is made here, and is returned in the response header and on error pages.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
import time
import uuid
from typing import Any

from flask import Flask, Response, g, has_request_context, request

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
access_log = logging.getLogger("scorecard.request")


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON line; extra fields given to the logger are included."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if has_request_context() and "request_id" in g:
            entry["request_id"] = g.request_id
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(level: str = "INFO") -> None:
    """Send every log record to stderr as JSON lines (idempotent)."""
    root = logging.getLogger()
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel(level.upper())
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


def _start() -> None:
    sent = request.headers.get("X-Request-ID", "")
    g.request_id = sent if REQUEST_ID.match(sent) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    started = g.get("request_started")
    duration = (time.perf_counter() - started) * 1000 if started else None
    response.headers["X-Request-ID"] = g.get("request_id", "")
    from server.auth import current_user
    try:
        user = current_user()
    except Exception:  # the account could not be read (database down): log anyway
        user = None
    access_log.info("request", extra={
        "user": user.username if user else None, "method": request.method,
        "path": request.path, "status": response.status_code,
        "duration_ms": round(duration, 1) if duration is not None else None,
    })
    return response


def register_logging(server: Flask, level: str) -> None:
    configure_logging(level)
    server.before_request(_start)
    server.after_request(_finish)
