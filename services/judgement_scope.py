"""Which stored judgements a set of changed figures can alter, and which figures judge them.

A judgement (:func:`indicators.judgements.compute_judgements`) of indicator *I*, area *X*,
period *P* and breakdown *B* reads, besides its own figure:

* the earlier figures of its own series (previous period, same period last year, the recent
  trend's window);
* the figures of its England, region and county comparators at periods ending on or before
  *P*'s end (:mod:`indicators._comparators`);
* its statistical neighbours' figures at periods ending on or before *P*'s end (the neighbour
  average) and at *P* (its rank in the group), and, for a district, its county's other
  districts' figures at *P* (its rank among them);
* for a rate or percentage, the count the catalogue names as its numerator, for the same area
  and period (:func:`indicators._series.with_implied_denominators`).

A council's judgement also reads, at *P* only, every other English council's figure: its rank
among all of them (:func:`indicators._series.with_england_ranks`) and, where it has too few
neighbours with figures, the range of all councils' figures
(:mod:`indicators.typical_range`).

So a changed figure (*I*, *A*, *P*, *B*) can alter the judgements of *I* and of every rate
whose numerator *I* is, at *A*, *P*, *B*, from *P*'s end on, for *A* itself, every area that
has *A* as a comparator or a neighbour, and *A*'s sibling districts; and, when *A* is a
council, every council's judgement of *I* at *P* alone (a target with ``to_end``). Those are
the *targets*;
the figures they read are those of their own areas, comparators, neighbours and sibling
districts, and of those only the periods ending on or after the earliest target period less
the comparators' reach (:data:`~indicators._comparators.STALE_AFTER`), plus each series' last
:data:`~indicators._series.TREND_WINDOW` figures before it of each series judged there
(:func:`history_window`; the database applies it, so a long history is never read whole). A
target whose area holds no figure from its period on has nothing to recompute and is dropped,
with what it alone would read: a next quarter's figures reach the areas already at that
quarter, not every council's. Only the targets' figures are judged (:func:`targeted`), the
others read being their history and comparators, and that gives the targets exactly the
judgements a full recompute gives them (``tests/services/test_judgement_scope.py`` proves it
on random batches).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from domain.catalogue import Indicator
from indicators._comparators import STALE_AFTER
from indicators._series import LA_TYPES, SERIES_KEYS, TREND_WINDOW
from store.judged_figures import HistoryWindow

#: Columns of :attr:`Scope.targets` (``to_end`` None: every period from ``from_end`` on).
TARGET_COLUMNS = ["indicator_id", "breakdown", "area_code", "from_end", "to_end"]
#: Area types ranked among all English councils at each period.
COUNCIL_TYPES = frozenset(LA_TYPES)


@dataclass(frozen=True)
class Scope:
    """The judgements to recompute (``targets``: one row per indicator, breakdown and area,
    from the period ending ``from_end`` on) and the areas whose figures judge them."""

    targets: pd.DataFrame
    read_areas: list[str]


def _links(geography: pd.DataFrame, neighbours: pd.DataFrame,
           area_types: Mapping[str, str]) -> pd.DataFrame:
    """``(source, target)`` pairs: a figure of ``source`` is read by judgements of ``target``
    (an area always reads itself)."""
    pairs = [pd.DataFrame({"source": geography["area_code"], "target": geography["area_code"]})]
    for column in ("national_code", "region_code", "county_code"):
        known = geography[geography[column].notna()]
        pairs.append(pd.DataFrame({"source": known[column], "target": known["area_code"]}))
    pairs.append(pd.DataFrame({"source": neighbours["neighbour_code"],
                               "target": neighbours["area_code"]}))
    districts = geography[geography["area_code"].map(area_types).eq("district")
                          & geography["county_code"].notna()]
    siblings = districts[["area_code", "county_code"]].merge(
        districts[["area_code", "county_code"]], on="county_code", suffixes=("_s", "_t"))
    pairs.append(pd.DataFrame({"source": siblings["area_code_s"],
                               "target": siblings["area_code_t"]}))
    return pd.concat(pairs, ignore_index=True).drop_duplicates().reset_index(drop=True)


def judgement_scope(changed: pd.DataFrame, period_ends: Mapping[str, dt.date],
                    geography: pd.DataFrame, neighbours: pd.DataFrame,
                    area_types: Mapping[str, str], indicators: Mapping[str, Indicator],
                    latest: pd.DataFrame | None = None) -> Scope:
    """The judgements ``changed`` figures (``indicator_id``, ``area_code``, ``period_key``,
    ``breakdown``) can alter, and the areas whose figures are needed to judge them.

    ``period_ends`` maps each period key to its end; ``geography`` and ``neighbours`` are the
    frames :func:`~indicators.judgements.compute_judgements` is given; ``area_types`` maps
    each area code to its type; ``indicators`` is the catalogue in force. ``latest``, when
    given, holds the end of the latest figure (``latest_end``) of each series (``indicator_id``,
    ``breakdown``, ``area_code``) judged at or after the earliest change, the changed figures'
    own periods included: a target whose area holds no figure from its ``from_end`` on has no
    judgement to recompute, so neither it nor what it reads is read (a next quarter's upload
    reads its own area's circle, not every council's history).
    """
    keys = changed.loc[:, ["indicator_id", "area_code", "period_key", "breakdown"]]
    rates = pd.DataFrame([(ind.numerator_indicator, ind.id) for ind in indicators.values()
                          if ind.numerator_indicator],
                         columns=["indicator_id", "rate_id"])
    through = keys.merge(rates, on="indicator_id").drop(columns="indicator_id").rename(
        columns={"rate_id": "indicator_id"})
    keys = pd.concat([keys, through], ignore_index=True)
    keys = keys[keys["indicator_id"].isin(list(indicators))]
    keys_at_periods = keys
    days = {key: end.toordinal() for key, end in period_ends.items()}  # the earliest end
    keys = (keys.assign(from_end=keys["period_key"].map(days))  # found among numbers, not
            .groupby(["indicator_id", "breakdown", "area_code"], as_index=False)  # dates
            .agg(from_end=("from_end", "min")))
    links = _links(geography, neighbours, area_types)
    reached = keys.merge(links, left_on="area_code", right_on="source").drop(
        columns=["area_code", "source"]).rename(columns={"target": "area_code"})
    targets = reached.groupby(["indicator_id", "breakdown", "area_code"],
                              as_index=False).agg(from_end=("from_end", "min"))
    targets["from_end"] = pd.Series([dt.date.fromordinal(int(day)) if pd.notna(day) else None
                                     for day in targets["from_end"]],
                                    index=targets.index, dtype=object)
    targets["to_end"] = None
    ranked = _council_periods(keys_at_periods, period_ends, area_types)
    if not ranked.empty:
        councils = sorted(code for code, kind in area_types.items() if kind in COUNCIL_TYPES)
        everyone = ranked.merge(pd.DataFrame({"area_code": councils}), how="cross")
        everyone = everyone.merge(targets.loc[:, ["indicator_id", "breakdown", "area_code",
                                                  "from_end"]],
                                  on=["indicator_id", "breakdown", "area_code"], how="left",
                                  suffixes=("", "_open"))
        covered = everyone["from_end_open"].notna() & (
            pd.to_datetime(everyone["from_end_open"]) <= pd.to_datetime(everyone["from_end"]))
        extra = everyone.loc[~covered, ["indicator_id", "breakdown", "area_code", "from_end"]]
        targets = pd.concat([targets, extra.assign(to_end=extra["from_end"])],
                            ignore_index=True)
    if latest is not None:
        targets = _with_figures(targets, latest)
    judged = set(targets["area_code"])
    read = judged | set(links.loc[links["target"].isin(judged), "source"])
    return Scope(targets.loc[:, TARGET_COLUMNS].reset_index(drop=True), sorted(read))


def _with_figures(targets: pd.DataFrame, latest: pd.DataFrame) -> pd.DataFrame:
    """The ``targets`` whose series hold a figure ending on or after their ``from_end``."""
    keys = ["indicator_id", "breakdown", "area_code"]
    held = targets.reset_index(drop=True).reset_index().merge(
        latest.loc[:, [*keys, "latest_end"]], on=keys, how="inner")
    held = held[pd.to_datetime(held["latest_end"]) >= pd.to_datetime(held["from_end"])]
    return targets.iloc[sorted(set(held["index"]))].reset_index(drop=True)


def _council_periods(keys: pd.DataFrame, period_ends: Mapping[str, dt.date],
                     area_types: Mapping[str, str]) -> pd.DataFrame:
    """(indicator, breakdown, period end) of each changed council figure: the periods at which
    every council's rank and range can move."""
    councils = keys[keys["area_code"].map(area_types).isin(COUNCIL_TYPES)]
    return (councils.assign(from_end=councils["period_key"].map(period_ends))
            .loc[:, ["indicator_id", "breakdown", "from_end"]].drop_duplicates()
            .reset_index(drop=True))


def targeted(figures: pd.DataFrame, targets: pd.DataFrame) -> pd.Series:
    """Whether each of ``figures`` (by its index) is a target: of a target's indicator,
    breakdown and area, with its period ending within the target's ``from_end`` and
    ``to_end`` (where given)."""
    keys = ["indicator_id", "breakdown", "area_code"]
    located = figures.loc[:, [*keys, "period_end"]].assign(_position=np.arange(len(figures)))
    merged = located.merge(targets, on=keys, how="inner")
    ends = pd.to_datetime(merged["period_end"])
    until = pd.to_datetime(merged["to_end"]) if "to_end" in merged else pd.Series(
        pd.NaT, index=merged.index)
    kept = (ends >= pd.to_datetime(merged["from_end"])) & (until.isna() | (ends <= until))
    chosen = np.zeros(len(figures), dtype=bool)
    chosen[merged.loc[kept, "_position"].to_numpy(dtype=int)] = True
    return pd.Series(chosen, index=figures.index)


def history_window(since: dt.date, *, continuing: bool = True) -> HistoryWindow:
    """The figures judgements of periods ending on or after ``since`` read: those ending
    within :data:`~indicators._comparators.STALE_AFTER` (and a day) before ``since`` or later
    (the comparators' reach), and the last :data:`~indicators._series.TREND_WINDOW` figures
    before ``since`` of each series judged at or after it (the previous value and the recent
    trend's window count figures, not days); ``continuing=False`` keeps them for every series
    (for figures about to be joined by planned ones)."""
    cutoff = (pd.Timestamp(since) - STALE_AFTER - pd.Timedelta(days=1)).date()
    return HistoryWindow(since, cutoff, TREND_WINDOW, continuing)


def trim_history(observations: pd.DataFrame, since: dt.date) -> pd.DataFrame:
    """The figures of ``observations`` that :func:`history_window` keeps."""
    if observations.empty:
        return observations
    window = history_window(since)
    ends = pd.to_datetime(observations["period_end"])
    start = pd.Timestamp(since)
    before = ends < start
    series = observations.loc[:, SERIES_KEYS].astype(object)
    continuing = pd.MultiIndex.from_frame(series[~before]).unique()
    judged_later = pd.MultiIndex.from_frame(series).isin(continuing)
    older = series[before & judged_later].assign(end=ends, begin=observations["period_start"])
    older = older.sort_values([*SERIES_KEYS, "end", "begin"])
    recent = older.groupby(SERIES_KEYS, sort=False, dropna=False).cumcount(ascending=False)
    kept = ~before | (ends >= pd.Timestamp(window.cutoff))
    kept[recent.index[recent.to_numpy() < window.figures]] = True
    return observations[kept.to_numpy()].reset_index(drop=True)
