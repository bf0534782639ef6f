"""Download routes: scorecard files, snapshot files and chart images over the Flask client."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from dash import Dash
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import Engine, insert

from app import create_app
from demo.partnership import DEMO_PROFILE
from layouts._board_pack import BUTTON_ID, JOB_ID, STATUS_ID
from layouts._exports import download_href, download_links, restatement_markers
from server.readiness import finish_dash_setup
from services.partnerships import load_profile_file
from services.restatements import restatements
from services.scorecard import reporting_quarter
from services.snapshots import create_snapshot, get_snapshot
from settings import Settings
from store.engine import make_engine
from store.models import Area

from ._callbacks import callback_body

LANCASHIRE, BURNLEY, CHORLEY = "E10000017", "E07000117", "E07000118"
NEIGHBOUR = "E06000009"
#: A Board viewer as a server run with sign-in switched off records it (no account).
VIEWER = {"role": "viewer", "account": False}


def _board_store() -> ModuleType:
    """The export tests' store builder (tests/exports/conftest.py), loaded by path."""
    path = Path(__file__).resolve().parents[1] / "exports" / "conftest.py"
    spec = importlib.util.spec_from_file_location("board_store_for_downloads", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[str]:
    path = tmp_path_factory.mktemp("downloads") / "store.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    _board_store().seed_board_store(engine)
    assert load_profile_file(engine, DEMO_PROFILE, "test").report.valid  # districts, teams
    engine.dispose()
    yield url


def _app(url: str, role: str) -> Dash:
    return create_app(Settings(database_url=url, secret_key="test", demo_login=False,
                               login_disabled_as=role))


@pytest.fixture(scope="module")
def viewer(store: str) -> Iterator[FlaskClient]:
    app = _app(store, "viewer")
    yield app.server.test_client()
    app.server.extensions["scorecard_engine"].dispose()


def test_scorecard_downloads(viewer: FlaskClient) -> None:
    query = f"area={LANCASHIRE}&period=Q3-2016-17"
    table = viewer.get(f"/api/exports/scorecard.csv?{query}")
    assert table.status_code == 200 and table.mimetype == "text/csv"
    assert table.headers["Content-Disposition"] == \
        'attachment; filename="scorecard-lancashire-q3-2016-17.csv"'
    assert table.data.decode("utf-8-sig").startswith("# OFFICIAL\n")
    assert "no-store" in table.headers["Cache-Control"]
    book = viewer.get(f"/api/exports/scorecard.xlsx?{query}")
    assert book.status_code == 200
    assert load_workbook(io.BytesIO(book.data)).sheetnames[:2] == ["Cover", "Scorecard"]
    pack = viewer.get(f"/api/exports/scorecard.pdf?area={LANCASHIRE}&period=Q3 2016/17")
    assert pack.status_code == 200 and pack.data.startswith(b"%PDF")


@pytest.mark.parametrize("period", [
    "Q3+2016/17", "Q3%2B2016%2F17", "Q3%25202016%252F17", "Q3-2016%2F17", "q3%2016-17",
])
def test_exports_read_every_spelling_of_the_quarter(viewer: FlaskClient, period: str) -> None:
    table = viewer.get(f"/api/exports/scorecard.csv?area={LANCASHIRE}&period={period}")
    assert table.status_code == 200, table.data[:200]
    assert table.headers["Content-Disposition"] == \
        'attachment; filename="scorecard-lancashire-q3-2016-17.csv"'


def test_chart_downloads(viewer: FlaskClient) -> None:
    svg = viewer.get(f"/api/exports/indicator/cla_rate.svg?area={LANCASHIRE}&period=Q3-2016-17")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert b"<svg" in svg.data and svg.headers["X-Alt-Text"].startswith("Line chart of")
    png = viewer.get(f"/api/exports/indicator/cla_rate.png?area={LANCASHIRE}")
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    figures = viewer.get(f"/api/exports/indicator/cla_rate.csv?area={LANCASHIRE}")
    assert b"Q3 2016/17" in figures.data
    for ext, start in (("png", b"\x89PNG"), ("svg", b"<?xml")):
        districts = viewer.get(f"/api/exports/districts/cla_rate.{ext}")
        assert districts.status_code == 200 and districts.data.startswith(start)


@pytest.mark.parametrize(("path", "status"), [
    ("/api/exports/scorecard.docx", 404),
    ("/api/exports/scorecard.csv?period=next-tuesday", 400),
    ("/api/exports/indicator/no_such_indicator.png", 404),
    ("/api/exports/snapshots/999.pdf", 404),
])
def test_bad_requests(viewer: FlaskClient, path: str, status: int) -> None:
    assert viewer.get(path).status_code == status


def test_snapshot_download_is_the_frozen_file(store: str, viewer: FlaskClient) -> None:
    engine: Engine = make_engine(store)
    quarter = reporting_quarter("Q3 16/17")
    import datetime as dt
    made = create_snapshot(engine, Settings(database_url=store), LANCASHIRE, quarter,
                           dt.date(2017, 3, 14), "approver")
    with engine.connect() as conn:
        stored = get_snapshot(conn, made.id)
        assert restatements(conn, LANCASHIRE, quarter).empty
    engine.dispose()
    got = viewer.get(f"/api/exports/snapshots/{made.id}.pdf")
    assert got.status_code == 200 and got.data == stored.pdf
    assert viewer.get(f"/api/exports/snapshots/{made.id}.xlsx").data == stored.xlsx


def test_district_viewer_cannot_download_another_district(store: str) -> None:
    app = _app(store, f"district_viewer:{BURNLEY}")
    client = app.server.test_client()
    assert client.get(f"/api/exports/scorecard.csv?area={CHORLEY}").status_code == 403
    assert client.get(f"/api/exports/scorecard.csv?area={BURNLEY}").status_code in (200, 404)
    app.server.extensions["scorecard_engine"].dispose()


def test_components_link_to_the_routes() -> None:
    links = download_links("scorecard", area=LANCASHIRE, period=reporting_quarter("Q3 16/17"))
    hrefs = [item.children.href for item in links.children[1].children]
    assert hrefs == [f"/api/exports/scorecard.{ext}?area={LANCASHIRE}&period=Q3+2016%2F17"
                     for ext in ("xlsx", "csv")]
    assert download_href("indicator", "svg", indicator_id="cla_rate", area=LANCASHIRE) == \
        f"/api/exports/indicator/cla_rate.svg?area={LANCASHIRE}"
    import pandas as pd
    frame = pd.DataFrame([{"indicator_id": "cla_rate", "column": "current",
                           "period_label": "Q3 2016/17", "meeting_date": "2017-03-14",
                           "snapshot_id": 1, "old_value": 74.0, "new_value": 74.4,
                           "decimals": 1, "value_type": "rate"}])
    marker = restatement_markers(frame, "cla_rate")[0]
    assert marker.title == "Restated since the 14 March 2017 Board: was 74.0, now 74.4"


def test_board_pack_job_builds_the_pdf(store: str, tmp_path: Path) -> None:
    from server import jobs
    from server.pack_jobs import build_board_pack
    engine = make_engine(store)
    messages: list[str] = []
    result = build_board_pack(engine, {"area": LANCASHIRE, "period": "Q3 2016/17",
                                       "folder": str(tmp_path), "requester": VIEWER},
                              lambda _fraction, message: messages.append(message))
    engine.dispose()
    assert "board-pack" in jobs.HANDLERS and messages[-1] == "Saving the board pack"
    assert (tmp_path / result["file"]).read_bytes().startswith(b"%PDF")
    assert result["pages"] >= 5 and result["download"].endswith(".pdf")


@pytest.mark.parametrize(("view", "words"), [("districts", "Districts"),
                                             ("teams", "Social care district teams")])
def test_district_csv_names_its_view_and_rounds_its_figures(viewer: FlaskClient, view: str,
                                                            words: str) -> None:
    answer = viewer.get(f"/api/exports/districts/cla_rate.csv?view={view}")
    assert answer.status_code == 200
    assert f'filename="cla_rate-{view}.csv"' in answer.headers["Content-Disposition"]
    lines = answer.data.decode("utf-8-sig").splitlines()
    assert lines[1] == f"# Rate per 10000 population of cyp who are looked after: {words}"
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    for row in rows:  # the looked-after rate is published to one decimal place
        for column in ("value", "lower_ci", "upper_ci"):
            assert len(row[column].partition(".")[2]) <= 1, row


def test_no_board_pack_for_a_council_outside_every_partnership(
        store: str, viewer: FlaskClient, tmp_path: Path) -> None:
    from server import jobs
    from server.pack_jobs import build_board_pack
    from services.partnerships import ReadOnlyAreaError
    engine = make_engine(store)
    with engine.begin() as conn:  # a neighbour council, in no partnership
        conn.execute(insert(Area).values(code=NEIGHBOUR, name="Blackpool", type="other_la"))
    refused = viewer.get(f"/api/exports/scorecard.pdf?area={NEIGHBOUR}&period=Q3-2016-17")
    assert refused.status_code == 403
    assert "without a Board pack" in refused.get_data(as_text=True)
    assert viewer.get(f"/api/exports/scorecard.csv?area={NEIGHBOUR}&period=Q3-2016-17"
                      ).status_code == 200
    with pytest.raises(ReadOnlyAreaError, match="without a Board pack"):
        build_board_pack(engine, {"area": NEIGHBOUR, "period": "Q3 2016/17",
                                  "folder": str(tmp_path), "requester": VIEWER},
                         lambda _fraction, _message: None)
    engine.dispose()
    assert "board-pack" in jobs.HANDLERS and not list(tmp_path.glob("board-pack-*.pdf"))
    # The page's button is refused at once, with the reason, and queues nothing.
    app = _app(store, "viewer")
    finish_dash_setup(app)
    body = callback_body(app, BUTTON_ID, [1], [{"area": NEIGHBOUR, "period": "Q3 2016/17"}])
    answer = app.server.test_client().post("/_dash-update-component", json=body)
    assert answer.status_code == 200
    drawn = answer.get_json()["response"]
    assert "without a Board pack" in json.dumps(drawn[STATUS_ID])
    assert JOB_ID not in drawn
    app.server.extensions["scorecard_engine"].dispose()
