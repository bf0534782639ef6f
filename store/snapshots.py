"""Board snapshot rows: stored once, never updated; read whole, as summaries, or as payloads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, insert, select

from store.models import BoardSnapshot

#: The columns of a snapshot summary (everything but the content and files), in order.
SUMMARY_COLUMNS = ("id", "area_code", "period_key", "period_label", "meeting_date", "approver",
                   "created_at", "content_hash")


@dataclass(frozen=True)
class SnapshotRecord:
    """What a snapshot stores: the frozen content as JSON with its hash, and the files
    rendered from it when it was frozen."""

    area_code: str
    period_key: str
    period_label: str
    meeting_date: dt.date
    approver: str
    created_at: dt.datetime
    content_hash: str
    payload_json: str
    pdf_bytes: bytes | None
    xlsx_bytes: bytes | None


def insert_snapshot(conn: Connection, record: SnapshotRecord) -> int:
    """Store ``record`` (the approver's name cut to 120 characters); the new snapshot's id."""
    return int(conn.execute(insert(BoardSnapshot).values(
        area_code=record.area_code, period_key=record.period_key,
        period_label=record.period_label, meeting_date=record.meeting_date,
        approver=record.approver[:120], created_at=record.created_at,
        content_hash=record.content_hash, payload_json=record.payload_json,
        pdf_bytes=record.pdf_bytes, xlsx_bytes=record.xlsx_bytes)
        .returning(BoardSnapshot.id)).scalar_one())


def snapshot_row(conn: Connection, snapshot_id: int) -> Any | None:
    """The whole snapshot row ``snapshot_id`` (attributes named as the columns), or None."""
    return conn.execute(select(BoardSnapshot).where(BoardSnapshot.id == snapshot_id)).first()


def snapshot_summaries(conn: Connection, area_code: str | None = None,
                       period_key: str | None = None) -> pd.DataFrame:
    """Snapshots' :data:`SUMMARY_COLUMNS`, newest meeting first."""
    stmt = select(*(getattr(BoardSnapshot, c) for c in SUMMARY_COLUMNS))
    if area_code is not None:
        stmt = stmt.where(BoardSnapshot.area_code == area_code)
    if period_key is not None:
        stmt = stmt.where(BoardSnapshot.period_key == period_key)
    return pd.read_sql(stmt.order_by(BoardSnapshot.meeting_date.desc(),
                                     BoardSnapshot.id.desc()), conn)


def snapshot_payloads(conn: Connection, area_code: str
                      ) -> Iterator[tuple[int, dt.date, str]]:
    """``(id, meeting date, content JSON)`` of each snapshot of ``area_code``, oldest meeting
    first."""
    stmt = (select(BoardSnapshot.id, BoardSnapshot.meeting_date, BoardSnapshot.payload_json)
            .where(BoardSnapshot.area_code == area_code)
            .order_by(BoardSnapshot.meeting_date, BoardSnapshot.id))
    for snapshot_id, meeting, payload in conn.execute(stmt):
        yield int(snapshot_id), meeting, str(payload)
