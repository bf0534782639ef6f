"""Stored scorecard definitions (``scorecard_definition``): every version kept, each audited.

A definition is identified by its partnership (an upper-tier LA code) and its first reporting
quarter; saving it again adds the next version and leaves the earlier ones as they were.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, func, insert, select

from store import audit
from store.models import ScorecardDefinitionVersion as Row

#: The audit action of a saved definition version.
SAVED = "scorecard-definition-saved"


@dataclass(frozen=True)
class StoredDefinition:
    """One stored version: its key, who saved it and when, and the TOML document."""

    id: int
    partnership_code: str
    first_quarter_key: str
    first_quarter_end: dt.date
    last_quarter_end: dt.date | None
    version: int
    title: str
    document: str
    source: str
    loaded_by: str
    loaded_at: dt.datetime


@dataclass(frozen=True)
class NewVersion:
    """What a new version holds (the caller has parsed and checked ``document``)."""

    partnership_code: str
    first_quarter_key: str
    first_quarter_end: dt.date
    last_quarter_end: dt.date | None
    title: str
    document: str
    source: str


def _columns() -> tuple[object, ...]:
    return (Row.id, Row.partnership_code, Row.first_quarter_key, Row.first_quarter_end,
            Row.last_quarter_end, Row.version, Row.title, Row.document, Row.source,
            Row.loaded_by, Row.loaded_at)


def save_version(conn: Connection, new: NewVersion, user: str) -> StoredDefinition:
    """Add ``new`` as the next version of its definition, and its audit entry, inside the
    caller's transaction."""
    latest = conn.execute(select(func.max(Row.version)).where(
        Row.partnership_code == new.partnership_code,
        Row.first_quarter_key == new.first_quarter_key)).scalar()
    version = (latest or 0) + 1
    result = conn.execute(insert(Row).values(
        partnership_code=new.partnership_code, first_quarter_key=new.first_quarter_key,
        first_quarter_end=new.first_quarter_end, last_quarter_end=new.last_quarter_end,
        version=version, title=new.title[:200], document=new.document,
        source=new.source[:300], loaded_by=user[:120]))
    row_id = int(result.inserted_primary_key[0]) if result.inserted_primary_key else 0
    audit.record(conn, user=user, action=SAVED, entity_type="scorecard_definition",
                 entity_id=f"{new.partnership_code} {new.first_quarter_key} v{version}",
                 after={"title": new.title, "source": new.source, "version": version},
                 detail=new.document)
    found = definition_by_id(conn, row_id)
    assert found is not None  # just inserted in this transaction
    return found


def definition_by_id(conn: Connection, definition_id: int) -> StoredDefinition | None:
    row = conn.execute(select(*_columns()).where(Row.id == definition_id)).first()  # type: ignore[call-overload]
    return None if row is None else StoredDefinition(*row)


def latest_versions(conn: Connection, partnership_code: str | None = None
                    ) -> list[StoredDefinition]:
    """The newest version of every definition (of one partnership), by first quarter."""
    newest = (select(Row.partnership_code, Row.first_quarter_key,
                     func.max(Row.version).label("version"))
              .group_by(Row.partnership_code, Row.first_quarter_key).subquery())
    stmt = select(*_columns()).join(newest, (Row.partnership_code == newest.c.partnership_code)  # type: ignore[call-overload]
                                    & (Row.first_quarter_key == newest.c.first_quarter_key)
                                    & (Row.version == newest.c.version))
    if partnership_code is not None:
        stmt = stmt.where(Row.partnership_code == partnership_code)
    stmt = stmt.order_by(Row.partnership_code, Row.first_quarter_end)
    return [StoredDefinition(*row) for row in conn.execute(stmt)]


def version_history(conn: Connection, partnership_code: str) -> list[StoredDefinition]:
    """Every stored version of a partnership's definitions, newest first."""
    stmt = (select(*_columns()).where(Row.partnership_code == partnership_code)  # type: ignore[call-overload]
            .order_by(Row.first_quarter_end.desc(), Row.version.desc()))
    return [StoredDefinition(*row) for row in conn.execute(stmt)]


def in_force(conn: Connection, partnership_code: str, quarter_end: dt.date
             ) -> StoredDefinition | None:
    """The newest version of the partnership's definition covering the quarter ending on
    ``quarter_end``; of several, the one whose plan years start latest."""
    covering = [d for d in latest_versions(conn, partnership_code)
                if d.first_quarter_end <= quarter_end
                and (d.last_quarter_end is None or quarter_end <= d.last_quarter_end)]
    return max(covering, key=lambda d: d.first_quarter_end, default=None)
