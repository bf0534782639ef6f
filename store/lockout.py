"""Stored failed sign-ins (``login_failure``), counted per submitted username and client
address (and per username over every address, as client "") so that every web worker and
instance applies the same lockout. How long a count locks a name is the caller's rule
(:mod:`server.lockout`); these functions count, lock and forget."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import (
    ColumnElement,
    Engine,
    and_,
    case,
    delete,
    insert,
    not_,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from store.models import LoginFailure, utcnow

#: The ``client`` of a username's count over every client address.
EVERY_CLIENT = ""


def _is(username: str, client: str) -> ColumnElement[bool]:
    return and_(LoginFailure.username == username, LoginFailure.client == client)


def lock_remaining(engine: Engine, username: str, now: dt.datetime | None = None,
                   client: str = EVERY_CLIENT) -> dt.timedelta:
    """How long ``username`` stays locked for ``client`` (by default: for every address)
    after ``now`` (default: the current time); zero when it is not locked."""
    now = now or utcnow()
    with engine.connect() as conn:
        until = conn.execute(select(LoginFailure.locked_until)
                             .where(_is(username, client))).scalar()
    return max(dt.timedelta(0), until - now) if until else dt.timedelta(0)


def count_failure(engine: Engine, username: str, window: dt.timedelta,
                  lock_for: Callable[[int], dt.timedelta],
                  now: dt.datetime | None = None, client: str = EVERY_CLIENT) -> dt.timedelta:
    """Count one failed sign-in for ``username`` from ``client`` (by default: the count over
    every address) at ``now`` (default: the current time) and lock that pair for
    ``lock_for(failures)``; returns that lock (maybe zero).

    A count whose last failure and lock both ended more than ``window`` ago starts again (and
    other such counts are deleted). The count is raised in one ``UPDATE`` so that failures
    arriving at once at different workers are all counted."""
    now = now or utcnow()
    try:
        return _count_failure(engine, username, client, now, window, lock_for)
    except IntegrityError:  # another worker inserted this pair's first failure: count again
        return _count_failure(engine, username, client, now, window, lock_for)


def _count_failure(engine: Engine, username: str, client: str, now: dt.datetime,
                   window: dt.timedelta, lock_for: Callable[[int], dt.timedelta]
                   ) -> dt.timedelta:
    cutoff = now - window
    quiet = and_(LoginFailure.last_failure_at < cutoff,
                 or_(LoginFailure.locked_until.is_(None), LoginFailure.locked_until < cutoff))
    this = _is(username, client)
    with engine.begin() as conn:
        conn.execute(delete(LoginFailure).where(quiet, not_(this)))
        failures = conn.execute(
            update(LoginFailure).where(this)
            .values(failures=case((quiet, 1), else_=LoginFailure.failures + 1),
                    last_failure_at=now)
            .returning(LoginFailure.failures)).scalar()
        if failures is None:
            conn.execute(insert(LoginFailure).values(username=username, client=client,
                                                     failures=1, last_failure_at=now))
            failures = 1
        lock = lock_for(failures)
        if lock:
            conn.execute(update(LoginFailure).where(this).values(locked_until=now + lock))
    return lock


def clear_failures(engine: Engine, username: str,
                   clients: tuple[str, ...] | None = None) -> None:
    """Forget the failures of ``username``: from ``clients`` only when given, else all."""
    with engine.begin() as conn:
        chosen: ColumnElement[bool] = LoginFailure.username == username
        if clients is not None:
            chosen = and_(chosen, LoginFailure.client.in_(clients))
        conn.execute(delete(LoginFailure).where(chosen))
