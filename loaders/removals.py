"""Whether a file would blank what the store holds for a figure: its interval, count or base.

A revised figure replaces the stored one whole, so a file that leaves out the confidence limits
(a layout whose limit columns were not recognised, or a source that dropped them) would remove
the published interval and with it the figure's significance and rating. Each such row gets a
warning naming what would go (:data:`REMOVED_FIELDS`); like every warning it must be
acknowledged before the file is committed, so nothing stored is removed silently.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.frame import RowIssues
from loaders.reference import GUARDED_COLUMNS, LoadContext
from loaders.rules import show

KEYS = ["indicator_id", "area_code", "period_key", "breakdown"]
#: Rule code -> the stored fields it guards and how the message names them.
REMOVED_FIELDS: dict[str, tuple[tuple[str, ...], str]] = {
    "removes-interval": (("lower_ci", "upper_ci"), "confidence interval"),
    "removes-numerator": (("numerator",), "count (numerator)"),
    "removes-denominator": (("denominator",), "denominator"),
}


def removes_stored_figures(frame: pd.DataFrame, ctx: LoadContext, sink: RowIssues) -> None:
    """Rows that would blank a stored interval, numerator or denominator of their figure."""
    usable = (~frame["_bad"].to_numpy(dtype=bool)
              & frame[KEYS[:3]].notna().all(axis=1).to_numpy())
    if not usable.any():
        return
    rows = frame.loc[usable, [*KEYS, "lower_ci", "upper_ci", "numerator", "denominator"]]
    rows = rows.assign(position=np.flatnonzero(usable))
    stored = ctx.stored_figures(rows[KEYS].drop_duplicates(), GUARDED_COLUMNS)
    if stored.empty:
        return
    merged = rows.merge(stored.drop_duplicates(KEYS), how="inner", on=KEYS,
                        suffixes=("", "_stored"))
    for code, (fields, words) in REMOVED_FIELDS.items():
        had = merged[[f"{f}_stored" for f in fields]].notna().all(axis=1)
        lacks = merged[list(fields)].isna().any(axis=1)
        for record in merged[had & lacks].to_dict("records"):
            was = " to ".join(show(record[f"{f}_stored"]) for f in fields)
            sink.add(code, int(record["position"]), fields[0], None, what=words, stored=was)
