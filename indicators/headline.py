"""The scorecard headline: RAG counts by outcome theme, their movement, and the exceptions.

Pure functions over scorecard tables (:func:`indicators.scorecard.scorecard_table`): the
current quarter's and the previous quarter's, so a Board sees at a glance how many indicators
are red, amber and green in each theme, how that moved, and which indicators are both worse
than England and worsening.
"""

from __future__ import annotations

import pandas as pd

from indicators.currency import is_out_of_date
from indicators.definition_rows import themes_in_order
from indicators.display import RAG_ORDER

#: Columns of :func:`rag_counts`.
COUNT_COLUMNS = ("outcome", "outcome_label", "rag", "count", "previous_count", "movement")


def rag_counts(current: pd.DataFrame, previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """Indicators per outcome theme and RAG rating, now and in the previous quarter.

    Returns one row per outcome present in ``current`` and per rating in
    :data:`~indicators.display.RAG_ORDER` (zero counts included), with ``movement`` =
    ``count - previous_count`` (``previous_count`` is 0 without a previous table). Figures
    out of date for the quarter (:func:`indicators.currency.is_out_of_date`) are not counted
    under any rating; :func:`out_of_date_count` counts them.
    """
    themes = themes_in_order(current)
    outcomes = [key for key, _ in themes]
    grid = pd.MultiIndex.from_product([outcomes, list(RAG_ORDER)], names=["outcome", "rag"])

    def count(table: pd.DataFrame | None) -> pd.Series:
        if table is None or table.empty:
            return pd.Series(0, index=grid, dtype="int64")
        table = table.loc[~is_out_of_date(table)]
        counted = table.groupby(["outcome", "rag"]).size()
        return counted.reindex(grid, fill_value=0).astype("int64")

    now, before = count(current), count(previous)
    out = pd.DataFrame({"count": now, "previous_count": before}).reset_index()
    out["movement"] = out["count"] - out["previous_count"]
    out["outcome_label"] = out["outcome"].map(dict(themes))
    return out.loc[:, list(COUNT_COLUMNS)]


def out_of_date_count(table: pd.DataFrame) -> int:
    """How many of the table's figures are out of date for its quarter ("5 figures out of
    date" in the headline)."""
    return int(is_out_of_date(table).sum()) if not table.empty else 0


def out_of_date_words(count: int) -> str:
    """``"1 figure out of date"``, ``"5 figures out of date"``, ``"no figures out of date"``."""
    if count == 0:
        return "no figures out of date"
    return f"{count} figure{'' if count == 1 else 's'} out of date"


def exceptions(table: pd.DataFrame) -> pd.DataFrame:
    """Indicators significantly worse than England whose latest change is a worsening, among
    the figures current for the quarter."""
    if table.empty:
        return table
    worse = (table["national_significance"].eq("Worse") & table["direction"].eq("worsened")
             & ~is_out_of_date(table))
    return table.loc[worse.fillna(False).astype(bool)].reset_index(drop=True)


def movement_words(movement: int) -> str:
    """``"up 2"``, ``"down 1"`` or ``"no change"`` since the previous quarter."""
    if movement > 0:
        return f"up {movement}"
    if movement < 0:
        return f"down {-movement}"
    return "no change"
