"""Numerator/denominator preparation shared by the DataFrame-in, DataFrame-out wrappers."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from indicators._validation import (
    FloatArray,
    as_float_array,
    check_columns,
    check_non_negative,
    check_positive,
)


def counts_frame(
    df: pd.DataFrame,
    numerator: str,
    denominator: str,
    group_by: str | Sequence[str] | None,
) -> tuple[pd.DataFrame, FloatArray, FloatArray]:
    """Check the columns and return (frame, x, n), summing by ``group_by`` first if given.

    Grouped sums follow PHEindicatormethods: numerators and denominators are summed before any
    statistic is computed, and a missing value anywhere in a group makes that group's sum missing.
    Raises ``ValueError`` naming the argument for a missing column, a negative numerator or a
    denominator of zero or less (checked on the rows before summing).
    """
    keys = [group_by] if isinstance(group_by, str) else list(group_by or [])
    check_columns(df, [numerator, denominator, *keys])
    x = as_float_array(df[numerator], "numerator")
    n = as_float_array(df[denominator], "denominator")
    check_non_negative(x, "numerator")
    check_positive(n, "denominator")
    if not keys:
        out = df.copy()
    else:
        values = pd.DataFrame({numerator: x, denominator: n}, index=df.index)
        grouped = values.groupby([df[key] for key in keys], sort=False, dropna=False)
        has_missing = values.isna().groupby([df[key] for key in keys], sort=False,
                                            dropna=False).any()
        out = grouped.sum().mask(has_missing).reset_index()
        x = out[numerator].to_numpy(dtype=float)
        n = out[denominator].to_numpy(dtype=float)
    return out, x, n


def multiplier_text(multiplier: float) -> str:
    """Format a multiplier for a statistic label: 10000 -> "10,000"."""
    return f"{multiplier:,.0f}" if float(multiplier).is_integer() else f"{multiplier:,}"
