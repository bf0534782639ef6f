"""Checks across a row or across rows of the normalised frame, keyed by rule code.

Each check is a small function ``check(frame, ctx, sink)`` that adds issues for the rows it
finds; :data:`CHECKS` is the list that the pipeline runs, in order. Rows with a cell error
(``_bad``) are skipped so one mistake is reported once. Figures read from DfE or OHID
extracts (``_published``) are not checked for small counts or jumps: the publisher has already
checked and released them. The per-indicator settings (value type,
multiplier, decimals, additivity, small-count check, jump threshold) come from the catalogue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from domain.periods import Period, period_from_key
from domain.vocabulary import AreaType, ValueType
from loaders.district_sums import FIGURE_COLUMNS, district_gaps, method
from loaders.frame import RowIssues, Shown
from loaders.reference import LoadContext
from loaders.removals import removes_stored_figures
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


def period_not_begun(frame: pd.DataFrame, ctx: LoadContext, sink: RowIssues) -> None:
    """A figure for a period starting after the upload's day (a mistyped year, 2035/36 for
    2025/26): no such figure can exist. A period under way may hold a figure so far."""
    codes, starts = pd.factorize(frame["period_start"])  # a file holds few periods
    later = _usable(frame) & np.array([start > ctx.today for start in starts] + [False],
                                      dtype=bool)[codes]  # the code -1: no period
    sink.add_all("period-not-begun", later, "period", frame["period_label"].to_numpy(),
                 start=np.array([_day(start) for start in starts] + [""], dtype=object)[codes],
                 today=_day(ctx.today))


def _day(day: dt.date) -> str:
    """A date as a report writes it: "1 April 2035"."""
    return f"{day.day} {day:%B %Y}"


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


#: The periods a figure is compared with for jumps: the previous one and a year before.
JUMP_STEPS: tuple[Callable[[Period], Period], ...] = (Period.previous,
                                                      Period.same_period_last_year)
_REF_KEYS = ["indicator_id", "area_code", "ref_key", "breakdown"]


def _shifted_keys(keys: pd.Series, step: Callable[[Period], Period]) -> pd.Series:
    shifted: dict[str, str | None] = {}
    for key in keys.dropna().unique():
        try:
            shifted[key] = step(period_from_key(key)).key
        except ValueError:
            shifted[key] = None
    return keys.map(shifted)


def _reference_values(frame: pd.DataFrame, wanted: pd.DataFrame, usable: np.ndarray,
                      ctx: LoadContext) -> pd.DataFrame:
    """Each wanted row against its previous period and the same period a year before
    (``ref_key``), with the figure found for it (``ref_value``): from the file, else stored."""
    asked = pd.concat([wanted.assign(ref_key=_shifted_keys(wanted["period_key"], step))
                       for step in JUMP_STEPS], ignore_index=True)
    asked = asked.dropna(subset=["ref_key"]).drop_duplicates(["position", "ref_key"])
    in_file = frame.loc[usable, [*KEYS, "value"]].rename(
        columns={"period_key": "ref_key", "value": "ref_value"}).drop_duplicates(_REF_KEYS)
    merged = asked.merge(in_file, how="left", on=_REF_KEYS)
    missing = merged[merged["ref_value"].isna()]
    if missing.empty:
        return merged
    keys = missing[_REF_KEYS].rename(columns={"ref_key": "period_key"}).drop_duplicates()
    stored = ctx.previous_values(keys).rename(
        columns={"period_key": "ref_key", "value": "stored_value"})
    merged = merged.merge(stored.drop_duplicates(_REF_KEYS), how="left", on=_REF_KEYS)
    merged["ref_value"] = merged["ref_value"].astype(float).fillna(
        pd.to_numeric(merged["stored_value"], errors="coerce"))
    return merged


def implausible_jump(frame: pd.DataFrame, ctx: LoadContext, sink: RowIssues) -> None:
    usable = _usable(frame) & frame["value"].notna().to_numpy()
    local = usable & _local(frame)
    if not local.any():
        return
    wanted = frame.loc[local, KEYS + ["value"]].assign(position=np.flatnonzero(local))
    merged = _reference_values(frame, wanted, usable, ctx)
    threshold = merged["indicator_id"].map(
        {i: ind.jump_threshold_pct for i, ind in ctx.catalogue.items()}).astype(float)
    kind = merged["indicator_id"].map({i: ind.value_type.value
                                       for i, ind in ctx.catalogue.items()})
    reference = merged["ref_value"].astype(float)
    change = (merged["value"] - reference).abs() / reference.abs() * 100
    tiny = (kind == COUNT) & (merged["value"].abs() < 10) & (reference.abs() < 10)
    jumps = merged.assign(change=change)[(reference != 0) & (change > threshold) & ~tiny]
    jumps = jumps.sort_values(["position", "ref_key"], ascending=[True, False])
    by_row: dict[int, list[dict[Any, Any]]] = {}
    for record in jumps.to_dict("records"):
        by_row.setdefault(int(record["position"]), []).append(record)
    for position, found in by_row.items():
        changes = " and ".join(
            f"{r['change']:.0f}% {'higher' if r['value'] > r['ref_value'] else 'lower'} than "
            f"{show(r['ref_value'])} in {period_from_key(str(r['ref_key'])).label}"
            for r in found)
        indicator = ctx.catalogue[str(found[0]["indicator_id"])]
        sink.add("implausible-jump", position, "value", found[0]["value"],
                 found=show(found[0]["value"]), changes=changes,
                 threshold=f"{indicator.jump_threshold_pct:.0f}%")


def districts_do_not_sum(frame: pd.DataFrame, ctx: LoadContext, sink: RowIssues) -> None:
    """Counties whose districts, as they will stand after the upload, do not add up or pool
    to the county's figure (see :mod:`loaders.district_sums`). Published rows take their
    place among the figures but do not raise the warning themselves: the publisher's own
    county and district figures need not pool (suppressed or rounded counts)."""
    areas = ctx.areas
    districts = areas[(areas["type"] == AreaType.DISTRICT.value) & areas["parent_code"].notna()]
    parents = dict(zip(districts["code"], districts["parent_code"], strict=True))
    compared = {i for i, ind in ctx.catalogue.items() if method(ind)}
    usable = (_usable(frame) & frame["indicator_id"].isin(compared).to_numpy()
              & frame["area_code"].isin([*parents, *parents.values()]).to_numpy())
    if not usable.any():
        return
    positions = np.where(_local(frame), np.arange(len(frame)), np.nan)[usable]
    uploaded = frame.loc[usable, FIGURE_COLUMNS[:-1]].assign(
        position=positions).drop_duplicates(KEYS)
    counties = uploaded["area_code"].map(lambda code: parents.get(code, code))
    groups = uploaded.assign(county=counties)[["indicator_id", "county", "period_key",
                                               "breakdown"]].drop_duplicates()
    members = pd.DataFrame([(c, c) for c in set(parents.values())] + [
        (c, d) for d, c in parents.items()], columns=["county", "area_code"])
    keys = groups.merge(members, on="county")[KEYS].merge(
        uploaded[KEYS], how="left", on=KEYS, indicator=True)
    keys = keys[keys["_merge"] == "left_only"].drop(columns="_merge")
    stored = ctx.stored_figures(keys).assign(position=np.nan)
    figures = pd.concat([uploaded, stored.loc[:, FIGURE_COLUMNS]] if not stored.empty
                        else [uploaded], ignore_index=True).drop_duplicates(KEYS)
    for gap in district_gaps(figures, parents, ctx.catalogue).to_dict("records"):
        indicator = ctx.catalogue[str(gap["indicator_id"])]
        names = [ctx.area_names.get(code, code) for code in gap["missing"]]
        position = int(gap["position"])
        sink.add("districts-do-not-sum", position, "value", frame["value"].iat[position],
                 count=int(gap["count"]),
                 how="add up to" if gap["method"] == "sum" else "pool to",
                 total=_figure(gap["total"], indicator.decimals),
                 county=ctx.area_names.get(str(gap["county"]), str(gap["county"])),
                 county_value=show(gap["county_value"]),
                 gap=_figure(abs(gap["gap"]), indicator.decimals),
                 missing=f" (no figure for {', '.join(names)})" if names else "",
                 indicator=indicator.short_title,
                 reason="is a count, so the districts should add up to the county"
                 if gap["method"] == "sum" else "is a rate, so the districts' numerators over "
                 "their denominators should give the county's figure")


def _figure(value: float, decimals: int) -> str:
    """A computed figure to one more decimal place than the indicator shows (counts whole)."""
    return show(value) if float(value).is_integer() else f"{value:,.{decimals + 1}f}"


CHECKS: dict[str, Check] = {
    "duplicate-row": duplicate_rows,
    "period-not-begun": period_not_begun,
    "non-positive-denominator": non_positive_denominator,
    "numerator-exceeds-denominator": numerator_exceeds_denominator,
    "value-mismatch": value_mismatch,
    "value-out-of-range": value_out_of_range,
    "ci-invalid": ci_invalid,
    "ci-excludes-value": ci_excludes_value,
    "small-count": small_count,
    "implausible-jump": implausible_jump,
    "districts-do-not-sum": districts_do_not_sum,
    "removes-interval": removes_stored_figures,
}
