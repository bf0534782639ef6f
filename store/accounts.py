"""Stored user accounts (``app_user``): read, add, change and delete rows.

The rules (who may hold which role, password length, the audit entry of each change) are the
use cases' in :mod:`services.accounts`; these functions only run the statements, each inside the
caller's connection or transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError

from domain.roles import Role
from store.models import UserAccount, utcnow

ACCOUNTS_TABLE = UserAccount.__tablename__


class AccountTaken(Exception):
    """The username or sign-on subject is already another account's."""


@dataclass(frozen=True)
class UserRecord:
    """One account as stored, without its password hash."""

    id: int
    username: str
    display_name: str
    role: Role
    area_code: str | None
    is_active: bool
    is_demo: bool
    session_version: int

    @property
    def name(self) -> str:
        """What the header shows: the display name, else the username."""
        return self.display_name or self.username


def _record(row: Any) -> UserRecord:
    return UserRecord(row.id, row.username, row.display_name, Role.parse(row.role),
                      row.area_code, row.is_active, row.is_demo, row.session_version)


def _first(conn: Connection, *where: Any) -> UserRecord | None:
    row = conn.execute(select(UserAccount).where(*where)).first()
    return _record(row) if row else None


def get_account(conn: Connection, user_id: int) -> UserRecord | None:
    """The account with primary key ``user_id``, if any."""
    return _first(conn, UserAccount.id == user_id)


def find_account(conn: Connection, username: str) -> UserRecord | None:
    """The account called ``username`` (exact match), if any."""
    return _first(conn, UserAccount.username == username)


def find_by_subject(conn: Connection, subject: str) -> UserRecord | None:
    """The account linked to the single sign-on subject ``subject``, if any."""
    return _first(conn, UserAccount.oidc_subject == subject)


def credentials(conn: Connection, username: str) -> tuple[UserRecord, str | None] | None:
    """The account called ``username`` with its password hash (None for sign-on only)."""
    row = conn.execute(select(UserAccount).where(UserAccount.username == username)).first()
    return (_record(row), row.password_hash) if row else None


def list_accounts(conn: Connection) -> list[UserRecord]:
    """Every account, by username."""
    rows = conn.execute(select(UserAccount).order_by(UserAccount.username)).all()
    return [_record(row) for row in rows]


def count_accounts(conn: Connection, *, demo_only: bool = False) -> int:
    """How many accounts there are (only demo accounts with ``demo_only``)."""
    stmt = select(func.count()).select_from(UserAccount)
    if demo_only:
        stmt = stmt.where(UserAccount.is_demo.is_(True))
    return int(conn.execute(stmt).scalar_one())


def insert_account(conn: Connection, *, username: str, display_name: str, role: Role,
                   area_code: str | None, password_hash: str | None,
                   oidc_subject: str | None, is_demo: bool) -> int:
    """Add an account and return its id; :class:`AccountTaken` if the name or subject is in
    use (the caller's transaction is then to be rolled back)."""
    try:
        return int(conn.execute(insert(UserAccount).values(
            username=username, display_name=display_name, role=role.key, area_code=area_code,
            password_hash=password_hash, oidc_subject=oidc_subject, is_demo=is_demo,
        ).returning(UserAccount.id)).scalar_one())
    except IntegrityError as error:
        raise AccountTaken(username) from error


def change_account(conn: Connection, user_id: int, **values: Any) -> None:
    """Set ``values`` (column names of ``app_user``) on the account and raise its session
    version, so every session issued so far ends; :class:`AccountTaken` if a unique value
    (the sign-on subject) is already another account's."""
    try:
        conn.execute(update(UserAccount).where(UserAccount.id == user_id).values(
            **values, session_version=UserAccount.session_version + 1))
    except IntegrityError as error:
        raise AccountTaken(str(values)) from error


def mark_signed_in(conn: Connection, user_id: int) -> None:
    """Record that the account signed in just now (its sessions go on)."""
    conn.execute(update(UserAccount).where(UserAccount.id == user_id)
                 .values(last_login_at=utcnow()))


def demo_accounts(conn: Connection) -> list[tuple[int, str]]:
    """(id, username) of every demo account."""
    rows = conn.execute(select(UserAccount.id, UserAccount.username)
                        .where(UserAccount.is_demo.is_(True))).all()
    return [(row.id, row.username) for row in rows]


def delete_account(conn: Connection, user_id: int) -> None:
    """Remove the account with id ``user_id``."""
    conn.execute(delete(UserAccount).where(UserAccount.id == user_id))


def accounts_table_exists(engine: Engine) -> bool:
    """Whether the store has its accounts table yet (it is created by the migrations)."""
    return inspect(engine).has_table(ACCOUNTS_TABLE)
