"""The store's data version: a stamp of everything that changes what pages show."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from store.models import BoardSnapshot, ScorecardDefinitionVersion, UploadBatch


def data_version(conn: Connection) -> str:
    """A stamp that changes whenever a batch is committed or rolled back, or a Board snapshot
    is taken (the scorecard page lists snapshots and marks restated figures), or a scorecard
    definition version is saved (it chooses the scorecard's rows and their rules)."""
    snapshots = select(func.max(BoardSnapshot.id)).scalar_subquery()
    definitions = select(func.max(ScorecardDefinitionVersion.id)).scalar_subquery()
    row = conn.execute(select(func.count(UploadBatch.id), func.max(UploadBatch.id),
                              func.max(UploadBatch.rolled_back_at), snapshots,
                              definitions)).one()
    return f"{row[0]}-{row[1]}-{row[2]}-{row[3]}-{row[4]}"
