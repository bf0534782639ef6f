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

from store import lockout as stored
from store.engine import Engine

LOCKOUT_WINDOW = dt.timedelta(minutes=15)
MAX_LOCK = dt.timedelta(hours=1)


def locked_for(engine: Engine, username: str, now: dt.datetime | None = None) -> float:
    """Seconds until ``username`` may try again; 0 when it is not locked."""
    return stored.lock_remaining(engine, username, now).total_seconds()


def lock_length(failures: int, after: int, first_lock_seconds: float) -> dt.timedelta:
    """How long a name with ``failures`` recent failures is locked (zero below ``after``)."""
    if failures < after:
        return dt.timedelta(0)
    doublings = min(failures - after, 30)
    return min(dt.timedelta(seconds=first_lock_seconds * 2 ** doublings), MAX_LOCK)


def record_failure(engine: Engine, username: str, after: int, first_lock_seconds: float,
                   now: dt.datetime | None = None) -> dt.timedelta:
    """Count one failed sign-in for ``username``; returns the lock it now has (maybe zero).

    Failures arriving at once at different workers are all counted."""
    return stored.count_failure(
        engine, username, LOCKOUT_WINDOW,
        lambda failures: lock_length(failures, after, first_lock_seconds), now)


def clear_failures(engine: Engine, username: str) -> None:
    """Forget the failures of a name that has just signed in."""
    stored.clear_failures(engine, username)


def wait_message(seconds: float) -> str:
    """What a locked name is told: the same words whether or not the account exists."""
    minutes = max(1, math.ceil(seconds / 60))
    return (f"Too many failed sign-ins with this username. Wait {minutes} minute"
            f"{'s' if minutes != 1 else ''} and try again, or ask an administrator to set "
            "a new password.")
