"""A children's services partnership as data: the council, its sub-areas, groupings and words.

A partnership profile is a small TOML file (see ``demo/partnerships/`` for a worked example)
read by :func:`parse_profile`, which returns the profile and a validation report naming the
file, the table (the report's ``sheet``) and the key of every problem, in the style of the
spreadsheet loaders: bad input is reported, never raised.

::

    council = "E10000016"            # upper-tier LA code (required)
    name = "Kent"                    # display name (required)
    region = "E12000008"             # optional: the region the council reports under
    sub_area_label = "district"      # what the sub-areas are called: district, locality, ward
    sensitivity = "OFFICIAL"         # marking printed on pages and packs
    branding = "Kent Children and Young People's Partnership"
    neighbours = ["E10000030", ...]  # optional: overrides DfE's lists for every period

    [[sub_areas]]                    # optional for a county (the ONS lookup lists them)
    code = "E07000105"
    name = "Ashford"
    population = 27000               # optional: children aged 0-17

    [[groupings]]                    # optional groupings of sub-areas
    key = "footprints"               # the districts page's view name
    label = "Family hub footprints"
    type = "footprint"               # footprint or team
    [[groupings.areas]]
    code = "FH-N"
    name = "North"
    members = ["E07000105", "E07000106"]
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any, Final

import pandas as pd

from domain.reports import ValidationIssue, ValidationReport
from domain.vocabulary import AreaType, Severity

__all__ = ["GROUPING_TYPES", "SUB_AREA_LABELS", "GroupArea", "Grouping", "Partnership",
           "SubArea", "parse_profile", "profile_areas", "profile_from_dict", "profile_to_dict"]

#: What a partnership may call its sub-areas (the words pages use: "Kent's districts").
SUB_AREA_LABELS: Final = ("district", "locality", "ward")
#: Grouping ``type`` -> the area type its areas are stored as.
GROUPING_TYPES: Final[dict[str, AreaType]] = {"footprint": AreaType.FOOTPRINT,
                                              "team": AreaType.TEAM}
_CODE: Final = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,31}$")
_KEY: Final = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_LA_CODE: Final = re.compile(r"^E(06|08|09|10)\d{6}$")


@dataclass(frozen=True)
class SubArea:
    """One district, locality or ward of the partnership."""

    code: str
    name: str
    population: int | None = None


@dataclass(frozen=True)
class GroupArea:
    """One area of a grouping (a footprint, a team) and the sub-areas it covers."""

    code: str
    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Grouping:
    """A named way of grouping the sub-areas (e.g. five service footprints)."""

    key: str
    label: str
    type: str
    areas: tuple[GroupArea, ...]


@dataclass(frozen=True)
class Partnership:
    """A partnership profile: everything the product needs to know about one council."""

    council: str
    name: str
    region: str | None = None
    sub_area_label: str = "district"
    sensitivity: str = "OFFICIAL"
    branding: str = ""
    sub_areas: tuple[SubArea, ...] = ()
    groupings: tuple[Grouping, ...] = ()
    neighbours: tuple[str, ...] = field(default=())

    @property
    def possessive(self) -> str:
        """The name as owner ("Kent's"; "Greenwich's"), for page text."""
        return f"{self.name}'" if self.name.endswith("s") else f"{self.name}'s"


class _Checker:
    """Collects issues for one profile file while reading it (never raises)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.report = ValidationReport()

    def error(self, code: str, where: str, key: str, message: str, value: Any = "") -> None:
        self.report.add(ValidationIssue(code, Severity.ERROR, message, file=self.file,
                                        sheet=where, column=key, value=str(value)[:80]))

    def text(self, table: dict[str, Any], key: str, where: str, *, required: bool = False,
             default: str = "") -> str:
        value = table.get(key, None)
        if value is None:
            if required:
                self.error("missing-key", where, key, f"{where} needs {key} = \"...\"; add it.")
            return default
        if not isinstance(value, str) or not value.strip():
            self.error("not-text", where, key, f"{key} in {where} must be non-empty text "
                       "in quotes.", value)
            return default
        return value.strip()

    def code(self, table: dict[str, Any], key: str, where: str,
             pattern: re.Pattern[str] = _CODE) -> str:
        value = self.text(table, key, where, required=True).upper()
        if value and not pattern.match(value):
            self.error("bad-code", where, key, f"{key} {value!r} in {where} is not a valid "
                       "area code (letters, digits, '-' or '_', e.g. E07000105).", value)
        return value


def _sub_areas(check: _Checker, raw: Any) -> tuple[SubArea, ...]:
    if not isinstance(raw, list):
        check.error("not-a-list", "sub_areas", "sub_areas",
                    "sub_areas must be a list of [[sub_areas]] tables.")
        return ()
    found: list[SubArea] = []
    for number, item in enumerate(raw, start=1):
        where = f"sub_areas {number}"
        if not isinstance(item, dict):
            check.error("not-a-table", where, "", f"{where} must be a table with code and name.")
            continue
        population = item.get("population")
        if population is not None and (not isinstance(population, int) or population < 0):
            check.error("bad-population", where, "population", "population must be a whole "
                        "number of children, 0 or more.", population)
            population = None
        found.append(SubArea(check.code(item, "code", where),
                             check.text(item, "name", where, required=True), population))
    return tuple(found)


def _groupings(check: _Checker, raw: Any, sub_codes: set[str]) -> tuple[Grouping, ...]:
    if not isinstance(raw, list):
        check.error("not-a-list", "groupings", "groupings",
                    "groupings must be a list of [[groupings]] tables.")
        return ()
    found: list[Grouping] = []
    for number, item in enumerate(raw, start=1):
        where = f"groupings {number}"
        if not isinstance(item, dict):
            check.error("not-a-table", where, "", f"{where} must be a table.")
            continue
        key = check.text(item, "key", where, required=True)
        if key and not _KEY.match(key):
            check.error("bad-key", where, "key", "key must be lower-case letters, digits, "
                        "'-' or '_' (it appears in page addresses).", key)
        kind = check.text(item, "type", where, required=True)
        if kind and kind not in GROUPING_TYPES:
            check.error("bad-grouping-type", where, "type",
                        f"type must be one of {', '.join(GROUPING_TYPES)}.", kind)
        areas: list[GroupArea] = []
        for index, area in enumerate(item.get("areas") or [], start=1):
            place = f"{where} area {index}"
            members = area.get("members") if isinstance(area, dict) else None
            if not isinstance(area, dict) or not isinstance(members, list) or not members:
                check.error("bad-group-area", place, "members", f"{place} needs code, name and "
                            "a non-empty members list of sub-area codes.")
                continue
            unknown = [m for m in members if str(m).upper() not in sub_codes]
            if sub_codes and unknown:
                check.error("unknown-member", place, "members", f"{place} names sub-areas "
                            f"that are not in the profile: {unknown}; add them to sub_areas "
                            "or correct the codes.", unknown)
            areas.append(GroupArea(check.code(area, "code", place),
                                   check.text(area, "name", place, required=True),
                                   tuple(str(m).upper() for m in members)))
        if not areas:
            check.error("empty-grouping", where, "areas", f"{where} has no [[groupings.areas]].")
        found.append(Grouping(key, check.text(item, "label", where, required=True), kind,
                              tuple(areas)))
    return tuple(found)


def _unique(check: _Checker, codes: list[str], council: str) -> None:
    seen: set[str] = {council}
    for code in codes:
        if code in seen:
            check.error("duplicate-code", "profile", "code", f"Area code {code} is used more "
                        "than once (or is the council's own code); every code must be unique.",
                        code)
        seen.add(code)


def profile_from_dict(data: dict[str, Any], file: str = "") -> tuple[Partnership | None,
                                                                      ValidationReport]:
    """Read a profile from parsed TOML (or stored JSON); ``None`` when it has errors."""
    check = _Checker(file)
    council = check.code(data, "council", "profile", _LA_CODE)
    name = check.text(data, "name", "profile", required=True)
    region = data.get("region")
    label = check.text(data, "sub_area_label", "profile", default="district")
    if label not in SUB_AREA_LABELS:
        check.error("bad-sub-area-label", "profile", "sub_area_label",
                    f"sub_area_label must be one of {', '.join(SUB_AREA_LABELS)}.", label)
    subs = _sub_areas(check, data.get("sub_areas", []))
    groupings = _groupings(check, data.get("groupings", []), {s.code for s in subs})
    neighbours = data.get("neighbours", [])
    if not isinstance(neighbours, list) or not all(isinstance(n, str) for n in neighbours):
        check.error("bad-neighbours", "profile", "neighbours",
                    "neighbours must be a list of LA codes in quotes.", neighbours)
        neighbours = []
    _unique(check, [s.code for s in subs] + [a.code for g in groupings for a in g.areas],
            council)
    check.report.rows_read = 1
    if not check.report.valid:
        return None, check.report
    check.report.rows_valid = 1
    return Partnership(
        council=council, name=name,
        region=region.strip().upper() if isinstance(region, str) and region.strip() else None,
        sub_area_label=label, sensitivity=check.text(data, "sensitivity", "profile",
                                                     default="OFFICIAL"),
        branding=check.text(data, "branding", "profile"), sub_areas=subs, groupings=groupings,
        neighbours=tuple(n.strip().upper() for n in neighbours)), check.report


def parse_profile(text: str, file: str = "") -> tuple[Partnership | None, ValidationReport]:
    """Read a TOML profile; the report says what is wrong and where (file, table, key)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        report = ValidationReport(rows_read=1)
        report.add(ValidationIssue("not-toml", Severity.ERROR, f"The profile is not valid TOML "
                                   f"({error}); fix the line named.", file=file))
        return None, report
    return profile_from_dict(data, file)


def profile_to_dict(profile: Partnership) -> dict[str, Any]:
    """The profile as plain data (the inverse of :func:`profile_from_dict`), for storage."""
    return {
        "council": profile.council, "name": profile.name, "region": profile.region,
        "sub_area_label": profile.sub_area_label, "sensitivity": profile.sensitivity,
        "branding": profile.branding or None, "neighbours": list(profile.neighbours),
        "sub_areas": [{k: v for k, v in vars(s).items() if v is not None}
                      for s in profile.sub_areas],
        "groupings": [{"key": g.key, "label": g.label, "type": g.type,
                       "areas": [{"code": a.code, "name": a.name, "members": list(a.members)}
                                 for a in g.areas]} for g in profile.groupings],
    }


def profile_areas(profile: Partnership) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The areas and links a profile adds to the store's reference areas.

    Returns
    -------
    tuple of pandas.DataFrame
        Areas (``code``, ``name``, ``type``, ``parent_code``): each sub-area as a ``district``
        and each grouping's areas as a ``footprint`` or ``team``, all children of the council.
        Links (``parent_code``, ``child_code``, ``relationship``, ``model``):
        ``district_in_county`` from the council to each sub-area and
        ``district_in_<type>`` from each grouping area to its members.
    """
    areas = [{"code": s.code, "name": s.name, "type": AreaType.DISTRICT.value,
              "parent_code": profile.council} for s in profile.sub_areas]
    links = [{"parent_code": profile.council, "child_code": s.code,
              "relationship": "district_in_county", "model": ""} for s in profile.sub_areas]
    for grouping in profile.groupings:
        for area in grouping.areas:
            areas.append({"code": area.code, "name": area.name,
                          "type": GROUPING_TYPES[grouping.type].value,
                          "parent_code": profile.council})
            links.extend({"parent_code": area.code, "child_code": member,
                          "relationship": f"district_in_{grouping.type}", "model": ""}
                         for member in area.members)
    return (pd.DataFrame(areas, columns=["code", "name", "type", "parent_code"]),
            pd.DataFrame(links, columns=["parent_code", "child_code", "relationship", "model"]))
