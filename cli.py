"""The ``scorecard`` command line: set up the store, load data, export, and serve.

Each sub-command parses its arguments and calls one function in ``services``; exit status 0
means done, 1 means the input was rejected (with a report), 2 means a usage or set-up fault.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from domain.errors import ScorecardError
from settings import Settings, load_settings
from store.faults import fault_message

Handler = Callable[[argparse.Namespace, Settings], int]
COMMANDS: dict[str, tuple[Handler, Callable[[argparse.ArgumentParser], None], str]] = {}


def command(name: str, help_text: str,
            arguments: Callable[[argparse.ArgumentParser], None] = lambda p: None
            ) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = (handler, arguments, help_text)
        return handler
    return register


def _init_db(args: argparse.Namespace, settings: Settings) -> int:
    from services.setup import initialise_store
    counts = initialise_store(settings)
    print(f"Store ready at {settings.database_url}: {counts['areas']} areas, "
          f"{counts['relationships']} area relationships, {counts['indicators']} indicators.")
    if counts["judgements_recomputed"]:
        print(f"Recomputed {counts['judgements_recomputed']:,} stored judgements that were "
              "older than their figures or made by an earlier statistics engine.")
    return 0


command("init-db", "create or upgrade the store and load reference areas and the catalogue")(
    _init_db)


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, help="port (default $PORT or 8050)")
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument("--debug", action="store_true", help="Dash debug mode (development only)")


@command("serve", "serve the dashboard", _serve_arguments)
def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from app import create_app
    settings = settings.with_overrides(port=args.port)
    app = create_app(settings)
    print(f"Serving on http://{args.host}:{settings.port}")
    app.run(host=args.host, port=settings.port, debug=args.debug)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scorecard", description=__doc__)
    parser.add_argument("--database-url", help="SQLAlchemy URL (default $DATABASE_URL or "
                        "instance/scorecard.db)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (_handler, arguments, help_text) in COMMANDS.items():
        arguments(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def _load_command_modules() -> None:
    """Import the modules that register further sub-commands."""
    import services.commands  # noqa: F401


def main(argv: Sequence[str] | None = None) -> int:
    _load_command_modules()
    args = build_parser().parse_args(argv)
    settings = load_settings(database_url=args.database_url)
    handler = COMMANDS[args.command][0]
    try:
        return handler(args, settings)
    except ScorecardError as error:
        print(f"scorecard {args.command}: {error}", file=sys.stderr)
        return 2
    except SQLAlchemyError as error:  # a store fault: one line that says which, no traceback
        message = fault_message(error, settings.database_url)
        if message is None:
            if not isinstance(error, DBAPIError):
                raise
            message = (f"the store refused a statement ({type(error.orig).__name__}); tell "
                       "whoever runs the server.")
        print(f"scorecard {args.command}: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
