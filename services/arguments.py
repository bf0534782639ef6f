"""Argument types shared by the ``scorecard`` sub-commands."""

from __future__ import annotations

import argparse

from store.models import MAX_ID


def store_id(text: str) -> int:
    """An id of a stored row (batch, snapshot, commentary): a whole number from 1 to
    :data:`store.models.MAX_ID`; anything else is a usage error, not a database fault."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a whole number") from None
    if not 1 <= number <= MAX_ID:
        raise argparse.ArgumentTypeError(
            f"{text[:40]} is not an id the store can hold (ids run from 1 to {MAX_ID:,})")
    return number
