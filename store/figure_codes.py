"""A figure's status and interval source, stored as small-integer codes of their words (the
vocabularies of :data:`store.judgement_codes.CODES`) and read back as words in SQL, so that
every reader of figures sees words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import case

from store.judgement_codes import CODES, encode
from store.models import Observation

#: The figure's coded columns.
CODED = ("ci_source", "status")


def figure_word(column: str) -> Any:
    """The SQL reading the coded ``column`` of a figure as its word, labelled ``column``."""
    return case({code: word for code, word in enumerate(CODES[column])},
                value=getattr(Observation, column)).label(column)


def figure_codes(column: str, words: Sequence[Any]) -> list[int | None]:
    """The codes of the coded ``column``'s ``words`` for storing.

    Raises
    ------
    ValueError
        If a word is not in the column's vocabulary.
    """
    return encode(column, pd.Series(list(words), dtype=object))
