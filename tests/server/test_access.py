"""Each role can do exactly what it should, for pages, callbacks, uploads, rollbacks and
downloads; nobody signed out can do anything but sign in. Requests are forged by hand, as an
attacker would send them, rather than through the pages' buttons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from dash import Dash
from flask.testing import FlaskClient

from domain.roles import Role
from server.gate import unused_route_policies
from server.testing import csrf_headers, sign_in

from ._callbacks import callback_body, router_body
from .conftest import COUNTY, ENGLAND, OTHER_DISTRICT, OWN_DISTRICT

ROLES: list[Role | None] = [None, *Role]
GATE_REFUSALS = (401, 403)


def page_body(pathname: str, search: str = "") -> dict[str, Any]:
    return router_body(pathname, search)


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


PACK = {"area": COUNTY, "period": "Q3 2016/17"}
COMMENTARY = {"indicator": "cp_plans_rate", "area": COUNTY, "period": "2016-17:Q3"}
#: Registered callbacks (built from the app's callback map), with values that change nothing.
CALLBACKS: list[tuple[str, Callable[[Dash], dict[str, Any]], Role]] = [
    ("home page", lambda app: page_body("/"), Role.DISTRICT_VIEWER),
    ("admin page", lambda app: page_body("/admin"), Role.ADMIN),
    ("admin page, trailing slash", lambda app: page_body("/admin/"), Role.ADMIN),
    ("upload page", lambda app: page_body("/upload"), Role.PERFORMANCE_OFFICER),
    ("admin user change", lambda app: callback_body(
        app, "admin-role-save", [0, 0], ["nobody", "admin", None, 0]), Role.ADMIN),
    ("admin source mapping", lambda app: callback_body(
        app, "admin-map-save", [0], [None, None, None, None]), Role.ADMIN),
    ("upload report", lambda app: callback_body(app, "upload-preview", [None, None]),
     Role.PERFORMANCE_OFFICER),
    ("commentary save", lambda app: callback_body(
        app, "commentary-save", [0], [COMMENTARY, "", "", "", None]), Role.PERFORMANCE_OFFICER),
    ("commentary approval", lambda app: callback_body(
        app, "commentary-approve", [[({"type": "commentary-approve", "index": 1}, None)]],
        [COMMENTARY]), Role.APPROVER),
    ("batch rollback", lambda app: callback_body(app, "upload-rollback-confirm", [None],
                                                 [None]), Role.APPROVER),
    ("rollback question", lambda app: callback_body(app, "upload-rollback", [[]]),
     Role.APPROVER),
    ("snapshot freeze", lambda app: callback_body(app, "snapshot-approval-freeze", [0],
                                                  [PACK, None]), Role.APPROVER),
    ("board pack", lambda app: callback_body(app, "scorecard-pack-build", [0], [PACK]),
     Role.DISTRICT_VIEWER),
]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.key if r else "signed-out")
@pytest.mark.parametrize(("name", "build", "needed"), CALLBACKS, ids=[c[0] for c in CALLBACKS])
def test_callbacks(shared_app: Dash, shared_client: Callable[[Role | None], FlaskClient],
                   role: Role | None, name: str, build: Callable[[Dash], dict[str, Any]],
                   needed: Role) -> None:
    client = shared_client(role)
    status = post_callback(client, build(shared_app), signed_in=role is not None)
    if role is None:
        assert status == 401
    elif allowed(role, needed):
        assert status not in GATE_REFUSALS
    else:
        assert status == 403


def test_a_callback_the_app_does_not_have_is_refused(
        shared_client: Callable[[Role | None], FlaskClient]) -> None:
    client = shared_client(Role.ADMIN)
    body = {"output": "admin-made-up.children", "outputs": {"id": "admin-made-up",
                                                            "property": "children"},
            "inputs": [{"id": "admin-save", "property": "n_clicks", "value": 1}],
            "state": [], "changedPropIds": ["admin-save.n_clicks"]}
    response = client.post("/_dash-update-component", json=body, headers=csrf_headers(client))
    assert response.status_code == 400
    assert "does not match the page it came from" in response.get_data(as_text=True)


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
        shared_app: Dash, shared_client: Callable[[Role | None], FlaskClient], code: str,
        ok: bool) -> None:
    client = shared_client(Role.DISTRICT_VIEWER)
    checks = [
        post_callback(client, callback_body(shared_app, "scorecard-pack-build", [0],
                                            [{"area": code, "period": "Q3 2016/17"}]),
                      signed_in=True),
        post_callback(client, page_body("/", f"?area={code}"), signed_in=True),
        client.get(f"/api/exports/scorecard.csv?area={code}").status_code,
        client.get(f"/?area={code}").status_code,
    ]
    for status in checks:
        assert (status not in GATE_REFUSALS) if ok else status == 403


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
    from services import accounts
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
