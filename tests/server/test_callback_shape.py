"""Page updates are checked against the callback registered under their output key."""

from __future__ import annotations

from typing import Any

import pytest

from server.callback_shape import callback_problem
from server.testing import page_draw_body

CALLBACKS: dict[str, dict[str, Any]] = {
    ".._pages_content.children..._pages_store.data..": {
        "inputs": [{"id": "_pages_location", "property": "pathname"},
                   {"id": "_pages_location", "property": "search"}], "state": []},
    "upload-sort-state.data": {
        "inputs": [{"id": '{"column":["ALL"],"type":"upload-sort"}', "property": "n_clicks"}],
        "state": [{"id": "upload-sort-state", "property": "data"}]},
}


def _sort_body(**changes: Any) -> dict[str, Any]:
    body = {"output": "upload-sort-state.data",
            "outputs": {"id": "upload-sort-state", "property": "data"},
            "inputs": [[{"id": {"column": "area", "type": "upload-sort"},
                         "property": "n_clicks", "value": 1}]],
            "state": [{"id": "upload-sort-state", "property": "data", "value": None}],
            "changedPropIds": ['{"column":"area","type":"upload-sort"}.n_clicks']}
    body.update(changes)
    return body


def test_requests_as_the_renderer_sends_them_pass() -> None:
    assert callback_problem(page_draw_body("/", "?area=E07000118"), CALLBACKS) is None
    assert callback_problem(_sort_body(), CALLBACKS) is None
    assert callback_problem(_sort_body(inputs=[[]]), CALLBACKS) is None  # no sort buttons


@pytest.mark.parametrize(("body", "problem"), [
    ("not a dict", "no output named"),
    ({"output": "nope.children", "inputs": []}, "no such callback"),
    ({**page_draw_body("/"), "inputs": [{"id": "_pages_location", "property": "title",
                                         "value": "/admin"}]}, "inputs should list 2"),
    ({**page_draw_body("/"), "inputs": [
        {"id": "_pages_location", "property": "href", "value": "/admin"},
        {"id": "_pages_location", "property": "search", "value": ""}]},
     "inputs do not match"),
    ({**page_draw_body("/"), "inputs": {"value": "/"}}, "inputs should list 2"),
    ({k: v for k, v in page_draw_body("/").items() if k != "inputs"}, "inputs should list 2"),
    ({**page_draw_body("/"), "changedPropIds": "x"}, "changed properties"),
    ({**page_draw_body("/"), "outputs": {"id": "_pages_content", "property": "children"}},
     "outputs do not match"),
    (_sort_body(inputs=[[{"id": {"column": "area", "kind": "upload-sort"},
                          "property": "n_clicks"}]]), "inputs do not match"),
    (_sort_body(inputs=[{"id": '{"column":["ALL"],"type":"upload-sort"}',
                         "property": "n_clicks"}]), "inputs do not match"),
    (_sort_body(inputs=[None]), "inputs do not match"),
    (_sort_body(outputs=[{"id": "upload-sort-state", "property": "data"}]),
     "outputs do not match"),
    (_sort_body(state=[{"id": "upload-sort-state", "property": "value"}]),
     "state do not match"),
])
def test_requests_that_match_no_callback_are_named(body: Any, problem: str) -> None:
    found = callback_problem(body, CALLBACKS)
    assert found is not None and found.startswith(problem)
