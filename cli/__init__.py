"""The ``scorecard`` command line: set up the store, load data, export, and serve.

Each sub-command parses its arguments and calls one function in ``services``; exit status 0
means done, 1 means the input was rejected (with a report), 2 means a usage or set-up fault.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cli import (
    boardpack,
    catalogue,
    definitions,
    demo,
    export,
    load,
    partnership,
    pull,
    serve,
    store,
    users,
    worker,
)
from cli.registry import COMMANDS, add_commands
from domain.errors import ScorecardError
from settings import load_settings

#: The modules that register sub-commands, in the order ``scorecard --help`` lists them.
COMMAND_MODULES = (store, serve, load, catalogue, pull, export, definitions, boardpack, users,
                   worker, demo, partnership)


def build_parser() -> argparse.ArgumentParser:
    """The parser for ``scorecard`` and every registered sub-command (imports no use case)."""
    parser = argparse.ArgumentParser(prog="scorecard", description=__doc__)
    parser.add_argument("--database-url", help="SQLAlchemy URL (default $DATABASE_URL or "
                        "instance/scorecard.db)")
    add_commands(parser.add_subparsers(dest="command", required=True))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one sub-command; a fault the user can act on is one line on stderr and status 2."""
    args = build_parser().parse_args(argv)
    settings = load_settings(database_url=args.database_url)
    handler = COMMANDS[args.command].handler
    # Imported once a command runs, not for `--help` (start-up time: under 1 s).
    from store.engine import StoreFailure
    from store.faults import command_line_message
    try:
        return handler(args, settings)
    except ScorecardError as error:
        print(f"scorecard {args.command}: {error}", file=sys.stderr)
        return 2
    except StoreFailure as error:  # a store fault: one line that says which, no traceback
        message = command_line_message(error, settings.database_url)
        if message is None:
            raise
        print(f"scorecard {args.command}: {message}", file=sys.stderr)
        return 2
