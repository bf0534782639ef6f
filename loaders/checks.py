"""Checks across a row or across rows of the normalised frame, keyed by rule code.

Each check is a small function ``check(frame, ctx, sink)`` that adds issues for the rows it
finds; :data:`CHECKS` is the list that the pipeline runs, in order. Rows with a cell error
(``_bad``) are skipped so one mistake is reported once. Figures read from DfE or OHID
extracts (``_published``) are not checked for small counts or jumps: the publisher has already
checked and released them. The per-indicator settings (value type,
multiplier, decimals, additivity, small-count check, jump threshold) come from the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from domain.periods import period_from_key
from domain.vocabulary import AreaType, ValueType
from loaders.frame import RowIssues, Shown
from loaders.reference import LoadContext
from loaders.rules import show

Check = Callable[[pd.DataFrame, LoadContext, RowIssues], None]
KEYS = ["indicator_id", "area_code", "period_key", "breakdown"]
PERCENTAGE, RATE, COUNT = ValueType.PERCENTAGE.value, ValueType.RATE.value, ValueType.COUNT.value


def _attr(frame: pd.DataFrame, ctx: LoadContext, name: str) -> pd.Series:
    """The catalogue's ``name`` for each row's indicator (None for unknown indicators)."""
    codes, ids = pd.factorize(frame["indicator_id"])
    values = [getattr(ctx.catalogue[str(i)], name) for i in ids] + [None]
    values = [v.value if name == "value_type" and v is not None else v for v in values]
    return pd.Series(np.array(values, dtype=object)[codes], index=frame.index)


def _usable(frame: pd.DataFrame) -> np.ndarray:
    return (~frame["_bad"].to_numpy(dtype=bool)
            & frame[KEYS[:3]].notna().all(axis=1).to_numpy())


def _local(frame: pd.DataFrame) -> np.ndarray:
    """Rows that are not already published by DfE or OHID (``_published`` from the reader)."""
    if "_published" not in frame:
        return np.ones(len(frame), dtype=bool)
    return ~frame["_published"].fillna(False).to_numpy(dtype=bool)


def _shown(values: pd.Series | np.ndarray) -> Shown:
    return Shown(np.asarray(values, dtype=float))


def duplicate_rows(frame: pd.DataFrame, ctx: LoadContext, sink: RowIssues) -> None:
    usable = _usable(frame)
    dup = frame.duplicated(KEYS, keep=False).to_numpy() & usable
    if not dup.any():
        return
    sub = frame.loc[dup, [*KEYS, "_sheet", "_row"]]
    one_sheet = sub["_sheet"].nunique() == 1
    for _, group in sub.groupby(KEYS, sort=False):
        rows = ", ".join(str(r) if one_sheet else f"{s}!{r}"
                         for s, r in zip(group["_sheet"], group["_row"], strict=True))
        for position in group.index[1:]:
            sink.add("duplicate-row", int(position), "indicator_id", count=len(group), rows=rows)


def non_positive_denominator(frame: pd.DataFrame, ctx: LoadContext, sink: RowIssues) -> None:
    mask = _usable(frame) & (frame["denominator"] == 0).to_numpy()
    sink.add_all("non-positive-denominator", mask, "denominator", frame["denominator"].to_numpy(),
                 denominator=_shown(frame["denominator"]))


def numerator_exceeds_denominator(frame: pd.DataFrame, ctx: LoadContext,
                                  sink: RowIssues) -> None:
    mask = (_usable(frame) & (_attr(frame, ctx, "value_type") == PERCENTAGE).to_numpy()
            & (frame["numerator"] > frame["denominator"]).to_numpy())
    sink.add_all("numerator-exceeds-denominator", mask, "numerator",
                 frame["numerator"].to_numpy(), numerator=_shown(frame["numerator"]),
                 denominator=_shown(frame["denominator"]))


def value_mismatch(frame: pd.DataFrame, ctx: LoadContext, sink: RowIssues) -> None:
    kind = _attr(frame, ctx, "value_type")
    multiplier = _attr(frame, ctx, "multiplier").astype(float)
    decimals = _attr(frame, ctx, "decimals").astype(float)
    expected = frame["numerator"] / frame["denominator"] * multiplier
    published = frame["ci_source"] == "published"
    tolerance = (0.5 * 10 ** -decimals.fillna(0)
                 + expected.abs() * np.where(published, 0.01, 0.002))
    mask = (_usable(frame) & kind.isin([PERCENTAGE, RATE]).to_numpy()
            & (frame["denominator"] > 0).to_numpy()
            & ((frame["value"] - expected).abs() > tolerance).to_numpy())
    sink.add_all("value-mismatch", mask, "value", frame["value"].to_numpy(),
                 value=_shown(frame["value"]), numerator=_shown(frame["numerator"]),
                 denominator=_shown(frame["denominator"]),
                 multiplier=_shown(multiplier),
                 expected=_Rounded(expected.to_numpy(), decimals.fillna(0).to_numpy() + 1))


class _Rounded(Shown):
    """Expected values written to one more decimal place than the indicator shows."""

    def __init__(self, values: np.ndarray, places: np.ndarray) -> None:
        super().__init__(values)
        self.places = places

    def __getitem__(self, position: int) -> str:
        return f"{float(self.values[position]):,.{int(self.places[position])}f}"


def value_out_of_range(frame: pd.DataFrame, ctx: LoadContext, sink: RowIssues) -> None:
    limit = _attr(frame, ctx, "multiplier").astype(float)
    mask = (_usable(frame) & (_attr(frame, ctx, "value_type") == PERCENTAGE).to_numpy()
            & (frame["value"] > limit + 1e-9).to_numpy())
    sink.add_all("value-out-of-range", mask, "value", frame["value"].to_numpy(),
                 value=_shown(frame["value"]), limit=_shown(limit))


def ci_invalid(frame: pd.DataFrame, ctx: LoadContext, sink: RowIssues) -> None:
    lower, upper = frame["lower_ci"], frame["upper_ci"]
    usable = _usable(frame)
    one = usable & (lower.isna() != upper.isna()).to_numpy()
    field = np.where(lower.isna(), "upper_ci", "lower_ci")
    for position in np.flatnonzero(one):
        sink.add("ci-invalid", int(position), str(field[position]),
                 problem="only one confidence limit is given; give both lower_ci and "
                 "upper_ci, or neither")
    reversed_ = usable & (lower > upper).to_numpy()
    for row in (int(p) for p in np.flatnonzero(reversed_)):
        sink.add("ci-invalid", row, "lower_ci", lower.iat[row],
                 problem=f"lower confidence limit {show(lower.iat[row])} is above upper "
                 f"confidence limit {show(upper.iat[row])}")


def ci_excludes_value(frame: pd.DataFrame, ctx: LoadContext, sink: RowIssues) -> None:
    lower, upper, value = frame["lower_ci"], frame["upper_ci"], frame["value"]
    tolerance = 0.5 * 10 ** -_attr(frame, ctx, "decimals").astype(float).fillna(0)
    mask = (_usable(frame) & (lower <= upper).to_numpy()
            & ((value < lower - tolerance) | (value > upper + tolerance)).to_numpy())
    sink.add_all("ci-excludes-value", mask, "value", value.to_numpy(), value=_shown(value),
                 lower=_shown(lower), upper=_shown(upper))


def small_count(frame: pd.DataFrame, ctx: LoadContext, sink: RowIssues) -> None:
    checked = _attr(frame, ctx, "small_count_check").fillna(False).astype(bool)
    counts = frame["numerator"].where(frame["numerator"].notna(),
                                      frame["value"].where(_attr(frame, ctx, "value_type")
                                                           == COUNT))
    field = np.where(frame["numerator"].notna(), "numerator", "value")
    mask = (_usable(frame) & _local(frame) & checked.to_numpy()
            & counts.between(1, 5).to_numpy())
    for position in (int(p) for p in np.flatnonzero(mask)):
        sink.add("small-count", position, str(field[position]), counts.iat[position],
                 field=str(field[position]), found=show(counts.iat[position]))


def _previous_keys(frame: pd.DataFrame) -> pd.Series:
    keys: dict[str, str | None] = {}
    for key in frame["period_key"].dropna().unique():
        try:
            keys[key] = period_from_key(key).previous().key
        except ValueError:
            keys[key] = None
    return frame["period_key"].map(keys)


def implausible_jump(frame: pd.DataFrame, ctx: LoadContext, sink: RowIssues) -> None:
    usable = _usable(frame) & frame["value"].notna().to_numpy()
    local = usable & _local(frame)
    if not local.any():
        return
    wanted = frame.loc[local, KEYS + ["value"]].assign(
        previous_key=_previous_keys(frame.loc[local]), position=np.flatnonzero(local))
    in_file = frame.loc[usable, [*KEYS, "value"]].rename(
        columns={"period_key": "previous_key", "value": "previous_value"})
    previous_keys = ["indicator_id", "area_code", "previous_key", "breakdown"]
    merged = wanted.merge(in_file.drop_duplicates(previous_keys), how="left",
                          on=["indicator_id", "area_code", "previous_key", "breakdown"])
    missing = merged[merged["previous_value"].isna() & merged["previous_key"].notna()]
    if not missing.empty:
        keys = missing[previous_keys].rename(
            columns={"previous_key": "period_key"}).drop_duplicates()
        stored = ctx.previous_values(keys).rename(
            columns={"period_key": "previous_key", "value": "stored_value"})
        merged = merged.merge(stored.drop_duplicates(previous_keys), how="left",
                              on=previous_keys)
        merged["previous_value"] = merged["previous_value"].astype(float).fillna(
            pd.to_numeric(merged["stored_value"], errors="coerce"))
    threshold = merged["indicator_id"].map(
        {i: ind.jump_threshold_pct for i, ind in ctx.catalogue.items()}).astype(float)
    kind = merged["indicator_id"].map({i: ind.value_type.value
                                       for i, ind in ctx.catalogue.items()})
    previous = merged["previous_value"].astype(float)
    change = (merged["value"] - previous).abs() / previous.abs() * 100
    tiny = (kind == COUNT) & (merged["value"].abs() < 10) & (previous.abs() < 10)
    jumps = merged[(previous != 0) & (change > threshold) & ~tiny]
    for row in jumps.assign(change=change[jumps.index]).itertuples(index=False):
        sink.add("implausible-jump", int(row.position), "value", row.value,
                 found=show(row.value), change=f"{row.change:.0f}%",
                 direction="higher" if row.value > row.previous_value else "lower",
                 previous=show(row.previous_value),
                 previous_period=period_from_key(str(row.previous_key)).label,
                 threshold=f"{ctx.catalogue[str(row.indicator_id)].jump_threshold_pct:.0f}%")


def districts_do_not_sum(frame: pd.DataFrame, ctx: LoadContext, sink: RowIssues) -> None:
    additive = _attr(frame, ctx, "additive").fillna(False).astype(bool).to_numpy()
    usable = _usable(frame) & additive & frame["value"].notna().to_numpy()
    areas = ctx.areas
    districts = areas[areas["type"] == AreaType.DISTRICT.value]
    parent = dict(zip(districts["code"], districts["parent_code"], strict=True))
    expected = districts.groupby("parent_code").size().to_dict()
    data = frame.loc[usable, [*KEYS, "value"]].assign(position=np.flatnonzero(usable))
    data["county"] = data["area_code"].map(parent)
    parts = data[data["county"].notna()]
    if parts.empty:
        return
    totals = (parts.groupby(["indicator_id", "county", "period_key", "breakdown"])["value"]
              .agg(total="sum", n="count").reset_index().rename(columns={"county": "area_code"}))
    merged = totals.merge(data, on=KEYS)
    full = merged["n"] == merged["area_code"].map(expected)
    off = (merged["total"] - merged["value"]).abs() > 0.5
    over = merged["total"] > merged["value"] + 0.5
    for row in merged[(full & off) | (~full & over)].to_dict("records"):
        sink.add("districts-do-not-sum", int(row["position"]), "value", row["value"],
                 count=int(row["n"]), total=show(row["total"]),
                 county=ctx.area_names.get(str(row["area_code"]), str(row["area_code"])),
                 county_value=show(row["value"]),
                 indicator=ctx.catalogue[str(row["indicator_id"])].short_title)


CHECKS: dict[str, Check] = {
    "duplicate-row": duplicate_rows,
    "non-positive-denominator": non_positive_denominator,
    "numerator-exceeds-denominator": numerator_exceeds_denominator,
    "value-mismatch": value_mismatch,
    "value-out-of-range": value_out_of_range,
    "ci-invalid": ci_invalid,
    "ci-excludes-value": ci_excludes_value,
    "small-count": small_count,
    "implausible-jump": implausible_jump,
    "districts-do-not-sum": districts_do_not_sum,
}
