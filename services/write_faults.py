"""Truthful answers when the store fails during a commit or a rollback.

A commit or rollback is one transaction, so a fault leaves either nothing or everything
(the batch with its recomputed judgements). Which one is known for certain except when the
connection broke while the database was confirming the transaction, so after a fault the store
is asked again on a fresh connection, and the answer says what was and was not stored.
"""

from __future__ import annotations

import pandas as pd

from domain.errors import StoreError
from store.batches import BatchMeta, CommitResult, batch_counts, batch_status, find_committed_batch
from store.engine import DriverFailure, Engine, StoreFailure
from store.faults import describe_fault
from store.rollback import batch_keys

#: What each kind of store fault (:func:`store.faults.describe_fault`) means for a write, in
#: plain words, and what to do about it.
CAUSES = {
    "full": ("the database's disk is full", "free space on the database server, then try again"),
    "read-only": ("the store is read-only",
                  "ask whoever runs the server to make the store writable"),
    "busy": ("the store stayed busy with another change", "try again in a minute"),
    "unreachable": ("the connection to the database was lost",
                    "try again once the database is back"),
}


class WriteFailed(StoreError):
    """A commit or rollback failed in the store; the message says what was stored.

    ``stored`` is False when nothing was stored and None when the store could not be asked.
    """

    def __init__(self, message: str, stored: bool | None) -> None:
        super().__init__(message)
        self.stored = stored


def describe(error: DriverFailure) -> tuple[str, str]:
    """What went wrong in plain words, and what to do about it."""
    kind = describe_fault(error).kind
    if kind in CAUSES:
        return CAUSES[kind]
    return (f"the database refused the write ({type(error.orig).__name__})",
            "try again; if it fails again, tell whoever runs the server")


def committed_despite(engine: Engine, meta: BatchMeta, error: DriverFailure) -> CommitResult:
    """The batch of ``meta`` if the store holds it after all (the fault came as the commit
    was confirmed); otherwise raise :class:`WriteFailed` saying nothing was stored."""
    cause, advice = describe(error)
    try:
        stored = stored_batch(engine, meta.file_hash)
    except StoreFailure:
        raise WriteFailed(
            f"{meta.file_name} may not have been stored: {cause}, and the store could not be "
            "asked afterwards. A commit is all or nothing: either the batch and its ratings "
            "were stored together or nothing was. Check the batch history before committing "
            f"it again; {advice}.", stored=None) from error
    if stored is None:
        raise WriteFailed(f"Nothing from {meta.file_name} was stored: {cause}. The store is "
                          f"as it was before; {advice}.", stored=False) from error
    return stored


def stored_batch(engine: Engine, file_hash: str, uploaded_by: str | None = None
                 ) -> CommitResult | None:
    """The committed batch loaded from content ``file_hash`` (by ``uploaded_by``, when
    given) as a commit's result, or None."""
    with engine.connect() as conn:
        batch_id = find_committed_batch(conn, file_hash)
        if batch_id is None:
            return None
        counts = batch_counts(conn, batch_id)
        if uploaded_by is not None and counts.uploaded_by != uploaded_by:
            return None
        keys = batch_keys(conn, batch_id)
    return CommitResult(batch_id, counts.rows_new, counts.rows_revised, counts.rows_unchanged,
                        keys)


def rolled_back_despite(engine: Engine, batch_id: int, error: DriverFailure) -> pd.DataFrame:
    """The keys of batch ``batch_id`` if it was rolled back after all; otherwise raise
    :class:`WriteFailed` saying the batch is unchanged."""
    cause, advice = describe(error)
    try:
        with engine.connect() as conn:
            status = batch_status(conn, batch_id)
            keys = batch_keys(conn, batch_id)
    except StoreFailure:
        raise WriteFailed(
            f"Batch {batch_id} may not have been rolled back: {cause}, and the store could "
            "not be asked afterwards. A rollback is all or nothing; check the batch history "
            f"before trying again; {advice}.", stored=None) from error
    if status != "rolled_back":
        raise WriteFailed(f"Batch {batch_id} was not rolled back: {cause}. Its figures and "
                          f"ratings are as they were; {advice}.", stored=False) from error
    return keys
