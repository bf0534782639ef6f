"""The lockout's arithmetic: counts per name, doubling locks, quiet windows forgotten."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select

from server import lockout
from store.models import LoginFailure

T0 = dt.datetime(2026, 12, 1, 9, 0)
IP, OTHER_IP = "203.0.113.7", "192.0.2.10"


@pytest.mark.parametrize(("failures", "seconds"), [
    (1, 0), (4, 0), (5, 60), (6, 120), (7, 240), (12, 3600), (500, 3600)])
def test_lock_doubles_up_to_an_hour(failures: int, seconds: int) -> None:
    assert lockout.lock_length(failures, 5, 60) == dt.timedelta(seconds=seconds)


def test_failures_lock_then_double_after_the_lock_ends(store_engine: Engine) -> None:
    for minute in range(2):
        assert not lockout.record_failure(store_engine, "alice", IP, 3, 60,
                                          T0 + dt.timedelta(minutes=minute))
    third = T0 + dt.timedelta(minutes=2)
    assert lockout.record_failure(store_engine, "alice", IP, 3, 60, third) \
        == dt.timedelta(seconds=60)
    assert lockout.locked_for(store_engine, "alice", IP, third) == 60
    assert lockout.locked_for(store_engine, "bob", IP, third) == 0
    later = third + dt.timedelta(seconds=61)
    assert lockout.locked_for(store_engine, "alice", IP, later) == 0
    assert lockout.record_failure(store_engine, "alice", IP, 3, 60, later) \
        == dt.timedelta(seconds=120)


def test_a_quiet_window_forgets_failures(store_engine: Engine) -> None:
    for minute in range(2):
        lockout.record_failure(store_engine, "alice", IP, 3, 60,
                               T0 + dt.timedelta(minutes=minute))
    lockout.record_failure(store_engine, "bob", IP, 3, 60, T0)
    much_later = T0 + dt.timedelta(hours=2)
    assert not lockout.record_failure(store_engine, "alice", IP, 3, 60, much_later)
    with store_engine.connect() as conn:
        rows = conn.execute(select(LoginFailure.username, LoginFailure.client,
                                   LoginFailure.failures)).all()
    assert sorted(tuple(r) for r in rows) == [("alice", "", 1), ("alice", IP, 1)]  # bob's went


def test_clearing_forgets_the_name(store_engine: Engine) -> None:
    for _ in range(3):
        lockout.record_failure(store_engine, "alice", IP, 3, 60, T0)
    lockout.clear_failures(store_engine, "alice", IP)
    assert lockout.locked_for(store_engine, "alice", IP, T0) == 0


def test_failures_arriving_at_once_are_all_counted(store_engine: Engine) -> None:
    """Workers counting the same name at the same moment lose no failure."""
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda _: lockout.record_failure(store_engine, "alice", IP, 100, 60, T0),
                      range(12)))
    with store_engine.connect() as conn:
        counts = conn.execute(select(LoginFailure.client, LoginFailure.failures)).all()
    assert sorted(tuple(r) for r in counts) == [("", 12), (IP, 12)]


def test_a_locked_address_locks_no_other_address_out(store_engine: Engine) -> None:
    for _ in range(3):
        lock = lockout.record_failure(store_engine, "alice", IP, 3, 60, T0)
    assert lock == dt.timedelta(seconds=60)
    assert lockout.locked_for(store_engine, "alice", IP, T0) == 60
    assert lockout.locked_for(store_engine, "alice", OTHER_IP, T0) == 0


def test_the_username_locks_for_every_address_at_its_ceiling(store_engine: Engine) -> None:
    ceiling = 3 * lockout.USERNAME_CEILING
    locks = [lockout.record_failure(store_engine, "alice", f"198.51.100.{n}", 3, 60, T0)
             for n in range(ceiling)]
    assert not any(locks[:-1]) and locks[-1] == dt.timedelta(seconds=60)
    assert lockout.locked_for(store_engine, "alice", OTHER_IP, T0) == 60
    assert lockout.locked_for(store_engine, "bob", OTHER_IP, T0) == 0


def test_signing_in_clears_the_address_and_the_username_counts(store_engine: Engine) -> None:
    for client in (IP, IP, OTHER_IP):
        lockout.record_failure(store_engine, "alice", client, 3, 60, T0)
    lockout.clear_failures(store_engine, "alice", IP)
    with store_engine.connect() as conn:
        rows = conn.execute(select(LoginFailure.client, LoginFailure.failures)).all()
    assert [tuple(r) for r in rows] == [(OTHER_IP, 1)]
