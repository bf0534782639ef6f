"""The ``catalogue_entry`` table: indicators a site added to the catalogue and mappings it set.

Entries are versioned: saving one for an indicator inserts the next version and marks the
earlier ones not current, in one transaction with its audit entry, so the history of every
change stays.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, func, insert, select, update

from domain.catalogue import Indicator
from store.audit import record
from store.models import CatalogueEntry
from store.reference import upsert_indicators


@dataclass(frozen=True)
class Entry:
    """One current entry: an ``add`` (every catalogue cell) or a ``map`` (mapping cells)."""

    indicator_id: str
    kind: str
    cells: dict[str, str]
    version: int
    created_by: str


def current_entries(conn: Connection) -> list[Entry]:
    """The current entry of every indicator, oldest first (adds before the maps on them)."""
    rows = conn.execute(
        select(CatalogueEntry.indicator_id, CatalogueEntry.kind, CatalogueEntry.cells_json,
               CatalogueEntry.version, CatalogueEntry.created_by)
        .where(CatalogueEntry.is_current.is_(True)).order_by(CatalogueEntry.id))
    return [Entry(r.indicator_id, r.kind, json.loads(r.cells_json), r.version, r.created_by)
            for r in rows]


def save_entry(engine: Engine, indicator_id: str, kind: str, cells: dict[str, str],
               user: str, indicator: Indicator) -> int:
    """Record ``cells`` as the indicator's current ``kind`` entry and ``indicator`` (as the
    merged catalogue reads it) in the store's indicator table, in one transaction; the new
    version number."""
    with engine.begin() as conn:
        upsert_indicators(conn, [indicator])
        latest = conn.execute(select(func.max(CatalogueEntry.version)).where(
            CatalogueEntry.indicator_id == indicator_id,
            CatalogueEntry.kind == kind)).scalar()
        before = conn.execute(select(CatalogueEntry.cells_json).where(
            CatalogueEntry.indicator_id == indicator_id, CatalogueEntry.kind == kind,
            CatalogueEntry.is_current.is_(True))).scalar()
        record(conn, user=user, action=f"catalogue-{kind}", entity_type="indicator",
               entity_id=indicator_id, before=json.loads(before) if before else None,
               after=cells)
        conn.execute(update(CatalogueEntry).where(
            CatalogueEntry.indicator_id == indicator_id, CatalogueEntry.kind == kind,
            CatalogueEntry.is_current.is_(True)).values(is_current=False))
        version = int(latest or 0) + 1
        conn.execute(insert(CatalogueEntry).values(
            indicator_id=indicator_id, kind=kind, cells_json=json.dumps(cells, sort_keys=True),
            version=version, is_current=True, created_by=user))
    return version
