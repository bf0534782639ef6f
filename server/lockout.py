"""Lockout after repeated failed sign-ins, per username *and client address*, with a lock
that doubles each time, and a far higher ceiling per username over every address.

Keyed on the username alone, anyone could lock a named user out by typing wrong passwords
(a denial of service); keyed on the address alone, a guesser could try each name a few times
from every address. So, as OWASP's authentication guidance recommends, failures are counted
for each (username, client address) pair, which locks quickly, and for the username over
every address, which locks only after :data:`USERNAME_CEILING` times as many failures: one
address gets a few tries a name and then waits, locking nobody else out; a guess spread over
many addresses still stops at the ceiling.

Counts live in the database (``login_failure``), so every web worker and instance sees the same
count, with or without Redis. They are kept per *submitted username*, whether or not such an
account exists, so the answer to a locked name never tells an attacker which names are real.
The client address is the one :class:`server.security.TrustedProxyFix` gives (a client
cannot rotate it by sending ``X-Forwarded-For``).

After ``Settings.lockout_after`` failures, each within ``LOCKOUT_WINDOW`` of the one before, the
pair is locked for ``Settings.lockout_seconds``; every further failure after a lock ends doubles
it, up to :data:`MAX_LOCK` (the username's own count likewise, from its ceiling). While locked
no password is checked at all, not even the right one. A successful sign-in clears the pair's
count and the username's; a quiet window clears them as well.
"""

from __future__ import annotations

import datetime as dt
import math

from store import lockout as stored
from store.engine import Engine

LOCKOUT_WINDOW = dt.timedelta(minutes=15)
MAX_LOCK = dt.timedelta(hours=1)
#: A username is locked for every address after this many times ``lockout_after`` failures.
USERNAME_CEILING = 10


def locked_for(engine: Engine, username: str, client: str,
               now: dt.datetime | None = None) -> float:
    """Seconds until ``username`` may try again from ``client``; 0 when it is not locked."""
    return max(stored.lock_remaining(engine, username, now, client=client),
               stored.lock_remaining(engine, username, now)).total_seconds()


def lock_length(failures: int, after: int, first_lock_seconds: float) -> dt.timedelta:
    """How long a name with ``failures`` recent failures is locked (zero below ``after``)."""
    if failures < after:
        return dt.timedelta(0)
    doublings = min(failures - after, 30)
    return min(dt.timedelta(seconds=first_lock_seconds * 2 ** doublings), MAX_LOCK)


def record_failure(engine: Engine, username: str, client: str, after: int,
                   first_lock_seconds: float, now: dt.datetime | None = None) -> dt.timedelta:
    """Count one failed sign-in for ``username`` from ``client``; returns the lock the pair
    now has (maybe zero), or the username's over every address when that is longer.

    Failures arriving at once at different workers are all counted."""
    pair = stored.count_failure(
        engine, username, LOCKOUT_WINDOW,
        lambda failures: lock_length(failures, after, first_lock_seconds), now, client=client)
    every = stored.count_failure(
        engine, username, LOCKOUT_WINDOW,
        lambda failures: lock_length(failures, after * USERNAME_CEILING, first_lock_seconds),
        now)
    return max(pair, every)


def clear_failures(engine: Engine, username: str, client: str) -> None:
    """Forget the failures of a name that has just signed in from ``client``: that pair's
    and the username's over every address (other addresses' counts run out by themselves)."""
    stored.clear_failures(engine, username, (client, stored.EVERY_CLIENT))


def wait_message(seconds: float) -> str:
    """What a locked name is told: the same words whether or not the account exists."""
    minutes = max(1, math.ceil(seconds / 60))
    return (f"Too many failed sign-ins with this username. Wait {minutes} minute"
            f"{'s' if minutes != 1 else ''} and try again, or ask an administrator to set "
            "a new password.")
