"""``scorecard demo``: build the demo workbooks and load them as a performance officer would."""

from __future__ import annotations

import argparse

from cli.registry import command
from settings import Settings


def store_ready(settings: Settings) -> bool:
    """True when the store exists and holds its reference areas."""
    # Imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from store import queries
    from store.engine import make_engine, schema_is_current
    engine = make_engine(settings.database_url)
    try:
        if not schema_is_current(engine):
            return False
        with engine.connect() as conn:
            return queries.store_counts(conn)["areas"] > 0
    finally:
        engine.dispose()


def _demo_account(settings: Settings) -> str:
    """Make sure the demo sign-in (demo / demo) exists when demo sign-in is switched on, even
    beside other accounts; the name the demo loads are recorded under ("cli" when it is off)."""
    # Imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from services import accounts
    from store.engine import make_engine
    if not settings.demo_login:
        print("Demo sign-in is off (SCORECARD_DEMO_LOGIN=0): no demo account.")
        return "cli"
    engine = make_engine(settings.database_url)
    try:
        if accounts.ensure_demo_account(engine, alongside_users=True):
            print("Created the demo account: sign in as demo / demo (not for production).")
    finally:
        engine.dispose()
    return accounts.DEMO_USERNAME


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--build-only", action="store_true",
                        help="write the demo workbooks without loading them")


@command("demo", "build the demo workbooks from the seed papers and the open data, and load "
         "them through the upload checks (running it again changes nothing)", _arguments)
def demo(args: argparse.Namespace, settings: Settings) -> int:
    """Build the demo workbooks and, unless ``--build-only``, load them into the store."""
    # Use cases imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from demo.build import build_demo_workbooks
    from demo.load import load_demo
    from services.setup import initialise_store
    paths = build_demo_workbooks(settings)
    print(f"Demo workbooks in {settings.demo_dir}:")
    for path in paths:
        print(f"  {path.name}")
    if args.build_only:
        return 0
    if not store_ready(settings):
        initialise_store(settings)
        print(f"Created the store at {settings.database_url}.")
    summary = load_demo(settings, user=_demo_account(settings), paths=paths)
    for line in summary.lines():
        print(line)
    if not summary.ok:
        print("The demo data did not load; see the problems above.")
        return 1
    return 0
