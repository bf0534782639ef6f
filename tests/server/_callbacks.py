"""Callback requests built from the app's registered callbacks, as Dash's renderer sends them,
for tests that then forge them (rename ids and properties, swap values)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from dash import Dash


def _registered_id(spec: dict[str, Any]) -> Any:
    text = str(spec["id"])
    return json.loads(text) if text.startswith("{") else text


def find_callback(app: Dash, input_id: str) -> str:
    """The output key of the registered callback whose first input is ``input_id`` (a plain
    id, or the ``type`` of a pattern-matching id)."""
    for key, entry in app.callback_map.items():
        first = _registered_id(entry["inputs"][0]) if entry["inputs"] else None
        if first == input_id or (isinstance(first, dict) and first.get("type") == input_id):
            return key
    raise AssertionError(f"No registered callback has the input {input_id!r}.")


def _items(specs: list[dict[str, Any]], values: Sequence[Any]) -> list[Any]:
    assert len(specs) == len(values), f"give {len(specs)} values"
    items = []
    for spec, value in zip(specs, values, strict=True):
        registered = _registered_id(spec)
        if isinstance(registered, dict):  # value: [(id, value), ...] for an ALL wildcard
            items.append([{"id": i, "property": spec["property"], "value": v}
                          for i, v in value])
        else:
            items.append({"id": registered, "property": spec["property"], "value": value})
    return items


def callback_body(app: Dash, input_id: str, inputs: Sequence[Any],
                  state: Sequence[Any] = ()) -> dict[str, Any]:
    """The request that runs the callback whose first input is ``input_id`` with these values
    (in the registered order)."""
    key = find_callback(app, input_id)
    entry = app.callback_map[key]
    outputs = [{"id": o["id"], "property": o["property"].split("@")[0]}
               for o in _split(key)]
    body_inputs = _items(entry["inputs"], inputs)
    first = body_inputs[0]
    first_item = first[0] if isinstance(first, list) and first else first
    changed = [f"{_id_text(first_item['id'])}.{first_item['property']}"] if first_item else []
    return {"output": key, "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": body_inputs, "state": _items(entry["state"], state),
            "changedPropIds": changed}


def _id_text(component_id: Any) -> str:
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)


def _split(key: str) -> list[dict[str, str]]:
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    return [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]


def router_body(pathname: str, search: str = "") -> dict[str, Any]:
    """The page router's request to draw ``pathname?search``."""
    from server.testing import page_draw_body
    return page_draw_body(pathname, search)
