"""A callback request is matched to the callback registered for its output, by the registered
ids and properties, and takes its role from them, never from the ids the client claims."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.exceptions import BadRequest

from domain.roles import Role
from server.callback_access import match_callback
from server.roles import role_for_callback

APPROVE = '{"index":["ALL"],"type":"commentary-approve"}'
CALLBACKS: dict[str, Any] = {
    "..commentary-list.children@1...commentary-message.children@1..": {
        "callback": print, "inputs": [{"id": APPROVE, "property": "n_clicks"}],
        "state": [{"id": "commentary-context", "property": "data"}]},
    "_pages_dummy.children": {"inputs": [{"id": "_pages_store", "property": "data"}],
                              "state": []},
}
OUTPUT = next(iter(CALLBACKS))


def body(type_: str = "commentary-approve", prop: str = "n_clicks",
         state_id: str = "commentary-context", output: str = OUTPUT) -> dict[str, Any]:
    return {"output": output,
            "inputs": [[{"id": {"type": type_, "index": 4}, "property": prop, "value": 1}]],
            "state": [{"id": state_id, "property": "data", "value": {"area": "E10000017"}}]}


def test_a_request_is_judged_by_its_registered_callback() -> None:
    call = match_callback(CALLBACKS, body())
    assert role_for_callback(call.component_ids) is Role.APPROVER
    assert call.values == (1, {"area": "E10000017"}) and not call.is_router


@pytest.mark.parametrize("forged", [
    body(type_="commentary-x"), body(prop="value"), body(state_id="other"),
    body(output="commentary-list.children"), body(output="_pages_dummy.children"),
    {**body(), "inputs": []}, {**body(), "state": "x"}, {**body(), "output": 7},
], ids=["renamed type", "renamed property", "renamed state", "unknown output",
        "clientside callback", "inputs missing", "state not a list", "output not text"])
def test_a_request_that_does_not_match_its_callback_is_refused(forged: dict[str, Any]) -> None:
    with pytest.raises(BadRequest):
        match_callback(CALLBACKS, forged)


def test_an_all_wildcard_matching_no_component_is_accepted() -> None:
    call = match_callback(CALLBACKS, {**body(), "inputs": [[]]})
    assert call.values == ({"area": "E10000017"},)
