"""Rolling back a committed batch: withdraw its figures and restore what they replaced."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, func, select, update

from domain.errors import NotFoundError, StoreError
from store import audit
from store.locks import AfterWrite, serialise_writes
from store.models import Area, Observation, Period, Series, UploadBatch, utcnow


def rollback_batch(engine: Engine, batch_id: int, user: str = "", *,
                   after: AfterWrite | None = None) -> pd.DataFrame:
    """Withdraw a committed batch and restore the values it superseded, in one transaction.

    Returns the natural keys of the affected observations. Refuses when a later batch that is
    still committed has revised one of this batch's figures (roll that one back first); a
    later batch already rolled back does not count, so batches can be withdrawn newest first
    down the whole chain. ``after(conn, keys)`` runs inside the same transaction and lock.
    """
    with engine.begin() as conn:
        serialise_writes(conn)
        status = batch_status(conn, batch_id)
        if status is None:
            raise NotFoundError(f"There is no upload batch {batch_id}.")
        if status != "committed":
            raise StoreError(f"Batch {batch_id} is {status}; only a committed "
                             "batch can be rolled back.")
        own_ids = select(Observation.id).where(Observation.batch_id == batch_id)
        later = conn.execute(
            select(Observation.batch_id)
            .join(UploadBatch, UploadBatch.id == Observation.batch_id)
            .where(Observation.supersedes_id.in_(own_ids.scalar_subquery()))
            .where(Observation.batch_id != batch_id, UploadBatch.status == "committed")
        ).scalars().all()
        withdrawn = conn.execute(select(func.count()).select_from(Observation)
                                 .where(Observation.batch_id == batch_id)).scalar_one()
        if later:
            raise StoreError(
                f"Batch {batch_id} cannot be rolled back: batch {sorted(set(later))[0]} has "
                "since revised some of its figures. Roll back the later batch first.")
        keys = batch_keys(conn, batch_id)
        superseded = select(Observation.supersedes_id).where(
            Observation.batch_id == batch_id, Observation.supersedes_id.is_not(None))
        restored = len(conn.execute(superseded).all())
        conn.execute(update(Observation).where(Observation.batch_id == batch_id)
                     .values(is_current=False))
        conn.execute(update(Observation).where(Observation.id.in_(superseded.scalar_subquery()))
                     .values(is_current=True, superseded_at=None))
        now = utcnow()
        conn.execute(update(UploadBatch).where(UploadBatch.id == batch_id)
                     .values(status="rolled_back", rolled_back_at=now, rolled_back_by=user))
        audit.record(conn, user=user, action="batch-rollback", entity_type="upload_batch",
                     entity_id=str(batch_id), before={"status": "committed"},
                     after={"status": "rolled_back", "restored": restored,
                            "withdrawn": withdrawn})
        if after is not None:
            after(conn, keys)
    return keys


def batch_status(conn: Connection, batch_id: int) -> str | None:
    """The status of batch ``batch_id`` ("committed", "rolled_back"), or None if there is none."""
    return conn.execute(select(UploadBatch.status)
                        .where(UploadBatch.id == batch_id)).scalar_one_or_none()


def batch_keys(conn: Connection, batch_id: int) -> pd.DataFrame:
    """The natural keys of every observation batch ``batch_id`` wrote."""
    stmt = (select(Series.indicator_id, Area.code.label("area_code"),
                   Period.key.label("period_key"), Series.breakdown)
            .select_from(Observation)
            .join(Series, Series.id == Observation.series_id)
            .join(Area, Area.id == Observation.area_id)
            .join(Period, Period.id == Observation.period_id)
            .where(Observation.batch_id == batch_id))
    return pd.read_sql(stmt, conn)
