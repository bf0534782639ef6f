"""Stored areas (``area``) by kind: what a district is, which districts and areas there are."""

from __future__ import annotations

from sqlalchemy import Connection, select

from store.models import CURRENT_FIGURE, Area, Observation, PartnershipProfile

DISTRICT = "district"
#: The area types of a council (an upper-tier local authority).
COUNCIL_TYPES = ("county", "other_la")


def area_type(conn: Connection, code: str) -> str | None:
    """The kind of the area ``code`` ("district", "county", ...), or None if not stored."""
    return conn.execute(select(Area.type).where(Area.code == code)).scalar()


def area_codes(conn: Connection) -> frozenset[str]:
    """The code of every stored area."""
    return frozenset(conn.execute(select(Area.code)).scalars())


def district_codes(conn: Connection) -> frozenset[str]:
    """The code of every stored district."""
    return frozenset(conn.execute(select(Area.code).where(Area.type == DISTRICT)).scalars())


def districts(conn: Connection) -> list[tuple[str, str]]:
    """(code, name) of every stored district, by name."""
    rows = conn.execute(select(Area.code, Area.name).where(Area.type == DISTRICT)
                        .order_by(Area.name)).all()
    return [(row.code, row.name) for row in rows]


def county_of(conn: Connection, code: str) -> str | None:
    """The upper-tier area a district belongs to; None for any other area."""
    return conn.execute(select(Area.parent_code).where(Area.code == code,
                                                       Area.type == DISTRICT)).scalar()


def partnership_areas(conn: Connection) -> dict[str, str]:
    """Every area belonging to a partnership -> its council's code: each council (a
    ``county``, or any council with a stored profile) itself, and the districts, footprints
    and teams under it."""
    councils = set(conn.execute(select(Area.code).where(Area.type == "county")).scalars())
    councils |= set(conn.execute(select(PartnershipProfile.council_code)).scalars())
    owned = conn.execute(select(Area.code, Area.parent_code).where(
        Area.type.in_(["district", "footprint", "team"]),
        Area.parent_code.in_(sorted(councils)))).all()
    return {**{code: code for code in councils}, **{row.code: row.parent_code for row in owned}}


def councils_with_figures(conn: Connection) -> frozenset[str]:
    """The code of every council (county or other local authority) holding a current figure."""
    held = select(Observation.id).where(Observation.area_id == Area.id,
                                        CURRENT_FIGURE).exists()
    return frozenset(conn.execute(select(Area.code).where(
        Area.type.in_(COUNCIL_TYPES), held)).scalars())
