"""Stored failed sign-ins on SQLite and PostgreSQL: counted, locked, restarted, forgotten."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select

from store import lockout
from store.models import LoginFailure

T0 = dt.datetime(2024, 5, 1, 12, 0)
WINDOW = dt.timedelta(minutes=15)


def _lock_from_third(failures: int) -> dt.timedelta:
    return dt.timedelta(minutes=failures) if failures >= 3 else dt.timedelta(0)


def test_failures_count_and_the_rule_sets_the_lock(store_engine: Engine) -> None:
    seen: list[dt.timedelta] = []
    for minute in range(3):
        seen.append(lockout.count_failure(store_engine, "alice", WINDOW, _lock_from_third,
                                          T0 + dt.timedelta(minutes=minute)))
    assert seen == [dt.timedelta(0), dt.timedelta(0), dt.timedelta(minutes=3)]
    locked_at = T0 + dt.timedelta(minutes=2)
    assert lockout.lock_remaining(store_engine, "alice", locked_at) == dt.timedelta(minutes=3)
    assert lockout.lock_remaining(store_engine, "alice", locked_at
                                  + dt.timedelta(minutes=5)) == dt.timedelta(0)
    assert lockout.lock_remaining(store_engine, "bob", T0) == dt.timedelta(0)


def test_a_quiet_window_restarts_counts_and_drops_stale_names(store_engine: Engine) -> None:
    lockout.count_failure(store_engine, "alice", WINDOW, _lock_from_third, T0)
    lockout.count_failure(store_engine, "bob", WINDOW, _lock_from_third, T0)
    later = T0 + WINDOW + dt.timedelta(minutes=1)
    counts: list[int] = []

    def no_lock(failures: int) -> dt.timedelta:
        counts.append(failures)
        return dt.timedelta(0)

    lockout.count_failure(store_engine, "alice", WINDOW, no_lock, later)
    assert counts == [1]
    with store_engine.connect() as conn:
        assert list(conn.execute(select(LoginFailure.username)).scalars()) == ["alice"]


def test_clearing_forgets_only_that_name(store_engine: Engine) -> None:
    for name in ("alice", "alice", "alice", "bob", "bob", "bob"):
        lockout.count_failure(store_engine, name, WINDOW, _lock_from_third, T0)
    lockout.clear_failures(store_engine, "alice")
    assert lockout.lock_remaining(store_engine, "alice", T0) == dt.timedelta(0)
    assert lockout.lock_remaining(store_engine, "bob", T0) == dt.timedelta(minutes=3)


def test_each_client_address_of_a_name_has_its_own_count(store_engine: Engine) -> None:
    for client in ("203.0.113.7", "203.0.113.7", "203.0.113.7", "192.0.2.10"):
        lockout.count_failure(store_engine, "alice", WINDOW, _lock_from_third, T0, client=client)
    assert lockout.lock_remaining(store_engine, "alice", T0, client="203.0.113.7") \
        == dt.timedelta(minutes=3)
    assert lockout.lock_remaining(store_engine, "alice", T0, client="192.0.2.10") \
        == dt.timedelta(0)
    assert lockout.lock_remaining(store_engine, "alice", T0) == dt.timedelta(0)
    lockout.clear_failures(store_engine, "alice", ("203.0.113.7",))
    with store_engine.connect() as conn:
        assert list(conn.execute(select(LoginFailure.client)).scalars()) == ["192.0.2.10"]
