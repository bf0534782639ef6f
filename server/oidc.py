"""Single sign-on through OpenID Connect (for example a council's Entra ID), using Authlib.

Configured by ``OIDC_ISSUER``, ``OIDC_CLIENT_ID`` and ``OIDC_CLIENT_SECRET``; off when unset.
Authlib fetches the issuer's discovery document, sends the user there with state and nonce,
exchanges the code and checks the ID token's signature, issuer, audience, expiry and nonce.

An account is found only by the token's subject (``sub``), never by a username or e-mail a
token claims. The role comes from the ``OIDC_ROLE_CLAIM`` claim (default ``roles``, as Entra app
roles send it): values such as ``admin``, ``Scorecard.Approver`` or ``performance-officer`` map
to roles; the highest wins. A new subject with a role claim gets an account of its own when
``OIDC_AUTO_PROVISION`` is on (the default); without the claim, or with provisioning off, an
administrator first creates or links the account (``scorecard user add NAME --role ROLE --sso``
then ``scorecard user link-oidc NAME SUBJECT``). A district viewer's district comes from
``OIDC_AREA_CLAIM`` or the local account. Anyone else is refused, with the reason audited.
"""

from __future__ import annotations

from typing import Any

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app

from domain.errors import ScorecardError
from domain.roles import Role
from services import accounts
from settings import Settings
from store.accounts import UserRecord, find_by_subject
from store.engine import Engine

OAUTH_KEY = "scorecard_oauth"


class OidcRefused(ScorecardError):
    """The identity provider vouched for someone who has no role here."""

    def __init__(self, message: str, who: str) -> None:
        super().__init__(message)
        self.who = who


def register_oidc(server: Flask, settings: Settings) -> None:
    """Set up the sign-on client when an issuer and client id are configured."""
    if not (settings.oidc_issuer and settings.oidc_client_id):
        return
    oauth = OAuth(server)
    issuer = settings.oidc_issuer.rstrip("/")
    oauth.register(
        "oidc", client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile", "timeout": 10},
    )
    server.extensions[OAUTH_KEY] = oauth


def client() -> Any:
    """The app's sign-on client, or None when single sign-on is off."""
    oauth = current_app.extensions.get(OAUTH_KEY)
    return None if oauth is None else oauth.create_client("oidc")


def roles_from_claim(value: Any) -> list[Role]:
    """The roles a claim names (a string or a list; ``"Scorecard.Admin"`` counts as admin);
    values that name no role are ignored."""
    values = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    found = []
    for item in values:
        text = str(item).rsplit(".", 1)[-1]  # "Scorecard.Admin" -> "Admin"
        try:
            found.append(Role.parse(text))
        except ValueError:
            continue
    return found


def _claimed_identity(claims: dict[str, Any]) -> tuple[str, str]:
    subject = str(claims.get("sub") or "")[:255]
    username = str(claims.get("preferred_username") or claims.get("email") or subject)[:120]
    if not subject or not username:
        raise OidcRefused("The identity provider did not say who you are.", username or "?")
    return subject, username


def user_from_token(engine: Engine, settings: Settings, token: dict[str, Any]) -> UserRecord:
    """The local account linked to a verified ID token's ``sub``, updated from its claims.

    Only the subject identifies the account. A token whose subject is linked to no account gets
    a new account when ``OIDC_AUTO_PROVISION`` allows it and the token carries a role claim;
    it never takes over a local account that happens to share its username or e-mail: an
    administrator links that one explicitly (``scorecard user link-oidc NAME SUBJECT``).
    """
    claims: dict[str, Any] = dict(token.get("userinfo") or {})
    subject, username = _claimed_identity(claims)
    claimed = roles_from_claim(claims.get(settings.oidc_role_claim))
    area = claims.get(settings.oidc_area_claim)
    area = str(area) if isinstance(area, str) and area else None
    with engine.connect() as conn:
        existing = find_by_subject(conn, subject)
        namesake = None if existing else accounts.find_user(conn, username)
    if existing is None:
        return _provision(engine, settings, subject, username, claimed, area,
                          str(claims.get("name") or username)[:200], namesake)
    if not existing.is_active:
        raise OidcRefused("This account is disabled.", existing.username)
    role = max(claimed) if claimed else existing.role
    area = area or existing.area_code
    if (existing.role, existing.area_code) == (role, area):
        return existing
    if role is Role.DISTRICT_VIEWER and not area:
        raise OidcRefused("A district viewer needs a district; ask an administrator.",
                          existing.username)
    return accounts.sync_sign_on_role(engine, existing, role, area)


def _provision(engine: Engine, settings: Settings, subject: str, username: str,
               claimed: list[Role], area: str | None, name: str,
               namesake: UserRecord | None) -> UserRecord:
    if namesake is not None:
        raise OidcRefused(
            f"An account called {username!r} exists here but is not linked to this sign-on. "
            f"Ask an administrator to link it: scorecard user link-oidc {username} {subject}",
            username)
    if not claimed or not settings.oidc_auto_provision:
        raise OidcRefused(
            "Your account has no scorecard role yet. Ask an administrator to give you one "
            f"(your sign-on subject is {subject}).", username)
    try:
        return accounts.create_user(engine, username, max(claimed), area_code=area,
                                    display_name=name, actor="sso", oidc_subject=subject)
    except accounts.AccountError as error:
        raise OidcRefused(str(error), username) from None
