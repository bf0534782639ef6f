"""The whole-response page cache: same bytes for the same reader, URL and data; never across
roles or areas, never past the gate, never a failed answer, and gone once the data changes."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dash
import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import insert

from app import create_app
from domain.roles import Role
from server.page_cache import ROUTER_OUTPUT, page_location
from server.testing import csrf_headers, ensure_user, page_draw_body, sign_in
from settings import Settings
from store.engine import make_engine
from store.models import UploadBatch

SCORECARD = "?area=E10000017&period=Q3-2016-17"


@pytest.fixture
def store_url(seed_store: Settings, tmp_path: Path) -> str:
    path = tmp_path / "store.db"
    shutil.copy(seed_store.database_url.removeprefix("sqlite:///"), path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(store_url: str) -> Iterator[Dash]:
    built = create_app(Settings(database_url=store_url, secret_key="cache-tests",
                                demo_login=False, login_rate_limit="1000 per minute"))
    yield built
    built.server.extensions["scorecard_engine"].dispose()


def signed_in(app: Dash, store_url: str, role: Role, area: str | None = None) -> FlaskClient:
    engine = make_engine(store_url)
    username, password = ensure_user(engine, role, area_code=area)
    engine.dispose()
    client = app.server.test_client()
    sign_in(client, username, password)
    client.environ_base.update({f"HTTP_{k.upper().replace('-', '_')}": v
                                for k, v in csrf_headers(client).items()})
    return client


def draw(client: FlaskClient, path: str, search: str = "") -> Any:
    return client.post("/_dash-update-component", json=page_draw_body(path, search))


def test_only_the_page_router_callback_is_recognised() -> None:
    assert page_location(page_draw_body("/", SCORECARD)) == ("/", SCORECARD)
    assert page_location({**page_draw_body("/"), "output": "commentary-list.children"}) is None
    assert page_location({"output": ROUTER_OUTPUT, "inputs": "nonsense"}) is None
    assert page_location(["not", "a", "dict"]) is None


def test_a_cached_page_is_the_same_bytes_and_is_not_rebuilt(
        app: Dash, store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    viewer = signed_in(app, store_url, Role.VIEWER)
    first = draw(viewer, "/", SCORECARD)
    assert first.status_code == 200 and b"1,631" in first.data

    def broken(*_args: object) -> None:
        raise RuntimeError("rebuilt")
    monkeypatch.setattr(sys.modules["layouts.home"], "scorecard_content", broken)
    monkeypatch.setattr(sys.modules["layouts.home"], "cached_content", broken)
    again = draw(viewer, "/", SCORECARD)
    assert again.data == first.data
    failed = draw(viewer, "/", "?area=E10000017&period=Q2-2016-17")  # not cached: rebuilt
    assert b"1,631" not in failed.data and b"Something went wrong" in failed.data
    monkeypatch.undo()
    assert b"Something went wrong" not in draw(viewer, "/", "?area=E10000017&period=Q2-2016-17"
                                               ).data  # the failure was not kept


def test_readers_with_other_areas_never_share_an_answer(app: Dash, store_url: str) -> None:
    viewer = signed_in(app, store_url, Role.VIEWER)
    district = signed_in(app, store_url, Role.DISTRICT_VIEWER, area="E07000117")
    assert b"Chorley (district)" in draw(viewer, "/", SCORECARD).data
    theirs = draw(district, "/", SCORECARD).data
    assert b"Burnley (district)" in theirs and b"Chorley (district)" not in theirs
    signed_out = draw(app.server.test_client(), "/", SCORECARD)
    assert signed_out.status_code in (401, 403) and b"1,631" not in signed_out.data


def test_new_data_is_drawn_at_once(app: Dash, store_url: str,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    viewer = signed_in(app, store_url, Role.VIEWER)
    first = draw(viewer, "/summary", SCORECARD).data
    engine = make_engine(store_url)
    with engine.begin() as conn:  # any commit (here by another instance) changes the version
        conn.execute(insert(UploadBatch).values(file_name="other.xlsx", file_hash="0" * 64))
    engine.dispose()
    monkeypatch.setitem(dash.page_registry["layouts.summary"], "layout",
                        lambda **_kw: "drawn again from the store")
    again = draw(viewer, "/summary", SCORECARD).data
    assert again != first and b"drawn again from the store" in again
