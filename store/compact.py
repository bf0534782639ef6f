"""Keeping a SQLite store compact: space given back after large loads and migrations.

A load of many rows leaves the indexes' pages part-filled and scattered (rows arrive in file
order, not index order), and a migration that remakes or drops a table leaves its pages free;
``VACUUM`` rewrites the file with every table and index packed. It takes the store's write
lock for as long as the rewrite lasts (seconds for a national store), so it is run only where
nobody waits on a page: the command line and background jobs, never a web request.
PostgreSQL reclaims space itself (autovacuum); what it needs after a large load is fresh
planner statistics (:func:`refresh_statistics`): a table that grew tenfold since it was last
analysed is planned as the small table it was until autovacuum gets round to it.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

#: Rows written by one load from which rewriting the file is worth its time.
LARGE_LOAD = 10_000
#: The share of free pages in the file from which rewriting it is worth its time.
FREE_SHARE = 0.1


def free_share(engine: Engine) -> float:
    """The share of the SQLite file's pages that are free (0.0 on other databases)."""
    if engine.dialect.name != "sqlite":
        return 0.0
    with engine.connect() as conn:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar_one())
        free = int(conn.exec_driver_sql("PRAGMA freelist_count").scalar_one())
    return free / pages if pages else 0.0


def reclaim_space(engine: Engine, *, rows_written: int = 0) -> bool:
    """Rewrite a SQLite store packed (``VACUUM``) when ``rows_written`` by a load reach
    :data:`LARGE_LOAD` or :data:`FREE_SHARE` of its pages are free; whether it did.

    Call it outside any transaction on the store and never from a web request: the rewrite
    holds the write lock until it is done. A rewrite the database refuses (busy, or no room
    for the copy it makes) is logged and skipped: the store stays as it was.
    """
    if engine.dialect.name != "sqlite":
        return False
    if rows_written < LARGE_LOAD and free_share(engine) < FREE_SHARE:
        return False
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM")
    except OperationalError as error:  # busy or out of room: the store is whole, only not packed
        logging.getLogger(__name__).warning("The store was not rewritten packed: %s", error)
        return False
    return True


#: The tables a load writes, whose statistics a large one makes stale.
LOADED_TABLES = ("observation", "computed_result", "period")


def refresh_statistics(engine: Engine, *, rows_written: int = 0) -> bool:
    """``ANALYZE`` the tables a load writes on PostgreSQL when ``rows_written`` reach
    :data:`LARGE_LOAD` (SQLite's planner reads its indexes, not gathered statistics);
    whether it did. Call it after the load's transaction, outside any other."""
    if engine.dialect.name != "postgresql" or rows_written < LARGE_LOAD:
        return False
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"ANALYZE {', '.join(LOADED_TABLES)}")
    return True
