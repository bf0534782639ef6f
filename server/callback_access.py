"""What a Dash callback request would run and read, decided from the app's registered callbacks.

A request to ``/_dash-update-component`` names its callback by its ``output`` string; Dash runs
that callback with the request's input and state values *by position*, whatever ids and
property names the request claims for them. So the access gate judges a request by the
registered callback it names, never by the ids the client sent:

* a request whose ``output`` names no server callback of this app is refused;
* its inputs, state and outputs must have the registered callback's shape
  (:func:`server.callback_shape.callback_problem`);
* the role it needs comes from the registered component ids
  (:func:`server.roles.role_for_callback`);
* for the page router, the pages it would draw are those of every pathname-like value it
  sends, and the areas those of every query string it sends.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from dash._utils import split_callback_id
from werkzeug.exceptions import BadRequest

from domain.roles import Role
from domain.url_state import area_codes_in, query_params, requested_areas
from server.callback_shape import MISMATCH, callback_problem
from server.roles import PAGE_CONTENT_ID, page_role, role_for_callback
from server.url_state import page_for

ComponentId = str | dict[str, object]
log = logging.getLogger("scorecard.access")


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


def _item_values(item: Any) -> Iterator[Any]:
    for one in item if isinstance(item, list) else [item]:
        if isinstance(one, dict):
            yield one.get("value")


def match_callback(callback_map: dict[str, Any], body: dict[str, Any]) -> CallbackRequest:
    """The registered callback ``body`` names, with the values it sends; BadRequest if none."""
    problem = callback_problem(body, callback_map)
    output = str(body.get("output"))
    if problem is None and callback_map[output].get("callback") is None:
        problem = "no server callback"  # a client-side callback never calls the server
    if problem is not None:
        log.warning("Refused a page update: %s", problem)
        raise BadRequest(MISMATCH)
    entry = callback_map[output]
    specs = [*entry.get("inputs", []), *entry.get("state", [])]
    sent = [*body["inputs"], *(body.get("state") or [])]
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
