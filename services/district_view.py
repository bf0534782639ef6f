"""A partnership's districts for one indicator and period: values, the council, groups, funnel,
trends.

Read from stored judgements (the district figures and their comparison with the council are
computed when data is loaded). Groups of districts (a partnership's service footprints or
social care teams, from its profile) are computed here from the districts' counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pandas as pd

from domain.catalogue import Indicator
from domain.errors import NotFoundError
from domain.partnerships import Partnership
from domain.periods import Period, parse_period, period_from_key
from domain.url_state import parse_period_text
from domain.vocabulary import OUTCOME_ORDER
from indicators.districts import (
    Funnel,
    combine_groups,
    compare_with_county,
    funnel_data,
    rank_by_polarity,
)
from services.catalogue import Indicators, given_or_shared
from services.partnerships import council_for
from services.stored_judgements import stored_results
from store import queries
from store.engine import Connection
from store.judgements import judged_indicators

#: One way of showing districts: (label, groups, group names); groups None = the districts.
View = tuple[str, Mapping[str, Sequence[str]] | None, Mapping[str, str] | None]
DEFAULT_VIEW: Final = "districts"
#: Plural of each sub-area label, for the districts view's name.
_PLURALS: Final = {"district": "Districts", "locality": "Localities", "ward": "Wards"}
NOT_COMPARED: Final = "Not compared"
AREA_COLUMNS: Final = ("area_code", "area_name", "period_label", "value", "lower_ci",
                       "upper_ci", "numerator", "denominator", "illustrative", "value_note",
                       "significance", "rank", "rank_of", "trend")
SERIES_COLUMNS: Final = ("area_code", "area_name", "period_key", "period_label", "period_end",
                         "value", "lower_ci", "upper_ci", "illustrative")


@dataclass(frozen=True)
class CountyFigure:
    value: float | None
    lower_ci: float | None
    upper_ci: float | None
    period_label: str
    illustrative: bool


def views(council: Partnership | None) -> dict[str, View]:
    """The ways a partnership's districts can be shown: view key -> :data:`View`; the districts
    themselves first, then each grouping of the partnership's profile."""
    label = _PLURALS.get(council.sub_area_label, "Districts") if council else "Districts"
    found: dict[str, View] = {DEFAULT_VIEW: (label, None, None)}
    for grouping in council.groupings if council else ():
        found[grouping.key] = (grouping.label, {a.code: a.members for a in grouping.areas},
                               {a.code: a.name for a in grouping.areas})
    return found


@dataclass(frozen=True)
class DistrictView:
    """Everything the district page shows for one indicator, period and view."""

    indicator: Indicator
    view: str
    periods: list[tuple[str, str]]
    period_key: str | None
    period_label: str
    areas: pd.DataFrame
    county: CountyFigure | None
    series: pd.DataFrame
    funnel: Funnel | None
    district_groups: dict[str, str] = field(default_factory=dict)
    council: Partnership | None = None

    @property
    def council_name(self) -> str:
        """The council the districts are compared with ("Kent"), or "the council"."""
        return self.council.name if self.council else "the council"

    @property
    def illustrative(self) -> bool:
        flags = [*self.areas["illustrative"].fillna(False).astype(bool)]
        return any(flags) or bool(self.county and self.county.illustrative)

    @property
    def empty(self) -> bool:
        return self.areas.empty


def _code(council: Partnership | None) -> str:
    return council.council if council else ""


def partnership_districts(conn: Connection, council: Partnership | None) -> pd.DataFrame:
    """The partnership's districts (``code``, ``name``), by name (none without a partnership)."""
    areas = queries.areas(conn, types=["district"])
    return areas[areas["parent_code"] == _code(council)].loc[:, ["code", "name"]].sort_values(
        "name").reset_index(drop=True)


def district_indicators(conn: Connection, indicators: Indicators = None,
                        council: Partnership | None = None) -> list[Indicator]:
    """Indicators of ``indicators`` (by default the catalogue) with stored figures for the
    districts of ``council`` (by default the first partnership), in catalogue order."""
    council = council or council_for(conn)
    held = judged_indicators(conn, "district", _code(council))
    order = {o: i for i, o in enumerate(OUTCOME_ORDER)}
    found = [ind for ind in given_or_shared(indicators).values() if ind.id in held]
    return sorted(found, key=lambda i: (order.get(i.outcome.value, 9), i.display_order))


def choose_indicator(indicators: Sequence[Indicator], wanted: str | None) -> Indicator | None:
    """The indicator named in the URL if it has district figures, else the first rate or
    percentage (counts are not comparable between areas of different sizes)."""
    for indicator in indicators:
        if indicator.id == wanted:
            return indicator
    comparable = [i for i in indicators if not i.is_count] or list(indicators)
    return comparable[0] if comparable else None


def indicator_results(conn: Connection, indicator_ids: Sequence[str],
                      district_codes: Sequence[str], council_code: str) -> pd.DataFrame:
    """Stored headline judgements of the districts and their council for some indicators."""
    stored = queries.computed_results(conn, area_codes=[*district_codes, council_code],
                                      indicator_ids=list(indicator_ids))
    results = stored_results(stored)
    if results.empty:
        return results
    return results[results["breakdown"] == "all"].reset_index(drop=True)


def period_choices(results: pd.DataFrame) -> list[tuple[str, str]]:
    """(period key, label) of the periods with district figures, latest first."""
    rows = results[(results["area_type"] == "district") & results["value"].notna()]
    rows = rows.sort_values(["period_end", "period_start"], ascending=False)
    unique = rows.drop_duplicates("period_key")
    return list(zip(unique["period_key"], unique["period_label"], strict=True))


def choose_period(periods: Sequence[tuple[str, str]], wanted: str | None) -> tuple[str, str]:
    """The period the URL names, else the latest figure held at it, else the latest.

    ``periods`` are (key, label), latest first. ``wanted`` is a key, a label or any spelling
    :func:`domain.url_state.parse_period_text` reads (``Q3-2016-17``, ``Q3 2016/17``, URL-encoded),
    so the quarter another page links with is the quarter shown. A reporting quarter the
    indicator has no figure for shows the latest period ending by the quarter's end, as the
    scorecard does; an unreadable value shows the latest period.
    """
    for key, label in periods:
        if wanted in (key, label):
            return key, label
    named = _named_period(wanted)
    if named is None:
        return periods[0]
    for key, label in periods:
        if key == named.key:
            return key, label
    for key, label in periods:
        if period_from_key(key).end <= named.end:
            return key, label
    return periods[0]


def _named_period(wanted: str | None) -> Period | None:
    if not wanted or not wanted.strip():
        return None
    try:
        return parse_period_text(wanted)
    except ValueError:
        pass
    try:
        return parse_period(wanted.strip())
    except ValueError:
        return None


def county_figure(results: pd.DataFrame, period_key: str,
                  council_code: str) -> CountyFigure | None:
    """The council's figure for the period, or the comparator stored with the districts."""
    own = results[(results["area_code"] == council_code) & (results["period_key"] == period_key)
                  & results["value"].notna()]
    if not own.empty:
        row = own.iloc[0]
        return CountyFigure(_number(row["value"]), _number(row["lower_ci"]),
                            _number(row["upper_ci"]), str(row["period_label"]),
                            bool(row["illustrative"]))
    districts = results[(results["period_key"] == period_key)
                        & results["county_value"].notna()]
    if districts.empty:
        return None
    row = districts.iloc[0]
    match = results[(results["area_code"] == council_code)
                    & (results["period_label"] == row["county_period"])]
    lower = _number(match["lower_ci"].iloc[0]) if not match.empty else None
    upper = _number(match["upper_ci"].iloc[0]) if not match.empty else None
    illustrative = bool(match["illustrative"].iloc[0]) if not match.empty else False
    return CountyFigure(_number(row["county_value"]), lower, upper,
                        str(row["county_period"]), illustrative)


def _number(value: Any) -> float | None:
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return None if pd.isna(number) else float(number)


def _district_rows(results: pd.DataFrame, period_key: str, county: CountyFigure | None,
                   polarity: str) -> pd.DataFrame:
    rows = results[(results["area_type"] == "district")
                   & (results["period_key"] == period_key)].copy()
    computed = compare_with_county(rows, county.value if county else None, polarity)
    stored = rows["county_significance"].fillna(NOT_COMPARED).to_numpy(dtype=object)
    rows["significance"] = np.where(stored == NOT_COMPARED, computed, stored)
    return rows


def _group_rows(results: pd.DataFrame, shown: View, indicator: Indicator) -> pd.DataFrame:
    _label, groups, names = shown
    districts = results[results["area_type"] == "district"]
    return combine_groups(districts, groups or {}, names or {}, indicator)


def _county_series(results: pd.DataFrame, series: pd.DataFrame,
                   council_code: str) -> pd.DataFrame:
    """The council's figures over the span of the areas' own figures (for the trend charts)."""
    shown = series.dropna(subset=["value"])
    county = results[results["area_code"] == council_code]
    if shown.empty:
        return county.iloc[0:0]
    ends = pd.to_datetime(shown["period_end"])
    county_ends = pd.to_datetime(county["period_end"])
    return county[county_ends.between(ends.min(), ends.max()).to_numpy()]


def district_view(conn: Connection, indicator: Indicator, period: str | None = None,
                  view: str = DEFAULT_VIEW, area_code: str | None = None) -> DistrictView:
    """The districts (or groups of districts) for ``indicator`` at ``period`` (default: latest),
    of the partnership ``area_code`` belongs to (by default the first partnership).

    Raises
    ------
    NotFoundError
        If ``view`` is not one of the partnership's :func:`views`.
    """
    council = council_for(conn, area_code)
    if view not in views(council):
        raise NotFoundError(f"There is no district view {str(view)[:40]!r}.")
    districts = partnership_districts(conn, council)
    results = indicator_results(conn, [indicator.id], list(districts["code"]), _code(council))
    return assemble_view(results, indicator, period, view, council=council)


def assemble_view(results: pd.DataFrame, indicator: Indicator, period: str | None,
                  view: str, with_funnel: bool = True,
                  council: Partnership | None = None, with_series: bool = True) -> DistrictView:
    """:class:`DistrictView` from one indicator's stored district and council judgements
    (without the funnel or the areas' series over time where the caller shows neither)."""
    periods = period_choices(results) if not results.empty else []
    if not periods:
        return DistrictView(indicator, view, [], None, "", pd.DataFrame(columns=AREA_COLUMNS),
                            None, pd.DataFrame(columns=SERIES_COLUMNS), None, council=council)
    period_key, period_label = choose_period(periods, period)
    county = county_figure(results, period_key, _code(council))
    polarity = indicator.polarity.value
    shown = views(council)[view]
    groups = shown[1]
    if groups is None:
        areas = _district_rows(results, period_key, county, polarity)
        series = results[results["area_type"] == "district"]
        groups_of: dict[str, str] = {}
    else:
        series = _group_rows(results, shown, indicator)
        areas = series[series["period_key"] == period_key].copy()
        areas["significance"] = compare_with_county(areas, county.value if county else None,
                                                    polarity)
        areas["rank"] = rank_by_polarity(areas["value"], polarity)
        areas["rank_of"] = areas["value"].notna().sum()
        areas["trend"] = None
        groups_of = {d: g for g, members in groups.items() for d in members}
    if with_series:
        county_series = _county_series(results, series, _code(council))
        series = pd.concat([series.reindex(columns=SERIES_COLUMNS),
                            county_series.reindex(columns=SERIES_COLUMNS)], ignore_index=True)
        series = series.sort_values(["area_name", "period_end"]).reset_index(drop=True)
    else:
        series = pd.DataFrame(columns=SERIES_COLUMNS)
    areas = areas.reindex(columns=AREA_COLUMNS).sort_values("area_name").reset_index(drop=True)
    funnel = funnel_data(areas, indicator) if with_funnel else None
    return DistrictView(indicator, view, periods, period_key, period_label, areas, county,
                        series, funnel, groups_of, council)
