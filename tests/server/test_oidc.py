"""Single sign-on through OpenID Connect against a fake identity provider on loopback.

The provider is a real HTTP server on 127.0.0.1 (discovery, keys, token endpoint) so Authlib's
own requests, state, nonce and signature checks all run; no other network is touched.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from dash import Dash
from flask.testing import FlaskClient
from joserfc import jwt
from joserfc.jwk import RSAKey
from sqlalchemy import Engine, select

from domain.roles import Role
from server.oidc import roles_from_claim
from services import accounts
from store.models import AuditLog, UserAccount

CLIENT_ID = "scorecard-test"


class FakeProvider:
    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
        self.claims: dict[str, Any] = {}
        self.sign_with: RSAKey | None = None
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.nonce = ""

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                return

            def _json(self, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802
                if self.path == "/.well-known/openid-configuration":
                    self._json(provider.metadata())
                elif self.path == "/jwks":
                    self._json({"keys": [provider.key.as_dict(private=False)]})
                else:
                    self.send_error(404)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                form = parse_qs(self.rfile.read(length).decode())
                if self.path != "/token" or form.get("code") != ["good-code"]:
                    self.send_error(400)
                    return
                self._json({"access_token": "at", "token_type": "Bearer", "expires_in": 300,
                            "id_token": provider.id_token()})
        return Handler

    def metadata(self) -> dict[str, Any]:
        return {"issuer": self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token", "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"], "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"]}

    def id_token(self) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                  "nonce": self.nonce, **self.claims}
        key = self.sign_with or self.key
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)


@pytest.fixture
def provider() -> Iterator[FakeProvider]:
    fake = FakeProvider()
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def sso_app(make_app: Callable[..., Dash], provider: FakeProvider) -> Dash:
    return make_app(oidc_issuer=provider.issuer, oidc_client_id=CLIENT_ID,
                    oidc_client_secret="not-a-real-secret", oidc_label="Sign in with Entra ID")


def _start(client: FlaskClient, provider: FakeProvider, next_: str = "/") -> str:
    response = client.get(f"/login/oidc?next={next_}")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == \
        f"{provider.issuer}/authorize"
    query = parse_qs(location.query)
    assert query["client_id"] == [CLIENT_ID] and "openid" in query["scope"][0]
    assert query["redirect_uri"] == ["http://localhost/auth/callback"]
    provider.nonce = query["nonce"][0]
    return query["state"][0]


def test_login_page_offers_single_sign_on(sso_app: Dash) -> None:
    page = sso_app.server.test_client().get("/login").get_data(as_text=True)
    assert "Sign in with Entra ID" in page and "/login/oidc" in page


def test_role_claim_signs_the_user_in(sso_app: Dash, provider: FakeProvider,
                                      seeded_engine: Engine) -> None:
    provider.claims = {"sub": "entra-123", "preferred_username": "ada@lancashire.gov.uk",
                       "name": "Ada", "roles": ["Scorecard.Approver", "Other.Thing"]}
    client = sso_app.server.test_client()
    state = _start(client, provider, "/admin")
    response = client.get(f"/auth/callback?code=good-code&state={state}")
    assert (response.status_code, response.headers["Location"]) == (302, "/admin")
    assert client.get("/admin").status_code == 403  # approver, not admin
    assert client.get("/").status_code == 200
    with seeded_engine.connect() as conn:
        user = accounts.find_user(conn, "ada@lancashire.gov.uk")
    assert user is not None and user.role is Role.APPROVER and user.display_name == "Ada"


def test_district_viewer_claims_carry_the_district(sso_app: Dash, provider: FakeProvider,
                                                   seeded_engine: Engine) -> None:
    provider.claims = {"sub": "s-1", "preferred_username": "dv", "roles": ["district_viewer"],
                       "scorecard_area": "E07000117"}
    client = sso_app.server.test_client()
    state = _start(client, provider)
    assert client.get(f"/auth/callback?code=good-code&state={state}").status_code == 302
    with seeded_engine.connect() as conn:
        assert accounts.find_user(conn, "dv").area_code == "E07000117"  # type: ignore[union-attr]


def test_without_a_role_the_user_is_refused(sso_app: Dash, provider: FakeProvider) -> None:
    provider.claims = {"sub": "s-2", "preferred_username": "nobody"}
    client = sso_app.server.test_client()
    state = _start(client, provider)
    response = client.get(f"/auth/callback?code=good-code&state={state}")
    assert response.status_code == 403
    assert "no scorecard role" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def _callback(client: FlaskClient, provider: FakeProvider) -> Any:
    state = _start(client, provider)
    return client.get(f"/auth/callback?code=good-code&state={state}")


def test_an_administrator_can_grant_the_role_locally(sso_app: Dash, provider: FakeProvider,
                                                      seeded_engine: Engine) -> None:
    accounts.create_user(seeded_engine, "bea", Role.PERFORMANCE_OFFICER, actor="admin")
    provider.claims = {"sub": "s-3", "preferred_username": "bea"}
    client = sso_app.server.test_client()
    refused = _callback(client, provider)
    assert refused.status_code == 403
    assert "scorecard user link-oidc bea s-3" in refused.get_data(as_text=True)
    accounts.link_oidc(seeded_engine, "bea", "s-3", actor="admin")
    assert _callback(client, provider).status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("claim", ["preferred_username", "email"])
def test_a_namesake_token_never_takes_over_a_local_account(
        sso_app: Dash, provider: FakeProvider, seeded_engine: Engine, claim: str) -> None:
    accounts.create_user(seeded_engine, "root@council.gov.uk", Role.ADMIN, actor="admin",
                         password="the administrator's own password")
    provider.claims = {"sub": "attacker", claim: "root@council.gov.uk", "roles": ["admin"]}
    client = sso_app.server.test_client()
    response = _callback(client, provider)
    assert response.status_code == 403
    assert "not linked to this sign-on" in response.get_data(as_text=True)
    assert client.get("/admin").status_code == 302
    with seeded_engine.connect() as conn:
        subject = conn.execute(select(UserAccount.oidc_subject).where(
            UserAccount.username == "root@council.gov.uk")).scalar_one()
    assert subject is None
    with seeded_engine.connect() as conn:
        refusal = conn.execute(select(AuditLog.user, AuditLog.entity_id, AuditLog.detail)
                               .where(AuditLog.action == "sign-in-refused")).one()
    assert refusal.user == "sso" and refusal.entity_id == "root@council.gov.uk"
    assert "attacker" in refusal.detail  # the subject an administrator would link


def test_only_the_subject_finds_the_account(sso_app: Dash, provider: FakeProvider,
                                            seeded_engine: Engine) -> None:
    accounts.create_user(seeded_engine, "cal", Role.VIEWER, actor="admin", oidc_subject="s-5")
    provider.claims = {"sub": "s-5", "preferred_username": "someone-else@council.gov.uk"}
    client = sso_app.server.test_client()
    assert _callback(client, provider).status_code == 302
    assert client.get("/").status_code == 200


def test_new_subjects_wait_for_a_link_when_provisioning_is_off(
        make_app: Callable[..., Dash], provider: FakeProvider, seeded_engine: Engine) -> None:
    app = make_app(oidc_issuer=provider.issuer, oidc_client_id=CLIENT_ID,
                   oidc_client_secret="not-a-real-secret", oidc_auto_provision=False)
    provider.claims = {"sub": "s-6", "preferred_username": "dan", "roles": ["viewer"]}
    response = _callback(app.server.test_client(), provider)
    assert response.status_code == 403 and "s-6" in response.get_data(as_text=True)
    with seeded_engine.connect() as conn:
        assert accounts.find_user(conn, "dan") is None


def test_a_changed_role_claim_ends_the_old_sessions(sso_app: Dash, provider: FakeProvider,
                                                    seeded_engine: Engine) -> None:
    provider.claims = {"sub": "s-7", "preferred_username": "eli", "roles": ["admin"]}
    first = sso_app.server.test_client()
    assert _callback(first, provider).status_code == 302
    assert first.get("/admin").status_code == 200
    provider.claims["roles"] = ["viewer"]
    assert _callback(sso_app.server.test_client(), provider).status_code == 302
    assert first.get("/admin").status_code == 302


@pytest.mark.parametrize("tamper", ["state", "signature", "nonce", "code"])
def test_tampered_callbacks_are_refused(sso_app: Dash, provider: FakeProvider,
                                        tamper: str) -> None:
    provider.claims = {"sub": "s-4", "preferred_username": "eve", "roles": ["admin"]}
    client = sso_app.server.test_client()
    state = _start(client, provider)
    code = "good-code"
    if tamper == "state":
        state = "forged-state"
    elif tamper == "signature":
        provider.sign_with = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    elif tamper == "nonce":
        provider.nonce = "replayed"
    else:
        code = "stolen-code"
    response = client.get(f"/auth/callback?code={code}&state={state}")
    assert response.status_code == 400
    assert "Single sign-on did not complete" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_without_configuration_single_sign_on_is_off(app: Dash) -> None:
    client = app.server.test_client()
    assert client.get("/login/oidc").status_code == 404
    assert "/login/oidc" not in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize(("claim", "roles"), [
    (["Scorecard.Admin"], [Role.ADMIN]), ("viewer", [Role.VIEWER]),
    (["PerformanceOfficer", "x"], [Role.PERFORMANCE_OFFICER]), (None, []), (7, [])])
def test_role_claim_values(claim: Any, roles: list[Role]) -> None:
    assert roles_from_claim(claim) == roles
