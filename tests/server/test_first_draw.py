"""The page drawn with its frame: only for a reader the router's own request would let in."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from domain.roles import Role
from layouts._shell import page_scripts
from server import first_draw
from server.first_draw import PAGE_HEADER

from ..conftest import fetched_status
from .conftest import COUNTY, OTHER_DISTRICT, OWN_DISTRICT


def _frame(client: FlaskClient, address: str | None) -> dict[str, Any]:
    headers = {PAGE_HEADER: address} if address is not None else {}
    response = client.get("/_dash-layout", headers=headers)
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))  # type: ignore[no-any-return]


def _find(node: Any, component_id: str) -> dict[str, Any] | None:
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == component_id:
            return node
        return _find(node.get("props", {}).get("children"), component_id)
    if isinstance(node, list):
        for child in node:
            found = _find(child, component_id)
            if found is not None:
                return found
    return None


def _drawn(frame: dict[str, Any]) -> Any:
    """The router container's content (None when the frame left it to the router)."""
    content = _find(frame, "_pages_content")
    assert content is not None
    return content["props"].get("children")


def test_the_frame_carries_the_page_its_address_names(
        shared_client: Callable[[Role | None], FlaskClient]) -> None:
    frame = _frame(shared_client(Role.VIEWER), f"/help?area={COUNTY}&period=Q3-2016-17")
    assert "Help" in json.dumps(_drawn(frame))
    location = _find(frame, "_pages_location")
    assert location is not None
    assert location["props"]["pathname"] == "/help"
    assert location["props"]["search"] == f"?area={COUNTY}&period=Q3-2016-17"
    store = _find(frame, "_pages_store")
    assert store is not None and store["props"]["data"]["title"]
    links = json.dumps(_find(frame, "main") or {}) + json.dumps(frame)
    assert f'"/districts?area={COUNTY}&period=Q3-2016-17"' in links  # the menu carries both


def test_an_unknown_address_draws_the_not_found_page(
        shared_client: Callable[[Role | None], FlaskClient]) -> None:
    assert "not found" in json.dumps(_drawn(_frame(shared_client(Role.VIEWER),
                                                   "/no-such-page"))).lower()


@pytest.mark.parametrize("address", [None, "", "help", "//evil.example/help",
                                     "/help\t?x=1", "/" + "a" * 5000])
def test_without_a_readable_address_the_router_draws_the_page(
        shared_client: Callable[[Role | None], FlaskClient], address: str | None) -> None:
    frame = _frame(shared_client(Role.VIEWER), address)
    assert _drawn(frame) is None
    location = _find(frame, "_pages_location")
    assert location is not None and location["props"].get("pathname") is None


@pytest.mark.parametrize(("role", "address"), [
    (Role.VIEWER, "/upload"),
    (Role.VIEWER, "/admin"),
    (Role.DISTRICT_VIEWER, f"/districts?area={OTHER_DISTRICT}"),
    (Role.DISTRICT_VIEWER, f"/?area={OTHER_DISTRICT.lower()}"),
])
def test_a_page_the_router_would_refuse_is_not_drawn_with_the_frame(
        shared_client: Callable[[Role | None], FlaskClient], role: Role, address: str) -> None:
    assert _drawn(_frame(shared_client(role), address)) is None


def test_a_district_viewer_gets_their_own_district_drawn(
        shared_client: Callable[[Role | None], FlaskClient]) -> None:
    assert _drawn(_frame(shared_client(Role.DISTRICT_VIEWER),
                         f"/help?area={OWN_DISTRICT}")) is not None


def test_a_figure_page_is_drawn_once_until_the_data_changes(
        client_as: Callable[[Role | None], FlaskClient], monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[tuple[str, str]] = []
    draw = first_draw._drawn

    def counted(app: Any, pathname: str, search: str) -> Any:
        drawn.append((pathname, search))
        return draw(app, pathname, search)
    monkeypatch.setattr(first_draw, "_drawn", counted)
    client = client_as(Role.VIEWER)
    for _ in range(2):
        assert _drawn(_frame(client, "/compare?period=Q3-2016-17")) is not None
        assert _drawn(_frame(client, "/help")) is not None
    assert drawn == [("/compare", "?period=Q3-2016-17"), ("/help", ""), ("/help", "")]


# --- The page painted in its own HTML ---------------------------------------------------------

def _painted(client: FlaskClient, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    start = page.find('<div id="first-paint">')
    end = page.find('<div id="react-entry-point">')
    return page[start:end] if 0 <= start < end else ""


def test_a_page_request_carries_the_page_painted_as_html(
        shared_client: Callable[[Role | None], FlaskClient]) -> None:
    client = shared_client(Role.VIEWER)
    painted = _painted(client, f"/help?area={COUNTY}&period=Q3-2016-17")
    assert 'id="_pages_content"' in painted and "<h1" in painted
    assert "Help" in painted
    page = client.get("/help").get_data(as_text=True)
    assert "<title>Help" in page  # the page's own title, before any script runs


@pytest.mark.parametrize(("role", "address"), [
    (Role.VIEWER, "/upload"),
    (Role.DISTRICT_VIEWER, f"/districts?area={OTHER_DISTRICT}"),
])
def test_a_page_the_router_would_refuse_is_not_painted(
        shared_client: Callable[[Role | None], FlaskClient], role: Role, address: str) -> None:
    response = shared_client(role).get(address)
    page = response.get_data(as_text=True)
    assert 'id="first-paint"' not in page and "_pages_content" not in page
    assert response.status_code == 403 or 'id="react-entry-point"' in page


def test_scripts_wait_for_the_painted_page_and_start_the_renderer_in_order(
        shared_client: Callable[[Role | None], FlaskClient]) -> None:
    client = shared_client(Role.VIEWER)
    page = client.get("/help").get_data(as_text=True)
    tags = re.findall(r"<script ([^>]*)src=\"([^\"]+)\"", page)
    assert len(tags) == 1 and "async" in tags[0][0]  # the loader, and nothing else fetched
    assert "new DashRenderer" not in page
    loader, *scripts = page_scripts(page)
    assert loader == tags[0][1] and "/load-dash-renderer.js?v=" in loader
    assert "requestAnimationFrame" in client.get(loader).get_data(as_text=True)
    names = [url.split("?")[0].rsplit("/", 1)[-1] for url in scripts]
    assert names.index("first_paint.js") < names.index("page_address.js") \
        < names.index("start-renderer.js")
    assert names[0].startswith("polyfill") and names[-1] == "start-renderer.js"
    assert any(name.startswith("dash_renderer") for name in names)
    assert "new DashRenderer" in client.get(scripts[-1]).get_data(as_text=True)
    assert all(fetched_status(client, url) == 200 for url in scripts)


def test_a_page_drawn_for_its_html_is_not_drawn_again_for_the_renderer(
        client_as: Callable[[Role | None], FlaskClient], monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []
    draw = first_draw._drawn

    def counted(app: Any, pathname: str, search: str) -> Any:
        drawn.append(pathname)
        return draw(app, pathname, search)
    monkeypatch.setattr(first_draw, "_drawn", counted)
    client = client_as(Role.VIEWER)
    assert "Help" in _painted(client, "/help")
    assert _drawn(_frame(client, "/help")) is not None
    assert drawn == ["/help"]
    assert _drawn(_frame(client, "/help")) is not None  # taken once: drawn afresh after
    assert drawn == ["/help", "/help"]

