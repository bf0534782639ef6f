"""``scorecard scorecard-def load|show|export``: the Board's scorecard definition.

``load FILE`` checks a TOML definition against the catalogue and stores it as a new version
(nothing is stored when it has an error; every error is listed with its line and key);
``show`` prints the definition in force for an area and quarter; ``export`` writes it back as
TOML. The command line has no sign-in: ``--user`` names the administrator a load is recorded
under ("cli" without it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.arguments import AREA_HELP, area_or_default
from cli.registry import command
from domain.roles import Role
from settings import Settings

_PERIOD_HELP = 'reporting quarter, e.g. "Q3 2016/17" (default: the latest in the store)'


def _arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="definition_command", required=True)
    load = sub.add_parser("load", help="check a definition file and store it as a new version")
    load.add_argument("file", type=Path, help="the TOML definition file")
    load.add_argument("--user", default=None, help="administrator account the load is "
                      "recorded under (default: cli)")
    for name, text in (("show", "print the definition in force"),
                       ("export", "write the definition in force as TOML")):
        each = sub.add_parser(name, help=text)
        each.add_argument("--area", help=AREA_HELP)
        each.add_argument("--period", help=_PERIOD_HELP)
        if name == "export":
            each.add_argument("--output", type=Path, help="file to write (default: stdout)")


@command("scorecard-def", "load, show or export the Board's scorecard definition", _arguments)
def scorecard_def(args: argparse.Namespace, settings: Settings) -> int:
    """Run ``load``, ``show`` or ``export``."""
    # Use cases imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from domain.definition_checks import issue_text
    from services.accounts import require_account
    from services.scorecard import latest_reporting_quarter, reporting_quarter
    from services.scorecard_definitions import (
        DefinitionRejectedError,
        describe,
        load_definition_file,
        require_in_force,
        to_toml,
    )
    from store.engine import make_engine
    engine = make_engine(settings.database_url)
    try:
        if args.definition_command == "load":
            user = ("cli" if args.user is None
                    else require_account(engine, args.user, Role.ADMIN).username)
            try:
                saved = load_definition_file(engine, args.file, user)
            except DefinitionRejectedError as error:
                for issue in error.report.errors:
                    print(issue_text(issue), file=sys.stderr)
                print(f"scorecard scorecard-def: {args.file} not stored "
                      f"({len(error.report.errors)} error(s))", file=sys.stderr)
                return 1
            print(f"Stored {saved.title!r} for {saved.partnership_code} as version "
                  f"{saved.version}.")
            return 0
        with engine.connect() as conn:
            quarter = (reporting_quarter(args.period) if args.period
                       else latest_reporting_quarter(conn))
            if quarter is None:
                print("scorecard scorecard-def: the store holds no figures; give --period",
                      file=sys.stderr)
                return 2
            found = require_in_force(conn, area_or_default(args.area, settings), quarter)
        if args.definition_command == "show":
            print("\n".join(describe(found)))
        elif args.output is None:
            sys.stdout.write(to_toml(found.definition))
        else:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(to_toml(found.definition), encoding="utf-8")
            print(f"Wrote {args.output}")
    finally:
        engine.dispose()
    return 0
