"""Stored accounts and areas on SQLite and PostgreSQL: rows in, typed records out."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select

from domain.roles import Role
from store import accounts
from store.areas import area_codes, area_type, district_codes, districts
from store.engine import make_engine
from store.models import Area, UserAccount


def _add(engine: Engine, username: str, role: Role = Role.VIEWER, *, display_name: str = "",
         password_hash: str | None = None, oidc_subject: str | None = None,
         is_demo: bool = False) -> int:
    with engine.begin() as conn:
        return accounts.insert_account(
            conn, username=username, display_name=display_name, role=role, area_code=None,
            password_hash=password_hash, oidc_subject=oidc_subject, is_demo=is_demo)


def test_insert_and_read_back_typed_records(store_engine: Engine) -> None:
    user_id = _add(store_engine, "alice", Role.APPROVER, display_name="Alice A",
                   password_hash="hash", oidc_subject="sub-1")
    with store_engine.connect() as conn:
        record = accounts.get_account(conn, user_id)
        assert record == accounts.find_account(conn, "alice")
        assert record == accounts.find_by_subject(conn, "sub-1")
        assert accounts.credentials(conn, "alice") == (record, "hash")
        assert accounts.find_account(conn, "nobody") is None
        assert accounts.credentials(conn, "nobody") is None
    assert record is not None
    assert (record.role, record.name, record.session_version, record.is_active) == (
        Role.APPROVER, "Alice A", 1, True)


def test_a_taken_username_or_subject_is_refused(store_engine: Engine) -> None:
    _add(store_engine, "alice", oidc_subject="sub-1")
    bob = _add(store_engine, "bob")
    with pytest.raises(accounts.AccountTaken):
        _add(store_engine, "alice")
    with pytest.raises(accounts.AccountTaken), store_engine.begin() as conn:
        accounts.change_account(conn, bob, oidc_subject="sub-1")
    with store_engine.connect() as conn:
        assert [u.username for u in accounts.list_accounts(conn)] == ["alice", "bob"]
        assert accounts.find_by_subject(conn, "sub-1").username == "alice"  # type: ignore[union-attr]


def test_changes_end_sessions_but_signing_in_does_not(store_engine: Engine) -> None:
    user_id = _add(store_engine, "alice")
    with store_engine.begin() as conn:
        accounts.change_account(conn, user_id, role=Role.ADMIN.key, is_active=False)
        accounts.change_account(conn, user_id)
        accounts.mark_signed_in(conn, user_id)
    with store_engine.connect() as conn:
        record = accounts.get_account(conn, user_id)
        signed_in = conn.execute(select(UserAccount.last_login_at)).scalar_one()
    assert record is not None
    assert (record.role, record.is_active, record.session_version) == (Role.ADMIN, False, 3)
    assert signed_in is not None


def test_the_accounts_table_is_there_once_migrated(store_engine: Engine,
                                                   tmp_path: Path) -> None:
    assert accounts.accounts_table_exists(store_engine)
    empty = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    assert not accounts.accounts_table_exists(empty)
    empty.dispose()


def test_demo_accounts_are_counted_listed_and_deleted(store_engine: Engine) -> None:
    _add(store_engine, "alice")
    demo = _add(store_engine, "demo", Role.ADMIN, is_demo=True)
    with store_engine.begin() as conn:
        assert (accounts.count_accounts(conn), accounts.count_accounts(conn, demo_only=True)) \
            == (2, 1)
        assert accounts.demo_accounts(conn) == [(demo, "demo")]
        accounts.delete_account(conn, demo)
        assert accounts.count_accounts(conn, demo_only=True) == 0
        assert accounts.count_accounts(conn) == 1


def test_areas_by_kind(store_engine: Engine) -> None:
    with store_engine.begin() as conn:
        conn.execute(insert(Area), [
            {"code": "E10000017", "name": "Lancashire", "type": "county"},
            {"code": "E07000117", "name": "Burnley", "type": "district"},
            {"code": "E07000118", "name": "Chorley", "type": "district"},
            {"code": "E07000122", "name": "Pendle", "type": "district"},
        ])
    with store_engine.connect() as conn:
        assert area_type(conn, "E07000117") == "district"
        assert area_type(conn, "E10000017") == "county"
        assert area_type(conn, "E99999999") is None
        assert area_codes(conn) == {"E10000017", "E07000117", "E07000118", "E07000122"}
        assert district_codes(conn) == {"E07000117", "E07000118", "E07000122"}
        assert districts(conn) == [("E07000117", "Burnley"), ("E07000118", "Chorley"),
                                   ("E07000122", "Pendle")]
