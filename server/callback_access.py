"""What a Dash callback request would run and read, decided from the app's registered callbacks.

A request to ``/_dash-update-component`` names its callback by its ``output`` string; Dash runs
that callback with the request's input and state values *by position*, whatever ids and
property names the request claims for them. So the access gate judges a request by the
registered callback it names, never by the ids the client sent:

* a request whose ``output`` names no server callback of this app is refused;
* its inputs and state must have the registered callback's shape: the same ids (a
  pattern-matching id with the same keys and fixed values) and the same properties;
* the role it needs comes from the registered component ids
  (:func:`server.roles.role_for_callback`);
* for the page router, the pages it would draw are those of every pathname-like value it
  sends, and the areas those of every query string it sends.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from dash._utils import split_callback_id
from werkzeug.exceptions import BadRequest

from server.roles import PAGE_CONTENT_ID, Role, page_role, role_for_callback
from server.url_state import area_codes_in, page_for, query_params, requested_areas

ComponentId = str | dict[str, object]


@dataclass(frozen=True)
class CallbackRequest:
    """A callback request matched to the registered callback it names."""

    output: str
    component_ids: tuple[ComponentId, ...]
    values: tuple[Any, ...]

    @property
    def is_router(self) -> bool:
        return PAGE_CONTENT_ID in self.component_ids


def _component_id(text: str) -> ComponentId:
    if text.startswith("{"):
        try:
            parsed = json.loads(text)
        except ValueError:
            return text
        if isinstance(parsed, dict):
            return parsed
    return text


def _output_ids(output: str) -> list[ComponentId]:
    split = split_callback_id(output)
    return [_component_id(str(o["id"])) for o in (split if isinstance(split, list) else [split])]


def _matches_pattern(pattern: dict[str, object], prop: str, item: Any) -> bool:
    if not isinstance(item, dict) or item.get("property") != prop:
        return False
    sent = item.get("id")
    if not isinstance(sent, dict) or set(sent) != set(pattern):
        return False
    # Wildcards (ALL, MATCH, ALLSMALLER) are registered as lists such as ["ALL"].
    return all(isinstance(fixed, list) or sent[key] == fixed for key, fixed in pattern.items())


def _matches(spec: dict[str, Any], item: Any) -> bool:
    spec_id, prop = _component_id(str(spec["id"])), str(spec["property"])
    if isinstance(spec_id, dict):
        items = item if isinstance(item, list) else [item]
        return all(_matches_pattern(spec_id, prop, one) for one in items)
    return isinstance(item, dict) and item.get("id") == spec_id \
        and item.get("property") == prop


def _sent(body: dict[str, Any], key: str, specs: list[dict[str, Any]]) -> list[Any]:
    sent = body.get(key) or []
    if not isinstance(sent, list) or len(sent) != len(specs) \
            or not all(_matches(spec, item) for spec, item in zip(specs, sent, strict=True)):
        raise BadRequest("This request does not match the callback it names.")
    return sent


def _item_values(item: Any) -> Iterator[Any]:
    for one in item if isinstance(item, list) else [item]:
        if isinstance(one, dict):
            yield one.get("value")


def match_callback(callback_map: dict[str, Any], body: dict[str, Any]) -> CallbackRequest:
    """The registered callback ``body`` names, with the values it sends; BadRequest if none."""
    output = body.get("output")
    entry = callback_map.get(output) if isinstance(output, str) else None
    if entry is None or entry.get("callback") is None:
        raise BadRequest("This request names no callback of the scorecard.")
    specs = [*entry.get("inputs", []), *entry.get("state", [])]
    sent = [*_sent(body, "inputs", entry.get("inputs", [])),
            *_sent(body, "state", entry.get("state", []))]
    ids = [*_output_ids(str(output)), *(_component_id(str(s["id"])) for s in specs)]
    values = [value for item in sent for value in _item_values(item)]
    return CallbackRequest(str(output), tuple(ids), tuple(values))


def _locations(values: tuple[Any, ...]) -> Iterator[tuple[str, str]]:
    """(path, query) of each string the router is sent, read every way it could be meant: as
    a pathname as it stands (the router's own reading), as an href or as a search."""
    for value in values:
        if isinstance(value, str):
            parts = urlsplit(value)
            yield value, ""
            yield value.split("?", 1)[0].split("#", 1)[0], value.partition("?")[2]
            yield parts.path, parts.query


def callback_role(app: Any, call: CallbackRequest) -> Role:
    """The role the registered callback needs, and for the router the role of every page any
    of its values would draw."""
    role = role_for_callback(call.component_ids)
    if call.is_router:
        for path, _query in _locations(call.values):
            role = max(role, page_role(page_for(app, path)))
    return role


def callback_areas(call: CallbackRequest) -> set[str]:
    """Every area the callback's values name, including the query strings the router reads."""
    codes = area_codes_in(list(call.values))
    if call.is_router:
        for _path, query in _locations(call.values):
            codes |= requested_areas(query_params(query))
    return codes
