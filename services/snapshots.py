"""Board snapshots: freeze the scorecard for a meeting and read it back.

A snapshot stores the board-pack content exactly as it was shown (canonical JSON and its
SHA-256) with the PDF and workbook rendered at that moment. Its exports are rendered from the
frozen content, never from live data, so they are byte-identical whenever they are produced.
Figures revised since a snapshot are reported by :mod:`services.restatements`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from domain.errors import NotFoundError
from domain.periods import Period
from exports.content import BoardContent
from exports.snapshots import frozen_content
from services.export_formats import render
from services.exports import live_content
from services.partnerships import require_partnership_area
from settings import Settings
from store import audit
from store import snapshots as stored
from store.engine import Connection, Engine, open_engine
from store.models import utcnow
from store.snapshots import SUMMARY_COLUMNS, SnapshotRecord

__all__ = ["SUMMARY_COLUMNS", "Snapshot", "create_snapshot", "get_snapshot", "list_snapshots",
           "render_snapshot", "snapshot_data", "snapshot_export", "write_snapshot_export"]


@dataclass(frozen=True)
class Snapshot:
    """A Board snapshot: the frozen content with its hash, and the files as circulated."""

    id: int
    area_code: str
    period_key: str
    meeting_date: dt.date
    approver: str
    created_at: dt.datetime
    content_hash: str
    content: BoardContent
    pdf: bytes | None
    xlsx: bytes | None


def render_snapshot(content: BoardContent, content_hash: str, file_format: str) -> bytes:
    """One export of frozen content; the same content always gives the same bytes."""
    return render(content, file_format, content_hash).data


def create_snapshot(engine: Engine, settings: Settings, area_code: str, quarter: Period,
                    meeting_date: dt.date, approver: str,
                    created_at: dt.datetime | None = None) -> Snapshot:
    """Freeze the live scorecard of ``area_code`` for ``quarter`` for a Board meeting."""
    stamp = (created_at or utcnow()).replace(microsecond=0)
    with engine.connect() as conn:
        require_partnership_area(conn, area_code)
        live = live_content(conn, settings, area_code, quarter, produced=stamp)
    content = frozen_content(live, meeting_date=meeting_date, approver=approver,
                             created_at=stamp)
    digest = content.content_hash()
    pdf = render_snapshot(content, digest, "pdf")
    xlsx = render_snapshot(content, digest, "xlsx")
    record = SnapshotRecord(area_code, quarter.key, quarter.label, meeting_date, approver,
                            stamp, digest, content.to_json(), pdf, xlsx)
    with engine.begin() as conn:
        snapshot_id = stored.insert_snapshot(conn, record)
        audit.record(conn, user=approver, action="snapshot-create",
                     entity_type="board_snapshot", entity_id=str(snapshot_id),
                     after={"area": area_code, "period": quarter.label,
                            "meeting": meeting_date.isoformat(), "hash": digest,
                            "batches": list(content.meta.batch_ids)})
    return Snapshot(snapshot_id, area_code, quarter.key, meeting_date, approver, stamp, digest,
                    content, pdf, xlsx)


def get_snapshot(conn: Connection, snapshot_id: int) -> Snapshot:
    """The snapshot ``snapshot_id`` with its frozen content and files; raises
    :class:`NotFoundError` when there is none."""
    item = stored.snapshot_row(conn, snapshot_id)
    if item is None:
        raise NotFoundError(f"There is no Board snapshot {snapshot_id}.")
    return Snapshot(item.id, item.area_code, item.period_key, item.meeting_date, item.approver,
                    item.created_at, item.content_hash,
                    BoardContent.from_json(item.payload_json), item.pdf_bytes, item.xlsx_bytes)


def snapshot_export(conn: Connection, snapshot_id: int, file_format: str) -> bytes:
    """The snapshot's PDF or workbook as circulated, or its CSV, rendered from frozen content."""
    snapshot = get_snapshot(conn, snapshot_id)
    stored = {"pdf": snapshot.pdf, "xlsx": snapshot.xlsx}.get(file_format)
    if stored is not None:
        return bytes(stored)
    return render_snapshot(snapshot.content, snapshot.content_hash, file_format)


def list_snapshots(conn: Connection, area_code: str | None = None,
                   period_key: str | None = None) -> pd.DataFrame:
    """Snapshots (without their content), newest meeting first."""
    return stored.snapshot_summaries(conn, area_code, period_key)


def snapshot_data(settings: Settings, snapshot_id: int, file_format: str) -> bytes:
    """``scorecard export --snapshot ID`` without ``--out``: the frozen export's bytes."""
    with open_engine(settings) as engine, engine.connect() as conn:
        return snapshot_export(conn, snapshot_id, file_format)


def write_snapshot_export(settings: Settings, snapshot_id: int, file_format: str,
                          out: Path) -> Path:
    """``scorecard export --snapshot ID --out FILE``: write the frozen export to ``out``."""
    data = snapshot_data(settings, snapshot_id, file_format)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out
