"""Per-series judgements: intervals, previous and last-year values, recent trend, ranks.

References
----------
METHODS.md section 1 (Wilson), section 2 (exact Poisson below 10 events, Byar from 10),
section 6 (recent trend). Ranks: 1 is the best value given the polarity; ties share the lowest
rank (1 + the number of areas strictly better), as PHEindicatormethods' ``phe_quantile`` ranks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators._validation import polarity_sign
from indicators.change import change_and_direction
from indicators.interval_methods import INTERVAL_METHODS, methods_in
from indicators.trend_windows import recent_trend_windows

SERIES_KEYS = ["indicator_id", "area_code", "breakdown", "period_type"]
#: Catalogue value types -> the value types the recent-trend test accepts.
TREND_TYPES = {"percentage": "proportion", "rate": "crude rate"}
#: Points handed to the trend test for each period (it keeps the 5 most recent valid ones).
TREND_WINDOW = 8


def _floats(frame: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def with_implied_denominators(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a published rate or percentage without counts or CI the counts behind it.

    Where the catalogue names a ``numerator_indicator`` (a count reported for the same areas and
    periods, as DfE publishes "children on CP plans" beside "CP plan rate"), that count is the
    numerator and the denominator is the population the published value implies,
    ``round(count × multiplier / value)``. :func:`with_intervals` then computes the interval
    from them, so the figure can be tested against its benchmarks. Rows that already carry a
    numerator, a denominator or a CI, a value of zero or less, or no matching count, are left
    as they are. ``value_note`` says where the counts came from.

    References
    ----------
    METHODS.md section 2 (intervals for rates need the event count and the population).
    """
    if "numerator_indicator" not in frame.columns:
        return frame
    value = _floats(frame, "value")
    with np.errstate(invalid="ignore"):
        needs = (frame["numerator_indicator"].notna().to_numpy() & (value > 0)
                 & np.isnan(_floats(frame, "numerator")) & np.isnan(_floats(frame, "denominator"))
                 & np.isnan(_floats(frame, "lower_ci")) & np.isnan(_floats(frame, "upper_ci")))
    if not needs.any():
        return frame
    keys = ["area_code", "period_key", "breakdown"]
    counts = frame.loc[frame["value_type"].eq("count"), ["indicator_id", *keys, "value"]]
    counts = counts.rename(columns={"indicator_id": "numerator_indicator", "value": "count"})
    matched = frame.loc[needs, ["numerator_indicator", *keys]].reset_index().merge(
        counts.drop_duplicates(["numerator_indicator", *keys]),
        on=["numerator_indicator", *keys], how="inner")
    matched = matched[pd.to_numeric(matched["count"], errors="coerce") > 0]
    if matched.empty:
        return frame
    rows = matched["index"].to_numpy()
    count = matched["count"].to_numpy(dtype=float)
    denominator = np.round(count * _floats(frame, "multiplier")[rows] / value[rows])
    out = frame.copy(deep=False)
    out["numerator"] = _floats(out, "numerator")
    out["denominator"] = _floats(out, "denominator")
    out.loc[rows, "numerator"] = count
    out.loc[rows, "denominator"] = denominator
    note = [f"Interval computed from the published count ({c:,.0f}) and the population the "
            f"published figure implies ({d:,.0f})." for c, d in zip(count, denominator,
                                                                     strict=True)]
    earlier = out.loc[rows, "value_note"].fillna("").astype(str).str.strip()
    out.loc[rows, "value_note"] = [f"{e} {n}" if e else n for e, n in zip(earlier, note,
                                                                            strict=True)]
    return out


def with_intervals(frame: pd.DataFrame) -> pd.DataFrame:
    """Compute 95% and 99.8% intervals from numerator and denominator where none is stored.

    Published intervals are kept as published (``ci_source`` "published"); computed ones are
    marked "computed". Each row's catalogue ``ci_method`` picks the function from
    :data:`indicators.interval_methods.INTERVAL_METHODS` (proportions Wilson, rates the
    exact/Byar switch); an unknown method is refused with a ``ValueError``.
    """
    out = frame.copy(deep=False)
    num, den = _floats(out, "numerator"), _floats(out, "denominator")
    mult = _floats(out, "multiplier")
    usable = ~np.isnan(num) & ~np.isnan(den) & (den > 0) & (num >= 0)
    chosen = out["ci_method"].to_numpy(dtype=object)
    rows = {name: usable & (chosen == name) & INTERVAL_METHODS[name].applies(num, den)
            for name in methods_in(chosen)}
    missing = np.isnan(_floats(out, "lower_ci")) | np.isnan(_floats(out, "upper_ci"))
    for level, lower_col, upper_col in ((0.95, "calc_lower", "calc_upper"),
                                        (0.998, "lower_998", "upper_998")):
        lower = np.full(len(out), np.nan)
        upper = np.full(len(out), np.nan)
        for name, mask in rows.items():
            if mask.any():
                lower[mask], upper[mask] = INTERVAL_METHODS[name].compute(
                    num[mask], den[mask], mult[mask], level)
        out[lower_col], out[upper_col] = lower, upper
    fill = missing & ~np.isnan(out["calc_lower"].to_numpy())
    out["lower_ci"] = np.where(fill, out["calc_lower"], _floats(out, "lower_ci"))
    out["upper_ci"] = np.where(fill, out["calc_upper"], _floats(out, "upper_ci"))
    out["ci_level"] = np.where(fill, 0.95, _floats(out, "ci_level"))
    out["ci_source"] = np.where(fill, "computed", out["ci_source"].fillna("none"))
    return out.drop(columns=["calc_lower", "calc_upper"])


def with_previous(frame: pd.DataFrame) -> pd.DataFrame:
    """Previous period (the latest earlier period of the same type) and same period last year."""
    out = frame.sort_values([*SERIES_KEYS, "period_end", "period_start"])
    grouped = out.groupby(SERIES_KEYS, sort=False)
    out["previous_period"] = grouped["period_label"].shift(1)
    out["previous_value"] = grouped["value"].shift(1)
    previous_start = pd.to_datetime(grouped["period_start"].shift(1))
    start = pd.to_datetime(out["period_start"])
    breaks = pd.to_datetime(out["series_break_start"])
    across_break = breaks.notna() & previous_start.notna() & (previous_start < breaks) & (
        breaks <= start)
    out["comparable"] = ~across_break.to_numpy()
    out["change"], out["direction"] = _change(out, "previous_value", out["comparable"])
    out.loc[out["previous_period"].isna(), "direction"] = None
    last_year = out.loc[:, [*SERIES_KEYS, "period_start", "period_end", "period_label",
                            "value"]].copy()
    last_year["period_start"] = (pd.to_datetime(last_year["period_start"])
                                 + pd.DateOffset(years=1)).dt.date
    last_year["period_end"] = (pd.to_datetime(last_year["period_end"])
                               + pd.DateOffset(years=1)).dt.date
    last_year = last_year.rename(columns={"period_label": "last_year_period",
                                          "value": "last_year_value"})
    out = out.merge(last_year, on=[*SERIES_KEYS, "period_start", "period_end"], how="left")
    out["last_year_change"], _ = _change(out, "last_year_value", True)
    return out


def _change(frame: pd.DataFrame, previous: str, comparable: object) -> tuple[np.ndarray,
                                                                              np.ndarray]:
    change, direction = change_and_direction(
        _floats(frame, "value"), _floats(frame, previous), frame["polarity"].to_numpy(),
        comparable if not isinstance(comparable, pd.Series) else comparable.to_numpy())
    direction = np.where(np.isnan(_floats(frame, previous)) | np.isnan(_floats(frame, "value")),
                         None, direction)
    return np.asarray(change, dtype=float), np.asarray(direction, dtype=object)


def with_trend(frame: pd.DataFrame) -> pd.DataFrame:
    """Recent trend as at each period, from that period and the ones before it.

    Each eligible row's window is its own period and up to ``TREND_WINDOW - 1`` earlier ones
    of the same series; all windows are tested at once by :func:`recent_trend_windows`. The
    first four periods of a series "Cannot be calculated" (the method needs five points).
    """
    out = frame.sort_values([*SERIES_KEYS, "period_end", "period_start"]).reset_index(drop=True)
    out["trend"] = None
    out["trend_chi2"] = np.nan
    eligible = out["value_type"].isin(list(TREND_TYPES)).to_numpy()
    position = out.groupby(SERIES_KEYS, sort=False).cumcount().to_numpy()
    out.loc[eligible & (position < 4), "trend"] = "Cannot be calculated"
    rows = np.flatnonzero(eligible & (position >= 4))
    if rows.size == 0:
        return out
    offsets = np.arange(1 - TREND_WINDOW, 1)
    source = rows[:, None] + offsets[None, :]
    present = offsets[None, :] >= -position[rows][:, None]
    source = np.where(present, source, 0)

    def windows(column: str) -> np.ndarray:
        return np.where(present, _floats(out, column)[source], np.nan)

    result = recent_trend_windows(
        windows("value"), windows("lower_ci"), windows("upper_ci"), windows("numerator"),
        windows("denominator"), polarity_sign(out["polarity"].to_numpy()[rows]))
    out.loc[rows, "trend"] = result.label
    out.loc[rows, "trend_chi2"] = result.chi2
    return out


def with_ranks(frame: pd.DataFrame, neighbours: pd.DataFrame,
               reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rank districts among their county's districts, and an LA among its neighbour group,
    those areas' figures being found among ``reference`` (by default ``frame`` itself: a
    ``reference`` holds ``frame``'s rows under the same index labels, and others).

    Adds ``rank``, ``rank_of`` (areas with a value), ``rank_group`` ("districts" or
    "neighbours") and, for the neighbour group, ``quartile`` (1 = best quarter, by rank).
    """
    out = frame.reset_index(drop=True) if reference is None else frame.copy(deep=False)
    source = out if reference is None else reference
    keys = ["indicator_id", "breakdown", "period_key"]
    districts = source.loc[source["area_type"].eq("district") & source["county_code"].notna(),
                           ["area_code", "county_code"]].drop_duplicates().rename(
        columns={"county_code": "group"})
    members = districts.rename(columns={"area_code": "member_code"}).merge(
        districts.rename(columns={"area_code": "anchor_code"}), on="group")
    pairs = {"districts": members[["anchor_code", "member_code"]].drop_duplicates()}
    if "valid_to" in neighbours:  # rank within the list in force now (the open-ended one)
        neighbours = neighbours[neighbours["valid_to"].isna()]
    neighbours = neighbours[["area_code", "neighbour_code"]].drop_duplicates()
    own = pd.DataFrame({"anchor_code": neighbours["area_code"].unique()})
    pairs["neighbours"] = pd.concat([
        neighbours.rename(columns={"area_code": "anchor_code", "neighbour_code": "member_code"}),
        own.assign(member_code=own["anchor_code"])], ignore_index=True)
    out["rank"], out["rank_of"], out["quartile"] = np.nan, np.nan, np.nan
    out["rank_group"] = None
    values = source.loc[source["value"].notna(), [*keys, "area_code", "value"]]
    for group_name, pair in pairs.items():
        if pair.empty:
            continue
        anchors = out.loc[out["area_code"].isin(pair["anchor_code"]) & out["value"].notna(),
                          [*keys, "area_code", "value", "polarity"]].reset_index()
        joined = anchors.rename(columns={"area_code": "anchor_code", "value": "own"}).merge(
            pair, on="anchor_code").merge(
            values.rename(columns={"area_code": "member_code", "value": "member"}),
            on=[*keys, "member_code"])
        sign = np.where(joined["polarity"].eq("low_is_good"), -1.0, 1.0)
        joined["better"] = (joined["member"].to_numpy() - joined["own"].to_numpy()) * sign > 0
        summary = joined.groupby("index").agg(better=("better", "sum"),
                                              size=("member", "size"))
        rows = summary.index.to_list()
        rank = summary["better"].to_numpy(dtype=float) + 1
        size = summary["size"].to_numpy(dtype=float)
        out.loc[rows, "rank"] = rank
        out.loc[rows, "rank_of"] = size
        out.loc[rows, "rank_group"] = group_name
        if group_name == "neighbours":
            out.loc[rows, "quartile"] = np.clip(np.ceil(4 * rank / size), 1, 4)
    return with_england_ranks(out, reference)


#: Area types ranked together as English local authorities (upper tier).
LA_TYPES = ("county", "other_la")


def with_england_ranks(frame: pd.DataFrame, reference: pd.DataFrame | None = None
                       ) -> pd.DataFrame:
    """Rank each local authority among every English LA with a value for the same indicator,
    breakdown and period, as DfE's LAIT does: those of ``reference`` (by default ``frame``
    itself; a ``reference`` holds ``frame``'s rows under the same index labels).

    Adds ``england_rank`` (1 = best given the polarity; ties share the lowest rank),
    ``england_rank_of`` (LAs with a value) and ``england_quartile`` (1 = best quarter:
    ``ceil(4 × rank / n)``, LAIT's quartile banding). Rows that are not an LA stay empty.

    References
    ----------
    DfE Local Authority Interactive Tool (dfe-analytical-services/local-authority-interactive-tool):
    rank and quartile band among the 153 English LAs, with the measure's polarity.
    """
    out = frame.copy(deep=False)
    source = out if reference is None else reference
    keys = ["indicator_id", "breakdown", "period_key"]
    value = _floats(source, "value")
    la = source["area_type"].isin(LA_TYPES).to_numpy() & ~np.isnan(value)
    sign = np.where(source["polarity"].eq("low_is_good"), -1.0, 1.0)
    signed = pd.Series(np.where(la, value * sign, np.nan), index=source.index)
    grouped = signed.groupby([source[k] for k in keys], sort=False)
    rank = grouped.rank(method="min", ascending=False)
    size = grouped.transform("count").astype(float)
    if reference is not None:  # the figures ranked are among those of the reference
        rank, size = rank.loc[out.index], size.loc[out.index]
        la = la[source.index.get_indexer(out.index)]
    out["england_rank"] = np.where(la, rank, np.nan)
    out["england_rank_of"] = np.where(la, size, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["england_quartile"] = np.where(la, np.clip(np.ceil(4 * rank / size), 1, 4), np.nan)
    return out
