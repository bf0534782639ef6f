"""Per-username lockout after repeated failed sign-ins, with a lock that doubles each time.

Counts live in the database (``login_failure``), so every web worker and instance sees the same
count, with or without Redis. They are kept per *submitted username*, whether or not such an
account exists, so the answer to a locked name never tells an attacker which names are real.

After ``Settings.lockout_after`` failures, each within ``LOCKOUT_WINDOW`` of the one before, the
name is locked for ``Settings.lockout_seconds``; every further failure after a lock ends doubles
it, up to :data:`MAX_LOCK`. While a name is locked no password is checked at all, not even the
right one. A successful sign-in clears the count; a quiet window clears it as well.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import Engine, and_, case, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from store.models import LoginFailure, utcnow

LOCKOUT_WINDOW = dt.timedelta(minutes=15)
MAX_LOCK = dt.timedelta(hours=1)


def locked_for(engine: Engine, username: str, now: dt.datetime | None = None) -> float:
    """Seconds until ``username`` may try again; 0 when it is not locked."""
    now = now or utcnow()
    with engine.connect() as conn:
        until = conn.execute(select(LoginFailure.locked_until)
                             .where(LoginFailure.username == username)).scalar()
    return max(0.0, (until - now).total_seconds()) if until else 0.0


def lock_length(failures: int, after: int, first_lock_seconds: float) -> dt.timedelta:
    """How long a name with ``failures`` recent failures is locked (zero below ``after``)."""
    if failures < after:
        return dt.timedelta(0)
    doublings = min(failures - after, 30)
    return min(dt.timedelta(seconds=first_lock_seconds * 2 ** doublings), MAX_LOCK)


def record_failure(engine: Engine, username: str, after: int, first_lock_seconds: float,
                   now: dt.datetime | None = None) -> dt.timedelta:
    """Count one failed sign-in for ``username``; returns the lock it now has (maybe zero).

    The count is raised in one ``UPDATE`` so that failures arriving at once at different
    workers are all counted."""
    now = now or utcnow()
    try:
        return _record_failure(engine, username, after, first_lock_seconds, now)
    except IntegrityError:  # another worker inserted this name's first failure: count again
        return _record_failure(engine, username, after, first_lock_seconds, now)


def _record_failure(engine: Engine, username: str, after: int, first_lock_seconds: float,
                    now: dt.datetime) -> dt.timedelta:
    cutoff = now - LOCKOUT_WINDOW
    quiet = and_(LoginFailure.last_failure_at < cutoff,
                 or_(LoginFailure.locked_until.is_(None), LoginFailure.locked_until < cutoff))
    with engine.begin() as conn:
        conn.execute(delete(LoginFailure).where(quiet, LoginFailure.username != username))
        failures = conn.execute(
            update(LoginFailure).where(LoginFailure.username == username)
            .values(failures=case((quiet, 1), else_=LoginFailure.failures + 1),
                    last_failure_at=now)
            .returning(LoginFailure.failures)).scalar()
        if failures is None:
            conn.execute(insert(LoginFailure).values(username=username, failures=1,
                                                     last_failure_at=now))
            failures = 1
        lock = lock_length(failures, after, first_lock_seconds)
        if lock:
            conn.execute(update(LoginFailure).where(LoginFailure.username == username)
                         .values(locked_until=now + lock))
    return lock


def clear_failures(engine: Engine, username: str) -> None:
    """Forget the failures of a name that has just signed in."""
    with engine.begin() as conn:
        conn.execute(delete(LoginFailure).where(LoginFailure.username == username))


def wait_message(seconds: float) -> str:
    """What a locked name is told: the same words whether or not the account exists."""
    minutes = max(1, math.ceil(seconds / 60))
    return (f"Too many failed sign-ins with this username. Wait {minutes} minute"
            f"{'s' if minutes != 1 else ''} and try again, or ask an administrator to set "
            "a new password.")
