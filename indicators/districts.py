"""Pure statistics behind the district pages: groups of districts, the county comparison, funnels.

DataFrame in, DataFrame out; no SQL and no Dash. A group of districts (a Children and Family
Wellbeing footprint or a social care team) is computed from summed numerators and denominators,
never by averaging rates (METHODS.md section 4), and is illustrative if any member figure is.
Funnel limits and labels come from :mod:`indicators.funnels` around the pooled value of the
areas shown (METHODS.md section 5).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from domain.catalogue import Indicator
from domain.vocabulary import ValueType
from indicators import (
    assign_funnel_significance,
    compare_to_benchmark,
    pooled_average,
    proportion_funnel_limits,
    proportion_with_ci,
    rate_funnel_limits,
    rate_with_ci,
)

#: Value type -> the function that turns summed counts into a value with its 95% interval.
STATISTICS: dict[ValueType, Callable[..., pd.DataFrame]] = {
    ValueType.PERCENTAGE: proportion_with_ci,
    ValueType.RATE: rate_with_ci,
}
GROUP_COLUMNS = ("area_code", "area_name", "period_key", "period_label", "period_end",
                 "numerator", "denominator", "value", "lower_ci", "upper_ci", "illustrative",
                 "members", "value_note")
INCOMPLETE_NOTE = "Not every district in the group has figures for this period."
NOT_ADDITIVE_NOTE = "This indicator cannot be combined across districts."
#: Funnel lines drawn: (column of the limits frame, legend label).
FUNNEL_LINES = (("lower_998", "99.8% limits"), ("upper_998", "99.8% limits"),
                ("lower_95", "95% limits"), ("upper_95", "95% limits"))


def _usable(rows: pd.DataFrame) -> pd.Series:
    num = pd.to_numeric(rows["numerator"], errors="coerce")
    den = pd.to_numeric(rows["denominator"], errors="coerce")
    return num.notna() & den.notna() & (den > 0) & (num >= 0)


def combine_groups(rows: pd.DataFrame, groups: Mapping[str, Sequence[str]],
                   names: Mapping[str, str], indicator: Indicator) -> pd.DataFrame:
    """One row per group and period, computed from the member districts' counts.

    Parameters
    ----------
    rows
        District figures: ``area_code``, ``period_key``, ``period_label``, ``period_end``,
        ``numerator``, ``denominator``, ``value`` and ``illustrative``.
    groups, names
        Group code -> member district codes, and group code -> name.
    indicator
        The catalogue entry: percentages and rates are recomputed from summed counts with
        their 95% interval; additive counts are summed; anything else is left empty.

    Returns
    -------
    pandas.DataFrame
        :data:`GROUP_COLUMNS`. A group with a member missing for a period has no value (and a
        note saying so) rather than a value for part of its area.
    """
    members = pd.DataFrame([(g, d) for g, codes in groups.items() for d in codes],
                           columns=["group", "area_code"])
    sizes = members.groupby("group").size()
    joined = members.merge(rows, on="area_code", how="inner")
    if joined.empty:
        return pd.DataFrame(columns=list(GROUP_COLUMNS))
    keys = ["group", "period_key"]
    statistic = STATISTICS.get(indicator.value_type)
    usable = _usable(joined) if statistic else pd.to_numeric(
        joined["value"], errors="coerce").notna()
    summary = joined.assign(usable=usable).groupby(keys, sort=False).agg(
        period_label=("period_label", "first"), period_end=("period_end", "first"),
        members=("usable", "sum"), illustrative=("illustrative", lambda s: bool(s.any())))
    summary = summary.reset_index()
    summary["complete"] = summary["members"].to_numpy() == summary["group"].map(
        sizes).to_numpy()
    values = _group_values(joined[usable], indicator, statistic)
    out = summary.merge(values, on=keys, how="left")
    incomplete = ~out["complete"]
    for column in ("numerator", "denominator", "value", "lower_ci", "upper_ci"):
        out[column] = pd.to_numeric(out[column], errors="coerce").mask(incomplete)
    additive = statistic is not None or indicator.additive
    otherwise = np.full(len(out), None if additive else NOT_ADDITIVE_NOTE, dtype=object)
    out["value_note"] = np.where(incomplete, INCOMPLETE_NOTE, otherwise)
    out["area_code"] = out["group"]
    out["area_name"] = out["group"].map(names)
    return out.loc[:, list(GROUP_COLUMNS)].reset_index(drop=True)


def _group_values(rows: pd.DataFrame, indicator: Indicator,
                  statistic: Callable[..., pd.DataFrame] | None) -> pd.DataFrame:
    keys = ["group", "period_key"]
    columns = [*keys, "numerator", "denominator", "value", "lower_ci", "upper_ci"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    if statistic is not None:
        counts = rows.assign(numerator=pd.to_numeric(rows["numerator"]),
                             denominator=pd.to_numeric(rows["denominator"]))
        computed = statistic(counts.loc[:, [*keys, "numerator", "denominator"]],
                             multiplier=float(indicator.multiplier), group_by=keys)
        return computed.loc[:, columns]
    summed = rows.assign(value=pd.to_numeric(rows["value"])).groupby(keys, sort=False)[
        "value"].sum().reset_index()
    if not indicator.additive:
        summed["value"] = np.nan
    return summed.assign(numerator=np.nan, denominator=np.nan, lower_ci=np.nan,
                         upper_ci=np.nan).loc[:, columns]


def compare_with_county(frame: pd.DataFrame, county_value: float | None,
                        polarity: str) -> np.ndarray:
    """Each area's 95% interval against the county's value: Better/Similar/Worse or
    Higher/Similar/Lower (no judgement), "Not compared" without an interval or county value."""
    if frame.empty:
        return np.array([], dtype=object)
    benchmark = np.nan if county_value is None else float(county_value)
    labels = compare_to_benchmark(
        pd.to_numeric(frame["lower_ci"], errors="coerce").to_numpy(dtype=float),
        pd.to_numeric(frame["upper_ci"], errors="coerce").to_numpy(dtype=float),
        np.full(len(frame), benchmark), polarity)
    return np.asarray(labels, dtype=object)


def rank_by_polarity(values: pd.Series, polarity: str) -> pd.Series:
    """Rank 1 = best (highest where high is good or there is no judgement); ties share a rank."""
    ascending = polarity == "low_is_good"
    return values.rank(method="min", ascending=ascending)


@dataclass(frozen=True)
class Funnel:
    """A funnel plot's data: the areas, the control limits and the pooled target line."""

    statistic: str
    baseline: float
    points: pd.DataFrame
    limits: pd.DataFrame
    left_out: tuple[str, ...]


def funnel_data(areas: pd.DataFrame, indicator: Indicator) -> Funnel | None:
    """Funnel limits around the pooled value of ``areas`` and each area's funnel label.

    ``areas`` needs ``area_name``, ``numerator`` and ``denominator``. Returns None for counts
    or when fewer than two areas have counts; areas without counts are named in ``left_out``.

    The x axis is the denominator (children, pupils, population). Limits are returned long:
    ``line`` (a column of :data:`FUNNEL_LINES`), ``x`` and ``y``.
    """
    if indicator.value_type not in STATISTICS or areas.empty:
        return None
    usable = _usable(areas)
    shown = areas[usable].copy()
    left_out = tuple(str(n) for n in areas.loc[~usable, "area_name"])
    if len(shown) < 2:
        return None
    x = pd.to_numeric(shown["numerator"]).to_numpy(dtype=float)
    n = pd.to_numeric(shown["denominator"]).to_numpy(dtype=float)
    multiplier = float(indicator.multiplier)
    average = pooled_average(x, n)
    if indicator.value_type is ValueType.PERCENTAGE:
        grid = np.geomspace(max(n.min() * 0.5, 1.0), n.max() * 1.5, 120)
        wide = proportion_funnel_limits(grid, average, multiplier)
        limits = pd.concat([pd.DataFrame({"line": line, "x": grid, "y": wide[line]})
                            for line, _label in FUNNEL_LINES], ignore_index=True)
        labels = assign_funnel_significance(x, n, statistic="proportion")
        statistic = "proportion"
    else:
        events = np.unique(np.round(np.geomspace(1.0, max(x.max(), 1.0) * 3.0, 150)))
        wide = rate_funnel_limits(events, average, multiplier)
        parts = []
        for line, _label in FUNNEL_LINES:
            side, level = line.split("_")
            parts.append(pd.DataFrame({"line": line, "x": wide[f"population_{side}_{level}"],
                                       "y": wide[line]}))
        limits = pd.concat(parts, ignore_index=True)
        lo, hi = n.min() * 0.5, n.max() * 1.5
        limits = limits[(limits["x"] >= lo) & (limits["x"] <= hi)].reset_index(drop=True)
        labels = assign_funnel_significance(x, n, statistic="rate", rate=x / n * multiplier,
                                            rate_type="crude", multiplier=multiplier)
        statistic = "rate"
    shown["value"] = x / n * multiplier
    shown["funnel_label"] = np.asarray(labels, dtype=object)
    return Funnel(statistic, average * multiplier, shown.reset_index(drop=True), limits,
                  left_out)
