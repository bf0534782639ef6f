"""The area pickers and the pages they open, over the seed store with a second partnership
whose council is a unitary and the figures of a council outside every partnership."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator

import pytest
from dash import Dash
from flask.testing import FlaskClient

from app import create_app
from server.testing import page_draw_body
from settings import Settings
from store.engine import make_engine
from tests._partnership import LOCALITY, UNITARY, with_unitary_partnership
from tests._seed import NEIGHBOUR, add_council_figures

LANCASHIRE, OWN_DISTRICT = "E10000017", "E07000117"
QUARTER = "period=Q3-2016-17"


@pytest.fixture(scope="module")
def store(seed_store: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A copy of the seed store with Blackburn with Darwen's partnership (and its figures)
    and Blackpool's figures (a council outside every partnership)."""
    copy = tmp_path_factory.mktemp("pickers") / "store.db"
    shutil.copy(seed_store.database_url.removeprefix("sqlite:///"), copy)
    settings = seed_store.with_overrides(database_url=f"sqlite:///{copy}")
    engine = make_engine(settings.database_url)
    try:
        with_unitary_partnership(engine)
        add_council_figures(engine, UNITARY)
        add_council_figures(engine, NEIGHBOUR)
    finally:
        engine.dispose()
    return settings


def _client(store: Settings, role: str) -> Iterator[FlaskClient]:
    app: Dash = create_app(store.with_overrides(login_disabled_as=role,
                                                secret_key="page-tests"))
    yield app.server.test_client()
    app.server.extensions["scorecard_engine"].dispose()


@pytest.fixture(scope="module")
def viewer(store: Settings) -> Iterator[FlaskClient]:
    yield from _client(store, "viewer")


def _draw(client: FlaskClient, path: str, search: str) -> tuple[int, str]:
    response = client.post("/_dash-update-component", json=page_draw_body(path, search))
    return response.status_code, json.dumps(response.get_json(silent=True))


def _groups(body: str) -> list[str]:
    """The optgroup labels of the drawn area picker, in order."""
    labels: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Optgroup":
                labels.append(node["props"]["label"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            if node and node[0] == "optgroup" and isinstance(node[1], dict):
                labels.append(node[1]["label"])  # a group drawn from compact markup
            for value in node:
                walk(value)
    walk(json.loads(body))
    return labels


def test_the_picker_lists_every_partnership_then_other_councils(viewer: FlaskClient) -> None:
    for path in ("/", "/indicator"):
        status, body = _draw(viewer, path, f"?area={LANCASHIRE}&{QUARTER}")
        assert status == 200
        assert _groups(body) == ["Lancashire partnership", "Blackburn with Darwen partnership",
                                 "Other councils"], path
        assert "Blackburn with Darwen (council)" in body and "North (district)" in body
        assert "Blackpool (council)" in body


def test_a_unitary_partnership_and_its_locality_open(viewer: FlaskClient) -> None:
    status, body = _draw(viewer, "/", f"?area={UNITARY}&{QUARTER}")
    assert status == 200 and "Blackburn with Darwen: Q3 2016/17" in body
    assert "cannot be shown" not in body
    status, body = _draw(viewer, "/", f"?area={LOCALITY}&{QUARTER}")
    assert status == 200 and "cannot be shown" not in body and "There is no area" not in body


def test_a_council_outside_the_partnerships_shows_every_indicator(viewer: FlaskClient
                                                                  ) -> None:
    status, body = _draw(viewer, "/", f"?area={NEIGHBOUR}&{QUARTER}")
    assert status == 200 and "Blackpool: Q3 2016/17" in body
    assert "every indicator with a figure (no Board definition in force)" in body
    assert "284" in body  # its CP plans in Q3 2016/17
    status, body = _draw(viewer, "/indicator", f"?id=cp_plans_rate&area={NEIGHBOUR}&{QUARTER}")
    assert status == 200 and "cannot be shown" not in body and "Blackpool" in body
    status, body = _draw(viewer, "/summary", f"?area={NEIGHBOUR}&{QUARTER}")
    assert status == 200 and "Blackpool" in body and "There is no area" not in body


def test_a_council_without_figures_is_still_no_area(viewer: FlaskClient) -> None:
    status, body = _draw(viewer, "/", f"?area=E06000010&{QUARTER}")  # Hull: no figures held
    assert status == 200 and "There is no area with code 'E06000010'" in body


@pytest.mark.parametrize("role", [f"viewer:{LANCASHIRE}", f"district_viewer:{OWN_DISTRICT}"])
def test_a_limited_account_gains_no_other_partnership(store: Settings, role: str) -> None:
    for client in _client(store, role):
        status, body = _draw(client, "/", f"?area={LANCASHIRE}&{QUARTER}")
        assert status == 200 and "Lancashire partnership" in body
        assert "Blackburn with Darwen" not in body and "North (district)" not in body
        for code in (UNITARY, LOCALITY):
            assert _draw(client, "/", f"?area={code}&{QUARTER}")[0] == 403, code
            assert client.get(f"/?area={code}").status_code == 403, code


@pytest.mark.parametrize(("role", "path", "control"), [
    ("approver", "/", "Board snapshots"),
    ("viewer", "/", "Build the board pack"),
    ("performance_officer", "/indicator?id=cp_plans_rate", "Save commentary")])
def test_another_councils_pages_are_read_only(store: Settings, role: str, path: str,
                                              control: str) -> None:
    page, _, query = path.partition("?")
    for client in _client(store, role):
        for area, shown in ((LANCASHIRE, True), (UNITARY, True), (NEIGHBOUR, False)):
            search = f"?{query + '&' if query else ''}area={area}&{QUARTER}"
            status, body = _draw(client, page, search)
            assert status == 200 and (control in body) is shown, (area, control)
