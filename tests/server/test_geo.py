"""The district boundaries are published once, cached, and left out of the map's callback."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from dash import Dash

from domain.boundaries import BOUNDARIES_URL_PATH, CODE_PROPERTY, district_boundaries
from server.testing import page_draw_body
from settings import Settings

from ..conftest import running_app


@pytest.fixture(scope="module")
def app(seed_store: Settings) -> Iterator[Dash]:
    with running_app(seed_store, login_disabled_as="viewer", secret_key="geo") as app:
        yield app


def test_boundaries_are_served_as_cacheable_geojson(app: Dash) -> None:
    client = app.server.test_client()
    response = client.get(BOUNDARIES_URL_PATH)
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    codes = [f["properties"][CODE_PROPERTY] for f in json.loads(response.get_data())["features"]]
    assert codes == [f["properties"][CODE_PROPERTY] for f in district_boundaries()["features"]]
    again = client.get(BOUNDARIES_URL_PATH, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_districts_page_names_the_boundaries_instead_of_sending_them(app: Dash) -> None:
    body = page_draw_body("/districts", "")
    answer = app.server.test_client().post("/_dash-update-component", json=body)
    assert answer.status_code == 200
    text = json.dumps(answer.get_json())  # Dash writes "/" as "\u002f"
    assert "choropleth" in text
    assert f'"geojson": "{BOUNDARIES_URL_PATH}"' in text
    assert '"FeatureCollection"' not in text
