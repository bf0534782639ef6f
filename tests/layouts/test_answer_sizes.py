"""Every page's answer stays under 100 KB on the demo store.

A page is drawn by one router callback, its largest answer on loading (the others, such as the
menu links' addresses, are a few hundred bytes). Each answer is posted as the browser posts it,
without compression, and its decoded JSON is weighed: bytes, not time, so the limit holds on
any machine. The demo store is the one a user loads (``scorecard demo``): 180 areas and 57
indicators, a Board scorecard and every indicator, districts and their groupings; the small
seed store the other page tests use is lighter than the demo on every page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from dash import Dash
from flask.testing import FlaskClient

from server.testing import page_draw_body
from tests.demo.conftest import DemoStore, demo  # noqa: F401 (the demo store, as a fixture)
from tests.layouts.conftest import seed_app

LIMIT = 100_000
PAGES = [
    ("/", ""),  # the latest quarter (Q4 2024/25 in the demo)
    ("/", "?period=Q3-2016-17"),
    ("/", "?view=all"),
    ("/", "?view=all&period=Q3-2016-17"),
    ("/", "?area=E07000123&period=Q3-2016-17"),  # a district, with its County column
    ("/summary", "?period=Q3-2016-17"),
    ("/indicator", "?id=cla_rate"),
    ("/indicator", "?id=cla_rate&period=Q3-2016-17"),
    ("/districts", ""),
    ("/districts", "?period=Q3-2016-17&district=E07000123"),
    ("/districts", "?view=footprints"),
    ("/compare", ""),
    ("/compare", "?period=Q3-2016-17"),
    ("/compare", "?view=footprints"),
]


@pytest.fixture(scope="module")
def app(request: pytest.FixtureRequest) -> Iterator[Dash]:
    """The app over the demo store (``tests/demo``'s fixture), read by a Board viewer."""
    store: DemoStore = request.getfixturevalue("demo")
    yield from seed_app(store.settings, "viewer")


@pytest.fixture
def client(app: Dash) -> FlaskClient:
    return app.server.test_client()


def answer_bytes(client: FlaskClient, path: str, search: str) -> tuple[int, str]:
    """The decoded size of the page's answer, and its text."""
    response = client.post("/_dash-update-component", json=page_draw_body(path, search))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert "Content-Encoding" not in response.headers  # weighed as decoded
    return len(response.get_data()), response.get_data(as_text=True)


@pytest.mark.parametrize(("path", "search"), PAGES)
def test_each_page_answers_in_under_100_kb(client: FlaskClient, path: str, search: str) -> None:
    size, text = answer_bytes(client, path, search)
    content = json.loads(text)["response"]["_pages_content"]["children"]
    assert "error-state" not in json.dumps(content), f"{path}{search} drew an error"
    assert size < LIMIT, f"{path}{search} answers {size / 1000:.1f} KB"


def test_the_weighed_pages_show_their_figures(client: FlaskClient) -> None:
    """The pages weighed are the full pages: every row, ranked list and table is there."""
    _size, scorecard = answer_bytes(client, "/", "?view=all")
    assert scorecard.count("scorecard-row") >= 50
    _size, compare = answer_bytes(client, "/compare", "")
    assert compare.count("rug-list-item") >= 10 and '"compare-rug"' in compare
    _size, districts = answer_bytes(client, "/districts", "")
    assert districts.count('"type":"Graph"') >= 3
