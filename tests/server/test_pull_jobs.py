"""The daily refresh job: submitted when due, once, and run by the job runner."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from dash import Dash
from pytest_httpserver import HTTPServer
from sqlalchemy import Engine

from server import jobs
from server.pull_jobs import submit_if_due
from services.catalogue import forget_site_entries
from services.pulls import REFRESH_JOB
from store.models import utcnow
from store.pull_runs import last_runs
from tests.conftest import SHARED_DATA

FT_CSV = SHARED_DATA / "api-samples" / "fingertips-api" / "indicators-CountyUA.data.csv"


@pytest.fixture(autouse=True)
def _shipped_catalogue() -> Iterator[None]:
    yield
    forget_site_entries()


def test_a_due_refresh_is_submitted_once_and_runs(
        make_app: Callable[..., Dash], seeded_engine: Engine, httpserver: HTTPServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    httpserver.expect_request("/api/all_data/csv/by_indicator_id").respond_with_data(
        FT_CSV.read_bytes())
    monkeypatch.setenv("SCORECARD_FINGERTIPS_URL", httpserver.url_for("/api/"))
    app = make_app(pull_daily=True, fingertips_url=httpserver.url_for("/api/"))
    settings = app.server.extensions["scorecard_settings"]
    assert REFRESH_JOB in jobs.HANDLERS
    with app.server.test_request_context("/"):
        job_id = submit_if_due(seeded_engine, settings, utcnow())
        assert job_id is not None
        assert submit_if_due(seeded_engine, settings, utcnow()) is None, "one at a time"
    for _ in range(200):
        found = jobs.job_status(seeded_engine, job_id)
        if found and found["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert found is not None and found["status"] == "done", found
    assert "fingertips" in found["result"]["results"]
    with seeded_engine.connect() as conn:
        assert last_runs(conn)["started_by"].tolist() == ["scheduled"]
    app.server.extensions["scorecard_engine"].dispose()
