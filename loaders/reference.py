"""Reference data handed to the loaders, and the look-ups that resolve what officers type.

Loaders never open the store: the caller passes the catalogue, the known areas and a way to get
the previous period's stored values in a :class:`LoadContext`. The resolvers accept what people
actually write (an ONS code in any case, a DfE LA number, an area name with "&" for "and", an
indicator's short title) and suggest the closest valid entry when nothing matches.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from domain.catalogue import Indicator
from loaders.safety import FileLimits

#: Called with the keys of previous-period figures (indicator_id, area_code, period_key,
#: breakdown); returns those of them that are stored, with a ``value`` column.
PreviousLookup = Callable[[pd.DataFrame], pd.DataFrame]
PREVIOUS_COLUMNS = ["indicator_id", "area_code", "period_key", "breakdown", "value"]
#: The stored figures a lookup may also return, for the checks that pool rates and the guard
#: against blanking a stored interval, count or denominator.
STORED_COLUMNS = [*PREVIOUS_COLUMNS, "numerator", "denominator"]
#: The stored figures with their published confidence limits (what a lookup should return).
GUARDED_COLUMNS = [*STORED_COLUMNS, "lower_ci", "upper_ci"]


def name_key(text: Any) -> str:
    """Normalise an area or indicator name for matching ("St. Helens & X" = "st helens and x")."""
    lowered = str(text).lower().replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", " ", lowered).strip()


def number_key(value: Any) -> str | None:
    """A DfE LA number written as 888, 888.0 or "888" -> "888"; otherwise None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and not (isinstance(value, float) and math.isnan(value)):
        return str(int(value)) if float(value).is_integer() else None
    text = str(value).strip()
    return text if text.isdigit() else None


#: Which area wins when two share a name (Burnley the district, not the Burnley team).
TYPE_RANK = {"england": 0, "region": 1, "county": 2, "other_la": 3, "district": 4,
             "footprint": 5, "team": 6}


def _suggest(raw: str, choices: Mapping[str, str]) -> str:
    close = difflib.get_close_matches(raw.lower(), list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{choices[close[0]]}'?" if close else "."


@dataclass
class LoadContext:
    """Everything a loader needs to know besides the file itself.

    Parameters
    ----------
    catalogue
        Indicator id -> :class:`~domain.catalogue.Indicator`.
    areas
        Known areas with columns ``code``, ``name``, ``type``, ``parent_code``,
        ``dfe_la_number`` (as in the store's ``area`` table).
    limits
        Size and row limits.
    previous
        Stored current values for jump checks: a frame with :data:`PREVIOUS_COLUMNS`, or a
        :data:`PreviousLookup` called once with the keys needed.
    today
        The day of the upload (no figure can be held for a period starting after it).
    """

    catalogue: Mapping[str, Indicator]
    areas: pd.DataFrame
    limits: FileLimits = field(default_factory=FileLimits)
    previous: pd.DataFrame | PreviousLookup | None = None
    today: dt.date = field(default_factory=dt.date.today)

    @functools.cached_property
    def area_names(self) -> dict[str, str]:
        return dict(zip(self.areas["code"], self.areas["name"], strict=True))

    @functools.cached_property
    def _ranked_areas(self) -> pd.DataFrame:
        rank = self.areas["type"].map(TYPE_RANK).fillna(9)
        return self.areas.assign(_rank=rank).sort_values("_rank", kind="stable")

    @functools.cached_property
    def _area_lookup(self) -> dict[str, str]:
        lookup: dict[str, str] = {}
        for row in self._ranked_areas.itertuples(index=False):
            lookup.setdefault(f"name:{name_key(row.name)}", str(row.code))
        for row in self.areas.itertuples(index=False):
            number = number_key(row.dfe_la_number) if row.dfe_la_number is not None else None
            if number:
                lookup[f"number:{number}"] = str(row.code)
            lookup[f"code:{str(row.code).upper()}"] = str(row.code)
        return lookup

    @functools.cached_property
    def _area_choices(self) -> dict[str, str]:
        ranked = self._ranked_areas.iloc[::-1]
        choices = {name_key(n): f"{n} ({c})" for c, n in zip(ranked["code"], ranked["name"],
                                                               strict=True)}
        choices.update({c.lower(): f"{c} ({n})" for c, n in self.area_names.items()})
        return choices

    def resolve_area(self, raw: Any) -> str | None:
        """The area code for a code, DfE LA number or name; None when unknown."""
        if raw is None:
            return None
        lookup = self._area_lookup
        text = str(raw).strip()
        number = number_key(raw)
        return (lookup.get(f"code:{text.upper()}")
                or (lookup.get(f"number:{number}") if number else None)
                or lookup.get(f"name:{name_key(text)}"))

    def suggest_area(self, raw: Any) -> str:
        return _suggest(name_key(raw) or str(raw), self._area_choices)

    @functools.cached_property
    def _indicator_lookup(self) -> dict[str, str]:
        lookup: dict[str, str] = {}
        for ind in self.catalogue.values():
            for text in (ind.title, ind.short_title):
                if text:
                    lookup.setdefault(name_key(text), ind.id)
        lookup.update({ind_id.lower(): ind_id for ind_id in self.catalogue})
        return lookup

    def resolve_indicator(self, raw: Any) -> str | None:
        """The indicator id for an id (any case) or an exact title/short title."""
        if raw is None:
            return None
        text = str(raw).strip()
        if text in self.catalogue:
            return text
        return (self._indicator_lookup.get(text.lower())
                or self._indicator_lookup.get(name_key(text)))

    def suggest_indicator(self, raw: Any) -> str:
        choices = {i.lower(): i for i in self.catalogue}
        choices.update({name_key(ind.short_title): ind.id for ind in self.catalogue.values()})
        return _suggest(str(raw).strip(), choices)

    def previous_values(self, keys: pd.DataFrame) -> pd.DataFrame:
        """Stored values for ``keys`` (may be empty); columns :data:`PREVIOUS_COLUMNS`."""
        return self.stored_figures(keys).loc[:, PREVIOUS_COLUMNS]

    def stored_figures(self, keys: pd.DataFrame, columns: list[str] | None = None
                       ) -> pd.DataFrame:
        """Stored figures for ``keys`` (may be empty); ``columns`` (by default
        :data:`STORED_COLUMNS`), blank where the lookup does not give them."""
        wanted = columns or STORED_COLUMNS
        if self.previous is None or keys.empty:
            return pd.DataFrame(columns=wanted)
        found = self.previous(keys) if callable(self.previous) else self.previous
        if found.empty:
            return pd.DataFrame(columns=wanted)
        return found.reindex(columns=wanted)
