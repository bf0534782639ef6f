"""``scorecard catalogue ...``: add indicators and map them to published sources.

``scorecard catalogue add --fingertips-id 93356 --from FILE`` adds a Fingertips indicator with
the name, unit, value type and polarity the file gives (without ``--from``, the file is fetched
from the Fingertips API at ``SCORECARD_FINGERTIPS_URL``). ``scorecard catalogue map
INDICATOR_ID --fingertips-id N`` (or ``--ees-indicator COLUMN --ees-filter "column=option"``,
``--lait-measure``) maps an existing indicator. ``scorecard catalogue list`` shows every
indicator's mappings. Additions and mappings are stored for this site, versioned; the shipped
catalogue file is not changed.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from cli.registry import command
from cli.store import store_engine
from domain.errors import StoreError
from domain.roles import Role
from domain.vocabulary import Outcome
from settings import Settings

if TYPE_CHECKING:
    from domain.catalogue import Indicator
    from store.engine import Engine

OUTCOMES = [o.value for o in Outcome]


def _arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="catalogue_command", required=True)
    add = sub.add_parser("add", help="add a Fingertips indicator to this site's catalogue")
    add.add_argument("--fingertips-id", type=int, required=True)
    add.add_argument("--from", dest="source", type=Path, default=None, metavar="FILE",
                     help="a Fingertips CSV holding the indicator (default: fetch it from "
                     "the Fingertips API)")
    add.add_argument("--outcome", choices=OUTCOMES, default=Outcome.BE_HEALTHY.value,
                     help="the outcome theme it is shown under (default "
                     f"{Outcome.BE_HEALTHY.value})")
    add.add_argument("--id", dest="indicator_id", default=None,
                     help="its catalogue id (default: made from its name)")
    add.add_argument("--user", default=None, help="account making the change (an admin)")
    mapping = sub.add_parser("map", help="map an indicator to a Fingertips id, an EES "
                             "column and filter, or a LAIT measure")
    mapping.add_argument("indicator_id")
    mapping.add_argument("--fingertips-id", type=int, default=None)
    mapping.add_argument("--ees-indicator", default=None, metavar="COLUMN",
                         help="the EES indicator column, e.g. rate_per_10000")
    mapping.add_argument("--ees-filter", default=None, metavar="COLUMN=OPTION",
                         help="EES rows to take, e.g. 'population_type=Children looked after "
                         "on 31 March each year' (several joined by ';')")
    mapping.add_argument("--lait-measure", default=None)
    mapping.add_argument("--user", default=None, help="account making the change (an admin)")
    sub.add_parser("list", help="list indicators with their source mappings")


@command("catalogue", "add indicators to the catalogue and map them to Fingertips, EES or "
         "LAIT", _arguments)
def catalogue_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run ``catalogue add``, ``map`` or ``list``."""
    # Use cases imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from cli.load import _acting_user
    from services import catalogue_admin as admin
    engine = store_engine(settings)
    try:
        if args.catalogue_command == "list":
            frame = admin.mappings(engine).astype("string").fillna("")
            print(frame.to_string(index=False))
            return 0
        user = _acting_user(engine, args.user, Role.ADMIN)
        if args.catalogue_command == "add":
            indicator = _add(engine, settings, args, user)
            print(f"Added {indicator.id}: {indicator.title} ({indicator.value_type.value}, "
                  f"{indicator.unit_label or 'no unit'}, {indicator.polarity.value}, "
                  f"{indicator.period_type.value}), Fingertips {indicator.fingertips_id}.")
            return 0
        wanted = {"fingertips_id": args.fingertips_id, "ees_indicator": args.ees_indicator,
                  "ees_filter": args.ees_filter, "lait_measure": args.lait_measure}
        cells = {k: str(v) for k, v in wanted.items() if v is not None}
        if not cells:
            raise StoreError("Give --fingertips-id, --ees-indicator (with --ees-filter) or "
                             "--lait-measure to map.")
        indicator = admin.map_indicator(engine, args.indicator_id, cells, user)
        print(f"Mapped {indicator.id}: " + ", ".join(f"{k} {v}" for k, v in cells.items()))
        return 0
    finally:
        engine.dispose()


def _add(engine: Engine, settings: Settings, args: argparse.Namespace, user: str
         ) -> Indicator:
    """Describe the indicator from its file (or the API's) and add it."""
    from services import catalogue_admin as admin
    from services.catalogue import catalogue
    if args.source is not None:
        if not args.source.is_file():
            raise StoreError(f"No such file: {args.source}")
        description = admin.describe_file(args.source, args.fingertips_id, args.source.name)
        name = args.source.name
    else:
        from services.pulls import fetch_fingertips_file
        with tempfile.TemporaryDirectory() as folder:
            path = fetch_fingertips_file(settings, [args.fingertips_id], Path(folder))
            description = admin.describe_file(path, args.fingertips_id, "the Fingertips API")
        name = "the Fingertips API"
    cells = admin.fingertips_cells(description, catalogue(), args.outcome,
                                   args.indicator_id, name)
    return admin.add_indicator(engine, cells, user)
