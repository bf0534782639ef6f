"""User accounts: create, find, check passwords, change roles; every change is audited.

Passwords are stored only as werkzeug hashes (scrypt). Single sign-on users have no password.
The web app (sign-in, the Admin page) and the command line (``scorecard user``) both call these
use cases; the statements are :mod:`store.accounts`'.
"""

from __future__ import annotations

from typing import Any

from werkzeug.security import check_password_hash, generate_password_hash

from domain.errors import NotFoundError, ScorecardError
from domain.roles import Role
from store import accounts as stored
from store import audit
from store.accounts import AccountTaken, UserRecord
from store.areas import DISTRICT, area_type
from store.engine import Connection, Engine
from store.lockout import clear_failures
from store.partnerships import PARTNERSHIP_TYPE

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


def _check_area(conn: Connection, role: Role, area_code: str | None) -> None:
    """A district viewer needs a district; any other role may be limited to one partnership
    by its council's code."""
    if role is Role.DISTRICT_VIEWER:
        if not area_code:
            raise AccountError("A district viewer needs a district: give its area code.")
        if area_type(conn, area_code) != DISTRICT:
            raise AccountError(f"{area_code!r} is not a district in the store.")
    elif area_code and area_type(conn, area_code) != PARTNERSHIP_TYPE:
        raise AccountError(f"{area_code!r} is not a partnership's council in the store; "
                           "give the council's code to limit the account to its partnership, "
                           "or no area.")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")


def get_user(engine: Engine, user_id: int) -> UserRecord | None:
    """The account with id ``user_id``, if any."""
    with engine.connect() as conn:
        return stored.get_account(conn, user_id)


def find_user(conn: Connection, username: str) -> UserRecord | None:
    """The account called ``username``, if any, read on the caller's connection."""
    return stored.find_account(conn, username)


def _existing(conn: Connection, username: str) -> UserRecord:
    user = stored.find_account(conn, username)
    if user is None:
        raise NotFoundError(f"There is no user called {username!r}.")
    return user


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
    """Every account, by username."""
    with engine.connect() as conn:
        return stored.list_accounts(conn)


def create_user(engine: Engine, username: str, role: Role, *, password: str | None = None,
                display_name: str = "", area_code: str | None = None, actor: str = "cli",
                is_demo: bool = False, oidc_subject: str | None = None) -> UserRecord:
    """Add an account; ``password`` None means single sign-on only."""
    username = username.strip()
    if not username or len(username) > 120:
        raise AccountError("A username needs 1 to 120 characters.")
    if username.lower() in SYSTEM_ACTORS:
        raise AccountError(f"{username!r} is reserved for the audit log; choose another name.")
    if password is not None and not is_demo:
        _check_password(password)
    try:
        with engine.begin() as conn:
            _check_area(conn, role, area_code)
            user_id = stored.insert_account(
                conn, username=username, display_name=display_name[:200], role=role,
                area_code=area_code or None,
                password_hash=generate_password_hash(password) if password else None,
                oidc_subject=oidc_subject, is_demo=is_demo)
            audit.record(conn, user=actor, action="user-add", entity_type="user",
                         entity_id=username, after={"role": role.key, "area": area_code})
    except AccountTaken:
        raise AccountError(f"There is already a user called {username!r}.") from None
    return _changed(engine, user_id)


def _change(conn: Connection, username: str, values: dict[str, Any], *, actor: str,
            action: str, **audited: Any) -> UserRecord:
    """Apply ``values`` to ``username``'s account, end its sessions and audit ``action``;
    returns the account as it was before."""
    before = _existing(conn, username)
    stored.change_account(conn, before.id, **values)
    audit.record(conn, user=actor, action=action, entity_type="user", entity_id=username,
                 **audited)
    return before


def set_role(engine: Engine, username: str, role: Role, *, area_code: str | None = None,
             actor: str) -> UserRecord:
    """Change a user's role (and district, or the partnership a role is limited to), ending
    their sessions: they sign in again."""
    area = area_code or None
    with engine.begin() as conn:
        before = _existing(conn, username)
        _check_area(conn, role, area_code)
        stored.change_account(conn, before.id, role=role.key, area_code=area)
        audit.record(conn, user=actor, action="role-change", entity_type="user",
                     entity_id=username, before={"role": before.role.key,
                                                 "area": before.area_code},
                     after={"role": role.key, "area": area})
    return _changed(engine, before.id)


def sync_sign_on_role(engine: Engine, user: UserRecord, role: Role,
                      area_code: str | None) -> UserRecord:
    """Apply the role and district a single sign-on asserts for ``user`` (ending its
    sessions), audited as made by the sign-on."""
    area = area_code if role is Role.DISTRICT_VIEWER else None
    with engine.begin() as conn:
        _change(conn, user.username, {"role": role.key, "area_code": area}, actor="sso",
                action="role-change", before={"role": user.role.key, "area": user.area_code},
                after={"role": role.key, "area": area_code}, detail="from sign-on claims")
    return _changed(engine, user.id)


def set_active(engine: Engine, username: str, active: bool, *, actor: str) -> UserRecord:
    """Disable (signing the user out everywhere) or re-enable an account."""
    with engine.begin() as conn:
        before = _change(conn, username, {"is_active": active}, actor=actor,
                         action="user-enable" if active else "user-disable")
    return _changed(engine, before.id)


def set_password(engine: Engine, username: str, password: str, *, actor: str) -> None:
    """Give ``username`` a new password, ending their sessions and forgetting their failed
    sign-ins, so a locked-out user can sign in at once with it."""
    _check_password(password)
    with engine.begin() as conn:
        _change(conn, username, {"password_hash": generate_password_hash(password)},
                actor=actor, action="password-change")
    clear_failures(engine, username)


def link_oidc(engine: Engine, username: str, subject: str, *, actor: str) -> UserRecord:
    """Link ``username`` to the single sign-on subject ``subject`` (the ID token's ``sub``).

    Only after this does a sign-on with that subject reach the account; its sessions so far
    end."""
    subject = subject.strip()
    if not subject or len(subject) > 255:
        raise AccountError("A sign-on subject needs 1 to 255 characters.")
    try:
        with engine.begin() as conn:
            before = _change(conn, username, {"oidc_subject": subject}, actor=actor,
                             action="oidc-link", after={"subject": subject})
    except AccountTaken:
        raise AccountError(f"The sign-on subject {subject!r} is already linked to another "
                           "account.") from None
    return _changed(engine, before.id)


def end_sessions(engine: Engine, user_id: int) -> None:
    """Sign the user out everywhere: every session cookie issued so far stops working."""
    with engine.begin() as conn:
        stored.change_account(conn, user_id)


def _changed(engine: Engine, user_id: int) -> UserRecord:
    user = get_user(engine, user_id)
    assert user is not None
    return user


def authenticate(engine: Engine, username: str, password: str,
                 allow_demo: bool = True) -> UserRecord | None:
    """The active user whose password matches, else None (same work either way)."""
    with engine.connect() as conn:
        found = stored.credentials(conn, username)
    user, stored_hash = found if found else (None, None)
    ok = check_password_hash(stored_hash or _DUMMY_HASH, password)
    if not (user and stored_hash and ok):
        return None
    if not user.is_active or (user.is_demo and not allow_demo):
        return None
    return user


def mark_signed_in(engine: Engine, user: UserRecord, method: str) -> None:
    """Record the sign-in of ``user`` by ``method`` ("password", "oidc") and audit it."""
    with engine.begin() as conn:
        stored.mark_signed_in(conn, user.id)
        audit.record(conn, user=user.username, action="sign-in", entity_type="user",
                     entity_id=user.username, detail=method)


def demo_account_exists(engine: Engine) -> bool:
    """Whether any demo account exists."""
    with engine.connect() as conn:
        return stored.count_accounts(conn, demo_only=True) > 0


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
            if stored.count_accounts(conn):
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
        demo = stored.demo_accounts(conn)
        for user_id, name in demo:
            stored.delete_account(conn, user_id)
            audit.record(conn, user=actor, action="user-remove", entity_type="user",
                         entity_id=name, detail="demo account removed")
    return len(demo)
