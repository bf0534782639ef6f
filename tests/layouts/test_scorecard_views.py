"""The scorecard page follows the definition in force: the Board's rows in its order under
its headings, a toggle to every indicator, and the admin editor for the definition."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator

import pytest
from dash import Dash
from flask.testing import FlaskClient

from app import create_app
from server.testing import page_draw_body
from services.scorecard_definitions import read_definition_text, save_definition
from settings import Settings
from store.engine import make_engine

DEFINITION = """[scorecard]
partnership = "E10000017"
title = "Test Board scorecard"
first_quarter = "Q1 2016/17"
last_quarter = "Q4 2016/17"

[[theme]]
heading = "Keeping children safe"

[[theme.row]]
indicator = "cla_number"

[[theme.row]]
indicator = "cp_plans_number"
"""


@pytest.fixture(scope="module")
def app(seed_store: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dash]:
    path = tmp_path_factory.mktemp("views") / "store.db"
    shutil.copy(seed_store.database_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    definition, report = read_definition_text(DEFINITION, "test.toml")
    assert definition is not None, report.to_records()
    engine = make_engine(url)
    save_definition(engine, definition, "test", "test.toml")
    engine.dispose()
    built = create_app(seed_store.with_overrides(database_url=url, login_disabled_as="admin",
                                                 secret_key="views"))
    yield built
    built.server.extensions["scorecard_engine"].dispose()


@pytest.fixture
def client(app: Dash) -> FlaskClient:
    return app.server.test_client()


def draw(client: FlaskClient, path: str, search: str = "") -> str:
    response = client.post("/_dash-update-component", json=page_draw_body(path, search))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return json.dumps(response.get_json())


def test_the_board_view_shows_the_definitions_rows_under_its_heading(
        client: FlaskClient) -> None:
    body = draw(client, "/", "?area=E10000017&period=Q3-2016-17")
    assert "Keeping children safe" in body
    assert "Outcome one - to feel safe" not in body
    assert body.index("Number of cyp who are looked after") < body.index(
        "Number of cyp on child protection plans")
    assert "Showing: Test Board scorecard, version 1." in body
    assert "5-in-1 vaccination by first birthday" not in body


def test_all_indicators_stay_reachable(client: FlaskClient) -> None:
    body = draw(client, "/", "?area=E10000017&period=Q3-2016-17&view=all")
    assert "Outcome one - to feel safe" in body
    assert "5-in-1 vaccination by first birthday" in body
    assert "Showing: every indicator with a figure." in body


def test_a_quarter_outside_the_plan_year_keeps_the_catalogues_rows(
        client: FlaskClient) -> None:
    body = draw(client, "/", "?area=E10000017&period=Q4-2015-16")
    assert "Keeping children safe" not in body
    assert "no Board definition in force" in body


def test_the_editor_shows_the_draft_for_administrators(client: FlaskClient) -> None:
    body = draw(client, "/admin/scorecard-definition", "?period=Q3-2016-17")
    assert "Test Board scorecard (Q1 2016/17 to Q4 2016/17), version 1" in body
    assert "Save as a new version" in body and "Target for Q4 2016/17 (E10000017)" in body
    assert "/admin/scorecard-definition" in draw(client, "/admin")

