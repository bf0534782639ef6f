"""``scorecard partnership init``: a working partnership for any council from shipped public data.

One command builds, for an upper-tier council (any of the 153):

1. its profile: name and region from the LA register, its districts from the ONS hierarchy
   when it is a county council (:func:`domain.areas.county_districts`, with mid-2023 populations
   aged 0-17), none for a unitary, metropolitan or London council, whose localities or wards a
   list loads later (:func:`load_sub_areas`);
2. every DfE LAIT headline figure the catalogue maps for the council, its region, England and
   its statistical neighbours under both DfE models, extracted from the shipped
   ``lait_bds_csc_headline_by_la.csv`` and loaded through the normal upload checks as one batch,
   so ``scorecard rollback BATCH`` takes it out again.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

import pandas as pd

from domain.areas import ENGLAND, county_districts
from domain.errors import NotFoundError
from domain.partnerships import Partnership, SubArea
from domain.reports import ValidationIssue, ValidationReport
from domain.vocabulary import Severity
from services.catalogue import catalogue
from services.partnerships import ProfileResult, partnership, save_partnership
from services.uploads import UploadOutcome, commit_upload, file_digest
from settings import Settings
from store import queries
from store.batches import find_committed_batch
from store.engine import Engine

#: The shipped DfE LAIT extract (every LA, region and England).
LAIT_FILE: Final = "lait_bds_csc_headline_by_la.csv"
#: Why the warnings a published extract raises are accepted (jumps between years, small counts).
PUBLISHED_REASON: Final = (
    "Figures as published by DfE in the Local Authority Interactive Tool; the warnings describe "
    "the published series (changes between years, small counts), which the partnership loads "
    "as published.")
#: The area types a partnership's council may have: an upper-tier LA.
_COUNCIL_TYPES: Final = frozenset({"county", "other_la"})


@dataclass(frozen=True)
class InitResult:
    """What ``partnership init`` did: the profile stored and the figures' batch."""

    profile: ProfileResult
    figures: UploadOutcome | None
    #: The batch already holding the same extract, when it was loaded before.
    skipped_batch: int | None = None
    areas_with_figures: int = 0


def starting_profile(engine: Engine, settings: Settings, council: str) -> Partnership:
    """The profile a council's partnership starts from (see the module's description).

    Raises
    ------
    NotFoundError
        If ``council`` is not a live upper-tier council in the store.
    """
    with engine.connect() as conn:
        areas = queries.areas(conn).set_index("code")
    if council not in areas.index or areas.loc[council, "type"] not in _COUNCIL_TYPES:
        raise NotFoundError(f"{council!r} is not an upper-tier council in the store; give its "
                            "ONS code (E06, E08, E09 or E10 followed by six digits, e.g. "
                            "E10000016 for Kent) after `scorecard init-db`.")
    name = str(areas.loc[council, "name"])
    region = areas.loc[council, "parent_code"]
    districts = county_districts(settings.shared_data, council)
    return Partnership(
        council=council, name=name, region=str(region) if isinstance(region, str) else None,
        sub_area_label="district",
        branding=f"{name} Children and Young People's Partnership",
        sub_areas=tuple(SubArea(str(code), str(district), int(population))
                        for code, district, population in zip(
                            districts["code"], districts["name"],
                            districts["population_0_17"], strict=True)))


def comparator_numbers(engine: Engine, profile: Partnership) -> dict[str, str]:
    """DfE LA numbers (as LAIT gives them) -> area code, of the council, its region, England
    and its neighbours (the profile's own list, else both DfE models')."""
    with engine.connect() as conn:
        areas = queries.areas(conn).set_index("code")
        if profile.neighbours:
            neighbours = list(profile.neighbours)
        else:
            links = queries.relationships(conn, relationship="statistical_neighbour",
                                          parent_codes=[profile.council])
            neighbours = list(links["child_code"])
    wanted = [profile.council, profile.region or "", ENGLAND, *neighbours]
    return {str(areas.loc[code, "dfe_la_number"]): code for code in dict.fromkeys(wanted)
            if code in areas.index and isinstance(areas.loc[code, "dfe_la_number"], str)}


def lait_extract(settings: Settings, numbers: set[str], out: Path) -> int:
    """Copy the LAIT rows of ``numbers`` for the catalogue's measures to ``out`` (unchanged
    lines of the shipped file, so the upload reads them as it reads LAIT's own download);
    returns the rows written."""
    measures = {ind.lait_measure for ind in catalogue().values() if ind.lait_measure}
    lait = pd.read_csv(settings.shared_data / LAIT_FILE, dtype=str, keep_default_na=False)
    keep = lait["LA Number"].str.strip().isin(numbers) & lait["Short Desc"].str.strip().isin(
        measures)
    out.parent.mkdir(parents=True, exist_ok=True)
    lait[keep].to_csv(out, index=False, quoting=csv.QUOTE_MINIMAL)
    return int(keep.sum())


def init_partnership(engine: Engine, settings: Settings, council: str,
                     user: str = "cli") -> InitResult:
    """Store the council's starting profile and load its published figures (one batch).

    Running it again stores no new profile version (unless the profile was changed since, in
    which case the changed one is kept) and skips an extract already loaded.
    """
    council = council.strip().upper()
    try:
        with engine.connect() as conn:
            profile = partnership(conn, council)
    except NotFoundError:
        profile = starting_profile(engine, settings, council)
    stored = save_partnership(engine, profile, user)
    if stored.version is None:
        return InitResult(stored, None)
    numbers = comparator_numbers(engine, profile)
    path = settings.upload_dir / f"lait_{council}.csv"
    rows = lait_extract(settings, set(numbers), path)
    if not rows:
        return InitResult(stored, None)
    with engine.connect() as conn:
        batch = find_committed_batch(conn, file_digest(path)[0])
    if batch is not None:
        return InitResult(stored, None, batch, len(numbers))
    outcome = commit_upload(engine, settings, path, user=user,
                            acknowledged_reason=PUBLISHED_REASON,
                            note=f"`scorecard partnership init {council}`: the DfE LAIT "
                                 "headline figures of the council and its comparators.")
    return InitResult(stored, outcome, None, len(numbers))


def read_sub_areas(path: Path) -> tuple[tuple[SubArea, ...], ValidationReport]:
    """Sub-areas from a CSV with columns ``code``, ``name`` and optionally ``population``;
    the report names the file, row and column of every problem."""
    report = ValidationReport()
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        report.add(ValidationIssue("unreadable-file", Severity.ERROR, f"Cannot read the list "
                                   f"({error}); give a CSV with columns code, name and "
                                   "optionally population.", file=path.name))
        return (), report
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    for column in ("code", "name"):
        if column not in frame.columns:
            report.add(ValidationIssue("missing-column", Severity.ERROR, f"The list has no "
                                       f"{column!r} column; its header must read code,name"
                                       "[,population].", file=path.name, row=1, column=column))
    if not report.valid:
        return (), report
    found: list[SubArea] = []
    for number, row in enumerate(frame.to_dict("records"), start=2):
        code, name = str(row["code"]).strip().upper(), str(row["name"]).strip()
        text = str(row.get("population", "") or "").strip().replace(",", "")
        if not code or not name:
            report.add(ValidationIssue("missing-value", Severity.ERROR, "Each row needs a code "
                                       "and a name.", file=path.name, row=number,
                                       column="code" if not code else "name"))
            continue
        if text and not text.isdigit():
            report.add(ValidationIssue("bad-population", Severity.ERROR, "population must be a "
                                       "whole number of children aged 0-17 (or blank).",
                                       file=path.name, row=number, column="population",
                                       value=text[:40]))
            continue
        found.append(SubArea(code, name, int(text) if text else None))
    report.rows_read = len(frame)
    report.rows_valid = len(found)
    return tuple(found), report


def load_sub_areas(engine: Engine, council: str, path: Path, user: str = "cli") -> ProfileResult:
    """Replace the sub-areas of ``council``'s partnership with the list at ``path`` (a new
    profile version); groupings naming sub-areas no longer listed make it fail, with a
    report, and nothing is stored."""
    with engine.connect() as conn:
        current = partnership(conn, council.strip().upper())
    sub_areas, report = read_sub_areas(path)
    if not report.valid:
        return ProfileResult(None, None, report)
    codes = {s.code for s in sub_areas}
    for grouping in current.groupings:
        for area in grouping.areas:
            missing = sorted(set(area.members) - codes)
            if missing:
                report.add(ValidationIssue(
                    "unknown-member", Severity.ERROR, f"{grouping.label} {area.name!r} covers "
                    f"{missing}, which the list leaves out; keep them or change the grouping "
                    "with `scorecard partnership load FILE`.", file=path.name))
    if not report.valid:
        return ProfileResult(None, None, report)
    return save_partnership(engine, replace(current, sub_areas=sub_areas), user, path.name)
