"""``scorecard init-db`` and ``scorecard recompute``: set up the store and repair its
judgements."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cli.registry import command
from domain.errors import StoreError
from settings import Settings

if TYPE_CHECKING:
    from store.engine import Engine


def store_engine(settings: Settings) -> Engine:
    """An engine on a store that is set up; a one-line fault naming ``scorecard init-db``
    when it is not. The caller disposes of it."""
    # Imported when a command runs (start-up time: `scorecard --help` under 1 s).
    from store.engine import make_engine, schema_behind, schema_is_current
    engine = make_engine(settings.database_url)
    if not schema_is_current(engine):
        engine.dispose()
        raise StoreError(f"The store at {settings.database_url} is not set up; run "
                         "`scorecard init-db` first.")
    behind = schema_behind(engine)
    if behind:
        engine.dispose()
        raise StoreError(f"{settings.database_url}: {behind}")
    return engine


@command("init-db", "create or upgrade the store and load reference areas and the catalogue")
def init_db(args: argparse.Namespace, settings: Settings) -> int:
    """Migrate the store, load the reference data and bring stale judgements up to date."""
    # Use case imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from services.setup import initialise_store
    counts = initialise_store(settings)
    print(f"Store ready at {settings.database_url}: {counts['areas']} areas, "
          f"{counts['relationships']} area relationships, {counts['indicators']} indicators.")
    if counts["judgements_recomputed"]:
        print(f"Recomputed {counts['judgements_recomputed']:,} stored judgements that were "
              "older than their figures or made by an earlier statistics engine.")
    return 0


def _recompute_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true",
                        help="only compare the stored judgements with a fresh recompute; exit "
                        "1 and name the indicators that differ")


@command("recompute", "recompute every stored judgement from the current figures (repairs "
         "ratings left out of date)", _recompute_arguments)
def recompute(args: argparse.Namespace, settings: Settings) -> int:
    """Recompute and store every judgement, or with ``--check`` only name those that differ."""
    # Use cases imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from services.ratings import mismatched_indicators, recompute_all
    engine = store_engine(settings)
    try:
        if args.check:
            with engine.connect() as conn:
                differing = mismatched_indicators(conn)
            if differing:
                print(f"{len(differing)} indicator(s) have out-of-date judgements: "
                      f"{', '.join(differing)}. Run `scorecard recompute` to repair them.")
                return 1
            print("Every stored judgement matches the current figures.")
            return 0
        stored = recompute_all(engine)
    finally:
        engine.dispose()
    print(f"Recomputed and stored {stored:,} judgements from the current figures.")
    return 0
