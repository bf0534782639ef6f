"""Whether a county's districts still add up (counts) or pool (rates) to the county's figure.

:func:`district_gaps` is a pure function of the figures as they will stand after an upload (the
file's rows overriding the stored ones), the district -> county map and the catalogue; the
caller fetches the stored figures. What is compared is decided by the catalogue alone:

- an additive count: the sum of the district values against the county value (within 0.5);
- a rate or percentage: the districts' pooled figure, sum of numerators / sum of denominators
  x multiplier, against the county value, within rounding (half a unit in the indicator's last
  decimal place plus 0.2%, as for a value against its own numerator and denominator).

A county is only compared when every one of its districts has a figure for the period, with
one exception for counts: districts that already add up to more than the county are named
with the districts still missing, since the missing ones can only add to the total. Partial
rates, and partial counts below the county, are left alone: the rest may follow in a later
file.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from domain.catalogue import Indicator
from domain.vocabulary import ValueType

KEYS = ["indicator_id", "area_code", "period_key", "breakdown"]
GROUP = ["indicator_id", "county", "period_key", "breakdown"]
#: Columns of the figures compared: the keys, the figures, and the file row (NaN when stored).
FIGURE_COLUMNS = [*KEYS, "value", "numerator", "denominator", "position"]
GAP_COLUMNS = [*GROUP, "method", "county_value", "total", "gap", "count", "missing",
               "position"]
POOLED = frozenset({ValueType.RATE, ValueType.PERCENTAGE})


def method(indicator: Indicator) -> str | None:
    """How an indicator's districts make up the county: "sum", "pool" or None (not at all)."""
    if indicator.value_type is ValueType.COUNT and indicator.additive:
        return "sum"
    if indicator.value_type in POOLED:
        return "pool"
    return None


def district_gaps(figures: pd.DataFrame, parents: Mapping[str, str],
                  catalogue: Mapping[str, Indicator]) -> pd.DataFrame:
    """The county figures that their districts do not add up or pool to.

    ``figures`` has :data:`FIGURE_COLUMNS`, one row per key; ``position`` is the row of the
    uploaded file holding the figure, NaN for a stored one. Only counties with at least one
    figure from the file are reported; a gap is attached to the county's own row when the
    file has it, else to the file's first district row. Returns :data:`GAP_COLUMNS`, with
    ``missing`` a tuple of the district codes without a figure.
    """
    members: dict[str, list[str]] = {}
    for district, county in parents.items():
        members.setdefault(county, []).append(district)
    data = figures.assign(county=figures["area_code"].map(
        lambda code: parents.get(code, code if code in members else None)))
    data = data[data["county"].notna()]
    methods = {i: method(ind) for i, ind in catalogue.items()}
    data = data.assign(method=data["indicator_id"].map(methods))
    data = data[data["method"].notna()]
    if data.empty:
        return pd.DataFrame(columns=GAP_COLUMNS)
    return _gaps(data.reset_index(drop=True), members, catalogue)


def _gaps(data: pd.DataFrame, members: Mapping[str, list[str]],
          catalogue: Mapping[str, Indicator]) -> pd.DataFrame:
    """The gaps of every county, indicator, period and breakdown in ``data`` at once (one
    ``groupby`` rather than a loop over groups: a national file has thousands of them)."""
    keys = data.loc[:, GROUP].astype(object)
    is_county = (data["area_code"] == data["county"]).to_numpy()
    sums = (data["method"] == "sum").to_numpy()
    value, numerator = data["value"].astype(float), data["numerator"].astype(float)
    denominator = data["denominator"].astype(float)
    present = ~is_county & np.where(sums, value.notna(), numerator.notna() & (denominator > 0))
    frame = keys.assign(
        from_file=data["position"].notna(),
        county_value=value.where(is_county), county_position=data["position"].where(is_county),
        part_position=data["position"].where(~is_county),
        value=value.where(present), numerator=numerator.where(present),
        denominator=denominator.where(present), present=present)
    grouped = frame.groupby(GROUP, sort=False, dropna=False).agg(
        from_file=("from_file", "any"), county_value=("county_value", "first"),
        county_position=("county_position", "min"), part_position=("part_position", "min"),
        value=("value", "sum"), numerator=("numerator", "sum"),
        denominator=("denominator", "sum"), count=("present", "sum")).reset_index()
    grouped = grouped[grouped["from_file"] & grouped["county_value"].notna()]
    if grouped.empty:
        return pd.DataFrame(columns=GAP_COLUMNS)
    found = grouped["indicator_id"].map(catalogue)
    how = found.map(method)
    multiplier = found.map(lambda ind: ind.multiplier).astype(float)
    decimals = found.map(lambda ind: ind.decimals).astype(float)
    den = grouped["denominator"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = np.where(den != 0, grouped["numerator"].to_numpy(dtype=float) / den
                          * multiplier.to_numpy(), np.nan)
    summed = how.eq("sum").to_numpy()
    total = np.where(summed, grouped["value"].to_numpy(dtype=float), pooled)
    tolerance = np.where(summed, 0.5, 0.5 * 10 ** -decimals.to_numpy() + np.abs(total) * 0.002)
    county_value = grouped["county_value"].to_numpy(dtype=float)
    sizes = grouped["county"].map(lambda county: len(members[county])).to_numpy()
    incomplete = grouped["count"].to_numpy() < sizes
    with np.errstate(invalid="ignore"):
        off = np.abs(total - county_value) > tolerance
        over = summed & (total > county_value + tolerance)
    kept = off & (~incomplete | over)
    out = grouped.loc[kept, GROUP].assign(
        method=how[kept].to_numpy(), county_value=county_value[kept], total=total[kept],
        gap=total[kept] - county_value[kept], count=grouped["count"][kept].astype(int))
    out["missing"] = [_missing(data, key, members[key[1]]) for key in
                      out[GROUP].itertuples(index=False, name=None)]
    positions = grouped["county_position"].fillna(grouped["part_position"])
    out["position"] = positions[kept].astype(int).to_numpy()
    return out.loc[:, GAP_COLUMNS].reset_index(drop=True)


def _missing(data: pd.DataFrame, key: tuple[str, ...], districts: list[str]) -> tuple[str, ...]:
    """The districts of one county, indicator, period and breakdown without a figure."""
    rows = data[(data["indicator_id"] == key[0]) & (data["county"] == key[1])
                & (data["period_key"] == key[2]) & (data["breakdown"] == key[3])]
    sums = rows["method"].eq("sum")
    present = rows[sums & rows["value"].notna() | ~sums & rows["numerator"].notna()
                   & (rows["denominator"] > 0)]
    return tuple(sorted(set(districts) - set(present["area_code"])))
