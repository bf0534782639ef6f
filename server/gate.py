"""The one place access is decided: a ``before_request`` hook over every route and callback.

For each request, in order:

1. a body over the size limit is refused (413) before anything reads it;
2. public paths (sign-in, health, static code) pass;
3. nobody signed in: pages redirect to /login, everything else gets 401;
4. the role needed by the route, page or Dash callback (:mod:`server.roles`) is checked;
5. a district viewer asking for another district's detail gets 403: area codes are looked for
   in the URL and, for callbacks, in the values they send (``value``, ``pathname``, ``search``,
   ``href``, ``hash`` and store ``data``);
6. a state-changing request must carry the CSRF token (:mod:`server.security`).

No page or callback has to repeat any of this.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import dash
from flask import Flask, abort, current_app, redirect, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import Forbidden, Unauthorized

from server.auth import SessionUser, current_user, denied_area_codes
from server.roles import (
    PAGE_CONTENT_ID,
    Role,
    area_codes_in,
    has_route_rule,
    is_public,
    page_role,
    role_for_callback,
    role_for_path,
)
from server.security import csrf_problem, csrf_token

CALLBACK_PATH = "/_dash-update-component"
#: Callback properties whose values can name an area the user asks to see.
AREA_PROPS = frozenset({"value", "pathname", "search", "href", "hash", "data"})


class AccessDenied(Forbidden):
    description = "Your account does not have access to this."


def _wants_page() -> bool:
    return request.method == "GET" and not request.path.startswith(("/api/", "/_dash-"))


def _page_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(<[^>]+>)", template.rstrip("/") or "/")
    body = "".join("[^/]+" if p.startswith("<") else re.escape(p) for p in parts)
    return re.compile(f"^{body}/?$")


def _page_for(pathname: str) -> dict[str, Any] | None:
    """The registered Dash page that would serve ``pathname``."""
    app = current_app.extensions.get("scorecard_dash")
    stripped = app.strip_relative_path(pathname) if app else pathname.strip("/")
    path = "/" + (stripped or "").strip("/")
    for page in dash.page_registry.values():
        template = str(page.get("path_template") or page.get("path") or "")
        if template and _page_pattern(template).match(path):
            return dict(page)
    return None


def _ids(node: Any) -> Iterator[Any]:
    if isinstance(node, dict) and "id" in node:
        yield node["id"]
    elif isinstance(node, list):
        for item in node:
            yield from _ids(item)


def _values(node: Any) -> Iterator[tuple[Any, str, Any]]:
    if isinstance(node, dict) and "id" in node:
        yield node["id"], str(node.get("property", "")), node.get("value")
    elif isinstance(node, list):
        for item in node:
            yield from _values(item)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                yield item


def _callback_role(body: dict[str, Any]) -> Role:
    ids = [*_ids(body.get("outputs")), *_ids(body.get("inputs"))]
    role = role_for_callback(ids)
    if PAGE_CONTENT_ID in ids:
        for _id, prop, value in _values(body.get("inputs")):
            if prop == "pathname" and isinstance(value, str):
                role = max(role, page_role(_page_for(value)))
    return role


def _callback_areas(body: dict[str, Any]) -> set[str]:
    codes: set[str] = set()
    for _id, prop, value in _values([body.get("inputs"), body.get("state")]):
        if prop in AREA_PROPS:
            for text in _strings(value):
                codes |= area_codes_in(text)
    return codes


def _required_role() -> Role:
    rule_role = role_for_path(request.path)
    if rule_role is not None:
        role = rule_role
    else:
        role = page_role(_page_for(request.path))
    if request.path == CALLBACK_PATH and request.method == "POST":
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            abort(400, "A callback request must be JSON.")
        role = max(role, _callback_role(body))
    return role


def _requested_areas() -> set[str]:
    codes = area_codes_in(request.path) | area_codes_in(request.query_string.decode(
        "utf-8", "replace"))
    if request.path == CALLBACK_PATH and request.method == "POST":
        body = request.get_json(silent=True)
        if isinstance(body, dict):
            codes |= _callback_areas(body)
    return codes


def check_request() -> ResponseReturnValue | None:
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and (request.content_length or 0) > limit:
        abort(413)
    if is_public(request.path):
        if request.method == "GET" and request.path == "/login":
            csrf_token()
        return None
    user = current_user()
    if user is None:
        if _wants_page():
            return redirect(url_for("login.login", next=request.full_path.rstrip("?")))
        raise Unauthorized("Sign in to use the scorecard.")
    _authorise(user)
    if request.method == "GET":
        csrf_token()
    elif not current_app.config.get("SCORECARD_LOGIN_DISABLED"):
        problem = csrf_problem(request)
        if problem:
            raise Forbidden(problem)
    return None


def _authorise(user: SessionUser) -> None:
    needed = _required_role()
    if not user.has_role(needed):
        raise AccessDenied(f"This needs the {needed.label} role; your account is "
                           f"{user.role.label}.")
    if user.role is Role.DISTRICT_VIEWER:
        refused = _requested_areas() & denied_area_codes(user)
        if refused:
            raise AccessDenied("Your account can see its own district, the county and "
                               "comparators only.")


def register_gate(app: dash.Dash) -> None:
    server: Flask = app.server
    server.extensions["scorecard_dash"] = app
    server.before_request(check_request)


def unused_route_policies(server: Flask) -> list[str]:
    """Routes under /api/ that no rule names (they fall back to administrators only)."""
    paths = (re.sub(r"<[^>]+>", "x", str(rule.rule)) for rule in server.url_map.iter_rules())
    return sorted(p for p in paths if p.startswith("/api/") and not has_route_rule(p))
