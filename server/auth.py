"""Who is signed in: Flask-Login sessions, the user's role and areas, and the header badge.

The session is Flask's signed cookie holding ``"<user id>.<session version>"``. The account is
read from the database on every request (one primary-key lookup, never cached, so every worker
agrees at once) and the cookie is honoured only while its version is the account's current
``session_version``. Signing out, a role or password change and disabling the account raise
that version, so every cookie issued before, including a copy taken before sign-out, stops
working. Page code uses:

* :func:`current_user` -> :class:`SessionUser` or ``None``
* :func:`allowed_area_codes` -> the area codes the user may see in detail (``None`` = all)
* :func:`user_badge` and :func:`demo_banner` -> components for the page header
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dash import dcc, html
from flask import Flask, has_request_context
from flask_login import LoginManager, UserMixin
from flask_login import current_user as _flask_current_user

from domain.roles import Role
from server.caching import cache
from server.context import engine, settings
from server.roles import page_role
from server.security import csrf_token
from services import accounts
from settings import Settings
from store.accounts import UserRecord, accounts_table_exists
from store.areas import area_codes, district_codes, partnership_areas
from store.engine import StoreFailure

TEST_USER_ID = 0


class SessionUser(UserMixin):  # type: ignore[misc]
    """The signed-in user as the server sees them for this request."""

    def __init__(self, record: UserRecord) -> None:
        self.record = record

    def get_id(self) -> str:
        """What the session cookie holds: the account id and its session version."""
        return f"{self.record.id}.{self.record.session_version}"

    @property
    def username(self) -> str:
        """The account's username."""
        return self.record.username

    @property
    def name(self) -> str:
        """The name shown in the header."""
        return self.record.name

    @property
    def role(self) -> Role:
        """The account's role."""
        return self.record.role

    @property
    def area_code(self) -> str | None:
        """The district of a district viewer; None for other roles."""
        return self.record.area_code

    def has_role(self, role: Role) -> bool:
        """Whether the user holds ``role`` or a higher one."""
        return self.record.role >= role


def _load_user(session_id: str) -> SessionUser | None:
    try:
        user_id, version = (int(part) for part in session_id.split(".", 1))
    except ValueError:
        return None
    record = accounts.get_user(engine(), user_id)
    if record is None or not record.is_active or record.session_version != version:
        return None
    if record.is_demo and not settings().demo_login:
        return None
    return SessionUser(record)


def _test_user(spec: str) -> SessionUser:
    role_text, _, area = spec.partition(":")
    role = Role.parse(role_text)
    return SessionUser(UserRecord(TEST_USER_ID, f"test-{role.key}", f"Test {role.label}",
                                  role, area or None, True, False, 1))


def _request_loader(_request: Any) -> SessionUser | None:
    spec = settings().login_disabled_as
    return _test_user(spec) if spec else None


def current_user() -> SessionUser | None:
    """The signed-in user, or None outside a request or when nobody is signed in."""
    if not has_request_context():
        return None
    user = _flask_current_user
    return user if getattr(user, "is_authenticated", False) else None  # type: ignore[return-value]


@cache.memoize(timeout=600)
def _other_districts(own_code: str) -> frozenset[str]:
    with engine().connect() as conn:
        return district_codes(conn) - {own_code}


@cache.memoize(timeout=600)
def _all_area_codes() -> frozenset[str]:
    with engine().connect() as conn:
        return area_codes(conn)


@cache.memoize(timeout=600)
def _other_partnerships(own_area: str) -> frozenset[str]:
    """The areas of every partnership but the one ``own_area`` (a council or one of its
    sub-areas) belongs to."""
    with engine().connect() as conn:
        owners = partnership_areas(conn)
    own = owners.get(own_area)
    if own is None:  # an area outside every partnership limits nothing more
        return frozenset()
    return frozenset(code for code, council in owners.items() if council != own)


def denied_area_codes(user: SessionUser | None) -> frozenset[str]:
    """Area codes whose detail ``user`` may not see: for a district viewer, other districts;
    for an account limited to a partnership (any other role with an area), the areas of
    every other partnership (a district viewer's likewise)."""
    if user is None or not user.area_code:
        return frozenset()
    others = _other_partnerships(user.area_code)
    if user.role is not Role.DISTRICT_VIEWER:
        return others
    return _other_districts(user.area_code) | others


def allowed_area_codes(user: SessionUser | None = None) -> set[str] | None:
    """Codes ``user`` (default: the signed-in user) may see in detail; None means every area.

    A district viewer sees its own district, the county and every comparator that is not
    another district.
    """
    user = user or current_user()
    denied = denied_area_codes(user)
    if user is None or not user.area_code or (user.role is not Role.DISTRICT_VIEWER
                                              and not denied):
        return None
    return set(_all_area_codes() - denied)


def demo_login_active() -> bool:
    """True while a demo account exists and demo sign-in is switched on."""
    if not settings().demo_login:
        return False
    hit = cache.get("demo-account-exists")
    if hit is None:
        hit = accounts.demo_account_exists(engine())
        cache.set("demo-account-exists", hit, timeout=60)
    return bool(hit)


def demo_banner() -> html.Div | None:
    """A banner for every page while the demo account exists; None otherwise."""
    if not demo_login_active():
        return None
    return html.Div([
        html.Strong("Demonstration system. "),
        "The demo login (demo / demo) is switched on: not for production or real data.",
    ], className="demo-banner", role="alert", id="auth-demo-banner")


def user_badge() -> html.Div:
    """Who is signed in, their role and a sign-out button (a form posting to /logout)."""
    user = current_user()
    if user is None:
        return html.Div(html.A("Sign in", href="/login"), className="user-badge",
                        id="auth-user-badge")
    return html.Div([
        html.Span(user.name, className="user-name"),
        html.Span(user.role.label, className="user-role"),
        html.Form([
            dcc.Input(type="hidden", name="csrf_token", value=csrf_token()),
            html.Button("Sign out", type="submit", className="sign-out"),
        ], method="POST", action="/logout", className="sign-out-form"),
    ], className="user-badge", id="auth-user-badge")


def can_view_page(page: dict[str, Any]) -> bool:
    """Whether the signed-in user may open a ``dash.page_registry`` entry (for the nav)."""
    user = current_user()
    return user is not None and user.has_role(page_role(page))


def register_auth(server: Flask, settings_: Settings) -> None:
    """Session cookies, Flask-Login and, for tests only, the fixed signed-in role."""
    server.config.update(
        SESSION_COOKIE_NAME="scorecard_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings_.secure_cookies,
        SESSION_REFRESH_EACH_REQUEST=False,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=settings_.session_hours),
        REMEMBER_COOKIE_DURATION=dt.timedelta(seconds=0),
    )
    manager = LoginManager()
    manager.session_protection = "basic"
    manager.user_loader(_load_user)
    manager.request_loader(_request_loader)
    manager.init_app(server)
    if settings_.login_disabled_as:
        _test_user(settings_.login_disabled_as)  # fail fast on a mistyped role
        server.config["SCORECARD_LOGIN_DISABLED"] = True
        server.logger.warning("Sign-in is disabled for tests: every request is %s",
                              settings_.login_disabled_as)


def ensure_demo(server: Flask, settings_: Settings) -> None:
    """Create the demo account at start-up when demo login is on and there are no users."""
    eng = server.extensions["scorecard_engine"]
    if not settings_.demo_login:
        return
    try:
        if accounts_table_exists(eng) and accounts.ensure_demo_account(eng):
            server.logger.warning("Created the demo account (demo / demo): not for production")
    except StoreFailure:  # the database is down: start anyway, /healthz will say so
        server.logger.warning("Could not check for the demo account: database unavailable")

