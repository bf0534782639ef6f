"""Where a council's figure sits in the range of similar councils' figures for the same period.

For measures with no better or worse direction (a children-in-need rate, a referral rate), a
Board still needs to know when its level is unusual. Contextual measures are read against the
spread of the council's statistical neighbours: the middle half (interquartile range) is
"typical", the neighbours' whole range (minimum to maximum) is "seen among similar councils",
and a figure beyond it is unusual. Where too few neighbours have a figure for the period, the
spread of every English local authority's figure is used instead.

Pure DataFrame-in/DataFrame-out: :func:`with_typical_range` appends the range each row is read
against; :func:`indicators.rag.rag_rating`'s ``typical_range`` rule colours it.

References
----------
Hyndman, R. J. and Fan, Y. (1996) "Sample quantiles in statistical packages", The American
Statistician 50(4), 361-365: quartiles by linear interpolation between order statistics
(their definition 7, the default of pandas, numpy and R). DfE Local Authority Interactive Tool
(statistical-neighbour comparison of contextual measures); CIPFA/DfE children's services
statistical neighbour benchmarking (ten nearest neighbours per local authority).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators._comparators import as_datetimes, dated_pairs, in_force
from indicators._rag_text import GREY_PREFIX, NO_VALUE, number_text, with_unit

#: Columns :func:`with_typical_range` appends.
RANGE_COLUMNS = ("range_low", "range_q1", "range_q3", "range_high", "range_n", "range_scope")
#: Fewest comparator councils with a figure for the period for their range to be read: below
#: this, quartiles say little (with four figures the middle half is two of them).
MIN_RANGE_COUNCILS = 5
#: Words for each comparator group, as the reason prints them after the count.
NEIGHBOURS_SCOPE = "statistical neighbours"
ENGLAND_SCOPE = "other English councils"
#: Area types that are English local authorities (upper tier), as ranked by
#: :func:`indicators._series.with_england_ranks`.
LA_TYPES = ("county", "other_la")
_KEYS = ["indicator_id", "breakdown", "period_key"]


def _summary(joined: pd.DataFrame, by: str) -> pd.DataFrame:
    """Minimum, quartiles, maximum and count of ``member`` values per ``by`` (row index)."""
    grouped = joined.groupby(by)["member"]
    return pd.DataFrame({
        "range_low": grouped.min(), "range_q1": grouped.quantile(0.25),
        "range_q3": grouped.quantile(0.75), "range_high": grouped.max(),
        "range_n": grouped.size().astype(float)}, columns=list(RANGE_COLUMNS[:-1]))


def _neighbour_ranges(out: pd.DataFrame, neighbours: pd.DataFrame,
                      values: pd.DataFrame) -> pd.DataFrame:
    """The range of each LA row's statistical neighbours' figures for the same period (the LA
    itself excluded), over the neighbour list in force at the period's end where
    ``neighbours`` dates its lists (``valid_from``/``valid_to``)."""
    dated = [c for c in ("valid_from", "valid_to") if c in neighbours]
    pairs = neighbours.loc[neighbours["area_code"].ne(neighbours["neighbour_code"]),
                           ["area_code", "neighbour_code", *dated]].drop_duplicates()
    anchors = out.loc[out["area_code"].isin(pairs["area_code"]) & out["value"].notna(),
                      [*_KEYS, "area_code", *(["period_end"] if dated else [])]].reset_index()
    if pairs.empty or anchors.empty:
        return _summary(pd.DataFrame({"index": [], "member": []}, dtype=float), "index")
    pairs = dated_pairs(pairs.astype({"area_code": object, "neighbour_code": object}))
    if dated:
        anchors = anchors.assign(period_end=as_datetimes(anchors["period_end"]))
    joined = anchors.merge(pairs, on="area_code")
    joined = joined[in_force(joined)].drop(columns=[*dated, "period_end"], errors="ignore").merge(
        values.rename(columns={"area_code": "neighbour_code", "value": "member"}),
        on=[*_KEYS, "neighbour_code"])
    return _summary(joined, "index")


def _england_ranges(out: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """The range of every other English LA's figure for the same period, for each LA row.

    Leave-one-out without a join: each group's figures are sorted once, and each LA's
    quantiles are read from the sorted figures with its own position skipped.
    """
    la = values[values["area_type"].isin(LA_TYPES)].sort_values([*_KEYS, "value"])
    grouped = la.groupby(_KEYS, sort=False)
    k = grouped.cumcount().to_numpy()
    size = grouped["value"].transform("size").to_numpy()
    start = np.arange(len(la)) - k
    figures = la["value"].to_numpy(dtype=float)
    others = size - 1

    def nth(j: np.ndarray) -> np.ndarray:
        """The ``j``-th smallest figure of each group with the row's own figure left out."""
        return figures[np.clip(start + j + (j >= k), 0, max(len(la) - 1, 0))]

    result = {"range_low": nth(np.zeros(len(la), dtype=int)),
              "range_high": nth(np.maximum(others - 1, 0))}
    for name, share in (("range_q1", 0.25), ("range_q3", 0.75)):
        h = share * np.maximum(others - 1, 0)
        lo = np.floor(h).astype(int)
        hi = np.minimum(lo + 1, np.maximum(others - 1, 0))
        result[name] = nth(lo) + (h - lo) * (nth(hi) - nth(lo))
    summary = pd.DataFrame(result, index=la.index)
    summary["range_n"] = others.astype(float)
    summary = summary[others >= 1]
    return summary.loc[:, ["range_low", "range_q1", "range_q3", "range_high", "range_n"]]


def with_typical_range(frame: pd.DataFrame, neighbours: pd.DataFrame,
                       reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """Append the range of comparable councils' figures each row is read against.

    Parameters
    ----------
    frame
        Observations with ``indicator_id, breakdown, period_key, area_code, area_type,
        value`` (all areas, so neighbours' and other LAs' figures are present).
    neighbours
        ``area_code``, ``neighbour_code`` pairs: each LA's statistical neighbour group.
    reference
        The figures the comparators' are found among, by default ``frame`` itself; a
        ``reference`` holds ``frame``'s rows under the same index labels, and others.

    Returns
    -------
    pandas.DataFrame
        ``frame`` with :data:`RANGE_COLUMNS`: the minimum, lower quartile, upper quartile and
        maximum of the comparators' figures for the same indicator, breakdown and period, how
        many councils they are, and ``range_scope`` naming them (:data:`NEIGHBOURS_SCOPE`
        where at least :data:`MIN_RANGE_COUNCILS` neighbours have a figure, else
        :data:`ENGLAND_SCOPE` where as many other English LAs have one, else empty and the
        figures missing). The council's own figure is never among its comparators.
    """
    missing = [c for c in (*_KEYS, "area_code", "area_type", "value") if c not in frame]
    if missing:
        raise ValueError(f"frame is missing columns {missing}")
    if not {"area_code", "neighbour_code"} <= set(neighbours.columns):
        raise ValueError("neighbours must have columns 'area_code' and 'neighbour_code'")
    out = frame.copy(deep=False)
    source = out if reference is None else reference
    value = pd.to_numeric(source["value"], errors="coerce")
    values = source.loc[value.notna(), [*_KEYS, "area_code", "area_type"]].assign(
        value=value[value.notna()].astype(float))
    numbers = list(RANGE_COLUMNS[:-1])
    result = pd.DataFrame(np.nan, index=out.index, columns=numbers)
    scope = pd.Series("", index=out.index, dtype=object)
    for ranges, words in ((_neighbour_ranges(out, neighbours, values), NEIGHBOURS_SCOPE),
                          (_england_ranges(out, values), ENGLAND_SCOPE)):
        enough = ranges[(ranges["range_n"] >= MIN_RANGE_COUNCILS).to_numpy()
                        & ranges.index.isin(out.index)]
        rows = enough.index[scope.loc[enough.index].eq("").to_numpy()]
        result.loc[rows, numbers] = enough.loc[rows, numbers].to_numpy()
        scope.loc[rows] = words
    for column in numbers:
        out[column] = result[column].to_numpy(dtype=float)
    out["range_scope"] = scope.to_numpy()
    return out


#: The clause every ``typical_range`` reason ends with: the colour is not a judgement.
NOT_A_JUDGEMENT = ("a high or low value is neither better nor worse in itself, so the colour "
                   "flags {what}, not good or bad performance.")


def typical_range_colour(df: pd.DataFrame) -> np.ndarray:
    """The colour :func:`typical_range_rule` gives each row (object array), without its
    reason: within the middle half green, within the whole range amber, beyond it red."""
    value = df["value"].astype(float)
    low, high = df["range_low"].astype(float), df["range_high"].astype(float)
    q1, q3 = df["range_q1"].astype(float), df["range_q3"].astype(float)
    scope = df["range_scope"].astype(object).where(df["range_scope"].notna(), "").astype(str)
    judged = (value.notna() & low.notna() & high.notna() & q1.notna() & q3.notna()
              & scope.ne("")).to_numpy()
    green = judged & ((value >= q1) & (value <= q3)).to_numpy()
    red = judged & ((value < low) | (value > high)).to_numpy()
    amber = judged & ~green & ~red
    return np.select([green, amber, red], ["green", "amber", "red"], "grey").astype(object)


def typical_range_rule(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Colour a figure by where it sits among comparable councils' figures, whatever the
    polarity: within the middle half (lower to upper quartile) green, outside it but within
    the whole range amber, outside the whole range red; grey with the reason where there is
    no value or too few comparator councils have a figure for the period.

    Reads ``value, unit_label, decimals`` and :data:`RANGE_COLUMNS`; for example "Amber: 52.1
    per 10,000 is above the middle half of its 10 statistical neighbours (38.0-47.5); a high
    or low value is neither better nor worse in itself, so the colour flags an unusual level
    to look into, not good or bad performance."
    """
    value = df["value"].astype(float)
    low, high = df["range_low"].astype(float), df["range_high"].astype(float)
    q1, q3 = df["range_q1"].astype(float), df["range_q3"].astype(float)
    count = df["range_n"].astype(float)
    scope = df["range_scope"].astype(object).where(df["range_scope"].notna(), "").astype(str)
    rag = typical_range_colour(df)
    green, amber, red = (rag == "green"), (rag == "amber"), (rag == "red")
    v = with_unit(number_text(value, df["decimals"]), df["unit_label"])
    group = (np.where(scope.eq(NEIGHBOURS_SCOPE), " of its ", " of ")
             + count.fillna(0).astype(int).astype(str) + " " + scope)
    middle = " (" + number_text(q1, df["decimals"]) + "-" + number_text(q3, df["decimals"]) + ")"
    whole = " (" + number_text(low, df["decimals"]) + "-" + number_text(high, df["decimals"]) \
        + ")"
    side = pd.Series(np.where(value > q3, "above", "below"), index=df.index, dtype=object)
    usual = NOT_A_JUDGEMENT.format(what="how unusual the level is")
    unusual = NOT_A_JUDGEMENT.format(what="an unusual level to look into")
    reason = np.select(
        [green, amber, red, value.isna().to_numpy()],
        ["Green: " + v + " is within the middle half" + group + middle
         + ", in line with similar councils; " + usual,
         "Amber: " + v + " is " + side + " the middle half" + group + middle + "; " + unusual,
         "Red: " + v + " is " + side + " the whole range" + group + whole + "; " + unusual,
         NO_VALUE],
        GREY_PREFIX + "too few comparable councils (fewer than " + str(MIN_RANGE_COUNCILS)
        + " statistical neighbours or English councils) have a figure for this period to "
        "show whether this level is unusual; a high or low value is neither better nor worse "
        "in itself.",
    )
    return rag, reason
