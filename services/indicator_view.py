"""One indicator for one area: its history, comparators, SPC chart and district breakdown.

Read from stored judgements and observations (never recomputed here), for the indicator page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from domain.catalogue import Indicator
from domain.errors import NotFoundError
from domain.periods import Period, parse_period
from indicators.currency import with_currency
from indicators.scorecard import latest_as_at
from indicators.spc import spc_chart, variation_icon
from services.catalogue import Indicators, given_or_shared
from services.partnerships import council_for
from services.results import NATIONAL_CODE, geography_frame
from services.scorecard import area_row
from services.stored_judgements import stored_results
from store import queries
from store.engine import Connection

#: Catalogue polarity -> the SPC chart's improvement direction.
SPC_DIRECTIONS = {"high_is_good": "increase", "low_is_good": "decrease",
                  "no_judgement": "neutral"}
SERIES_COLUMNS = ("period_label", "period_type", "period_start", "period_end", "value",
                  "lower_ci", "upper_ci", "ci_level", "status", "value_note", "illustrative",
                  "rag", "rag_reason")
COMPARATOR_COLUMNS = ("kind", "name", "period_label", "period_type", "period_end", "value",
                      "lower_ci", "upper_ci")
DISTRICT_COLUMNS = ("area_code", "area_name", "period_label", "value", "lower_ci", "upper_ci",
                    "illustrative", "value_note", "national_significance", "county_value",
                    "county_significance", "rag", "rag_reason")


@dataclass(frozen=True)
class IndicatorView:
    indicator: Indicator
    area_code: str
    area_name: str
    area_type: str
    quarter: Period
    latest: dict[str, Any] | None
    series: pd.DataFrame
    comparators: pd.DataFrame
    spc: pd.DataFrame
    spc_icon: str | None
    districts: pd.DataFrame
    #: The name of the council the districts are compared with.
    council_name: str = "the council"


def find_indicator(indicator_id: str | None, indicators: Indicators = None) -> Indicator:
    """The entry of ``indicators`` (by default the catalogue), or :class:`NotFoundError`
    naming the id."""
    found = given_or_shared(indicators).get(str(indicator_id or ""))
    if found is None:
        raise NotFoundError(f"There is no indicator {str(indicator_id)[:60]!r} in the catalogue.")
    return found


def _results(conn: Connection, indicator_id: str, area_codes: list[str]) -> pd.DataFrame:
    stored = queries.computed_results(conn, area_codes=area_codes, indicator_ids=[indicator_id])
    results = stored_results(stored)
    if results.empty:
        return results
    return results[results["breakdown"] == "all"]


def local_series(results: pd.DataFrame, end: Any) -> pd.DataFrame:
    """The area's headline figures up to ``end``, oldest first, in the main period type."""
    if results.empty:
        return pd.DataFrame(columns=list(SERIES_COLUMNS))
    rows = results[results["period_end"] <= end]
    if rows.empty:
        return pd.DataFrame(columns=list(SERIES_COLUMNS))
    main_type = rows.sort_values("period_end")["period_type"].iloc[-1]
    rows = rows[rows["period_type"] == main_type].sort_values(["period_end", "period_start"])
    return rows.loc[:, list(SERIES_COLUMNS)].reset_index(drop=True)


def comparator_series(conn: Connection, indicator: Indicator, area_code: str,
                      local: pd.DataFrame, end: Any) -> pd.DataFrame:
    """England, region and county figures (their own periods, ending by ``end``) and the
    neighbour average."""
    geography = geography_frame(conn).set_index("area_code")
    wanted = {"national": (NATIONAL_CODE, "England")}
    if area_code in geography.index:
        place = geography.loc[area_code]
        if place["region_code"]:
            wanted["regional"] = (place["region_code"], str(place["region_name"]))
        if place["county_code"]:
            wanted["county"] = (place["county_code"], str(place["county_name"]))
    allowed = {c.value for c in indicator.comparators}
    frames = []
    codes = {code: (kind, name) for kind, (code, name) in wanted.items()
             if code != area_code and kind in allowed}
    if codes:
        obs = queries.observations(conn, [indicator.id], list(codes), breakdowns=["all"])
        obs = obs[obs["period_end"] <= end]
        if not obs.empty:
            obs["kind"] = obs["area_code"].map(lambda c: codes[c][0])
            obs["name"] = obs["area_code"].map(lambda c: codes[c][1])
            frames.append(obs)
    if "neighbours" in allowed and not local.empty and "neighbour_value" in local:
        frames.append(_neighbour_points(local, indicator))
    if not frames:
        return pd.DataFrame(columns=list(COMPARATOR_COLUMNS))
    out = pd.concat([f.loc[:, list(COMPARATOR_COLUMNS)] for f in frames], ignore_index=True)
    return out.sort_values(["kind", "period_end"]).reset_index(drop=True)


def _neighbour_points(local: pd.DataFrame, indicator: Indicator) -> pd.DataFrame:
    rows = local.dropna(subset=["neighbour_value", "neighbour_period"])
    rows = rows.drop_duplicates("neighbour_period")
    ends: list[dt.date | None] = []
    for label in rows["neighbour_period"]:
        try:
            ends.append(parse_period(str(label), hint=indicator.period_type).end)
        except ValueError:
            ends.append(None)
    return pd.DataFrame({"kind": "neighbours", "name": "Statistical neighbours (average)",
                         "period_label": rows["neighbour_period"].to_numpy(),
                         "period_type": indicator.period_type.value,
                         "period_end": ends, "value": rows["neighbour_value"].to_numpy(),
                         "lower_ci": np.nan, "upper_ci": np.nan}).dropna(subset=["period_end"])


def spc_frame(series: pd.DataFrame, polarity: str) -> tuple[pd.DataFrame, str | None]:
    """XmR limits and point types for the series, and the latest point's variation icon."""
    points = series.dropna(subset=["value"])
    if len(points) < 3:
        return pd.DataFrame(), None
    direction = SPC_DIRECTIONS.get(polarity, "neutral")
    chart = spc_chart(points["value"].astype(float).to_numpy(), direction)
    chart.insert(0, "period_label", points["period_label"].to_numpy())
    chart.insert(1, "period_end", points["period_end"].to_numpy())
    return chart, variation_icon(chart["point_type"], direction)


def district_breakdown(conn: Connection, indicator_id: str, end: Any,
                       council_code: str | None = None) -> pd.DataFrame:
    """Each district's latest figure up to ``end``, highest value first (the districts of
    ``council_code`` when given, else every stored district)."""
    districts = queries.areas(conn, types=["district"])
    if council_code is not None:
        districts = districts[districts["parent_code"] == council_code]
    results = _results(conn, indicator_id, list(districts["code"]))
    if results.empty:
        return pd.DataFrame(columns=list(DISTRICT_COLUMNS))
    rows = results[results["period_end"] <= end]
    if rows.empty:
        return pd.DataFrame(columns=list(DISTRICT_COLUMNS))
    latest = (rows.sort_values(["area_code", "period_end"]).groupby("area_code").tail(1)
              .sort_values("value", ascending=False))
    return latest.loc[:, list(DISTRICT_COLUMNS)].reset_index(drop=True)


def current_or_stale(latest: pd.DataFrame, indicator: Indicator,
                     as_at: dt.date) -> dict[str, Any]:
    """The one-row ``latest`` figure as a dict, judged current or out of date at ``as_at`` by
    the indicator's release cycle (:func:`indicators.currency.with_currency`): an out-of-date
    figure is not rated, as on the scorecard."""
    row = latest.assign(
        release_cycle=indicator.release_cycle.value if indicator.release_cycle else None,
        publication_lag_months=indicator.publication_lag_months)
    judged = with_currency(row, as_at)
    return {str(k): v for k, v in judged.iloc[0].to_dict().items()}


def indicator_view(conn: Connection, indicator_id: str, area_code: str,
                   quarter: Period, indicators: Indicators = None) -> IndicatorView:
    """Everything the indicator page shows for one indicator of ``indicators`` (by default
    the catalogue), area and reporting quarter."""
    indicator = find_indicator(indicator_id, indicators)
    name, kind = area_row(conn, area_code)
    results = _results(conn, indicator.id, [area_code])
    latest = None
    if not results.empty:
        current = latest_as_at(results, quarter.end)
        if not current.empty:
            latest = current_or_stale(current.reset_index().iloc[[0]], indicator, quarter.end)
    series = local_series(results, quarter.end)
    full = results[results["period_end"] <= quarter.end] if not results.empty else results
    comparators = comparator_series(conn, indicator, area_code, full, quarter.end)
    spc, icon = spc_frame(series, indicator.polarity.value)
    council = council_for(conn, area_code)
    districts = district_breakdown(conn, indicator.id, quarter.end,
                                   council.council if council else None)
    return IndicatorView(indicator, area_code, name, kind, quarter, latest, series,
                         comparators, spc, icon, districts,
                         council.name if council else "the council")
