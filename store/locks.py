"""The store's write lock: one writer of observations and judgements at a time.

Every transaction that changes current figures or the judgements derived from them (a commit,
a rollback, a recompute) takes this lock first and holds it until it ends, so the rows and
their judgements always change together and overlapping writers queue instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from sqlalchemy import Connection, text

#: PostgreSQL advisory lock key held while figures or judgements are written.
WRITE_LOCK_KEY = 7_321_004_001

#: Work done inside a commit's or rollback's transaction with the keys it changed.
AfterWrite = Callable[[Connection, pd.DataFrame], object]


def serialise_writes(conn: Connection) -> None:
    """Wait until no other writer holds the store, then hold its write lock until this
    transaction ends.

    Commits plan against the current rows and then write, so two at once could both plan
    against the same row (one then fails, or its figure is silently lost), and two recomputes
    at once would both insert the same judgements. PostgreSQL takes a transaction-level
    advisory lock, shared by every instance; SQLite takes its database write lock now, before
    planning, rather than at the first insert.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
    elif conn.dialect.name == "sqlite":
        conn.execute(text("UPDATE upload_batch SET id = id WHERE id < 0"))
