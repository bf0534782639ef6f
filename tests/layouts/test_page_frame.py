"""The router's container: Dash's empty one, or one holding the page drawn with the frame."""

from __future__ import annotations

import dash
from dash import html

from layouts._page_frame import page_container
from server.first_draw import FirstDraw


def test_without_a_drawn_page_the_container_is_dashs_own() -> None:
    assert page_container(None) is dash.page_container


def test_a_drawn_page_sits_in_the_container_with_the_router_location_at_its_address() -> None:
    drawn = FirstDraw("/summary", "?period=Q3-2016-17", html.H1("Summary"), "Summary - x")
    container = page_container(drawn)
    by_id = {child.id: child for child in container.children}
    assert set(by_id) == {child.id for child in dash.page_container.children}
    location = by_id["_pages_location"]
    assert (location.pathname, location.search, location.refresh) == (
        "/summary", "?period=Q3-2016-17", "callback-nav")
    assert by_id["_pages_content"].children is drawn.content
    assert by_id["_pages_store"].data == {"title": "Summary - x"}
