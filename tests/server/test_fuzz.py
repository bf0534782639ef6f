"""Hostile requests to every HTTP route and every Dash callback: never a 500, never a traceback.

The routes come from the Flask ``url_map`` and the callbacks from the Dash app's dependency
list, so a new route or callback is fuzzed without editing this file. Each is sent values a
careless or malicious client might send (huge and negative numbers, NUL, right-to-left and
astral characters, 10 kB strings, wrong JSON types, renamed ids and properties, missing keys),
signed in as an administrator and as a district viewer, over a fixed store holding a loaded
batch. Bounded and repeatable: few examples per target, derandomised, no deadline.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import IntegerConverter, Rule

from app import create_app
from domain.roles import Role
from server.testing import csrf_headers, ensure_user, page_draw_body, sign_in
from services.setup import initialise_store
from services.uploads import commit_upload
from settings import Settings, load_settings
from store.engine import make_engine
from tests._partnership import with_demo_partnership

ROLES = (Role.ADMIN, Role.DISTRICT_VIEWER)
DISTRICT = "E07000117"
#: An exception's class name or a traceback in a body means internals leaked.
LEAK = re.compile(r"Traceback \(most recent|\b(?:[A-Z][a-z0-9]+){1,4}(?:Error|Exception)\b")
FUZZ = settings(max_examples=8, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

BIG_NUMBERS = st.sampled_from([2**31, 2**31 - 1, 2**63, -(2**63), 10**30, -1, 0])
WORDS = st.sampled_from([
    "\x00", "a\x00b", "E07000118", "%45%30%37000118", "Q3-2016-17", "../../etc/passwd",
    "<script>alert(1)</script>", "' OR 1=1 --", "\u202e\u0645\u0631\u062d\u0628\u0627",
    "\U0001f600" * 10, "x" * 10_000, "", " ", "null", "NaN", "-1", "9" * 40, "cla_number",
    "csv", "pdf", "xlsx", "png", "svg", "E10000017", "Q2 2016/17", "/admin", "//evil.example",
    "\r\nSet-Cookie: x=1"])
TEXT = st.one_of(WORDS, st.text(max_size=30))
SCALARS = st.one_of(st.none(), st.booleans(), BIG_NUMBERS, st.integers(),
                    st.floats(allow_nan=False, allow_infinity=False), TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)), max_leaves=6)
#: JSON bodies of every type: objects with the keys routes read and with others, and the rest.
JSON_BODIES = st.one_of(
    st.lists(SCALARS, max_size=3), SCALARS.filter(lambda v: v is not None),
    st.dictionaries(st.one_of(st.sampled_from(["acknowledge_warnings", "note", "filename"]),
                              TEXT), VALUES, max_size=3))
WRONG_TYPES: tuple[Any, ...] = ([], [1, "x"], "text", 5, 2**63, 1.5, True, {"note": {"a": 1}},
                               {"acknowledge_warnings": ["x"]})
QUERY_KEYS = st.one_of(st.sampled_from(["area", "period", "id", "indicator", "format", "next",
                                        "filename", "page", "breakdown", "action", "user",
                                        "since", "until", "limit", "signed_out"]), TEXT)


@dataclass(frozen=True)
class Route:
    """One route of the url_map with one of its methods."""

    rule: str
    method: str
    arguments: tuple[tuple[str, bool], ...]  # (name, takes an integer)

    def url(self, values: dict[str, Any]) -> str:
        def fill(match: re.Match[str]) -> str:
            return quote(str(values[match.group(1)]), safe="")
        return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", fill, self.rule)


@dataclass(frozen=True)
class CallbackTarget:
    """One registered callback: its output key and the inputs and state it declares."""

    output: str
    inputs: tuple[tuple[Any, str], ...]
    state: tuple[tuple[Any, str], ...]

    def outputs(self) -> list[dict[str, str]] | dict[str, str]:
        """As Dash's renderer sends them: a list for several outputs, else one item."""
        if not self.output.startswith(".."):
            return dict(zip(("id", "property"), self.output.rsplit(".", 1), strict=True))
        return [dict(zip(("id", "property"), key.rsplit(".", 1), strict=True))
                for key in self.output.strip(".").split("...")]


def _routes(rules: Iterator[Rule]) -> list[Route]:
    found = []
    for rule in rules:
        ints = {name: isinstance(conv, IntegerConverter)
                for name, conv in rule._converters.items()}
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append(Route(rule.rule, method, tuple(sorted(ints.items()))))
    return found


@functools.cache
def _targets() -> tuple[list[Route], list[CallbackTarget]]:
    """The routes and callbacks of an app like the one under test (read once, at collection)."""
    app = create_app(Settings(database_url="sqlite://", secret_key="fuzz", demo_login=False,
                              login_disabled_as="admin"))
    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    callbacks = [CallbackTarget(d["output"],
                                tuple((i["id"], i["property"]) for i in d["inputs"]),
                                tuple((s["id"], s["property"]) for s in d["state"]))
                 for d in deps if not d.get("clientside_function")]
    return _routes(app.server.url_map.iter_rules()), callbacks


ROUTES, CALLBACKS = _targets()


@pytest.fixture(scope="module")
def store_file(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """A store with the reference data, one committed batch and an account per fuzzed role."""
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "store.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    base = load_settings(database_url=url)
    initialise_store(base)
    with_demo_partnership(base)
    figures = folder / "figures.csv"
    figures.write_text("indicator_id,area_code,period,value\n" + "".join(
        f"cla_number,{area},Q{q} 2016/17,{value + q}\n"
        for area, value in ((DISTRICT, 120), ("E07000118", 95), ("E10000017", 1700))
        for q in (1, 2)))
    engine = make_engine(url)
    outcome = commit_upload(engine, base, figures, user="fuzz", acknowledged_reason="fixture")
    assert outcome.status == "committed", outcome.to_dict()
    for role in ROLES:
        ensure_user(engine, role, area_code=DISTRICT if role is Role.DISTRICT_VIEWER else None)
    engine.dispose()
    return path


@pytest.fixture
def client_for(store_file: Path, tmp_path: Path) -> Iterator[Callable[[Role], FlaskClient]]:
    """Clients of a fresh app over a fresh copy of the store (what one target's fuzz changes
    stays with it)."""
    path = tmp_path / "store.db"
    shutil.copy(store_file, path)
    app = create_app(Settings(database_url=f"sqlite:///{path}", secret_key="fuzz",
                              demo_login=False, login_rate_limit="10000 per minute",
                              upload_rate_limit="10000 per minute",
                              upload_dir=tmp_path / "uploads", export_dir=tmp_path / "exports"))

    def signed_in(role: Role) -> FlaskClient:
        client = app.server.test_client()
        sign_in(client, f"test-{role.key.replace('_', '-')}")
        return client
    yield signed_in
    app.server.extensions["scorecard_engine"].dispose()


def assert_answered(response: Any, what: str) -> None:
    body = response.get_data(as_text=True) if response.mimetype and (
        response.mimetype.startswith("text/") or response.mimetype.endswith("json")) \
        else response.get_data().decode("latin-1")
    assert response.status_code < 500, f"{what}: {response.status_code} {body[:300]}"
    if (response.mimetype or "").endswith("javascript") and response.status_code == 200:
        return  # a served script names JavaScript's own error types in its code
    leaked = LEAK.search(body)
    assert leaked is None, f"{what}: the body names {leaked.group(0)!r}"


def _route_id(route: Route) -> str:
    return f"{route.method} {route.rule}"


UPLOADS = itertools.count(125)


def _real_upload(client_for: Callable[[Role], FlaskClient]) -> str:
    """The token of a new file previewed by an administrator, so hostile values also reach
    the routes behind a valid token."""
    admin = client_for(Role.ADMIN)
    answer = admin.post("/api/uploads?filename=figures.csv", headers=csrf_headers(admin),
                        data=f"indicator_id,area_code,period,value\n"
                             f"cla_number,{DISTRICT},Q3 2016/17,{next(UPLOADS)}\n".encode())
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return str(answer.get_json()["token"])


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.key)
@pytest.mark.parametrize("route", ROUTES, ids=_route_id)
def test_routes_survive_hostile_values(route: Route, role: Role,
                                       client_for: Callable[[Role], FlaskClient]) -> None:
    client = client_for(role)
    headers = csrf_headers(client)
    ends_session = route.rule == "/logout" and route.method == "POST"
    fresh = st.none()  # stands for a file just previewed, drawn twice as often as junk
    tokens = st.one_of(fresh, fresh, TEXT) if "<token>" in route.rule else TEXT

    @FUZZ
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        values = {name: data.draw(st.one_of(BIG_NUMBERS, st.integers(min_value=0))
                                  if is_int else tokens, label=name)
                  for name, is_int in route.arguments}
        if "token" in values and values["token"] is None:
            values["token"] = _real_upload(client_for)
        query = data.draw(st.dictionaries(QUERY_KEYS, TEXT, max_size=3), label="query")
        url = route.url(values)
        user = client_for(role) if ends_session else client
        if route.method == "GET":
            response = user.get(url, query_string=query)
        else:
            kind = data.draw(st.sampled_from(["json", "json", "form", "raw"]), label="kind")
            payload = data.draw({"json": JSON_BODIES, "raw": st.binary(max_size=200),
                                 "form": st.dictionaries(QUERY_KEYS, TEXT, max_size=4)}[kind],
                                label="body")
            sent = {"json": payload} if kind == "json" else (
                {"data": payload} if kind == "form" else {"data": payload,
                                                          "content_type": "text/csv"})
            fresh_headers = csrf_headers(user) if ends_session else headers
            response = user.open(url, method=route.method, query_string=query,
                                 headers=fresh_headers, **sent)
        assert_answered(response, f"{route.method} {url[:120]}")

    check()
    if route.method != "GET" and not ends_session:  # every wrong JSON type, every time
        for payload in WRONG_TYPES:
            values = {name: (_real_upload(client_for) if name == "token" else 1)
                      for name, _is_int in route.arguments}
            response = client.open(route.url(values), method=route.method, json=payload,
                                   headers=headers)
            assert_answered(response, f"{route.method} {route.url(values)} {payload!r}")


MUTATIONS = ("none", "rename-id", "rename-property", "drop-key", "wrong-type", "no-changed",
             "outputs-type")


def _callback_body(target: CallbackTarget, inputs: list[Any], state: list[Any],
                   mutation: str, word: str) -> Any:
    def items(declared: tuple[tuple[Any, str], ...], values: list[Any]) -> list[Any]:
        out: list[Any] = []
        for (ident, prop), value in zip(declared, values, strict=True):
            pattern = json.loads(ident) if ident.startswith("{") else None
            if pattern is not None:  # one matching component, its wildcard key hostile
                ident = {k: (word if v in (["ALL"], ["MATCH"]) else v)
                         for k, v in pattern.items()}
            if mutation == "rename-id":
                ident = {**ident, word: ident.get("type")} if isinstance(ident, dict) \
                    else f"{ident}{word}"
            if mutation == "rename-property":
                prop = word or "title"
            item = {"id": ident, "property": prop, "value": value}
            out.append([item] if pattern is not None and ["ALL"] in pattern.values() else item)
        return out
    body: dict[str, Any] = {
        "output": target.output, "outputs": target.outputs(),
        "inputs": items(target.inputs, inputs), "state": items(target.state, state),
        "changedPropIds": [f"{json.dumps(i) if isinstance(i, dict) else i}.{p}"
                           for i, p in target.inputs[:1]]}
    if mutation == "drop-key":
        body.pop(word if word in body else "inputs")
    elif mutation == "wrong-type":
        body["inputs"] = {"value": word}
    elif mutation == "no-changed":
        body["changedPropIds"] = []
    elif mutation == "outputs-type":
        outputs = body["outputs"]
        body["outputs"] = outputs[0] if isinstance(outputs, list) else [outputs]
    return body


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.key)
@pytest.mark.parametrize("target", CALLBACKS, ids=lambda t: t.output[:60])
def test_callbacks_survive_hostile_values(target: CallbackTarget, role: Role,
                                          client_for: Callable[[Role], FlaskClient]) -> None:
    client = client_for(role)
    headers = csrf_headers(client)

    @FUZZ
    @given(inputs=st.lists(VALUES, min_size=len(target.inputs), max_size=len(target.inputs)),
           state=st.lists(VALUES, min_size=len(target.state), max_size=len(target.state)),
           mutation=st.sampled_from(MUTATIONS),
           word=st.sampled_from(["type", "output", "state", "x", "\x00", "title"]))
    def check(inputs: list[Any], state: list[Any], mutation: str, word: str) -> None:
        body = _callback_body(target, inputs, state, mutation, word)
        response = client.post("/_dash-update-component", json=body, headers=headers)
        assert_answered(response, f"{target.output[:60]} ({mutation})")

    check()


@pytest.mark.parametrize("path", ["%45%30%37000118", "", "\x00", "admin"])
def test_a_page_path_outside_the_app_is_not_found(
        client_for: Callable[[Role], FlaskClient], path: str) -> None:
    client = client_for(Role.DISTRICT_VIEWER)
    response = client.post("/_dash-update-component", json=page_draw_body(path),
                           headers=csrf_headers(client))
    assert_answered(response, f"router at {path!r}")


def test_every_route_and_callback_is_fuzzed() -> None:
    rules = {route.rule for route in ROUTES}
    assert {"/api/jobs/<int:job_id>", "/api/batches/<int:batch_id>/rollback",
            "/_dash-update-component"} <= rules
    assert any(t.output.startswith(".._pages_content.children") for t in CALLBACKS)
    assert len(CALLBACKS) >= 10
