"""Signing in and out: hashed passwords, fresh sessions, safe redirects, the demo account,
cookie flags and the sign-in rate limit."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from dash import Dash
from sqlalchemy import Engine, select

from domain.roles import Role
from server import lockout
from server.testing import TEST_PASSWORD, ensure_user, form_token, sign_in
from services import accounts
from store.models import AuditLog, UserAccount


def _post_login(client, username: str, password: str, next_: str = "/",  # type: ignore[no-untyped-def]
                peer: str = "127.0.0.1"):
    token = form_token(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token, "next": next_},
                       environ_base={"REMOTE_ADDR": peer})


def test_passwords_are_stored_hashed(seeded_engine: Engine) -> None:
    ensure_user(seeded_engine, Role.VIEWER, "alice")
    with seeded_engine.connect() as conn:
        stored = conn.execute(select(UserAccount.password_hash)
                              .where(UserAccount.username == "alice")).scalar_one()
    assert stored.startswith(("scrypt:", "pbkdf2:")) and TEST_PASSWORD not in stored


def test_sign_in_and_out(app: Dash, seeded_engine: Engine) -> None:
    ensure_user(seeded_engine, Role.VIEWER, "alice")
    client = app.server.test_client()
    before = client.get("/login")
    assert before.status_code == 200
    response = _post_login(client, "alice", TEST_PASSWORD, "/admin?x=1")
    assert (response.status_code, response.headers["Location"]) == (302, "/admin?x=1")
    cookie = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookie if c.startswith("scorecard_session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie
    assert "Secure" not in session_cookie  # http://127.0.0.1 demo; on in production
    assert client.get("/").status_code == 200
    logout_page = client.get("/logout").get_data(as_text=True)
    assert client.post("/logout", data={}).status_code == 302  # no token: not signed out
    assert client.get("/").status_code == 200
    client.post("/logout", data={"csrf_token": form_token(logout_page)})
    assert client.get("/").status_code == 302
    with seeded_engine.connect() as conn:
        actions = list(conn.execute(select(AuditLog.action).order_by(AuditLog.id)).scalars())
    assert actions[-2:] == ["sign-in", "sign-out"]


def test_wrong_password_is_refused_and_audited(app: Dash, seeded_engine: Engine) -> None:
    ensure_user(seeded_engine, Role.VIEWER, "alice")
    client = app.server.test_client()
    response = _post_login(client, "alice", "wrong")
    assert response.status_code == 401
    assert "not recognised" in response.get_data(as_text=True)
    assert _post_login(client, "nobody", "wrong").status_code == 401
    with seeded_engine.connect() as conn:
        failed = conn.execute(select(AuditLog.user)
                              .where(AuditLog.action == "sign-in-failed")).scalars().all()
    assert failed == ["alice", "nobody"]


def test_login_form_needs_its_csrf_token(app: Dash, seeded_engine: Engine) -> None:
    ensure_user(seeded_engine, Role.VIEWER, "alice")
    client = app.server.test_client()
    client.get("/login")
    response = client.post("/login", data={"username": "alice", "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil",
                                    "javascript:alert(1)"])
def test_sign_in_never_redirects_off_site(app: Dash, seeded_engine: Engine,
                                          target: str) -> None:
    ensure_user(seeded_engine, Role.VIEWER, "alice")
    response = _post_login(app.server.test_client(), "alice", TEST_PASSWORD, target)
    assert response.headers["Location"] == "/"


def test_session_is_renewed_at_sign_in(app: Dash, seeded_engine: Engine) -> None:
    ensure_user(seeded_engine, Role.VIEWER, "alice")
    client = app.server.test_client()
    client.get("/login")
    before = client.get_cookie("_csrf_token")
    sign_in(client, "alice")
    client.get("/")
    after = client.get_cookie("_csrf_token")
    assert after is not None and (before is None or before.value != after.value)


def test_demo_account_is_created_and_marked(make_app: Callable[..., Dash],
                                            seeded_engine: Engine) -> None:
    app = make_app(demo_login=True)
    client = app.server.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert "Demo login: demo / demo — not for production" in page
    assert 'class="demo-banner"' in page
    sign_in(client, "demo", "demo")
    assert client.get("/admin").status_code == 200


def test_demo_login_can_be_switched_off(make_app: Callable[..., Dash],
                                        seeded_engine: Engine) -> None:
    make_app(demo_login=True)  # creates the demo account
    app = make_app(demo_login=False)
    client = app.server.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert "Demo login" not in page and 'class="demo-banner"' not in page
    assert _post_login(client, "demo", "demo").status_code == 401


def test_no_demo_account_once_real_users_exist(make_app: Callable[..., Dash],
                                               seeded_engine: Engine) -> None:
    """Starting the server never adds demo / demo beside real accounts (``scorecard demo``
    does, on request); with demo sign-in off it never adds it at all."""
    ensure_user(seeded_engine, Role.ADMIN, "alice")
    app = make_app(demo_login=True)
    assert "Demo login" not in app.server.test_client().get("/login").get_data(as_text=True)
    assert not accounts.demo_account_exists(seeded_engine)


def test_no_demo_account_with_demo_sign_in_off(make_app: Callable[..., Dash],
                                              seeded_engine: Engine) -> None:
    make_app(demo_login=False)
    assert not accounts.demo_account_exists(seeded_engine)


def test_removing_the_demo_account_ends_its_sessions(make_app: Callable[..., Dash],
                                                     seeded_engine: Engine) -> None:
    app = make_app(demo_login=True)
    client = app.server.test_client()
    sign_in(client, "demo", "demo")
    with app.server.app_context():
        assert accounts.remove_demo_accounts(seeded_engine, actor="test") == 1
    assert client.get("/").status_code == 302


def test_secure_cookies_in_production(make_app: Callable[..., Dash],
                                      seeded_engine: Engine) -> None:
    ensure_user(seeded_engine, Role.VIEWER, "alice")
    app = make_app(secure_cookies=True)
    client = app.server.test_client()
    client.get("/login", base_url="https://localhost")
    response = _post_login(client, "alice", TEST_PASSWORD)
    cookies = response.headers.getlist("Set-Cookie")
    assert all("Secure" in c for c in cookies)
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_sign_in_is_rate_limited(make_app: Callable[..., Dash], seeded_engine: Engine) -> None:
    app = make_app(login_rate_limit="3 per minute")
    client = app.server.test_client()
    statuses = [_post_login(client, "alice", "wrong").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    page = _post_login(client, "alice", "wrong")
    assert "Too many attempts" in page.get_data(as_text=True)
    assert client.get("/login").status_code == 200  # reading the form is not limited


def _session_cookie(client) -> str:  # type: ignore[no-untyped-def]
    cookie = client.get_cookie("scorecard_session")
    assert cookie is not None
    return str(cookie.value)


def test_a_cookie_copied_before_sign_out_stops_working(app: Dash,
                                                       seeded_engine: Engine) -> None:
    ensure_user(seeded_engine, Role.VIEWER, "alice")
    client = app.server.test_client()
    sign_in(client, "alice")
    copied = _session_cookie(client)
    thief = app.server.test_client()
    thief.set_cookie("scorecard_session", copied)
    assert thief.get("/").status_code == 200
    client.post("/logout", data={"csrf_token": form_token(
        client.get("/logout").get_data(as_text=True))})
    replay = thief.get("/")
    assert replay.status_code == 302 and "/login" in replay.headers["Location"]
    assert thief.post("/_dash-update-component", json={}).status_code in (401, 403)


@pytest.mark.parametrize("change", ["role", "password", "disable"])
def test_account_changes_end_every_session(app: Dash, seeded_engine: Engine,
                                           change: str) -> None:
    ensure_user(seeded_engine, Role.ADMIN, "alice")
    client = app.server.test_client()
    sign_in(client, "alice")
    assert client.get("/admin").status_code == 200
    if change == "role":
        accounts.set_role(seeded_engine, "alice", Role.VIEWER, actor="test")
    elif change == "password":
        accounts.set_password(seeded_engine, "alice", "another long password", actor="test")
    else:
        accounts.set_active(seeded_engine, "alice", False, actor="test")
    assert client.get("/").status_code == 302


def test_repeated_failures_lock_the_username_with_backoff(
        make_app: Callable[..., Dash], seeded_engine: Engine) -> None:
    ensure_user(seeded_engine, Role.VIEWER, "alice")
    app = make_app(lockout_after=3, lockout_seconds=60)
    client = app.server.test_client()
    statuses = [_post_login(client, "alice", "wrong").status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    locked = _post_login(client, "alice", TEST_PASSWORD)  # even the right password waits
    assert locked.status_code == 429
    assert "Wait 1 minute" in locked.get_data(as_text=True)
    # another worker (a second app over the same store) sees the same lock
    other = make_app(lockout_after=3, lockout_seconds=60).server.test_client()
    assert _post_login(other, "alice", TEST_PASSWORD).status_code == 429
    with seeded_engine.connect() as conn:
        actions = conn.execute(select(AuditLog.action).where(
            AuditLog.action == "sign-in-locked")).scalars().all()
    assert len(actions) == 2


def test_a_stranger_locks_only_their_own_address_out(
        make_app: Callable[..., Dash], seeded_engine: Engine) -> None:
    ensure_user(seeded_engine, Role.VIEWER, "alice")
    app = make_app(lockout_after=3, lockout_seconds=60)
    stranger, owner = app.server.test_client(), app.server.test_client()
    statuses = [_post_login(stranger, "alice", "wrong", peer="203.0.113.7").status_code
                for _ in range(4)]
    assert statuses == [401, 401, 429, 429]
    assert _post_login(owner, "alice", TEST_PASSWORD, peer="192.0.2.10").status_code == 302


def test_guesses_spread_over_many_addresses_lock_the_username_at_its_ceiling(
        make_app: Callable[..., Dash], seeded_engine: Engine) -> None:
    ensure_user(seeded_engine, Role.VIEWER, "alice")
    app = make_app(lockout_after=2, lockout_seconds=60)
    client = app.server.test_client()
    ceiling = 2 * lockout.USERNAME_CEILING
    statuses = [_post_login(client, "alice", "wrong", peer=f"198.51.100.{n}").status_code
                for n in range(ceiling)]  # one guess from each address: no pair is locked
    assert statuses == [401] * (ceiling - 1) + [429]
    assert _post_login(client, "alice", TEST_PASSWORD, peer="192.0.2.10").status_code == 429


def test_a_locked_unknown_name_reads_like_a_locked_real_one(
        make_app: Callable[..., Dash], seeded_engine: Engine) -> None:
    ensure_user(seeded_engine, Role.VIEWER, "alice")
    app = make_app(lockout_after=2, lockout_seconds=60)
    answers = {}
    for name in ("alice", "nobody"):
        client = app.server.test_client()
        for _ in range(2):
            _post_login(client, name, "wrong")
        page = _post_login(client, name, "wrong")
        text = page.get_data(as_text=True).replace(name, "NAME")
        answers[name] = (page.status_code, re.sub(r'value="[^"]{40,}"', "", text))
    assert answers["alice"][0] == answers["nobody"][0] == 429
    assert answers["alice"][1] == answers["nobody"][1]


def test_a_successful_sign_in_clears_the_count(make_app: Callable[..., Dash],
                                               seeded_engine: Engine) -> None:
    ensure_user(seeded_engine, Role.VIEWER, "alice")
    app = make_app(lockout_after=3, lockout_seconds=60)
    client = app.server.test_client()
    for _ in range(2):
        assert _post_login(client, "alice", "wrong").status_code == 401
    assert _post_login(client, "alice", TEST_PASSWORD).status_code == 302
    other = app.server.test_client()
    for _ in range(2):
        assert _post_login(other, "alice", "wrong").status_code == 401
