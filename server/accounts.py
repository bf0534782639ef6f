"""User accounts: create, find, check passwords, change roles; every change is audited.

Passwords are stored only as werkzeug hashes (scrypt). Single sign-on users have no password.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from domain.errors import NotFoundError, ScorecardError
from server import audit
from server.roles import Role
from store.models import Area, UserAccount, utcnow

DEMO_USERNAME = "demo"
#: Who the audit log names for actions no account made: the command line without ``--user``,
#: the server itself, single sign-on. No account may take these names.
SYSTEM_ACTORS = frozenset({"cli", "system", "sso"})
DEMO_PASSWORD = "demo"
MIN_PASSWORD_LENGTH = 12
#: Compared against when the username is unknown, so both paths take the same time.
_DUMMY_HASH = generate_password_hash("not a real password")


class AccountError(ScorecardError):
    """A user cannot be created or changed as asked; the message says why."""


@dataclass(frozen=True)
class UserRecord:
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
        return self.display_name or self.username


def _record(row: Any) -> UserRecord:
    return UserRecord(row.id, row.username, row.display_name, Role.parse(row.role),
                      row.area_code, row.is_active, row.is_demo, row.session_version)


def _check_area(conn: Connection, role: Role, area_code: str | None) -> None:
    if role is Role.DISTRICT_VIEWER:
        if not area_code:
            raise AccountError("A district viewer needs a district: give its area code.")
        kind = conn.execute(select(Area.type).where(Area.code == area_code)).scalar()
        if kind != "district":
            raise AccountError(f"{area_code!r} is not a district in the store.")


def get_user(engine: Engine, user_id: int) -> UserRecord | None:
    with engine.connect() as conn:
        row = conn.execute(select(UserAccount).where(UserAccount.id == user_id)).first()
    return _record(row) if row else None


def find_user(conn: Connection, username: str) -> UserRecord | None:
    row = conn.execute(select(UserAccount).where(UserAccount.username == username)).first()
    return _record(row) if row else None


def require_account(engine: Engine, username: str, role: Role) -> UserRecord:
    """The active account ``username`` if it holds ``role`` or above; else a one-line refusal.

    The command line has no sign-in, so a command that acts for someone (``--user``,
    ``--author``, ``--approver``) checks the name here before it writes anything."""
    with engine.connect() as conn:
        user = find_user(conn, username)
    if user is None or not user.is_active:
        raise AccountError(f"There is no active account {username!r}; name an existing account "
                           "(`scorecard user list`) or add one with `scorecard user add`.")
    if user.role < role:
        raise AccountError(f"{username} is a {user.role.label}; this needs {role.label} "
                           "or above.")
    return user


def list_users(engine: Engine) -> list[UserRecord]:
    with engine.connect() as conn:
        rows = conn.execute(select(UserAccount).order_by(UserAccount.username)).all()
        return [_record(r) for r in rows]


def create_user(engine: Engine, username: str, role: Role, *, password: str | None = None,
                display_name: str = "", area_code: str | None = None, actor: str = "cli",
                is_demo: bool = False, oidc_subject: str | None = None) -> UserRecord:
    """Add an account; ``password`` None means single sign-on only."""
    username = username.strip()
    if not username or len(username) > 120:
        raise AccountError("A username needs 1 to 120 characters.")
    if username.lower() in SYSTEM_ACTORS:
        raise AccountError(f"{username!r} is reserved for the audit log; choose another name.")
    if password is not None and not is_demo and len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    try:
        with engine.begin() as conn:
            _check_area(conn, role, area_code)
            user_id = conn.execute(insert(UserAccount).values(
                username=username, display_name=display_name[:200], role=role.key,
                area_code=area_code if role is Role.DISTRICT_VIEWER else None,
                password_hash=generate_password_hash(password) if password else None,
                oidc_subject=oidc_subject, is_demo=is_demo,
            ).returning(UserAccount.id)).scalar_one()
            audit.record(conn, user=actor, action="user-add", entity_type="user",
                         entity_id=username, after={"role": role.key, "area": area_code})
    except IntegrityError:
        raise AccountError(f"There is already a user called {username!r}.") from None
    user = get_user(engine, user_id)
    assert user is not None
    return user


def set_role(engine: Engine, username: str, role: Role, *, area_code: str | None = None,
             actor: str) -> UserRecord:
    """Change a user's role (and district), ending their sessions: they sign in again."""
    with engine.begin() as conn:
        before = find_user(conn, username)
        if before is None:
            raise NotFoundError(f"There is no user called {username!r}.")
        _check_area(conn, role, area_code)
        area = area_code if role is Role.DISTRICT_VIEWER else None
        conn.execute(update(UserAccount).where(UserAccount.id == before.id).values(
            role=role.key, area_code=area, session_version=UserAccount.session_version + 1))
        audit.record(conn, user=actor, action="role-change", entity_type="user",
                     entity_id=username,
                     before={"role": before.role.key, "area": before.area_code},
                     after={"role": role.key, "area": area})
    return _changed(engine, before.id)


def _end_sessions_and_change(conn: Connection, username: str, values: dict[str, Any], *,
                             actor: str, action: str, **audited: Any) -> UserRecord:
    """Apply ``values`` to ``username``'s account, end its sessions and audit ``action``."""
    before = find_user(conn, username)
    if before is None:
        raise NotFoundError(f"There is no user called {username!r}.")
    conn.execute(update(UserAccount).where(UserAccount.id == before.id).values(
        **values, session_version=UserAccount.session_version + 1))
    audit.record(conn, user=actor, action=action, entity_type="user", entity_id=username,
                 **audited)
    return before


def set_active(engine: Engine, username: str, active: bool, *, actor: str) -> UserRecord:
    """Disable (signing the user out everywhere) or re-enable an account."""
    with engine.begin() as conn:
        before = _end_sessions_and_change(
            conn, username, {"is_active": active}, actor=actor,
            action="user-enable" if active else "user-disable")
    return _changed(engine, before.id)


def set_password(engine: Engine, username: str, password: str, *, actor: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    with engine.begin() as conn:
        result = conn.execute(update(UserAccount).where(UserAccount.username == username)
                              .values(password_hash=generate_password_hash(password),
                                      session_version=UserAccount.session_version + 1))
        if result.rowcount == 0:
            raise NotFoundError(f"There is no user called {username!r}.")
        audit.record(conn, user=actor, action="password-change", entity_type="user",
                     entity_id=username)


def link_oidc(engine: Engine, username: str, subject: str, *, actor: str) -> UserRecord:
    """Link ``username`` to the single sign-on subject ``subject`` (the ID token's ``sub``).

    Only after this does a sign-on with that subject reach the account; its sessions so far
    end."""
    subject = subject.strip()
    if not subject or len(subject) > 255:
        raise AccountError("A sign-on subject needs 1 to 255 characters.")
    try:
        with engine.begin() as conn:
            before = _end_sessions_and_change(conn, username, {"oidc_subject": subject},
                                              actor=actor, action="oidc-link",
                                              after={"subject": subject})
    except IntegrityError:
        raise AccountError(f"The sign-on subject {subject!r} is already linked to another "
                           "account.") from None
    return _changed(engine, before.id)


def end_sessions(engine: Engine, user_id: int) -> None:
    """Sign the user out everywhere: every session cookie issued so far stops working."""
    with engine.begin() as conn:
        conn.execute(update(UserAccount).where(UserAccount.id == user_id)
                     .values(session_version=UserAccount.session_version + 1))


def _changed(engine: Engine, user_id: int) -> UserRecord:
    user = get_user(engine, user_id)
    assert user is not None
    return user


def authenticate(engine: Engine, username: str, password: str,
                 allow_demo: bool = True) -> UserRecord | None:
    """The active user whose password matches, else None (same work either way)."""
    with engine.connect() as conn:
        row = conn.execute(select(UserAccount).where(UserAccount.username == username)).first()
    stored = row.password_hash if row else None
    ok = check_password_hash(stored or _DUMMY_HASH, password)
    if not (row and stored and ok):
        return None
    user = _record(row)
    if not user.is_active or (user.is_demo and not allow_demo):
        return None
    return user


def mark_signed_in(engine: Engine, user: UserRecord, method: str) -> None:
    with engine.begin() as conn:
        conn.execute(update(UserAccount).where(UserAccount.id == user.id)
                     .values(last_login_at=utcnow()))
        audit.record(conn, user=user.username, action="sign-in", entity_type="user",
                     entity_id=user.username, detail=method)


def demo_account_exists(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(conn.execute(select(func.count()).select_from(UserAccount)
                                 .where(UserAccount.is_demo.is_(True))).scalar_one())


def ensure_demo_account(engine: Engine, *, alongside_users: bool = False) -> bool:
    """Create the demo administrator (demo / demo) if there is none; True if created.

    At server start-up (``alongside_users`` False) only an empty store gets it, so a real
    installation that forgot to switch demo sign-in off never gains a demo/demo administrator.
    ``scorecard demo`` passes True: whoever runs it asks for a demonstration system. Callers
    check that demo sign-in is on first (it is off in production settings)."""
    if demo_account_exists(engine):
        return False
    if not alongside_users:
        with engine.connect() as conn:
            if conn.execute(select(func.count()).select_from(UserAccount)).scalar_one():
                return False
    try:
        create_user(engine, DEMO_USERNAME, Role.ADMIN, password=DEMO_PASSWORD,
                    display_name="Demo administrator (not for production)", is_demo=True,
                    actor="system")
    except AccountError:  # another instance created it first, or a real user is called demo
        return False
    return True


def remove_demo_accounts(engine: Engine, *, actor: str) -> int:
    """Delete every demo account (production set-up); returns how many were removed."""
    with engine.begin() as conn:
        demo = conn.execute(select(UserAccount.id, UserAccount.username)
                            .where(UserAccount.is_demo.is_(True))).all()
        for user_id, name in demo:
            conn.execute(delete(UserAccount).where(UserAccount.id == user_id))
            audit.record(conn, user=actor, action="user-remove", entity_type="user",
                         entity_id=name, detail="demo account removed")
    return len(demo)
