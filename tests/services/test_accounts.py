"""Account use cases on each backend: the rules are checked, every change is audited and ends
the account's sessions, and nothing is half-written when a change is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from domain.errors import NotFoundError
from domain.roles import Role
from services import accounts
from store import lockout
from store.audit import audit_frame

PASSWORD = "a long enough password"


def _actions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(audit_frame(conn)["action"])[::-1]


def test_an_account_is_created_changed_and_signed_out(engine: Engine) -> None:
    user = accounts.create_user(engine, " alice ", Role.VIEWER, password=PASSWORD)
    assert (user.username, user.session_version) == ("alice", 1)
    viewer = accounts.set_role(engine, "alice", Role.DISTRICT_VIEWER, area_code="E07000117",
                               actor="admin")
    assert (viewer.role, viewer.area_code, viewer.session_version) == (
        Role.DISTRICT_VIEWER, "E07000117", 2)
    accounts.set_password(engine, "alice", PASSWORD + "!", actor="admin")
    assert accounts.authenticate(engine, "alice", PASSWORD) is None
    signed_in = accounts.authenticate(engine, "alice", PASSWORD + "!")
    assert signed_in is not None and signed_in.session_version == 3
    accounts.end_sessions(engine, user.id)
    assert accounts.set_active(engine, "alice", False, actor="admin").session_version == 5
    assert accounts.authenticate(engine, "alice", PASSWORD + "!") is None
    assert _actions(engine) == ["user-add", "role-change", "password-change", "user-disable"]


def test_a_new_password_lets_a_locked_out_user_in_at_once(engine: Engine) -> None:
    accounts.create_user(engine, "dora", Role.VIEWER, password=PASSWORD)
    locked_at = dt.datetime(2024, 5, 1, 12, 0)
    for client in ("203.0.113.7", "192.0.2.10"):
        for _ in range(3):
            lockout.count_failure(engine, "dora", dt.timedelta(minutes=15),
                                  lambda failures: dt.timedelta(hours=failures), locked_at,
                                  client=client)
    assert lockout.lock_remaining(engine, "dora", locked_at, client="192.0.2.10") > dt.timedelta(0)
    accounts.set_password(engine, "dora", PASSWORD + "!", actor="admin")
    for client in ("203.0.113.7", "192.0.2.10"):
        assert lockout.lock_remaining(engine, "dora", locked_at, client=client) == dt.timedelta(0)


@pytest.mark.parametrize(("role", "area", "words"), [
    (Role.DISTRICT_VIEWER, None, "needs a district"),
    (Role.DISTRICT_VIEWER, "E10000017", "is not a district"),
])
def test_a_district_viewer_needs_a_stored_district(engine: Engine, role: Role,
                                                   area: str | None, words: str) -> None:
    with pytest.raises(accounts.AccountError, match=words):
        accounts.create_user(engine, "dv", role, password=PASSWORD, area_code=area)
    accounts.create_user(engine, "bob", Role.VIEWER, password=PASSWORD)
    with pytest.raises(accounts.AccountError, match=words):
        accounts.set_role(engine, "bob", role, area_code=area, actor="admin")
    with engine.connect() as conn:
        assert accounts.find_user(conn, "dv") is None
        assert accounts.find_user(conn, "bob").role is Role.VIEWER  # type: ignore[union-attr]
    assert _actions(engine) == ["user-add"]


def test_refusals_name_the_problem_and_write_nothing(engine: Engine) -> None:
    accounts.create_user(engine, "alice", Role.VIEWER, oidc_subject="sub-a")
    accounts.create_user(engine, "bob", Role.VIEWER)
    with pytest.raises(accounts.AccountError, match="already a user called 'alice'"):
        accounts.create_user(engine, "alice", Role.ADMIN)
    with pytest.raises(accounts.AccountError, match="reserved"):
        accounts.create_user(engine, "SSO", Role.ADMIN)
    with pytest.raises(accounts.AccountError, match="at least 12"):
        accounts.set_password(engine, "bob", "short", actor="admin")
    with pytest.raises(NotFoundError, match="no user called 'carol'"):
        accounts.set_password(engine, "carol", PASSWORD, actor="admin")
    with pytest.raises(accounts.AccountError, match="already linked"):
        accounts.link_oidc(engine, "bob", "sub-a", actor="admin")
    with pytest.raises(accounts.AccountError, match="is a Viewer"):
        accounts.require_account(engine, "bob", Role.APPROVER)
    assert accounts.require_account(engine, "bob", Role.VIEWER).username == "bob"
    assert _actions(engine) == ["user-add", "user-add"]


def test_a_sign_on_role_is_applied_and_audited_as_the_sign_on(engine: Engine) -> None:
    user = accounts.create_user(engine, "ada", Role.VIEWER, oidc_subject="sub-ada")
    synced = accounts.sync_sign_on_role(engine, user, Role.APPROVER, "E07000117")
    assert (synced.role, synced.area_code, synced.session_version) == (Role.APPROVER, None, 2)
    with engine.connect() as conn:
        entry = audit_frame(conn).iloc[0]
    assert (entry["user"], entry["action"], entry["detail"]) == (
        "sso", "role-change", "from sign-on claims")


def test_the_demo_account_only_joins_an_empty_store_unless_asked(engine: Engine) -> None:
    accounts.create_user(engine, "alice", Role.ADMIN, password=PASSWORD)
    assert not accounts.ensure_demo_account(engine)
    assert accounts.ensure_demo_account(engine, alongside_users=True)
    assert accounts.demo_account_exists(engine)
    assert not accounts.ensure_demo_account(engine, alongside_users=True)
    assert accounts.remove_demo_accounts(engine, actor="admin") == 1
    assert not accounts.demo_account_exists(engine)
    assert [u.username for u in accounts.list_users(engine)] == ["alice"]
