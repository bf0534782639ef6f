"""The "tartan rug": every district-level indicator for every district (or group of districts),
each cell compared with the partnership's council.

Each indicator is shown at its own latest period with district figures, judged as on the
Districts page (:func:`services.district_view.assemble_view`), so the two pages always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import pandas as pd

from domain.catalogue import Indicator
from domain.errors import NotFoundError
from domain.partnerships import Partnership
from services.district_view import (
    DEFAULT_VIEW,
    CountyFigure,
    assemble_view,
    district_indicators,
    indicator_results,
    partnership_districts,
    views,
)
from services.partnerships import council_for
from store.engine import Connection

CELL_COLUMNS: Final = ("indicator_id", "area_code", "area_name", "period_label", "value",
                       "lower_ci", "upper_ci", "significance", "illustrative", "value_note")


@dataclass(frozen=True)
class RugRow:
    """One indicator's row of the rug: its period, the county figure and the area cells."""

    indicator: Indicator
    period_label: str
    county: CountyFigure | None
    cells: pd.DataFrame


@dataclass(frozen=True)
class RugView:
    view: str
    outcome: str | None
    columns: list[tuple[str, str]]
    rows: list[RugRow]
    council: Partnership | None = None

    @property
    def illustrative(self) -> bool:
        return any(bool(r.cells["illustrative"].fillna(False).astype(bool).any())
                   or bool(r.county and r.county.illustrative) for r in self.rows)

    @property
    def empty(self) -> bool:
        return not self.rows


def rug_view(conn: Connection, view: str = DEFAULT_VIEW, outcome: str | None = None,
             period: str | None = None, area_code: str | None = None) -> RugView:
    """The rug for ``view`` (districts or one of the partnership's groupings), optionally one
    outcome theme, for the partnership of ``area_code`` (by default the first).

    ``period`` (any spelling :func:`services.district_view.choose_period` reads, such as
    ``Q3-2016-17``) shows each indicator at that period, or at its latest period ending by
    it; None shows each at its latest.

    Raises
    ------
    NotFoundError
        If ``view`` is not one of the partnership's :func:`services.district_view.views`.
    """
    council = council_for(conn, area_code)
    if view not in views(council):
        raise NotFoundError(f"There is no district view {str(view)[:40]!r}.")
    indicators = [i for i in district_indicators(conn, council=council)
                  if outcome is None or i.outcome.value == outcome]
    districts = partnership_districts(conn, council)
    results = indicator_results(conn, [i.id for i in indicators], list(districts["code"]),
                                council.council if council else "")
    return assemble_rug(results, indicators, districts, view, outcome, period, council)


def assemble_rug(results: pd.DataFrame, indicators: list[Indicator], districts: pd.DataFrame,
                 view: str, outcome: str | None = None, period: str | None = None,
                 council: Partnership | None = None) -> RugView:
    """Pure: the rug from stored judgements of several indicators."""
    _label, groups, names = views(council)[view]
    if groups is None:
        columns = list(zip(districts["code"], districts["name"], strict=True))
    else:
        columns = sorted(((code, (names or {})[code]) for code in groups), key=lambda c: c[1])
    rows = []
    by_indicator = dict(tuple(results.groupby("indicator_id", sort=False))) \
        if not results.empty else {}
    for indicator in indicators:
        own = by_indicator.get(indicator.id, results.iloc[0:0])
        shown = assemble_view(own, indicator, period, view, with_funnel=False,
                              council=council, with_series=False)
        if shown.empty:
            continue
        cells = shown.areas.assign(indicator_id=indicator.id).reindex(columns=CELL_COLUMNS)
        rows.append(RugRow(indicator, shown.period_label, shown.county, cells))
    return RugView(view, outcome, columns, rows, council)
