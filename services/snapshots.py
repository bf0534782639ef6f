"""Board snapshots: freeze the scorecard for a meeting, read it back, and spot restatements.

A snapshot stores the board-pack content exactly as it was shown (canonical JSON and its
SHA-256) with the PDF and workbook rendered at that moment. Its exports are rendered from the
frozen content, never from live data, so they are byte-identical whenever they are produced.
When a later upload revises a figure a snapshot showed, :func:`restatements` reports it for the
live scorecard's "restated since the <date> Board" marker.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select

from domain.errors import NotFoundError
from domain.periods import Period
from exports.content import BoardContent
from exports.csv import csv_bytes
from exports.pdf import render_pdf
from exports.snapshots import frozen_content
from exports.xlsx import build_workbook
from services.exports import content_csv_header, exception_charts, live_content
from settings import Settings
from store.engine import make_engine
from store.models import AuditLog, BoardSnapshot, utcnow

RESTATEMENT_COLUMNS = ("indicator_id", "column", "period_label", "meeting_date", "snapshot_id",
                       "old_value", "new_value", "decimals", "value_type")
SUMMARY_COLUMNS = ("id", "area_code", "period_key", "period_label", "meeting_date", "approver",
                   "created_at", "content_hash")


@dataclass(frozen=True)
class Snapshot:
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
    if file_format == "pdf":
        return render_pdf(content, exception_charts(content), content_hash).data
    if file_format == "xlsx":
        return build_workbook(content, content_hash)
    if file_format == "csv":
        from exports.tables import csv_frame
        return csv_bytes(csv_frame(content), content_csv_header(content, content_hash))
    raise ValueError(f"file_format must be pdf, xlsx or csv, not {file_format!r}.")


def create_snapshot(engine: Engine, settings: Settings, area_code: str, quarter: Period,
                    meeting_date: dt.date, approver: str,
                    created_at: dt.datetime | None = None) -> Snapshot:
    """Freeze the live scorecard of ``area_code`` for ``quarter`` for a Board meeting."""
    stamp = (created_at or utcnow()).replace(microsecond=0)
    with engine.connect() as conn:
        live = live_content(conn, settings, area_code, quarter, produced=stamp)
    content = frozen_content(live, meeting_date=meeting_date, approver=approver,
                             created_at=stamp)
    digest = content.content_hash()
    pdf = render_snapshot(content, digest, "pdf")
    xlsx = render_snapshot(content, digest, "xlsx")
    with engine.begin() as conn:
        snapshot_id = int(conn.execute(insert(BoardSnapshot).values(
            area_code=area_code, period_key=quarter.key, period_label=quarter.label,
            meeting_date=meeting_date, approver=approver[:120], created_at=stamp,
            content_hash=digest, payload_json=content.to_json(), pdf_bytes=pdf,
            xlsx_bytes=xlsx).returning(BoardSnapshot.id)).scalar_one())
        conn.execute(insert(AuditLog).values(
            user=approver[:120], action="snapshot-create", entity_type="board_snapshot",
            entity_id=str(snapshot_id),
            after_json=json.dumps({"area": area_code, "period": quarter.label,
                                   "meeting": meeting_date.isoformat(), "hash": digest,
                                   "batches": list(content.meta.batch_ids)})))
    return Snapshot(snapshot_id, area_code, quarter.key, meeting_date, approver, stamp, digest,
                    content, pdf, xlsx)


def get_snapshot(conn: Connection, snapshot_id: int) -> Snapshot:
    row = conn.execute(select(BoardSnapshot).where(BoardSnapshot.id == snapshot_id)).first()
    if row is None:
        raise NotFoundError(f"There is no Board snapshot {snapshot_id}.")
    item = row
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
    stmt = select(*(getattr(BoardSnapshot, c) for c in SUMMARY_COLUMNS))
    if area_code is not None:
        stmt = stmt.where(BoardSnapshot.area_code == area_code)
    if period_key is not None:
        stmt = stmt.where(BoardSnapshot.period_key == period_key)
    return pd.read_sql(stmt.order_by(BoardSnapshot.meeting_date.desc(),
                                     BoardSnapshot.id.desc()), conn)


def _figures(content: BoardContent) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for row in content.rows:
        for label, value in ((row.get("period_label"), row.get("value")),
                             (row.get("previous_period"), row.get("previous_value"))):
            if label and value is not None:
                out.append({"indicator_id": row["indicator_id"], "period_label": label,
                            "old_value": value, "decimals": row.get("decimals"),
                            "value_type": row.get("value_type")})
    return out


def frozen_figures(conn: Connection, area_code: str, before: dt.date | None = None
                   ) -> pd.DataFrame:
    """Every figure the area's snapshots showed, from the latest meeting that showed it."""
    stmt = (select(BoardSnapshot.id, BoardSnapshot.meeting_date, BoardSnapshot.payload_json)
            .where(BoardSnapshot.area_code == area_code)
            .order_by(BoardSnapshot.meeting_date, BoardSnapshot.id))
    records = []
    for snapshot_id, meeting, payload in conn.execute(stmt):
        if before is not None and meeting > before:
            continue
        for figure in _figures(BoardContent.from_json(payload)):
            records.append({**figure, "snapshot_id": snapshot_id,
                            "meeting_date": meeting})
    frame = pd.DataFrame(records, columns=["indicator_id", "period_label", "old_value",
                                           "decimals", "value_type", "snapshot_id",
                                           "meeting_date"])
    return frame.drop_duplicates(["indicator_id", "period_label"], keep="last")


def restatements(conn: Connection, area_code: str, quarter: Period,
                 table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Live scorecard figures that differ from what a Board snapshot showed.

    Columns :data:`RESTATEMENT_COLUMNS`; ``column`` is "current" or "previous" (which cell of
    the live scorecard row), values compared at the catalogue's decimals. Pass the live
    scorecard ``table`` when it is already built.
    """
    frozen = frozen_figures(conn, area_code)
    if frozen.empty:
        return pd.DataFrame(columns=list(RESTATEMENT_COLUMNS))
    if table is None:
        from services.scorecard import scorecard_view
        table = scorecard_view(conn, area_code, quarter).table
    live = []
    for row in table.to_dict("records"):
        for column, label, value in (("current", row.get("period_label"), row.get("value")),
                                     ("previous", row.get("previous_period"),
                                      row.get("previous_value"))):
            if isinstance(label, str) and label and not pd.isna(value):
                live.append({"indicator_id": row["indicator_id"], "column": column,
                             "period_label": label, "new_value": float(value)})
    merged = pd.DataFrame(live, columns=["indicator_id", "column", "period_label", "new_value"]
                          ).merge(frozen, on=["indicator_id", "period_label"], how="inner")
    if merged.empty:
        return pd.DataFrame(columns=list(RESTATEMENT_COLUMNS))
    places = merged["decimals"].fillna(1).astype(int)
    old = [round(float(v), p) for v, p in zip(merged["old_value"], places, strict=True)]
    new = [round(float(v), p) for v, p in zip(merged["new_value"], places, strict=True)]
    changed = merged[[a != b for a, b in zip(old, new, strict=True)]]
    return changed.loc[:, list(RESTATEMENT_COLUMNS)].reset_index(drop=True)


def write_snapshot_export(settings: Settings, snapshot_id: int, file_format: str,
                          out: Path) -> Path:
    """``scorecard export --snapshot ID``: write the frozen export to ``out``."""
    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            data = snapshot_export(conn, snapshot_id, file_format)
    finally:
        engine.dispose()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out
