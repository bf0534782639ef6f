"""The one owner of database engines and sessions.

Callers build an engine with :func:`make_engine` once per process (the app factory, a test
fixture) or for one piece of work with :func:`open_engine` (a command, a use case run from the
command line), and open connections at the edge (``engine.connect()`` to read,
``engine.begin()`` for one transaction), passing them to the store's repository functions.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from settings import Settings

#: The types and the error family other packages name (for type hints and ``except``) without
#: importing SQLAlchemy themselves: the store is the one package that speaks SQL.
#: ``StoreFailure`` is any store error; ``DriverFailure`` one the database driver raised (the
#: statement reached the database, or the connection to it broke).
__all__ = ["Connection", "DriverFailure", "Engine", "Session", "StoreFailure", "make_engine",
           "open_engine", "upgrade_schema"]
StoreFailure = SQLAlchemyError
DriverFailure = DBAPIError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError as error:
        if "readonly" not in str(error):
            raise
        # A read-only store keeps the journal it has and can still be read.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``; SQLite files get their folder, WAL and foreign keys."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if (parsed.database and parsed.database != ":memory:"
                and not parsed.database.startswith("file:")):  # URI filenames name their path
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


@contextmanager
def open_engine(settings: Settings) -> Iterator[Engine]:
    """An engine on ``settings.database_url`` for the length of the ``with`` block, disposed
    (its pooled connections closed) afterwards, also when the block raises."""
    engine = make_engine(settings.database_url)
    try:
        yield engine
    finally:
        engine.dispose()


def alembic_config(engine: Engine) -> Config:
    """The Alembic configuration that migrates the store behind ``engine``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade_schema(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision``; harmless when already there."""
    command.upgrade(alembic_config(engine), revision)


def downgrade_schema(engine: Engine, revision: str = "base") -> None:
    """Undo migrations down to ``revision`` (by default all of them)."""
    command.downgrade(alembic_config(engine), revision)


def schema_is_current(engine: Engine) -> bool:
    """True when the store has been created (the observation table exists)."""
    return inspect(engine).has_table("observation")


@functools.lru_cache(maxsize=1)
def head_revision() -> str:
    """The migration this release's code expects the store to be at."""
    heads = ScriptDirectory(str(MIGRATIONS_DIR)).get_heads()
    return str(heads[0]) if len(heads) == 1 else ",".join(sorted(heads))


def schema_behind(engine: Engine) -> str | None:
    """Why the store cannot be served by this release (its migrations are behind the code's,
    or ahead of them), or None when it is at this release's migration. A store never
    migrated (no ``alembic_version`` table) is left to :func:`schema_is_current`."""
    with engine.connect() as conn:
        found = MigrationContext.configure(conn).get_current_revision()
    if found is None or found == head_revision():
        return None
    return (f"The store is at migration {found}; this release needs {head_revision()}. Run "
            "`scorecard init-db` to upgrade it (stored figures and history are kept), or run "
            "the release that matches the store.")
