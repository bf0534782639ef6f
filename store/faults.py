"""What went wrong with the store, in words: unreachable, read-only, full, or a failed statement.

Database drivers report these as unrelated exception types, and pandas wraps them again in its
own ``DatabaseError``; :func:`describe_fault` finds the store's error behind any of them and
says which kind it is, so the web app and the command line answer truthfully (a read-only store
still serves reads; only writes are refused) and the log names what failed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

#: Driver codes (SQLite error names, PostgreSQL SQLSTATEs) and message fragments of each kind.
_READ_ONLY = ({"SQLITE_READONLY", "25006"}, ("readonly database", "read-only"))
_FULL = ({"SQLITE_FULL", "53100"}, ("database or disk is full", "no space left",
                                     "could not extend file"))
_BUSY = ({"SQLITE_BUSY", "SQLITE_LOCKED", "55P03"}, ("database is locked", "lock timeout"))
#: Message fragments and SQLSTATE classes (connection exception, operator intervention) of a
#: connection that broke or never opened.
_LOST_WORDS = ("terminat", "server closed the connection", "connection refused",
               "could not connect", "connection is closed")
_LOST_STATES = ("08", "57P")
_CAUSE_DEPTH = 8
_PHRASES = {"unreachable": "is unreachable", "read-only": "is read-only", "full": "is full",
            "busy": "stayed busy with another change", "failed": "refused a statement"}


@dataclass(frozen=True)
class StoreFault:
    """``kind`` is "unreachable", "read-only", "full", "busy" or "failed"; ``detail`` is one
    line."""

    kind: str
    detail: str
    error: BaseException

    @property
    def summary(self) -> str:
        """"store is read-only: attempt to write a readonly database" and the like."""
        return f"store {_PHRASES[self.kind]}: {self.detail}"


def find_fault(error: BaseException) -> SQLAlchemyError | None:
    """The SQLAlchemy error behind ``error`` (itself, or a cause it wraps), if any."""
    seen: BaseException | None = error
    for _ in range(_CAUSE_DEPTH):
        if seen is None:
            return None
        if isinstance(seen, SQLAlchemyError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _codes(error: BaseException) -> set[str]:
    orig = getattr(error, "orig", None)
    return {str(code) for code in (getattr(orig, "sqlite_errorname", None),
                                   getattr(orig, "sqlstate", None),
                                   getattr(orig, "pgcode", None)) if code}


def _first_line(error: BaseException) -> str:
    orig = getattr(error, "orig", None)
    text = str(orig if orig is not None else error).strip()
    return (text.splitlines()[0] if text else type(error).__name__)[:300]


def fault_message(error: BaseException, url: str) -> str | None:
    """One line for a person: what failed with the store at ``url`` (password hidden), or
    None when ``error`` is not an outage, a read-only store or a full one."""
    fault = describe_fault(error)
    if fault.kind == "failed":
        return None
    address = make_url(url).render_as_string(hide_password=True)
    written = " Nothing was written." if fault.kind == "read-only" else ""
    return f"the {fault.summary} ({address}).{written}"


def describe_fault(error: BaseException) -> StoreFault:
    """Classify ``error`` (any exception) as a store fault, with its first line of detail."""
    fault = find_fault(error) or error
    detail = _first_line(fault)
    codes, lowered = _codes(fault), detail.lower()
    for kind, (names, fragments) in (("read-only", _READ_ONLY), ("full", _FULL),
                                     ("busy", _BUSY)):
        if codes & names or any(fragment in lowered for fragment in fragments):
            return StoreFault(kind, detail, fault)
    return StoreFault("unreachable" if _is_lost(fault, codes, lowered) else "failed",
                      detail, fault)


def _is_lost(fault: BaseException, codes: set[str], lowered: str) -> bool:
    """Whether ``fault`` is a connection that broke or could not be made (not a statement the
    store refused: an operational error with another SQLSTATE class is a refusal)."""
    if isinstance(fault, PoolTimeout | InterfaceError) or any(
            word in lowered for word in _LOST_WORDS):
        return True
    if isinstance(fault, DBAPIError) and fault.connection_invalidated:
        return True
    states = {code for code in codes if len(code) == 5 and code[:2].isalnum()}
    if states:
        return any(state.startswith(_LOST_STATES) for state in states)
    return isinstance(fault, OperationalError)


#: The error types the web app answers as store faults, named here so that no package outside
#: the store imports SQLAlchemy: a failed connection or statement, the connection pool's wait
#: running out (any error a database driver raised is ``store.engine.DriverFailure``).
OperationalFailure = OperationalError
PoolExhausted = PoolTimeout


def is_out_of_range(error: BaseException) -> bool:
    """Whether the store refused a value its column cannot hold (behind ``error`` or as it)."""
    return isinstance(find_fault(error), DataError)


def command_line_message(error: SQLAlchemyError, url: str) -> str | None:
    """One line for the command line about a store fault: :func:`fault_message`, or for a
    statement the database refused, the driver's error type; None for a fault in the program's
    own use of SQLAlchemy (the command line lets that one surface with its traceback)."""
    message = fault_message(error, url)
    if message is None and isinstance(error, DBAPIError):
        message = (f"the store refused a statement ({type(error.orig).__name__}); tell "
                   "whoever runs the server.")
    return message
