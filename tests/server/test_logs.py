"""Structured logs: one JSON line per request with id, user, path, status and duration."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from domain.roles import Role
from server.logs import JsonFormatter


def test_each_request_logs_one_json_line(shared_client: Callable[[Role | None], FlaskClient],
                                         caplog: pytest.LogCaptureFixture) -> None:
    client = shared_client(Role.VIEWER)
    with caplog.at_level(logging.INFO, logger="scorecard.request"):
        response = client.get("/_dash-layout?secret=1",
                              headers={"X-Request-ID": "lb-0123456789"})
    record = [r for r in caplog.records if r.name == "scorecard.request"][-1]
    line = json.loads(JsonFormatter().format(record))
    assert response.headers["X-Request-ID"] == "lb-0123456789"
    assert {k: line[k] for k in ("msg", "user", "method", "path", "status")} == {
        "msg": "request", "user": "test-viewer", "method": "GET", "path": "/_dash-layout",
        "status": 200}
    assert line["duration_ms"] >= 0 and "secret" not in json.dumps(line)


def test_bad_request_ids_are_replaced(shared_client: Callable[[Role | None], FlaskClient]
                                      ) -> None:
    response = shared_client(None).get("/login", headers={"X-Request-ID": "<script>"})
    assert len(response.headers["X-Request-ID"]) == 32


def test_exceptions_are_formatted_on_one_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), None)
        import sys
        record.exc_info = sys.exc_info()
    text = JsonFormatter().format(record)
    assert "\n" not in text and "ValueError: boom" in json.loads(text)["exception"]
