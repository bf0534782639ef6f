"""The stored figures a file's checks compare it with, read once per file.

The jump check (:func:`loaders.checks.implausible_jump`), the removal check
(:mod:`loaders.removals`) and the district sums each ask for the stored current figures of the
keys they look at; those keys overlap (the same indicators and areas, a period apart), so one
read of the indicators' and areas' current figures serves every check of a file, and each is
answered from it. A :class:`~loaders.reference.LoadContext` is made for each file it checks,
so the figures read are as the store stands while that file is checked.
"""

from __future__ import annotations

import pandas as pd

from loaders.reference import GUARDED_COLUMNS
from store.batches import KEY_COLUMNS
from store.engine import Engine
from store.judged_figures import judged_observations


class StoredFigures:
    """A lookup of stored current figures (:data:`~loaders.reference.GUARDED_COLUMNS`) by
    key: the first call reads every current figure of its keys' indicators and areas, and a
    later call is answered from that read unless it asks about others (then the read widens)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.reads = 0
        self._indicators: set[str] = set()
        self._areas: set[str] = set()
        self._figures: pd.DataFrame | None = None

    def __call__(self, keys: pd.DataFrame) -> pd.DataFrame:
        """The stored current figures of ``keys`` (``indicator_id``, ``area_code``,
        ``period_key``, ``breakdown``), in the store's order (oldest period first)."""
        indicators = set(keys["indicator_id"].unique().tolist())
        areas = set(keys["area_code"].unique().tolist())
        if (self._figures is None or not indicators <= self._indicators
                or not areas <= self._areas):
            self._indicators |= indicators
            self._areas |= areas
            with self.engine.connect() as conn:
                self._figures = judged_observations(
                    conn, sorted(self._indicators), sorted(self._areas)
                ).loc[:, GUARDED_COLUMNS]
            self.reads += 1
        return self._figures.merge(keys.loc[:, list(KEY_COLUMNS)], on=list(KEY_COLUMNS)).loc[
            :, GUARDED_COLUMNS]
