"""Store faults in words: which kind each driver error is, and what the command line says."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from pandas.errors import DatabaseError as PandasDatabaseError
from sqlalchemy.exc import (
    ArgumentError,
    IntegrityError,
    InternalError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

from cli import main
from store.faults import command_line_message, describe_fault, fault_message


class _PgError(Exception):
    def __init__(self, text: str, sqlstate: str) -> None:
        super().__init__(text)
        self.sqlstate = sqlstate


def _wrapped(error: Exception) -> PandasDatabaseError:
    outer = PandasDatabaseError("Execution failed on sql")
    outer.__cause__ = error
    return outer


@pytest.mark.parametrize(("error", "kind", "detail"), [
    (OperationalError("INSERT", {}, sqlite3.OperationalError(
        "attempt to write a readonly database")), "read-only",
     "attempt to write a readonly database"),
    (InternalError("INSERT", {}, _PgError(
        "cannot execute INSERT in a read-only transaction", "25006")), "read-only",
     "cannot execute INSERT in a read-only transaction"),
    (OperationalError("INSERT", {}, _PgError("could not extend file \"base/1/2\": No space "
                                             "left on device\nHINT: free space", "53100")),
     "full", "could not extend file \"base/1/2\": No space left on device"),
    (OperationalError("SELECT", {}, sqlite3.OperationalError("database or disk is full")),
     "full", "database or disk is full"),
    (_wrapped(OperationalError("SELECT", {}, Exception(
        "terminating connection due to administrator command"))), "unreachable",
     "terminating connection due to administrator command"),
    (PoolTimeout("QueuePool limit of size 5 overflow 5 reached"), "unreachable",
     "QueuePool limit of size 5 overflow 5 reached"),
    (IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed: area.code")), "failed",
     "UNIQUE constraint failed: area.code"),
    (ValueError("not a store fault"), "failed", "not a store fault"),
])
def test_faults_are_named_by_kind_with_their_first_line(error: Exception, kind: str,
                                                         detail: str) -> None:
    fault = describe_fault(error)
    assert (fault.kind, fault.detail) == (kind, detail)


def test_message_hides_the_password_and_ignores_other_errors() -> None:
    full = OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))
    assert fault_message(full, "postgresql+psycopg://app:secret@db/scorecard") == (
        "the store is full: database or disk is full "
        "(postgresql+psycopg://app:***@db/scorecard).")
    assert fault_message(ValueError("x"), "sqlite://") is None


def test_a_command_on_a_read_only_store_says_so_without_a_traceback(
        tmp_path: Path, sqlite_template: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "store.db"
    shutil.copy(sqlite_template, path)
    assert main(["--database-url", f"sqlite:///file:{path}?mode=ro&uri=true", "init-db"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("scorecard init-db: the store is read-only: attempt to write a "
                          "readonly database (sqlite:///file")
    assert err.rstrip().endswith("Nothing was written.") and "Traceback" not in err


@pytest.mark.parametrize(("error", "expected"), [
    (OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full")),
     "the store is full: database or disk is full (sqlite://)."),
    (IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed")),
     "the store refused a statement (IntegrityError); tell whoever runs the server."),
    (ArgumentError("not a column"), None),
])
def test_command_line_message(error: SQLAlchemyError, expected: str | None) -> None:
    assert command_line_message(error, "sqlite://") == expected
