"""The store's data version: a stamp of everything that changes what pages show."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from store.models import BoardSnapshot, UploadBatch


def data_version(conn: Connection) -> str:
    """A stamp that changes whenever a batch is committed or rolled back, or a Board snapshot
    is taken (the scorecard page lists snapshots and marks restated figures)."""
    snapshots = select(func.max(BoardSnapshot.id)).scalar_subquery()
    row = conn.execute(select(func.count(UploadBatch.id), func.max(UploadBatch.id),
                              func.max(UploadBatch.rolled_back_at), snapshots)).one()
    return f"{row[0]}-{row[1]}-{row[2]}-{row[3]}"
