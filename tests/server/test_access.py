"""Each role can do exactly what it should, for pages, callbacks, uploads, rollbacks and
downloads; nobody signed out can do anything but sign in. Requests are forged by hand, as an
attacker would send them, rather than through the pages' buttons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from dash import Dash
from flask.testing import FlaskClient

from server.gate import unused_route_policies
from server.roles import Role
from server.testing import csrf_headers, sign_in

from .conftest import COUNTY, ENGLAND, OTHER_DISTRICT, OWN_DISTRICT

ROLES: list[Role | None] = [None, *Role]
GATE_REFUSALS = (401, 403)


def callback_body(outputs: list[str], inputs: list[tuple[str, str, Any]],
                  state: list[tuple[str, str, Any]] = ()) -> dict[str, Any]:  # type: ignore[assignment]
    """A Dash callback request as the renderer sends it."""
    def props(items: Any) -> list[dict[str, Any]]:
        return [{"id": i, "property": p, "value": v} for i, p, v in items]
    split = [o.rsplit(".", 1) for o in outputs]
    return {"output": "..".join(outputs) if len(outputs) == 1 else
            ".." + "...".join(outputs) + "..",
            "outputs": [{"id": i, "property": p} for i, p in split],
            "inputs": props(inputs), "state": props(state),
            "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"] if inputs else []}


def page_body(pathname: str, search: str = "") -> dict[str, Any]:
    return callback_body(["_pages_content.children", "_pages_store.data"],
                         [("_pages_location", "pathname", pathname),
                          ("_pages_location", "search", search)])


def post_callback(client: FlaskClient, body: dict[str, Any], signed_in: bool) -> int:
    headers = csrf_headers(client) if signed_in else {}
    return client.post("/_dash-update-component", json=body, headers=headers).status_code


def allowed(role: Role | None, needed: Role) -> bool:
    return role is not None and role >= needed


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.key if r else "signed-out")
def test_pages(shared_client: Callable[[Role | None], FlaskClient], role: Role | None) -> None:
    client = shared_client(role)
    home, admin = client.get("/"), client.get("/admin")
    if role is None:
        assert home.status_code == admin.status_code == 302
        assert home.headers["Location"].startswith("/login?next=")
        return
    assert home.status_code == 200
    assert admin.status_code == (200 if role is Role.ADMIN else 403)


CALLBACKS: list[tuple[str, dict[str, Any], Role]] = [
    ("home page", page_body("/"), Role.DISTRICT_VIEWER),
    ("admin page", page_body("/admin"), Role.ADMIN),
    ("admin page, trailing slash", page_body("/admin/"), Role.ADMIN),
    ("admin user change", callback_body(
        ["admin-user-status.children", "admin-users-table.data", "admin-refresh.data"],
        [("admin-role-save", "n_clicks", 1), ("admin-active-toggle", "n_clicks", 0)],
        [("admin-user-select", "value", "someone"), ("admin-role-select", "value", "admin"),
         ("admin-area-select", "value", None), ("admin-refresh", "data", 0)]), Role.ADMIN),
    ("upload preview", callback_body(["upload-preview.children"],
                                     [("upload-file", "contents", "data:...")]),
     Role.PERFORMANCE_OFFICER),
    ("commentary save", callback_body(["commentary-status.children"],
                                      [("commentary-save", "n_clicks", 1)]),
     Role.PERFORMANCE_OFFICER),
    ("batch approval", callback_body(["upload-approve-status.children"],
                                     [("upload-approve-button", "n_clicks", 1)]),
     Role.APPROVER),
    ("rollback", callback_body(["upload-rollback-status.children"],
                               [("upload-rollback-button", "n_clicks", 1)]), Role.APPROVER),
    ("pattern-matching admin id", callback_body(
        ['{"index":1,"type":"admin-row"}.children'],
        [("admin-save", "n_clicks", 1)]), Role.ADMIN),
    ("scorecard picker", callback_body(["scorecard-table.data"],
                                       [("scorecard-area-dropdown", "value", COUNTY)]),
     Role.DISTRICT_VIEWER),
]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.key if r else "signed-out")
@pytest.mark.parametrize(("name", "body", "needed"), CALLBACKS, ids=[c[0] for c in CALLBACKS])
def test_callbacks(shared_client: Callable[[Role | None], FlaskClient], role: Role | None,
                   name: str, body: dict[str, Any], needed: Role) -> None:
    status = post_callback(shared_client(role), body, signed_in=role is not None)
    if role is None:
        assert status == 401
    elif allowed(role, needed):
        assert status not in GATE_REFUSALS
    else:
        assert status == 403


ROUTES: list[tuple[str, str, Role]] = [
    ("POST", "/api/uploads", Role.PERFORMANCE_OFFICER),
    ("POST", "/api/uploads/abc123/commit", Role.PERFORMANCE_OFFICER),
    ("GET", "/api/template.xlsx", Role.PERFORMANCE_OFFICER),
    ("GET", "/api/template.csv", Role.PERFORMANCE_OFFICER),
    ("POST", "/api/batches/7/rollback", Role.APPROVER),
    ("POST", "/api/snapshots/3/approve", Role.APPROVER),
    ("GET", "/api/exports/scorecard.csv?area=E10000017", Role.DISTRICT_VIEWER),
    ("GET", "/api/admin/audit.csv", Role.ADMIN),
    ("GET", "/api/not-yet-governed", Role.ADMIN),
]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.key if r else "signed-out")
@pytest.mark.parametrize(("method", "path", "needed"), ROUTES,
                         ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_routes(shared_client: Callable[[Role | None], FlaskClient], role: Role | None,
                method: str, path: str, needed: Role) -> None:
    client = shared_client(role)
    headers = csrf_headers(client) if role is not None else {}
    status = client.open(path, method=method, headers=headers, data={}).status_code
    if role is None:
        assert status == 401
    elif allowed(role, needed):
        assert status not in GATE_REFUSALS
    else:
        assert status == 403


@pytest.mark.parametrize(("code", "ok"), [(OWN_DISTRICT, True), (COUNTY, True),
                                          (ENGLAND, True), (OTHER_DISTRICT, False)])
def test_district_viewer_sees_own_district_county_and_comparators_only(
        shared_client: Callable[[Role | None], FlaskClient], code: str, ok: bool) -> None:
    client = shared_client(Role.DISTRICT_VIEWER)
    checks = [
        post_callback(client, callback_body(["districts-chart.figure"],
                                            [("districts-area-dropdown", "value", code)]),
                      signed_in=True),
        post_callback(client, callback_body(["districts-chart.figure"],
                                            [("districts-area-dropdown", "value",
                                              [COUNTY, code])]), signed_in=True),
        post_callback(client, page_body("/", f"?area={code}"), signed_in=True),
        client.get(f"/api/exports/scorecard.csv?area={code}").status_code,
        client.get(f"/?area={code}").status_code,
    ]
    for status in checks:
        assert (status not in GATE_REFUSALS) if ok else status == 403


def test_other_districts_in_chart_options_do_not_block_a_district_viewer(
        shared_client: Callable[[Role | None], FlaskClient]) -> None:
    body = callback_body(["districts-chart.figure"],
                         [("districts-area-dropdown", "value", OWN_DISTRICT)],
                         [("districts-area-dropdown", "options",
                           [{"value": OTHER_DISTRICT, "label": "Chorley"}])])
    status = post_callback(shared_client(Role.DISTRICT_VIEWER), body, signed_in=True)
    assert status not in GATE_REFUSALS


def test_forged_callback_without_session_is_refused(shared_app: Dash) -> None:
    client = shared_app.server.test_client()
    response = client.post("/_dash-update-component", json=page_body("/admin"),
                           headers={"X-CSRFToken": "guess"})
    assert response.status_code == 401
    assert response.get_json()["error"] == "Sign in to use the scorecard"


def test_callback_without_csrf_token_or_from_another_site_is_refused(
        shared_client: Callable[[Role | None], FlaskClient]) -> None:
    client = shared_client(Role.ADMIN)
    good = csrf_headers(client)
    assert client.post("/_dash-update-component", json=page_body("/")).status_code == 403
    assert client.post("/_dash-update-component", json=page_body("/"),
                       headers={"X-CSRFToken": "wrong"}).status_code == 403
    assert client.post("/_dash-update-component", json=page_body("/"),
                       headers={**good, "Origin": "https://evil.example"}).status_code == 403
    assert client.post("/_dash-update-component", json=page_body("/"),
                       headers={**good, "Origin": "http://localhost"}).status_code == 200


def test_non_json_callback_is_refused(
        shared_client: Callable[[Role | None], FlaskClient]) -> None:
    client = shared_client(Role.ADMIN)
    response = client.post("/_dash-update-component", data="output=x",
                           headers=csrf_headers(client))
    assert response.status_code == 400


def test_role_change_applies_to_the_next_request(
        app: Dash, client_as: Callable[[Role | None], FlaskClient], seeded_engine: Any) -> None:
    from server import accounts
    client = client_as(Role.ADMIN)
    assert client.get("/admin").status_code == 200
    with app.server.app_context():
        accounts.set_role(seeded_engine, "test-admin", Role.VIEWER, actor="test")
    assert client.get("/admin").status_code == 302  # signed out: signs in again as a viewer
    sign_in(client, "test-admin")
    assert client.get("/admin").status_code == 403
    with app.server.app_context():
        accounts.set_active(seeded_engine, "test-admin", False, actor="test")
    assert client.get("/").status_code == 302


def test_every_api_route_has_an_access_rule(shared_app: Dash) -> None:
    assert unused_route_policies(shared_app.server) == []


def test_login_disabled_setting_is_for_tests_only(make_app: Callable[..., Dash]) -> None:
    import os

    from settings import load_settings
    os.environ["SCORECARD_LOGIN_DISABLED_AS"] = "admin"
    try:
        assert load_settings().login_disabled_as is None
    finally:
        del os.environ["SCORECARD_LOGIN_DISABLED_AS"]
    client = make_app(login_disabled_as="viewer").server.test_client()
    assert client.get("/").status_code == 200
    assert client.get("/admin").status_code == 403
    assert client.post("/_dash-update-component", json=page_body("/")).status_code == 200
