"""Partnership profiles: load one from a file, store it as a new version, read them back.

A profile (:mod:`domain.partnerships`) names the council a partnership serves, its sub-areas
and groupings, and the words pages use. Storing one adds a version
(:mod:`store.partnerships`) and makes its sub-areas and groupings areas of the store in the
same transaction, so a profile is either wholly in force or not at all. Reference data
reloads (``scorecard init-db``) re-apply every profile in force.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from domain.errors import NotFoundError, ScorecardError
from domain.partnerships import (
    Partnership,
    parse_profile,
    profile_areas,
    profile_from_dict,
    profile_to_dict,
)
from domain.reports import ValidationIssue, ValidationReport
from domain.vocabulary import Severity
from store import partnerships as stored
from store import queries
from store.areas import COUNCIL_TYPES as LA_TYPES
from store.areas import area_type, councils_with_figures, county_of
from store.engine import Connection, Engine

#: The area types that may be the council of a partnership (an upper-tier LA).
COUNCIL_TYPES = frozenset(LA_TYPES)
#: The types of the areas a partnership's profile adds under its council.
_SUB_AREA_TYPES = ("district", "footprint")


class ReadOnlyAreaError(ScorecardError):
    """A change (commentary, a Board snapshot) about a council outside every partnership."""


@dataclass(frozen=True)
class ProfileResult:
    """What storing a profile did: the profile, its version (None if refused), the report."""

    profile: Partnership | None
    version: int | None
    report: ValidationReport


def _decode(record: stored.StoredProfile) -> Partnership:
    profile, report = profile_from_dict(json.loads(record.profile_json),
                                        f"stored profile {record.council_code} "
                                        f"v{record.version}")
    if profile is None:  # stored profiles were checked on the way in
        raise NotFoundError(f"The stored profile of {record.council_code} cannot be read: "
                            f"{report.errors[0].message}")
    return profile


def _unknown_members(conn: Connection, profile: Partnership, file: str) -> list[ValidationIssue]:
    issues = []
    if area_type(conn, profile.council) not in COUNCIL_TYPES:
        issues.append(ValidationIssue(
            "unknown-council", Severity.ERROR, f"{profile.council} is not an upper-tier "
            "council in the store; use its ONS code (e.g. E10000016) and run "
            "`scorecard init-db` first.", file=file, sheet="profile", column="council",
            value=profile.council))
    return issues


def save_partnership(engine: Engine, profile: Partnership, user: str,
                     file: str = "") -> ProfileResult:
    """Store ``profile`` as the council's newest version and apply its areas (one transaction)."""
    report = ValidationReport(rows_read=1)
    with engine.begin() as conn:
        report.extend(_unknown_members(conn, profile, file))
        if not report.valid:
            return ProfileResult(profile, None, report)
        version = stored.save_profile(conn, profile.council, profile.name,
                                      json.dumps(profile_to_dict(profile), sort_keys=True),
                                      user)
        areas, links = profile_areas(profile)
        stored.apply_profile_areas(conn, profile.council, areas, links)
    report.rows_valid = 1
    return ProfileResult(profile, version, report)


def load_profile_file(engine: Engine, path: Path, user: str) -> ProfileResult:
    """Read, check and store the TOML profile at ``path``; a report, never a raise, for bad data."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        report = ValidationReport(rows_read=0)
        report.add(ValidationIssue("unreadable-file", Severity.ERROR, f"Cannot read the "
                                   f"profile ({error}); give a UTF-8 TOML file.",
                                   file=path.name))
        return ProfileResult(None, None, report)
    profile, report = parse_profile(text, path.name)
    if profile is None:
        return ProfileResult(None, None, report)
    return save_partnership(engine, profile, user, path.name)


def reapply_profiles(engine: Engine) -> int:
    """Re-apply the areas of every profile in force (after reference data is reloaded)."""
    with engine.begin() as conn:
        records = stored.current_profiles(conn)
        for record in records:
            profile = _decode(record)
            areas, links = profile_areas(profile)
            stored.apply_profile_areas(conn, profile.council, areas, links)
    return len(records)


def partnerships(conn: Connection) -> list[Partnership]:
    """Every partnership's profile in force, in the order they were first stored."""
    return [_decode(record) for record in stored.current_profiles(conn)]


def partnership(conn: Connection, council_code: str) -> Partnership:
    """The profile in force of the council ``council_code``; NotFoundError if it has none."""
    record = stored.profile(conn, council_code)
    if record is None:
        raise NotFoundError(f"There is no partnership for {council_code!r}; load a profile "
                            "with `scorecard partnership load FILE` or make one with "
                            "`scorecard partnership init LA_CODE`.")
    return _decode(record)


def partnership_of(conn: Connection, area_code: str) -> Partnership | None:
    """The partnership an area belongs to: its own (a council) or its council's (a sub-area
    or grouping); None for an area outside every partnership."""
    for profile in partnerships(conn):
        owned = {profile.council, *(s.code for s in profile.sub_areas),
                 *(a.code for g in profile.groupings for a in g.areas)}
        if area_code in owned:
            return profile
    return None


def partnership_code(conn: Connection, area_code: str) -> str:
    """The code (its council's) of the partnership whose Board definition and pages serve
    ``area_code``: :func:`partnership_of` for the council and every district, footprint or
    team of its profile; otherwise a district's county, or the area's own code."""
    profile = partnership_of(conn, area_code)
    if profile is not None:
        return profile.council
    county = county_of(conn, area_code)
    return county if county is not None else area_code


def default_area(conn: Connection) -> str | None:
    """The area shown when none is named: the council of the first partnership stored."""
    records = stored.current_profiles(conn)
    return records[0].council_code if records else None


def council_for(conn: Connection, area_code: str | None = None) -> Partnership | None:
    """The partnership a page about ``area_code`` belongs to: the area's own partnership, else
    the first stored (a page about England or another council shows the first's districts);
    None when the store has no partnership."""
    found = partnership_of(conn, area_code) if area_code else None
    if found is not None:
        return found
    listed = partnerships(conn)
    return listed[0] if listed else None


def picker_areas(conn: Connection) -> pd.DataFrame:
    """The areas pages show and the area pickers offer (``store.queries.areas`` columns).

    Every partnership's council, whatever its type, and the districts (localities, wards)
    and footprints under it; every council outside the partnerships that holds figures (a
    neighbour a Board compares with, shown read-only); and districts and footprints that
    belong to no partnership (e.g. those a profile no longer lists).
    """
    councils = {profile.council for profile in partnerships(conn)}
    rows = queries.areas(conn, types=[*LA_TYPES, *_SUB_AREA_TYPES])
    is_sub_area = rows["type"].isin(_SUB_AREA_TYPES)
    shown = rows["code"].isin(councils) | is_sub_area | (
        rows["type"].isin(LA_TYPES) & rows["code"].isin(councils_with_figures(conn)))
    return rows[shown].reset_index(drop=True)


def outside_partnerships(councils: Collection[str], area_code: str, kind: str | None) -> bool:
    """Whether ``area_code``, an area of type ``kind``, is a council outside every partnership
    (``councils`` names their councils); never so in a store without partnerships."""
    return bool(councils) and area_code not in councils and kind in COUNCIL_TYPES


def require_partnership_area(conn: Connection, area_code: str,
                             refused: str = "commentary or Board snapshots") -> None:
    """Refuse (:class:`ReadOnlyAreaError`, saying it comes ``without`` what is ``refused``) a
    change or a Board pack about a council outside every partnership of a store that holds
    partnerships: its figures are shown for comparison only."""
    councils = {record.council_code for record in stored.current_profiles(conn)}
    if outside_partnerships(councils, area_code, area_type(conn, area_code)):
        raise ReadOnlyAreaError(f"{area_code} is in no partnership here: its figures are "
                                f"shown for comparison only, without {refused}. Choose a "
                                "partnership's council or one of its areas.")
