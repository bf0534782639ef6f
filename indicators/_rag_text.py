"""Wording shared by the RAG rules: numbers with their units, intervals and polarity."""

from __future__ import annotations

import numpy as np
import pandas as pd

GREY_PREFIX = "No RAG rating: "
NO_VALUE = GREY_PREFIX + "no value is available for this period."


def number_text(values: pd.Series, decimals: pd.Series) -> pd.Series:
    """Format numbers with thousands separators and each row's number of decimals ("" where
    a value is missing). One pass over plain values: a table has a few dozen rows, for which
    pandas' masked assignment per number of decimals cost far more than the formatting."""
    places = decimals.astype(float).fillna(1).clip(0, 6).astype(int)
    missing = values.isna()
    text = ["" if absent else f"{value:,.{digits}f}"
            for value, digits, absent in zip(values, places, missing, strict=True)]
    return pd.Series(text, index=values.index, dtype=object)


def with_unit(numbers: pd.Series, unit_label: pd.Series) -> pd.Series:
    """Numbers followed by their unit ("82%", "66.4 per 10,000 aged 0-17")."""
    unit = unit_label.fillna("").astype(str)
    joiner = np.where((unit == "") | unit.str.startswith("%"), "", " ")
    return numbers + joiner + unit


def ci_text(df: pd.DataFrame) -> pd.Series:
    """" (95% CI 63.2-69.7)", or "" where a limit is missing."""
    level = (df["ci_level"].astype(float).fillna(0.95) * 100).round(1)
    level_text = level.map("{:g}".format)
    lower = number_text(df["lower_ci"], df["decimals"])
    upper = number_text(df["upper_ci"], df["decimals"])
    text = " (" + level_text + "% CI " + lower + "-" + upper + ")"
    return text.where(df["lower_ci"].notna() & df["upper_ci"].notna(), "")


def polarity_text(polarity: pd.Series) -> pd.Series:
    """"high is good", "low is good" or "" for each row's polarity."""
    return polarity.astype(object).map({"high_is_good": "high is good",
                                        "low_is_good": "low is good"}).fillna("")


def gap_unit(unit_label: pd.Series) -> pd.Series:
    """The unit of a difference between two values: percentage points for a percentage."""
    return unit_label.fillna("").astype(str).replace("%", "percentage points")
