"""Pulling from Fingertips and EES against a loopback server serving the real recorded
answers: load, re-pull without a batch, restatement, and every failure storing nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import Engine
from werkzeug import Request, Response

from services.catalogue import catalogue, forget_site_entries
from services.catalogue_admin import add_indicator, describe_file, fingertips_cells
from services.pulls import ID_LIMIT, due_sources, pull, refresh, refresh_due
from settings import Settings
from store import queries
from store.models import utcnow as store_now
from store.pull_runs import last_runs
from tests.conftest import SHARED_DATA

SAMPLES = SHARED_DATA / "api-samples"
FT_CSV = SAMPLES / "fingertips-api" / "indicators-CountyUA.data.csv"
CLA_CSV = SAMPLES / "ees-csv" / "cla_number_and_rate_per_10k_children.csv"
FT_PATH = "/api/all_data/csv/by_indicator_id"


@pytest.fixture(autouse=True)
def _shipped_catalogue() -> Iterator[None]:
    yield
    forget_site_entries()


@pytest.fixture
def pulling(settings: Settings, engine: Engine, httpserver: HTTPServer) -> Settings:
    """Settings pointing at the loopback server, quick to retry; 93356 in the catalogue."""
    cells = fingertips_cells(describe_file(FT_CSV, 93356), catalogue(), "be_healthy")
    add_indicator(engine, cells, "admin")
    return settings.with_overrides(
        fingertips_url=httpserver.url_for("/api/"), ees_url=httpserver.url_for("/v1/"),
        pull_backoff=0.01, pull_attempts=3, pull_timeout=1.0)


def _batches(engine: Engine) -> int:
    with engine.connect() as conn:
        return len(queries.batches(conn))


def test_pull_loads_then_a_second_pull_creates_no_batch(
        pulling: Settings, engine: Engine, httpserver: HTTPServer) -> None:
    httpserver.expect_request(FT_PATH).respond_with_data(FT_CSV.read_bytes(),
                                                         content_type="text/csv")
    first = pull(engine, pulling, "fingertips", user="officer")
    assert first.status == "loaded" and first.batch_id is not None, first.message
    with engine.connect() as conn:
        stored = queries.observations(conn, ["campylobacter_incidence_rate_100_000"])
    assert len(stored) > 400 and stored["lower_ci"].notna().sum() > 400
    second = pull(engine, pulling, "fingertips", user="officer")
    assert (second.status, second.batch_id, _batches(engine)) == ("unchanged", None, 1)
    with engine.connect() as conn:
        runs = last_runs(conn)
    assert runs["status"].tolist() == ["unchanged", "loaded"]
    asked = httpserver.log[0][0]
    assert asked.args["child_area_type_id"] == "502" and "93356" in asked.args["indicator_ids"]


def _with_lancashire_2017_value(body: bytes, delta: float) -> bytes:
    """The answer with Lancashire's 2017 headline value changed by ``delta``."""
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    header = rows[0]
    at = {name: header.index(name) for name in ("Area Code", "Time period", "Age", "Value")}
    for row in rows[1:]:
        if (row[at["Area Code"]], row[at["Time period"]], row[at["Age"]]) == (
                "E10000017", "2017", "All ages"):
            row[at["Value"]] = str(float(row[at["Value"]]) + delta)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def test_a_changed_value_is_restated_with_the_source_and_fetch_time(
        pulling: Settings, engine: Engine, httpserver: HTTPServer) -> None:
    original = FT_CSV.read_bytes()
    httpserver.expect_request(FT_PATH).respond_with_data(original)
    assert pull(engine, pulling, "fingertips").status == "loaded"
    httpserver.clear()
    httpserver.expect_request(FT_PATH).respond_with_data(
        _with_lancashire_2017_value(original, 1.0))
    restated = pull(engine, pulling, "fingertips")
    assert restated.status == "loaded", restated.message
    assert "0 new, 1 restated" in restated.message
    with engine.connect() as conn:
        batch = queries.batches(conn).iloc[0]
        history = queries.observations(conn, ["campylobacter_incidence_rate_100_000"],
                                       ["E10000017"], current_only=False)
    assert "Pulled from http://" in batch["note"] and "UTC" in batch["note"]
    values = history[history["period_label"] == "2017"]["value"].tolist()
    assert len(values) == 2 and values[1] == pytest.approx(values[0] + 1)


def test_rate_limited_then_answered(pulling: Settings, engine: Engine,
                                    httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request(FT_PATH).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "0"})
    httpserver.expect_ordered_request(FT_PATH).respond_with_data(FT_CSV.read_bytes())
    httpserver.expect_ordered_request(FT_PATH).respond_with_data(FT_CSV.read_bytes())
    assert pull(engine, pulling, "fingertips").status == "loaded"


def _failed(pulling: Settings, engine: Engine) -> str:
    outcome = pull(engine, pulling, "fingertips")
    assert outcome.status == "failed" and _batches(engine) == 0
    assert "\n" not in outcome.message and "Nothing was stored" in outcome.message
    with engine.connect() as conn:
        assert last_runs(conn)["status"].tolist() == ["failed"]
    return outcome.message


def test_server_errors_are_retried_then_reported(pulling: Settings, engine: Engine,
                                                 httpserver: HTTPServer) -> None:
    httpserver.expect_request(FT_PATH).respond_with_data("down", status=500)
    assert "answered 500" in _failed(pulling, engine)
    assert len(httpserver.log) == 3


def test_a_timeout_is_reported(pulling: Settings, engine: Engine,
                               httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return Response(FT_CSV.read_bytes())
    httpserver.expect_request(FT_PATH).respond_with_handler(slow)
    assert "did not answer in time" in _failed(
        pulling.with_overrides(pull_timeout=0.3, pull_attempts=2), engine)


def test_offline_is_one_line(pulling: Settings, engine: Engine) -> None:
    offline = pulling.with_overrides(fingertips_url="http://127.0.0.1:9/api/",
                                     pull_attempts=2)
    assert "could not be reached" in _failed(offline, engine)


def test_a_truncated_answer_is_refused(pulling: Settings, engine: Engine,
                                       httpserver: HTTPServer) -> None:
    body = FT_CSV.read_bytes()
    httpserver.expect_request(FT_PATH).respond_with_data(body[:len(body) // 2])
    assert "cut short" in _failed(pulling, engine)


def test_a_renamed_column_is_named(pulling: Settings, engine: Engine,
                                   httpserver: HTTPServer) -> None:
    body = FT_CSV.read_bytes().replace(b",Value,", b",Indicator value,", 1)
    httpserver.expect_request(FT_PATH).respond_with_data(body)
    assert "no column 'Value'" in _failed(pulling, engine)


def test_ids_are_asked_for_at_most_a_hundred_at_a_time(
        pulling: Settings, engine: Engine, httpserver: HTTPServer) -> None:
    from services.pulls import fetch_fingertips_file
    httpserver.expect_request(FT_PATH).respond_with_data(FT_CSV.read_bytes())
    fetch_fingertips_file(pulling, list(range(1, 2 * ID_LIMIT + 2)), Path(
        pulling.upload_dir).parent)
    counts = [len(r.args["indicator_ids"].split(",")) for r, _ in httpserver.log]
    assert counts == [ID_LIMIT, ID_LIMIT, 1]


def test_ees_pull_follows_pages(pulling: Settings, engine: Engine,
                                httpserver: HTTPServer) -> None:
    lines = CLA_CSV.read_bytes().decode("utf-8-sig").splitlines(keepends=True)
    half = len(lines) // 2
    pages = {"1": "".join(lines[:half]), "2": "".join([lines[0], *lines[half:]])}

    def page(request: Request) -> Response:
        number = request.args.get("page", "1")
        return Response(pages[number], headers={"Total-Pages": "2", "Page": number},
                        content_type="text/csv")
    httpserver.expect_request("/v1/data-sets/cla-data-set/csv").respond_with_handler(page)
    outcome = pull(engine, pulling.with_overrides(ees_data_sets=("cla-data-set",)), "ees")
    assert outcome.status == "loaded", outcome.message
    with engine.connect() as conn:
        stored = queries.observations(conn, ["cla_rate"])
    assert stored["area_code"].nunique() > 150


def test_a_daily_refresh_is_due_once_a_day(pulling: Settings, engine: Engine,
                                           httpserver: HTTPServer) -> None:
    now = dt.datetime(2026, 12, 7, 6, 0)
    assert not refresh_due(engine, pulling, now), "off unless switched on"
    daily = pulling.with_overrides(pull_daily=True)
    assert refresh_due(engine, daily, now) and due_sources(engine, daily, now) == [
        "fingertips"]
    httpserver.expect_request(FT_PATH).respond_with_data(FT_CSV.read_bytes())
    results = refresh(engine, daily, store_now())
    assert results["fingertips"].startswith("loaded: Batch")
    later = store_now() + dt.timedelta(hours=1)
    assert not refresh_due(engine, daily, later) and refresh(engine, daily, later) == {}
    tomorrow = store_now() + dt.timedelta(days=1, minutes=1)
    assert refresh_due(engine, daily, tomorrow)
    assert refresh(engine, daily, tomorrow)["fingertips"].startswith("unchanged")
    with engine.connect() as conn:
        runs = last_runs(conn)
    assert runs["started_by"].tolist() == ["scheduled", "scheduled"]
