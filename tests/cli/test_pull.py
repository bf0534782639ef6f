"""The issue's done-when checks from the command line: ``scorecard catalogue add`` from the
real Fingertips API answer, ``scorecard load`` of it, and ``scorecard pull fingertips`` twice
against a loopback server answering only ``all_data/csv/by_indicator_id``."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

from cli import main
from services.catalogue import forget_site_entries
from store import queries
from store.engine import make_engine
from store.pull_runs import last_runs
from tests.conftest import SHARED_DATA

FT_CSV = SHARED_DATA / "api-samples" / "fingertips-api" / "indicators-CountyUA.data.csv"
ADDED = "campylobacter_incidence_rate_100_000"


@pytest.fixture(autouse=True)
def _shipped_catalogue() -> Iterator[None]:
    yield
    forget_site_entries()


def _add(store: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*store, "catalogue", "add", "--fingertips-id", "93356", "--from",
                 str(FT_CSV)]) == 0
    added = capsys.readouterr().out
    assert "Campylobacter incidence rate/100,000 (rate, per 100,000, low_is_good" in added


def test_add_then_load_stores_the_values_with_their_limits(
        cli_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    store = ["--database-url", cli_store]
    _add(store, capsys)
    assert main([*store, "load", "--dry-run", "--json", str(FT_CSV)]) == 0
    preview = json.loads(capsys.readouterr().out)["files"][0]
    assert preview["rows_read"] == 852 and preview["counts"]["new"] > 400
    assert not any(i["code"].startswith("removes-") for i in preview["issues"])
    assert main([*store, "load", str(FT_CSV)]) == 0
    engine = make_engine(cli_store)
    with engine.connect() as conn:
        stored = queries.observations(conn, [ADDED])
    engine.dispose()
    assert len(stored) == preview["counts"]["new"]
    assert stored["lower_ci"].notna().sum() > 400


def test_pull_loads_then_a_second_pull_creates_no_batch(
        cli_store: str, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    store = ["--database-url", cli_store]
    _add(store, capsys)
    httpserver.expect_request("/api/all_data/csv/by_indicator_id").respond_with_data(
        FT_CSV.read_bytes(), content_type="text/csv")
    monkeypatch.setenv("SCORECARD_FINGERTIPS_URL", httpserver.url_for("/api/"))
    assert main([*store, "pull", "fingertips"]) == 0
    assert "pull fingertips: loaded: Batch 1: " in capsys.readouterr().out
    assert main([*store, "pull", "fingertips"]) == 0
    assert "pull fingertips: unchanged" in capsys.readouterr().out
    engine = make_engine(cli_store)
    with engine.connect() as conn:
        assert len(queries.batches(conn)) == 1
        assert last_runs(conn)["status"].tolist() == ["unchanged", "loaded"]
    engine.dispose()


def test_pull_offline_is_one_line_and_exit_1(cli_store: str, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SCORECARD_FINGERTIPS_URL", "http://127.0.0.1:9/api/")
    monkeypatch.setenv("SCORECARD_PULL_ATTEMPTS", "1")
    assert main(["--database-url", cli_store, "pull", "fingertips"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "could not be reached" in err


def test_add_without_a_file_reads_the_fingertips_api(
        cli_store: str, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    httpserver.expect_request("/api/all_data/csv/by_indicator_id",
                              query_string={"indicator_ids": "93356",
                                            "child_area_type_id": "502",
                                            "parent_area_type_id": "6"}).respond_with_data(
        FT_CSV.read_bytes(), content_type="text/csv")
    monkeypatch.setenv("SCORECARD_FINGERTIPS_URL", httpserver.url_for("/api/"))
    assert main(["--database-url", cli_store, "catalogue", "add", "--fingertips-id",
                 "93356", "--outcome", "feel_safe"]) == 0
    assert "Added campylobacter_incidence_rate_100_000" in capsys.readouterr().out
    assert main(["--database-url", cli_store, "catalogue", "list"]) == 0
    listed = capsys.readouterr().out
    assert "campylobacter_incidence_rate_100_000" in listed and "added" in listed
