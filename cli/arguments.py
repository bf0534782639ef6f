"""Argument types shared by the ``scorecard`` sub-commands.

They run while the arguments are parsed, so they import what they check against only when
called: building the parser (``scorecard --help``) stays free of the store and the use cases.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from settings import Settings


def store_id(text: str) -> int:
    """An id of a stored row (batch, snapshot, commentary): a whole number from 1 to
    :data:`store.models.MAX_ID`; anything else is a usage error, not a database fault."""
    # Imported when an id is parsed (start-up time: `scorecard --help` under 1 s).
    from store.models import MAX_ID
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a whole number") from None
    if not 1 <= number <= MAX_ID:
        raise argparse.ArgumentTypeError(
            f"{text[:40]} is not an id the store can hold (ids run from 1 to {MAX_ID:,})")
    return number


def day(text: str) -> dt.date:
    """A calendar date written as 2017-03-14."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2017-03-14") from error


#: The help of an ``--area`` option that defaults to the partnership's council.
AREA_HELP = "area code (default: the council of the store's first partnership)"


def area_or_default(area: str | None, settings: Settings) -> str:
    """The area an ``--area`` option names, or the council of the store's first partnership
    (England in a store without one) when none is."""
    if area is not None:
        return area
    # Imported when a command runs (start-up time: `scorecard --help` under 1 s).
    from domain.areas import ENGLAND
    from services.partnerships import default_area
    from store.engine import open_engine
    with open_engine(settings) as engine, engine.connect() as conn:
        return default_area(conn) or ENGLAND
