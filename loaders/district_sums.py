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
    out = []
    for key, group in data.groupby(GROUP, sort=False):
        if group["position"].isna().all():
            continue
        names = tuple(str(part) for part in key)
        gap = _gap(group, names, members[names[1]], catalogue[names[0]])
        if gap is not None:
            out.append(gap)
    return pd.DataFrame(out, columns=GAP_COLUMNS)


def _gap(group: pd.DataFrame, key: tuple[str, ...], districts: list[str],
         indicator: Indicator) -> dict[str, object] | None:
    """The gap for one county, indicator, period and breakdown, or None when there is none."""
    county_row = group[group["area_code"] == key[1]]
    county_values = county_row["value"].dropna().to_numpy(dtype=float)
    if not len(county_values):
        return None
    county_value = float(county_values[0])
    parts = group[group["area_code"] != key[1]]
    how = method(indicator)
    if how == "sum":
        present = parts[parts["value"].notna()]
        total = float(present["value"].sum())
        tolerance = 0.5
    else:
        present = parts[parts["numerator"].notna() & (parts["denominator"] > 0)]
        denominator = float(present["denominator"].sum())
        total = (float(present["numerator"].sum()) / denominator * indicator.multiplier
                 if denominator else float("nan"))
        tolerance = 0.5 * 10 ** -indicator.decimals + abs(total) * 0.002
    missing = tuple(sorted(set(districts) - set(present["area_code"])))
    off = abs(total - county_value) > tolerance
    if missing and not (how == "sum" and total > county_value + tolerance):
        return None
    if not off:
        return None
    positions = county_row["position"].dropna()
    if positions.empty:
        positions = parts["position"].dropna()
    return {**dict(zip(GROUP, key, strict=True)), "method": how,
            "county_value": county_value, "total": total, "gap": total - county_value,
            "count": len(present), "missing": missing, "position": int(np.min(positions))}
