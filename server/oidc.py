"""Single sign-on through OpenID Connect (for example a council's Entra ID), using Authlib.

Configured by ``OIDC_ISSUER``, ``OIDC_CLIENT_ID`` and ``OIDC_CLIENT_SECRET``; off when unset.
Authlib fetches the issuer's discovery document, sends the user there with state and nonce,
exchanges the code and checks the ID token's signature, issuer, audience, expiry and nonce.

The role comes from the ``OIDC_ROLE_CLAIM`` claim (default ``roles``, as Entra app roles send
it): values such as ``admin``, ``Scorecard.Approver`` or ``performance-officer`` map to roles;
the highest wins. Without the claim, an administrator must have given the user a role here
first (``scorecard user add NAME --role ROLE --sso``). A district viewer's district comes from
``OIDC_AREA_CLAIM`` or the local account. Anyone else is refused, with the reason audited.
"""

from __future__ import annotations

from typing import Any

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app
from sqlalchemy import Engine, select, update

from domain.errors import ScorecardError
from server import accounts, audit
from server.accounts import UserRecord
from server.roles import Role
from settings import Settings
from store.models import UserAccount

OAUTH_KEY = "scorecard_oauth"


class OidcRefused(ScorecardError):
    """The identity provider vouched for someone who has no role here."""

    def __init__(self, message: str, who: str) -> None:
        super().__init__(message)
        self.who = who


def register_oidc(server: Flask, settings: Settings) -> None:
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
    oauth = current_app.extensions.get(OAUTH_KEY)
    return None if oauth is None else oauth.create_client("oidc")


def roles_from_claim(value: Any) -> list[Role]:
    values = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    found = []
    for item in values:
        text = str(item).rsplit(".", 1)[-1]  # "Scorecard.Admin" -> "Admin"
        try:
            found.append(Role.parse(text))
        except ValueError:
            continue
    return found


def user_from_token(engine: Engine, settings: Settings, token: dict[str, Any]) -> UserRecord:
    """The local account for a verified ID token, created or updated from its claims."""
    claims: dict[str, Any] = dict(token.get("userinfo") or {})
    subject = str(claims.get("sub") or "")
    username = str(claims.get("preferred_username") or claims.get("email") or subject)[:120]
    if not subject or not username:
        raise OidcRefused("The identity provider did not say who you are.", username or "?")
    claimed = roles_from_claim(claims.get(settings.oidc_role_claim))
    area = claims.get(settings.oidc_area_claim)
    area = str(area) if isinstance(area, str) and area else None
    with engine.connect() as conn:
        row = conn.execute(select(UserAccount).where(
            (UserAccount.oidc_subject == subject) | (UserAccount.username == username))).first()
    existing = row
    if existing is not None and existing.oidc_subject not in (None, subject):
        raise OidcRefused("This sign-in does not match the account on record.", username)
    role = max(claimed) if claimed else (Role.parse(existing.role) if existing else None)
    if role is None:
        raise OidcRefused("Your account has no scorecard role yet. Ask an administrator to "
                          "give you one.", username)
    if existing is not None and not existing.is_active:
        raise OidcRefused("This account is disabled.", username)
    area = area or (existing.area_code if existing else None)
    name = str(claims.get("name") or username)[:200]
    if existing is None:
        try:
            return accounts.create_user(engine, username, role, area_code=area,
                                        display_name=name, actor="sso", oidc_subject=subject)
        except accounts.AccountError as error:
            raise OidcRefused(str(error), username) from None
    if (existing.role, existing.area_code, existing.oidc_subject) != (role.key, area, subject):
        _sync(engine, existing, role, area, subject)
    user = accounts.get_user(engine, existing.id)
    assert user is not None
    return user


def _sync(engine: Engine, existing: Any, role: Role, area: str | None,
          subject: str) -> None:
    if role is Role.DISTRICT_VIEWER and not area:
        raise OidcRefused("A district viewer needs a district; ask an administrator.",
                          existing.username)
    with engine.begin() as conn:
        conn.execute(update(UserAccount).where(UserAccount.id == existing.id).values(
            role=role.key, area_code=area if role is Role.DISTRICT_VIEWER else None,
            oidc_subject=subject))
        if existing.role != role.key or existing.area_code != area:
            audit.record(conn, user="sso", action="role-change", entity_type="user",
                         entity_id=existing.username,
                         before={"role": existing.role, "area": existing.area_code},
                         after={"role": role.key, "area": area}, detail="from sign-on claims")
