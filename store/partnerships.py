"""Stored partnership profiles (``partnership_profile``) and the areas they add.

A profile is stored as JSON, one row per version; the newest version of a council is in force.
Applying a profile upserts its sub-areas and groupings into ``area`` as children of the
council and replaces their links in ``area_relationship``; areas a newer version no longer
names are detached (their parent cleared) rather than deleted, so no stored figure loses its
area.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select, update

from store.models import Area, AreaRelationship, PartnershipProfile

#: The area types a profile owns under its council.
PROFILE_AREA_TYPES = ("district", "footprint", "team")
#: The relationships a profile owns (from the council or from one of its groupings).
PROFILE_LINKS = ("district_in_county", "district_in_footprint", "district_in_team")
#: The area type of a council with a partnership profile.
PARTNERSHIP_TYPE = "county"


@dataclass(frozen=True)
class StoredProfile:
    """One stored version of a profile."""

    council_code: str
    version: int
    name: str
    profile_json: str
    created_by: str
    created_at: Any


def save_profile(conn: Connection, council_code: str, name: str, profile_json: str,
                 created_by: str) -> int:
    """Add a version of the council's profile and return its number (1 for the first).

    Returns the current version unchanged when ``profile_json`` equals it (loading the same
    file twice changes nothing).
    """
    current = profile(conn, council_code)
    if current is not None and current.profile_json == profile_json:
        return current.version
    version = (current.version if current else 0) + 1
    conn.execute(insert(PartnershipProfile).values(
        council_code=council_code, version=version, name=name, profile_json=profile_json,
        created_by=created_by))
    return version


_COLUMNS = (PartnershipProfile.council_code, PartnershipProfile.version, PartnershipProfile.name,
            PartnershipProfile.profile_json, PartnershipProfile.created_by,
            PartnershipProfile.created_at)


def _stored(row: Any) -> StoredProfile:
    return StoredProfile(row.council_code, row.version, row.name, row.profile_json,
                         row.created_by, row.created_at)


def profile(conn: Connection, council_code: str,
            version: int | None = None) -> StoredProfile | None:
    """The council's profile in force (or the given version); None if there is none."""
    stmt = select(*_COLUMNS).where(PartnershipProfile.council_code == council_code)
    if version is not None:
        stmt = stmt.where(PartnershipProfile.version == version)
    row = conn.execute(stmt.order_by(PartnershipProfile.version.desc()).limit(1)).first()
    return _stored(row) if row is not None else None


def current_profiles(conn: Connection) -> list[StoredProfile]:
    """The profile in force of every partnership, in the order they were first stored."""
    latest = (select(PartnershipProfile.council_code,
                     func.max(PartnershipProfile.version).label("version"),
                     func.min(PartnershipProfile.id).label("first_id"))
              .group_by(PartnershipProfile.council_code).subquery())
    rows = conn.execute(
        select(*_COLUMNS)
        .join(latest, (PartnershipProfile.council_code == latest.c.council_code)
              & (PartnershipProfile.version == latest.c.version))
        .order_by(latest.c.first_id)).all()
    return [_stored(row) for row in rows]


def profile_versions(conn: Connection, council_code: str) -> pd.DataFrame:
    """Every version of the council's profile: version, name, created_by, created_at."""
    stmt = (select(PartnershipProfile.version, PartnershipProfile.name,
                   PartnershipProfile.created_by, PartnershipProfile.created_at)
            .where(PartnershipProfile.council_code == council_code)
            .order_by(PartnershipProfile.version))
    return pd.read_sql(stmt, conn)


def apply_profile_areas(conn: Connection, council_code: str, areas: pd.DataFrame,
                        links: pd.DataFrame) -> int:
    """Make ``areas`` (code, name, type, parent_code) and ``links`` the council's own.

    The council becomes a ``county`` (the type pages offer as a partnership); its previous
    sub-areas and groupings not in ``areas`` are detached. Returns the areas written.
    """
    conn.execute(update(Area).where(Area.code == council_code).values(type=PARTNERSHIP_TYPE))
    owned = select(Area.code).where(Area.parent_code == council_code,
                                    Area.type.in_(PROFILE_AREA_TYPES))
    conn.execute(delete(AreaRelationship).where(
        AreaRelationship.relationship.in_(PROFILE_LINKS),
        (AreaRelationship.parent_code == council_code)
        | AreaRelationship.parent_code.in_(owned)))
    keep = set(areas["code"])
    conn.execute(update(Area).where(Area.parent_code == council_code,
                                    Area.type.in_(PROFILE_AREA_TYPES),
                                    Area.code.not_in(keep) if keep else Area.code.is_not(None))
                 .values(parent_code=None))
    existing = set(conn.execute(select(Area.code).where(Area.code.in_(keep))).scalars())
    records = [{str(k): v for k, v in r.items()} for r in areas.to_dict("records")]
    new = [r for r in records if r["code"] not in existing]
    if new:
        conn.execute(insert(Area), new)
    for record in (r for r in records if r["code"] in existing):
        conn.execute(update(Area).where(Area.code == record["code"]).values(
            name=record["name"], type=record["type"], parent_code=record["parent_code"]))
    if len(links):
        conn.execute(insert(AreaRelationship),
                     [{str(k): v for k, v in r.items()} for r in links.to_dict("records")])
    return len(records)
