"""``scorecard partnership ...``: the partnerships a store serves and their profiles."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from cli.registry import command
from settings import Settings

if TYPE_CHECKING:
    from domain.partnerships import Partnership
    from domain.reports import ValidationReport
    from services.partnerships import ProfileResult
    from store.engine import Engine


def _arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="partnership_command", required=True)
    sub.add_parser("list", help="list the partnerships in the store")
    show = sub.add_parser("show", help="show a partnership's profile in force")
    show.add_argument("council", help="the council's ONS code, e.g. E10000016")
    load = sub.add_parser("load", help="store a partnership profile from a TOML file "
                          "(a new version when it changed)")
    load.add_argument("file", type=Path)
    load.add_argument("--user", default="cli", help="who the new version is recorded under")
    init = sub.add_parser("init", help="build a working partnership for any upper-tier council "
                          "from the shipped public data: its profile, districts (a county's, "
                          "from ONS), neighbours and every published LAIT figure for it, its "
                          "region, England and its neighbours (one batch)")
    init.add_argument("council", help="the council's ONS code, e.g. E10000016 (Kent)")
    init.add_argument("--user", default="cli", help="who the load is recorded under")
    subareas = sub.add_parser("subareas", help="set a partnership's localities or wards from "
                              "a CSV of code,name[,population] (a new profile version)")
    subareas.add_argument("council", help="the council's ONS code")
    subareas.add_argument("file", type=Path)
    subareas.add_argument("--user", default="cli", help="who the new version is recorded under")


def _print_report(report: ValidationReport) -> None:
    for issue in report.issues:
        print(f"{issue.severity.value}: {issue.location()}: {issue.message}")


def _describe(profile: Partnership) -> list[str]:
    lines = [f"{profile.council}  {profile.name}",
             f"  region: {profile.region or '(from the LA register)'}",
             f"  sensitivity: {profile.sensitivity}",
             f"  branding: {profile.branding or '(none)'}",
             f"  {profile.sub_area_label} sub-areas: {len(profile.sub_areas)}"]
    lines += [f"    {s.code}  {s.name}" + (f"  (0-17: {s.population})" if s.population else "")
              for s in profile.sub_areas]
    for grouping in profile.groupings:
        lines.append(f"  {grouping.label} ({grouping.key}, {grouping.type}): "
                     f"{len(grouping.areas)}")
        lines += [f"    {a.code}  {a.name}: {', '.join(a.members)}" for a in grouping.areas]
    lines.append("  neighbours: " + (", ".join(profile.neighbours) if profile.neighbours
                                     else "DfE's list in force for each period"))
    return lines


def _init(engine: Engine, settings: Settings, council: str, user: str) -> int:
    from services.partnership_setup import init_partnership
    result = init_partnership(engine, settings, council, user)
    _print_report(result.profile.report)
    profile = result.profile.profile
    if result.profile.version is None or profile is None:
        print(f"{council}: no partnership made; correct the problems above.")
        return 1
    print(f"Partnership {profile.name} ({profile.council}), profile version "
          f"{result.profile.version}: {len(profile.sub_areas)} {profile.sub_area_label} "
          "sub-areas" + ("" if profile.sub_areas else " (add localities or wards with "
                         f"`scorecard partnership subareas {profile.council} FILE`)") + ".")
    if result.skipped_batch is not None:
        print(f"Published figures already loaded (batch {result.skipped_batch}).")
    elif result.figures is None:
        print("No published figures found for it.")
    elif result.figures.commit is None:
        _print_report(result.figures.preview.result.report)
        print("The published figures did not load; see the problems above.")
        return 1
    else:
        commit = result.figures.commit
        print(f"Loaded the published figures of {result.areas_with_figures} areas (the "
              "council, its region, England and its neighbours) as batch "
              f"{commit.batch_id}: {commit.rows_new} new, {commit.rows_revised} revised.")
    return 0


def _stored(result: ProfileResult, name: str) -> int:
    _print_report(result.report)
    if result.version is None or result.profile is None:
        print(f"{name}: not stored; correct the problems above.")
        return 1
    print(f"Stored {result.profile.name} ({result.profile.council}), profile "
          f"version {result.version}.")
    return 0


@command("partnership", "make, list, show or load the partnership profiles (council, "
         "sub-areas, groupings, wording) the store serves", _arguments)
def partnership(args: argparse.Namespace, settings: Settings) -> int:
    """Run ``scorecard partnership init|subareas|list|show|load``."""
    # Use cases imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from services import partnerships as use_cases
    from store.engine import open_engine
    with open_engine(settings) as engine:
        if args.partnership_command == "init":
            return _init(engine, settings, args.council, args.user)
        if args.partnership_command == "subareas":
            from services.partnership_setup import load_sub_areas
            return _stored(load_sub_areas(engine, args.council, args.file, args.user),
                           args.file.name)
        if args.partnership_command == "load":
            return _stored(use_cases.load_profile_file(engine, args.file, args.user),
                           args.file.name)
        with engine.connect() as conn:
            if args.partnership_command == "show":
                print("\n".join(_describe(use_cases.partnership(conn, args.council.upper()))))
                return 0
            listed = use_cases.partnerships(conn)
        if not listed:
            print("No partnerships yet: `scorecard partnership load FILE`.")
        for profile in listed:
            print(f"{profile.council}  {profile.name}  ({len(profile.sub_areas)} "
                  f"{profile.sub_area_label} sub-areas)")
        return 0
