"""The one place access is decided: a ``before_request`` hook over every route and callback.

For each request, in order:

1. a body over the size limit is refused (413) before anything reads it;
2. public paths (sign-in, health, static code) pass;
3. nobody signed in: pages redirect to /login, everything else gets 401;
4. the role needed by the route, page or Dash callback (:mod:`server.roles`) is checked; a
   callback is judged by the registered callback its ``output`` names, and the page router by
   every page its values would draw (:mod:`server.callback_access`); a callback request that
   names no registered callback, or does not have its shape, gets 400;
5. a district viewer asking for another district's detail gets 403: the URL's parameters are
   read as pages and exports read them (:mod:`domain.url_state`), and every string in the URL
   and in a callback's values (inside dicts and lists too) is decoded and searched for codes;
6. a state-changing request must carry the CSRF token (:mod:`server.security`).

No page or callback has to repeat any of this.
"""

from __future__ import annotations

import re

import dash
from flask import Flask, abort, current_app, redirect, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import Forbidden, HTTPException, Unauthorized

from domain.roles import Role
from domain.url_state import area_codes_in, requested_areas
from server.auth import SessionUser, current_user, denied_area_codes
from server.callback_access import (
    CallbackRequest,
    callback_areas,
    callback_role,
    match_callback,
)
from server.page_cache import router_body
from server.roles import has_route_rule, is_public, page_role, role_for_path
from server.security import csrf_problem, csrf_token
from server.url_state import page_for

CALLBACK_PATH = "/_dash-update-component"
DASH_KEY = "scorecard_dash"


class AccessDenied(Forbidden):
    description = "Your account does not have access to this."


def _wants_page() -> bool:
    return request.method == "GET" and not request.path.startswith(("/api/", "/_dash-"))


def _dash_app() -> dash.Dash | None:
    app: dash.Dash | None = current_app.extensions.get(DASH_KEY)
    return app


def _callback_request() -> CallbackRequest | None:
    """The registered callback a callback request names (400 if none); None for other routes."""
    if request.path != CALLBACK_PATH or request.method != "POST":
        return None
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, "A callback request must be JSON.")
    app = _dash_app()
    return match_callback(app.callback_map if app else {}, body)


def _required_role(call: CallbackRequest | None) -> Role:
    rule_role = role_for_path(request.path)
    role = rule_role if rule_role is not None else page_role(page_for(_dash_app(),
                                                                      request.path))
    if call is not None:
        role = max(role, callback_role(_dash_app(), call))
    return role


def _requested_areas(call: CallbackRequest | None) -> set[str]:
    """Every area the request names: in its path, its query string (each value as the pages
    read it, and any code however encoded) and, for a callback, in every value it sends."""
    codes = area_codes_in(request.path) | requested_areas(request.args.to_dict(flat=False))
    codes |= area_codes_in(request.query_string.decode("utf-8", "replace"))
    if call is not None:
        codes |= callback_areas(call)
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
    call = _callback_request()
    _check(user, _required_role(call), _requested_areas(call))


def _check(user: SessionUser, needed: Role, areas: set[str]) -> None:
    """Refuse (403) unless ``user`` holds ``needed`` and may see every one of ``areas``."""
    if not user.has_role(needed):
        raise AccessDenied(f"This needs the {needed.label} role; your account is "
                           f"{user.role.label}.")
    if user.area_code:
        refused = areas & denied_area_codes(user)
        if refused and user.role is Role.DISTRICT_VIEWER:
            raise AccessDenied("Your account can see its own district, the county and "
                               "comparators only.")
        if refused:
            raise AccessDenied("Your account can see its own partnership's areas and "
                               "comparators only.")


def may_draw_page(path: str, search: str) -> bool:
    """Whether the signed-in reader would be let through to the page router's drawing of
    ``path?search``: the very check a router request for it gets, so a page drawn without
    that request (:mod:`server.first_draw`) is never shown to anyone it would refuse."""
    user = current_user()
    app = _dash_app()
    if user is None or app is None:
        return False
    try:
        call = match_callback(app.callback_map, router_body(path, search))
        _check(user, callback_role(app, call), callback_areas(call))
    except HTTPException:
        return False
    return True


def register_gate(app: dash.Dash) -> None:
    server: Flask = app.server
    server.extensions[DASH_KEY] = app
    server.before_request(check_request)


def unused_route_policies(server: Flask) -> list[str]:
    """Routes under /api/ that no rule names (they fall back to administrators only)."""
    paths = (re.sub(r"<[^>]+>", "x", str(rule.rule)) for rule in server.url_map.iter_rules())
    return sorted(p for p in paths if p.startswith("/api/") and not has_route_rule(p))
