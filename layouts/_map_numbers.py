"""How the districts map marks its areas: a number (named in the key beside the map) over
the area's value. Shared by the map (``layouts._district_figures``) and its key
(``layouts._map_key``), so both number the areas alike."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def map_numbers(codes: Iterable[str], names: Iterable[str | None]) -> dict[str, int]:
    """Each area code's number on the map: 1, 2, ... in alphabetical order of area name
    (an area without a name gets no number)."""
    pairs = sorted({(str(name), str(code)) for code, name in zip(codes, names, strict=True)
                    if pd.notna(name)})
    return {code: number for number, (_name, code) in enumerate(pairs, start=1)}


def map_label(number: int, value: str) -> str:
    """The text drawn on an area: its number in bold over its value."""
    return f"<b>{number}</b><br>{value}"
