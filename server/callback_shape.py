"""Whether a page update has the shape of the callback registered under its output key.

Dash's renderer posts ``/_dash-update-component`` with the callback's output key and, for each
input and state the callback declares, its id, property and value. A body built by hand can
rename an id or a property, leave out a key, or send a string where a list belongs; Dash would
then fail deep in its own code. :func:`callback_problem` compares the body with the callback
registered under its output key (ids, properties and counts; pattern-matching ids by their
fixed keys); the access gate (:mod:`server.callback_access`) refuses a request that does not
match with a 400 and a plain sentence before Dash reads it, so callbacks receive only the
inputs they declared. Values are not judged here: each callback reads its own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

#: Wildcards of pattern-matching ids, as Dash writes them in the callback map.
WILDCARDS = (["ALL"], ["MATCH"], ["ALLSMALLER"])
MISMATCH = ("This page update does not match the page it came from. Reload the page and try "
            "again.")


def _declared_id(raw: Any) -> Any:
    """The id as registered: a string, or the dict of a pattern-matching id."""
    if isinstance(raw, str) and raw.startswith("{"):
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return raw


def _matches(declared: Mapping[str, Any], sent: Any) -> bool:
    """Whether ``sent`` (one ``{"id", "property", ...}`` item) is the declared dependency."""
    if not isinstance(sent, dict) or sent.get("property") != declared["property"]:
        return False
    ident, wanted = sent.get("id"), _declared_id(declared["id"])
    if not isinstance(wanted, dict):
        return bool(ident == wanted)
    if not isinstance(ident, dict) or set(ident) != set(wanted):
        return False
    return all(ident[k] == v if v not in WILDCARDS
               else isinstance(ident[k], str | int | float | bool) for k, v in wanted.items())


def _wildcard(declared: Mapping[str, Any]) -> bool:
    wanted = _declared_id(declared["id"])
    return isinstance(wanted, dict) and any(v in WILDCARDS for v in wanted.values())


def _items_problem(declared: list[Mapping[str, Any]], sent: Any, what: str) -> str | None:
    if not isinstance(sent, list) or len(sent) != len(declared):
        return f"{what} should list {len(declared)} item(s)"
    for dependency, item in zip(declared, sent, strict=True):
        group = item if isinstance(item, list) and _wildcard(dependency) else [item]
        if not all(_matches(dependency, one) for one in group):
            return f"{what} do not match the callback's"
    return None


def _output_item(key: str, sent: Any) -> bool:
    """Whether ``sent`` fits output ``key`` ("id.property"): a list of items for an output
    with an ALL wildcard, one item otherwise."""
    many = any(json.dumps(w) in key for w in (["ALL"], ["ALLSMALLER"]))
    if many != isinstance(sent, list):
        return False
    ident, _dot, prop = key.rpartition(".")
    declared = {"id": ident, "property": prop.split("@")[0]}
    return all(isinstance(one, dict) and isinstance(one.get("property"), str)
               and _matches(declared, {**one, "property": one["property"].split("@")[0]})
               for one in (sent if many else [sent]))


def _outputs_problem(output: str, sent: Any) -> str | None:
    keys = output.strip(".").split("...") if output.startswith("..") else [output]
    items = sent if output.startswith("..") else [sent]
    if not isinstance(items, list) or len(items) != len(keys) or not all(
            _output_item(key, item) for key, item in zip(keys, items, strict=True)):
        return "outputs do not match the callback's"
    return None


def callback_problem(body: Any, callbacks: Mapping[str, Mapping[str, Any]]) -> str | None:
    """Why ``body`` is not a request for one of ``callbacks`` (Dash's callback map), or None."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return "no output named"
    spec = callbacks.get(body["output"])
    if spec is None:
        return "no such callback"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changed properties should be a list of names"
    if not spec.get("no_output") and "outputs" in body:
        problem = _outputs_problem(body["output"], body["outputs"])
        if problem:
            return problem
    return (_items_problem(spec.get("inputs", []), body.get("inputs"), "inputs")
            or _items_problem(spec.get("state", []), body.get("state", []), "state"))
