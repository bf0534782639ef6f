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


def _arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="partnership_command", required=True)
    sub.add_parser("list", help="list the partnerships in the store")
    show = sub.add_parser("show", help="show a partnership's profile in force")
    show.add_argument("council", help="the council's ONS code, e.g. E10000016")
    load = sub.add_parser("load", help="store a partnership profile from a TOML file "
                          "(a new version when it changed)")
    load.add_argument("file", type=Path)
    load.add_argument("--user", default="cli", help="who the new version is recorded under")


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


@command("partnership", "list, show or load the partnership profiles (council, sub-areas, "
         "groupings, wording) the store serves", _arguments)
def partnership(args: argparse.Namespace, settings: Settings) -> int:
    """Run ``scorecard partnership list|show|load``."""
    # Use cases imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from services import partnerships as use_cases
    from store.engine import open_engine
    with open_engine(settings) as engine:
        if args.partnership_command == "load":
            result = use_cases.load_profile_file(engine, args.file, args.user)
            _print_report(result.report)
            if result.version is None or result.profile is None:
                print(f"{args.file.name}: not stored; correct the problems above.")
                return 1
            print(f"Stored {result.profile.name} ({result.profile.council}), profile "
                  f"version {result.version}.")
            return 0
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
