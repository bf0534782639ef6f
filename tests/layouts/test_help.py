"""The help page: drawn by the router, linked from the menu, and explaining every column,
rating rule and symbol the scorecard shows."""

from __future__ import annotations

import json

import pytest
from dash import Dash
from flask.testing import FlaskClient

from domain.vocabulary import RagRule
from layouts._components import KEY_ITEMS
from layouts._scorecard_table import BASE_COLUMNS, END_COLUMNS
from server.testing import page_draw_body


@pytest.fixture
def client(app: Dash) -> FlaskClient:
    return app.server.test_client()


def test_every_scorecard_column_and_rating_rule_is_explained(app: Dash) -> None:
    from layouts.help import COLUMN_HELP, RULE_HELP, RULE_NAMES
    assert set(COLUMN_HELP) == {*BASE_COLUMNS, "County", *END_COLUMNS}
    assert set(RULE_HELP) == set(RagRule) == set(RULE_NAMES)
    assert all(len(text) > 30 for text in (*COLUMN_HELP.values(), *RULE_HELP.values()))


def test_help_page_is_drawn_with_its_sections_and_key(client: FlaskClient) -> None:
    from layouts.help import SECTIONS
    response = client.post("/_dash-update-component", json=page_draw_body("/help", ""))
    assert response.status_code == 200
    body = json.dumps(response.get_json())
    for section_id, title in SECTIONS:
        assert f'"id": "{section_id}"' in body and title in body
    assert all(words in body for _symbol, words, _tone in KEY_ITEMS)
    assert "Q3-2016-17" in body and "A4 landscape" in body


def test_the_menu_links_to_help(client: FlaskClient) -> None:
    body = json.dumps(client.get("/_dash-layout").get_json())
    assert '"children": "Help", "href": "/help"' in body
