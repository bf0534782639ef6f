"""Assembling the quarterly scorecard table from stored judgements.

Pure functions: the input is every stored judgement for one area (all periods), the catalogue
frame and the reporting quarter's dates; the output is one row per indicator laid out as the
seed scorecards are (seed 002: updated this quarter, current and previous period and value,
change, trend, national, regional, neighbours, county, significance), plus its RAG rating.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from domain.vocabulary import OUTCOME_LABELS, OUTCOME_ORDER
from indicators.currency import with_currency
from indicators.display import NEIGHBOUR_LISTS, travel_text, trend_test_text

#: Columns of ``scorecard export --format csv``, in order.
EXPORT_COLUMNS = (
    "indicator_id", "indicator", "outcome", "polarity", "current_period", "current_value",
    "previous_period", "previous_value", "change", "direction", "national_value",
    "regional_value", "neighbour_value", "neighbour_list", "county_value", "significance",
    "trend", "trend_test", "rag", "rag_reason", "rag_rule", "currency",
)
NOT_COMPARABLE = "not comparable"
UNAVAILABLE = "unavailable"


def latest_as_at(results: pd.DataFrame, end: dt.date) -> pd.DataFrame:
    """For each indicator, the headline judgement of the latest period ending by ``end``."""
    rows = results[(results["breakdown"] == "all") & (results["period_end"] <= end)]
    rows = rows.sort_values(["indicator_id", "period_end", "period_start"])
    return rows.groupby("indicator_id", sort=False).tail(1).set_index("indicator_id")


def scorecard_table(current: pd.DataFrame, before: pd.DataFrame,
                    catalogue: pd.DataFrame, as_at: dt.date | None = None) -> pd.DataFrame:
    """One row per indicator with data for the area, in outcome and catalogue order.

    ``current`` and ``before`` hold, per indicator (the index), the headline judgement as at
    the reporting quarter's end and as at the previous quarter's end (:func:`latest_as_at`);
    ``before`` needs only ``period_key`` and ``value``. ``updated`` is true when the
    indicator's latest period (or its value) is new since the previous quarter's scorecard:
    the seed's "updated this qtr" star.

    With ``as_at`` (the reporting quarter's end), each figure's currency is judged by
    :func:`indicators.currency.figure_currency`; an out-of-date figure keeps its value but is
    not rated as current: its ``rag`` is grey and ``rag_reason`` says which period it is and
    when the next figure was due. Without ``as_at`` every figure counts as current.
    """
    if current.empty:
        return pd.DataFrame(columns=[*EXPORT_COLUMNS, "updated"])
    table = catalogue.merge(current, left_on="indicator_id", right_index=True, how="inner",
                            suffixes=("", "_result")).set_index("indicator_id")
    prior_key = before["period_key"].reindex(table.index)
    prior_value = before["value"].reindex(table.index)
    table["updated"] = (prior_key.isna() | (prior_key != table["period_key"])
                        | ~np.isclose(prior_value.astype(float), table["value"].astype(float),
                                      equal_nan=True))
    table["outcome_rank"] = table["outcome"].map({o: i for i, o in enumerate(OUTCOME_ORDER)})
    table = table.sort_values(["outcome_rank", "display_order"]).reset_index()
    table["outcome_label"] = table["outcome"].map(OUTCOME_LABELS)
    for kind, name in (("national", "national"), ("regional", "regional"),
                       ("neighbour", "neighbours"), ("county", "county")):
        table[f"{kind}_display"] = _comparator_display(table, kind, name)
    comparable = table["comparable"].astype(object).where(table["comparable"].notna(), True)
    table["change_display"] = table["change"].astype(object).where(
        comparable.astype(bool), NOT_COMPARABLE)
    return with_currency(table, as_at)


#: Comparator kind -> the area types with no such comparator above them, whose cell is left
#: blank: England is not compared with England, nor a region with a region.
NO_COMPARATOR_ABOVE = {"national": ("england",), "regional": ("england", "region"),
                       "county": ("county", "region", "england", "other_la")}


def _comparator_display(table: pd.DataFrame, kind: str, name: str) -> np.ndarray:
    """The comparator's value, or the seed's words for why there is none (blank where the
    area has no such comparator above it: :data:`NO_COMPARATOR_ABOVE`)."""
    applies = np.array([name in (c or ()) for c in table["comparators"]], dtype=bool)
    value = table[f"{kind}_value"].to_numpy(dtype=object)
    missing = pd.isna(value)
    display = np.where(missing, np.where(applies, UNAVAILABLE, NOT_COMPARABLE), value)
    if kind in NO_COMPARATOR_ABOVE and "area_type" in table:
        own_level = table["area_type"].isin(NO_COMPARATOR_ABOVE[kind])
        display = np.where(own_level.to_numpy(), "", display)
    return display


def _rounded(values: pd.Series, decimals: pd.Series) -> pd.Series:
    out: list[object] = []
    for value, places in zip(values, decimals, strict=True):
        if isinstance(value, int | float | np.floating) and not pd.isna(value):
            # Whole-number figures (counts) are written as 1631, not 1631.0.
            out.append(round(float(value)) if int(places) <= 0
                       else round(float(value), int(places)))
        else:
            out.append("" if value is None or (isinstance(value, float) and np.isnan(value))
                       else value)
    return pd.Series(out, index=values.index, dtype=object)


def _rule_used(table: pd.DataFrame) -> pd.Series:
    """The rule that rated each row: the stored ``rag_rule_used`` (a benchmark row falls back
    to ``rank`` when no interval can be built), else the catalogue's ``rag_rule``."""
    rule = table["rag_rule"].astype(object) if "rag_rule" in table else pd.Series(
        "none", index=table.index, dtype=object)
    if "rag_rule_used" in table:
        rule = table["rag_rule_used"].astype(object).where(table["rag_rule_used"].notna(), rule)
    return rule.fillna("none")


def neighbour_list_words(models: pd.Series) -> pd.Series:
    """Which neighbour list an average is over ("neighbour average, DfE April 2021 list"),
    from :data:`indicators.display.NEIGHBOUR_LISTS`; "" where there is no average."""
    return models.map(lambda model: f"neighbour average, {NEIGHBOUR_LISTS[model]}"
                      if isinstance(model, str) and model in NEIGHBOUR_LISTS else "")


def export_table(table: pd.DataFrame) -> pd.DataFrame:
    """The scorecard as ``scorecard export`` writes it: :data:`EXPORT_COLUMNS`, rounded."""
    decimals = table["decimals"].fillna(1).astype(int)
    out = pd.DataFrame({
        "indicator_id": table["indicator_id"],
        "indicator": table["title"],
        "outcome": table["outcome_label"],
        "polarity": table["polarity"],
        "current_period": table["period_label"],
        "current_value": _rounded(table["value"], decimals),
        "previous_period": table["previous_period"].fillna(""),
        "previous_value": _rounded(table["previous_value"], decimals),
        "change": _rounded(table["change_display"], decimals),
        "direction": table["direction"].fillna(""),
        "national_value": _rounded(table["national_display"], decimals),
        "regional_value": _rounded(table["regional_display"], decimals),
        "neighbour_value": _rounded(table["neighbour_display"], decimals),
        "neighbour_list": neighbour_list_words(
            table.get("neighbour_model", pd.Series(None, index=table.index, dtype=object))),
        "county_value": _rounded(table["county_display"], decimals),
        "significance": table["national_significance"].fillna(""),
        "trend": [travel_text(d, c)[0] for d, c in zip(table["direction"],
                                                          table["change_display"], strict=True)],
        "trend_test": table["trend"].map(trend_test_text),
        "rag": table["rag"],
        "rag_reason": table["rag_reason"],
        "rag_rule": _rule_used(table),
        "currency": table["currency_label"].where(table["currency_label"].astype(bool),
                                                  table["currency"])
        if "currency" in table else "current",
    })
    return out.loc[:, list(EXPORT_COLUMNS)]
