"""Comparator values for each observation: England, region, county and the neighbour group.

A comparator is matched on the same indicator and breakdown at the latest comparator period
ending on or before the local period's end (within :data:`STALE_AFTER`), so a quarterly local
figure is set beside the latest published annual England figure and the comparator's own
period is carried with it, as the seed scorecards print it.

References
----------
METHODS.md section 3.1 (CI overlapping the benchmark's point value) and section 4 (a neighbour
average is a benchmark value without a CI).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.significance import compare_to_benchmark

#: Comparator kind -> (geography column naming the comparator area, catalogue comparator name).
COMPARATOR_KINDS: dict[str, tuple[str, str]] = {
    "national": ("national_code", "national"),
    "regional": ("region_code", "regional"),
    "county": ("county_code", "county"),
}
#: A comparator older than this, relative to the local period end, is not used.
STALE_AFTER = pd.Timedelta(days=800)
_KEYS = ["indicator_id", "breakdown"]


def _applies(frame: pd.DataFrame, name: str) -> np.ndarray:
    return np.array([name in (c or ()) for c in frame["comparators"]], dtype=bool)


def as_datetimes(values: pd.Series) -> pd.Series:
    """``values`` (dates, timestamps or ISO strings; missing ones NaT) as ``pd.to_datetime``
    gives them, each distinct value converted once: a joined frame repeats a few hundred
    period ends over many rows."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    codes, uniques = pd.factorize(values)
    stamps = pd.to_datetime(pd.Series([*uniques, None], dtype=object)).to_numpy()
    return pd.Series(stamps[codes], index=values.index, name=values.name)  # -1: the NaT


def _asof(left: pd.DataFrame, right: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Latest ``right`` row per ``by`` whose ``period_end`` is on or before the left row's."""
    left = left.assign(period_end=as_datetimes(left["period_end"]),
                       **{c: left[c].astype(object) for c in by}).sort_values("period_end")
    right = right.assign(period_end=as_datetimes(right["period_end"]),
                         **{c: right[c].astype(object) for c in by}).sort_values("period_end")
    merged = pd.merge_asof(left, right, on="period_end", by=by, direction="backward",
                           tolerance=STALE_AFTER)
    return merged.set_index("row_id").sort_index()


def with_comparator(frame: pd.DataFrame, kind: str,
                    reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add ``{kind}_value``, ``{kind}_lower``, ``{kind}_upper`` and ``{kind}_period``, the
    comparator's figure found among ``reference`` (by default ``frame`` itself)."""
    code_column, name = COMPARATOR_KINDS[kind]
    wanted = _applies(frame, name) & frame[code_column].notna().to_numpy() & (
        frame[code_column] != frame["area_code"]).to_numpy()
    columns = [f"{kind}_value", f"{kind}_lower", f"{kind}_upper", f"{kind}_period"]
    result = pd.DataFrame(index=frame.index, columns=columns, dtype=object)
    if wanted.any():
        left = frame.loc[wanted, [*_KEYS, code_column, "period_end"]].rename(
            columns={code_column: "bench_code"}).assign(row_id=frame.index[wanted])
        right = (frame if reference is None else reference).loc[:, [
            *_KEYS, "area_code", "period_end", "value", "lower_ci",
                              "upper_ci", "period_label"]].rename(columns={
            "area_code": "bench_code", "value": columns[0], "lower_ci": columns[1],
            "upper_ci": columns[2], "period_label": columns[3]})
        right = right[right[columns[0]].notna()]
        matched = _asof(left, right, [*_KEYS, "bench_code"])
        result.loc[matched.index, columns] = matched[columns].to_numpy()
    out = frame.copy(deep=False)
    for column in columns[:3]:
        out[column] = pd.to_numeric(result[column], errors="coerce")
    out[columns[3]] = result[columns[3]].astype("string")
    return out


def in_force(pairs: pd.DataFrame) -> np.ndarray:
    """True where a neighbour pair's list was in force at the figure's period end (pairs
    without ``valid_from``/``valid_to`` always are; a missing date is open-ended)."""
    if "valid_from" not in pairs or "valid_to" not in pairs:
        return np.ones(len(pairs), dtype=bool)
    end = as_datetimes(pairs["period_end"])
    starts = as_datetimes(pairs["valid_from"])
    stops = as_datetimes(pairs["valid_to"])
    return ((starts.isna() | (starts <= end)) & (stops.isna() | (end <= stops))).to_numpy()


def dated_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    """``pairs`` with ``valid_from``/``valid_to`` (where present) as datetimes, converted
    before a join repeats them."""
    return pairs.assign(**{c: as_datetimes(pairs[c]) for c in ("valid_from", "valid_to")
                           if c in pairs})


def with_neighbour_summary(frame: pd.DataFrame, neighbours: pd.DataFrame,
                           reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add the statistical-neighbour mean, median, count with data and group size, from the
    neighbours' figures among ``reference`` (by default ``frame`` itself).

    The group value is the mean of the neighbours' published values at the latest period on
    or before the local period (neighbour averages are benchmark values without a CI). When
    ``neighbours`` carries ``valid_from``/``valid_to`` (a DfE list's dates in force; missing =
    open-ended), a figure's group is the list in force at its period's end, so a 2016 figure
    is compared with the April 2021 list and a 2025/26 one with the May 2025 list; the list
    used is named in ``neighbour_model``.
    """
    columns = ["neighbour_value", "neighbour_median", "neighbour_n", "neighbour_size",
               "neighbour_period"]
    out = frame.copy(deep=False)
    for column in columns:
        out[column] = np.nan
    out["neighbour_period"] = pd.Series(pd.NA, index=out.index, dtype="string")
    out["neighbour_model"] = pd.Series(pd.NA, index=out.index, dtype="string")
    if "model" not in neighbours:
        neighbours = neighbours.assign(model="")
    wanted = _applies(frame, "neighbours") & frame["area_code"].isin(
        neighbours["area_code"]).to_numpy()
    if not wanted.any() or neighbours.empty:
        return out
    sizes = neighbours.groupby(["area_code", "model"]).size().groupby(level=0).max().rename(
        "neighbour_size")
    neighbours = neighbours[neighbours["area_code"].isin(frame.loc[wanted, "area_code"])]
    source = frame if reference is None else reference
    values = source.loc[source["value"].notna(), [*_KEYS, "area_code", "period_key",
                                                   "period_end", "period_label", "value"]]
    values = values.assign(period_end=as_datetimes(values["period_end"]))
    joined = dated_pairs(neighbours).merge(values.rename(columns={"area_code": "neighbour_code"}),
                                      on="neighbour_code")
    joined = joined[in_force(joined)]
    out["neighbour_size"] = out["area_code"].map(sizes).where(wanted).astype(float)
    if joined.empty:
        return out
    group = joined.groupby([*_KEYS, "area_code", "period_key"], sort=False).agg(
        neighbour_value=("value", "mean"), neighbour_median=("value", "median"),
        neighbour_n=("value", "size"), period_end=("period_end", "first"),
        neighbour_period=("period_label", "first"),
        neighbour_model=("model", "first")).reset_index()
    group = group.drop(columns="period_key")
    left = frame.loc[wanted, [*_KEYS, "area_code", "period_end"]].assign(
        row_id=frame.index[wanted])
    matched = _asof(left, group, [*_KEYS, "area_code"])
    for column in ("neighbour_value", "neighbour_median", "neighbour_n"):
        out.loc[matched.index, column] = matched[column].astype(float).to_numpy()
    out.loc[matched.index, "neighbour_period"] = matched["neighbour_period"].astype(
        "string").to_numpy()
    out.loc[matched.index, "neighbour_model"] = matched["neighbour_model"].astype(
        "string").to_numpy()
    return out


def with_significance(frame: pd.DataFrame) -> pd.DataFrame:
    """Compare each observation's interval with every comparator's point value."""
    out = frame.copy(deep=False)
    for kind in ("national", "regional", "county", "neighbour"):
        labels = np.full(len(frame), "Not compared", dtype=object)
        for polarity, rows in frame.groupby("polarity").groups.items():
            index = frame.index.get_indexer(rows)
            labels[index] = compare_to_benchmark(
                frame["lower_ci"].to_numpy(dtype=float, na_value=np.nan)[index],
                frame["upper_ci"].to_numpy(dtype=float, na_value=np.nan)[index],
                frame[f"{kind}_value"].to_numpy(dtype=float, na_value=np.nan)[index],
                str(polarity))
        out[f"{kind}_significance"] = labels
    return out
