"""Upload routes: streamed to disk with a size limit, previewed, committed, rolled back; the
template downloads. The handlers are tested on a bare Flask app and once inside the real app."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine, event

from app import create_app
from domain.roles import Role
from server import jobs
from server.context import ENGINE_KEY, SETTINGS_KEY
from server.testing import csrf_headers, ensure_user, sign_in
from server.upload_jobs import commit_checked_upload
from server.uploads import register_upload_routes
from services.setup import initialise_store
from settings import Settings, load_settings
from store import queries
from store.engine import make_engine
from tests._partnership import with_demo_partnership

HEADER = ["indicator_id", "area_code", "period", "value"]


def workbook_bytes(*rows: list[Any]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for values in (HEADER, *rows):
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    path = tmp_path_factory.mktemp("seeded") / "store.db"
    shutil.copy(sqlite_template, path)
    initialise_store(load_settings(database_url=f"sqlite:///{path}"))
    with_demo_partnership(load_settings(database_url=f"sqlite:///{path}"))
    return path


@pytest.fixture
def settings(tmp_path: Path, seeded_template: Path) -> Settings:
    shutil.copy(seeded_template, tmp_path / "store.db")
    return Settings(database_url=f"sqlite:///{tmp_path / 'store.db'}", secret_key="test",
                    upload_dir=tmp_path / "uploads", max_upload_bytes=200_000)


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def client(settings: Settings, engine: Engine) -> FlaskClient:
    app = Flask(__name__)
    app.extensions[ENGINE_KEY] = engine
    app.extensions[SETTINGS_KEY] = settings
    register_upload_routes(app)
    return app.test_client()


def upload(client: FlaskClient, content: bytes, name: str = "q2.xlsx") -> Any:
    return client.post(f"/api/uploads?filename={name}", data=content,
                       content_type="application/octet-stream")


def test_preview_then_commit_then_roll_back(client: FlaskClient, engine: Engine,
                                            settings: Settings) -> None:
    response = upload(client, workbook_bytes(["cla_number", "E07000117", "Q2 2016/17", 120]))
    assert response.status_code == 200
    preview = response.get_json()
    assert preview["valid"] and preview["counts"] == {"new": 1, "revised": 0, "unchanged": 0}
    assert preview["file"] == "q2.xlsx" and preview["format"] == "template-xlsx"
    token = preview["token"]
    assert sorted(p.suffix for p in settings.upload_dir.iterdir()) == [".json", ".owner", ".xlsx"]

    committed = client.post(f"/api/uploads/{token}/commit", json={})
    assert committed.status_code == 200
    batch_id = committed.get_json()["batch_id"]
    assert list(settings.upload_dir.iterdir()) == []
    assert client.post(f"/api/uploads/{token}/commit", json={}).status_code == 404

    rolled = client.post(f"/api/batches/{batch_id}/rollback")
    assert rolled.get_json() == {"batch_id": batch_id, "status": "rolled_back", "figures": 1}
    assert client.post(f"/api/batches/{batch_id}/rollback").status_code == 409
    assert client.post("/api/batches/999/rollback").status_code == 404


def test_warnings_need_a_reason_before_commit(client: FlaskClient, engine: Engine) -> None:
    token = upload(client, workbook_bytes(["cla_number", "E07000117", "Q2 2016/17", 3])
                   ).get_json()["token"]
    refused = client.post(f"/api/uploads/{token}/commit", json={})
    assert refused.status_code == 422
    assert [i["code"] for i in refused.get_json()["issues"]] == ["small-count",
                                                                 "warnings-not-acknowledged"]
    accepted = client.post(f"/api/uploads/{token}/commit",
                           json={"acknowledge_warnings": "Published figure"})
    assert accepted.status_code == 200
    with engine.connect() as conn:
        assert queries.batches(conn)["acknowledged_reason"].tolist() == ["Published figure"]


def test_invalid_file_gets_its_report_and_is_not_kept(client: FlaskClient,
                                                     settings: Settings) -> None:
    response = upload(client, workbook_bytes(["cla_number", "Burnly", "Q2 2016/17", 120]))
    assert response.status_code == 422
    body = response.get_json()
    assert "token" not in body and body["issues"][0]["code"] == "unknown-area"
    assert list(settings.upload_dir.iterdir()) == []


def test_hostile_content_is_a_report_not_a_crash(client: FlaskClient) -> None:
    for name, content in (("x.xlsx", b"PK\x03\x04garbage"), ("x.xlsx", b"%PDF-1.4"),
                          ("x.csv", b"\x00\x01\x02"), ("../../etc/passwd", b"a,b\n")):
        response = upload(client, content, name)
        assert response.status_code == 422, name
        assert response.get_json()["issues"]


def test_declared_size_over_the_limit_is_refused_before_reading(client: FlaskClient,
                                                                settings: Settings) -> None:
    response = upload(client, b"x" * 300_000, "big.csv")
    assert response.status_code == 413
    assert "upload limit" in response.get_json()["error"]
    assert not settings.upload_dir.exists() or list(settings.upload_dir.iterdir()) == []


def test_streamed_body_is_cut_off_at_the_limit(client: FlaskClient, settings: Settings) -> None:
    class Chunks(io.RawIOBase):
        """A body of unknown length: 1 MB of text, served a chunk at a time."""

        def __init__(self) -> None:
            self.left = 1_000_000

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            size = min(len(buffer), self.left, 65536)
            buffer[:size] = b"a" * size
            self.left -= size
            return size

    response = client.post("/api/uploads?filename=big.csv", environ_overrides={
        "wsgi.input": Chunks(), "wsgi.input_terminated": True})
    assert response.status_code == 413
    assert list(settings.upload_dir.iterdir()) == []


def test_unknown_or_malformed_tokens(client: FlaskClient) -> None:
    assert client.post("/api/uploads/../../x/commit", json={}).status_code == 404
    assert client.post("/api/uploads/" + "a" * 30 + "/commit", json={}).status_code == 404


@pytest.mark.parametrize(("kind", "type_"), [
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("csv", "text/csv")])
def test_template_downloads(client: FlaskClient, kind: str, type_: str) -> None:
    response = client.get(f"/api/template.{kind}")
    assert response.status_code == 200 and response.mimetype == type_
    assert f"scorecard-upload-template.{kind}" in response.headers["Content-Disposition"]
    if kind == "xlsx":
        assert load_workbook(io.BytesIO(response.data)).sheetnames == ["Data", "README"]
    assert client.get("/api/template.pdf").status_code == 404


def test_routes_work_inside_the_app(settings: Settings) -> None:
    app = create_app(settings.with_overrides(login_disabled_as="performance_officer",
                                             demo_login=False))
    try:
        client = app.server.test_client()
        response = upload(client, workbook_bytes(["cla_number", "E07000117", "Q2 2016/17",
                                                  120]))
        assert response.status_code == 200
        token = response.get_json()["token"]
        committed = client.post(f"/api/uploads/{token}/commit", json={})
        assert committed.status_code == 200 and committed.get_json()["status"] == "committed"
        assert client.get("/api/template.csv").status_code == 200
    finally:
        app.server.extensions[ENGINE_KEY].dispose()


@pytest.fixture
def job_client(settings: Settings, engine: Engine) -> FlaskClient:
    """Upload routes where every file counts as large (checked by a background job)."""
    app = Flask(__name__)
    app.extensions[ENGINE_KEY] = engine
    app.extensions[SETTINGS_KEY] = settings.with_overrides(upload_job_bytes=1)
    register_upload_routes(app)
    return app.test_client()


def test_a_large_file_is_checked_by_a_job_then_committed(job_client: FlaskClient,
                                                         engine: Engine) -> None:
    started = upload(job_client, workbook_bytes(["cla_number", "E07000117", "Q2 2016/17", 120]))
    assert started.status_code == 202
    body = started.get_json()
    assert body["checking"] and body["file"] == "q2.xlsx"
    token = body["token"]
    waiting = job_client.get(f"/api/uploads/{token}/preview")
    assert waiting.status_code == 404 and "still being worked on" in waiting.get_json()["error"]
    assert job_client.post(f"/api/uploads/{token}/commit", json={}).status_code == 404

    assert jobs.run_next(engine) == body["job"]  # a worker (or the app's thread) runs it
    assert jobs.job_status(engine, body["job"])["status"] == "done"  # type: ignore[index]
    preview = job_client.get(f"/api/uploads/{token}/preview")
    assert preview.status_code == 200
    assert preview.get_json()["valid"] and preview.get_json()["token"] == token

    committing = job_client.post(f"/api/uploads/{token}/commit", json={"note": 42})
    assert committing.status_code == 202 and committing.get_json()["committing"]
    assert job_client.get(f"/api/uploads/{token}/outcome").status_code == 404
    assert jobs.run_next(engine) == committing.get_json()["job"]
    outcome = job_client.get(f"/api/uploads/{token}/outcome")
    assert outcome.status_code == 200
    assert outcome.get_json()["status"] == "committed" and outcome.get_json()["batch_id"]
    with engine.connect() as conn:
        assert queries.batches(conn)["note"].tolist() == ["42"]
    assert job_client.post(f"/api/uploads/{token}/commit", json={}).status_code == 404


def test_a_large_bad_file_gets_its_report_from_the_job(job_client: FlaskClient,
                                                       engine: Engine, settings: Settings
                                                       ) -> None:
    body = upload(job_client, workbook_bytes(["cla_number", "Burnly", "Q2 2016/17", 120])
                  ).get_json()
    jobs.run_next(engine)
    report = job_client.get(f"/api/uploads/{body['token']}/preview")
    assert report.status_code == 422
    assert "token" not in report.get_json()
    assert report.get_json()["issues"][0]["code"] == "unknown-area"
    assert job_client.post(f"/api/uploads/{body['token']}/commit", json={}).status_code == 404
    assert sorted(p.name for p in settings.upload_dir.iterdir()) == [
        f"{body['token']}.owner", f"{body['token']}.preview.json"]
    assert job_client.get("/api/uploads/not-a-token!/preview").status_code == 404


@pytest.mark.parametrize("large", [False, True])
def test_an_upload_belongs_to_the_user_who_sent_it(settings: Settings, engine: Engine,
                                                   large: bool) -> None:
    for name in ("ann", "ben"):
        ensure_user(engine, Role.PERFORMANCE_OFFICER, name)
    app = create_app(settings.with_overrides(demo_login=False, jobs_mode="worker",
                                             upload_job_bytes=1 if large
                                             else settings.upload_job_bytes))
    try:
        ann, ben = app.server.test_client(), app.server.test_client()
        sign_in(ann, "ann")
        sign_in(ben, "ben")
        sent = ann.post("/api/uploads?filename=q2.xlsx", headers=csrf_headers(ann),
                        data=workbook_bytes(["cla_number", "E07000117", "Q2 2016/17", 120]),
                        content_type="application/octet-stream")
        token = sent.get_json()["token"]
        if large:
            jobs.run_next(engine)
            refused = ben.get(f"/api/uploads/{token}/preview")
            assert refused.status_code == 403
            assert "sent by another user" in refused.get_json()["error"]
            assert ann.get(f"/api/uploads/{token}/preview").status_code == 200
        taken = ben.post(f"/api/uploads/{token}/commit", json={}, headers=csrf_headers(ben))
        assert taken.status_code == 403 and "sent by another user" in taken.get_json()["error"]
        with engine.connect() as conn:
            assert queries.batches(conn).empty
        own = ann.post(f"/api/uploads/{token}/commit", json={}, headers=csrf_headers(ann))
        assert own.status_code == (202 if large else 200)
        if large:
            jobs.run_next(engine)
            assert ben.get(f"/api/uploads/{token}/outcome").status_code == 403
            assert ann.get(f"/api/uploads/{token}/outcome").status_code == 200
        with engine.connect() as conn:
            assert queries.batches(conn)["uploaded_by"].tolist() == ["ann"]
    finally:
        app.server.extensions[ENGINE_KEY].dispose()


def test_commit_on_a_full_disk_says_nothing_was_stored(client: FlaskClient,
                                                       engine: Engine) -> None:
    rows = [["cla_number", area, f"Q{q} {year}/{(year + 1) % 100:02d}", 120]
            for year in range(2006, 2016) for q in (1, 2, 3, 4)
            for area in ("E07000117", "E07000118", "E07000122")]
    token = upload(client, workbook_bytes(*rows)).get_json()["token"]

    def disk_full(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA max_page_count = 1")  # the file cannot grow

    event.listen(engine, "connect", disk_full)
    engine.dispose()
    refused = client.post(f"/api/uploads/{token}/commit", json={})
    event.remove(engine, "connect", disk_full)
    engine.dispose()
    assert refused.status_code == 503
    assert refused.get_json()["stored"] is False
    assert refused.get_json()["error"].startswith(
        "Nothing from q2.xlsx was stored: the database's disk is full.")
    with engine.connect() as conn:
        assert queries.batches(conn).empty
    assert client.post(f"/api/uploads/{token}/commit", json={}).status_code == 200


def test_commit_job_run_again_after_its_commit_reports_that_commit(
        settings: Settings, engine: Engine) -> None:
    settings.upload_dir.mkdir(parents=True)
    path = settings.upload_dir / "big.xlsx"
    content = workbook_bytes(["cla_number", "E07000117", "Q2 2016/17", 120])  # one file's bytes
    path.write_bytes(content)
    payload = {"folder": str(settings.upload_dir), "path": path.name, "token": "t" * 20,
               "file_name": "big.xlsx", "max_upload_bytes": settings.max_upload_bytes,
               "max_rows": settings.max_rows, "user": "officer", "reason": None, "note": None}
    first = commit_checked_upload(engine, payload, lambda _f, _m: None)
    path.write_bytes(content)
    # the runner died before it could record the answer; the job runs again
    assert commit_checked_upload(engine, payload, lambda _f, _m: None) == first
    assert first["status"] == "committed"
    path.write_bytes(content)
    other = commit_checked_upload(engine, {**payload, "user": "someone-else"},
                                  lambda _f, _m: None)
    assert other == {"status": "rejected", "batch_id": None}
