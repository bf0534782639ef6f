"""Commentary rows: versions chained by ``supersedes_id``, approval stamps, and reading them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, insert, select, update

from store.models import Commentary, utcnow

#: The columns a commentary frame holds, in order.
COLUMNS = ("id", "indicator_id", "area_code", "period_key", "breakdown", "narrative",
           "action", "owner", "due_date", "author", "created_at", "approved_by",
           "approved_at", "supersedes_id")


@dataclass(frozen=True)
class CommentaryKey:
    """What a piece of commentary is about: one indicator, area, period and breakdown."""

    indicator_id: str
    area_code: str
    period_key: str
    breakdown: str = "all"


def current_version(conn: Connection, key: CommentaryKey) -> int | None:
    """The id of the newest version (not superseded) of the commentary on ``key``, if any."""
    superseded = select(Commentary.supersedes_id).where(Commentary.supersedes_id.is_not(None))
    return conn.execute(
        select(Commentary.id).where(
            Commentary.indicator_id == key.indicator_id,
            Commentary.area_code == key.area_code,
            Commentary.period_key == key.period_key,
            Commentary.breakdown == key.breakdown,
            Commentary.id.not_in(superseded))
        .order_by(Commentary.id.desc()).limit(1)).scalar_one_or_none()


def insert_version(conn: Connection, key: CommentaryKey, *, narrative: str, action: str,
                   owner: str, due_date: dt.date | None, author: str,
                   supersedes_id: int | None) -> int:
    """Store a new version of the commentary on ``key``; its id."""
    return int(conn.execute(insert(Commentary).values(
        indicator_id=key.indicator_id, area_code=key.area_code, period_key=key.period_key,
        breakdown=key.breakdown, narrative=narrative, action=action, owner=owner[:200],
        due_date=due_date, author=author[:120], supersedes_id=supersedes_id)
        .returning(Commentary.id)).scalar_one())


def get_version(conn: Connection, commentary_id: int) -> Any | None:
    """The commentary row ``commentary_id`` (attributes named as :data:`COLUMNS`), or None."""
    return conn.execute(select(Commentary).where(Commentary.id == commentary_id)).first()


def is_superseded(conn: Connection, commentary_id: int) -> bool:
    """Whether a newer version of ``commentary_id`` has been stored."""
    return conn.execute(select(Commentary.id).where(
        Commentary.supersedes_id == commentary_id)).first() is not None


def mark_approved(conn: Connection, commentary_id: int, approver: str) -> None:
    """Stamp ``commentary_id`` as approved by ``approver`` now."""
    conn.execute(update(Commentary).where(Commentary.id == commentary_id)
                 .values(approved_by=approver[:120], approved_at=utcnow()))


def commentary_frame(conn: Connection, area_code: str, period_key: str | None = None,
                     indicator_id: str | None = None) -> pd.DataFrame:
    """Every version of the commentary for an area (and period, indicator), newest first,
    with the columns :data:`COLUMNS`."""
    stmt = select(*(getattr(Commentary, c) for c in COLUMNS)).where(
        Commentary.area_code == area_code)
    if period_key is not None:
        stmt = stmt.where(Commentary.period_key == period_key)
    if indicator_id is not None:
        stmt = stmt.where(Commentary.indicator_id == indicator_id)
    return pd.read_sql(stmt.order_by(Commentary.id.desc()), conn)
