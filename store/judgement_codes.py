"""How a judgement's fields are stored: numbers as floats, counts and ranks as small
integers, labels as small-integer codes, comparator periods as period ids and comparator
areas as area ids.

:data:`CODES` holds the vocabulary of each coded column; a label outside it cannot be stored
(:func:`encode` raises), so a new label is added here, at the end of its tuple (a code, once
stored, keeps its meaning).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

_SIGNIFICANCE = ("Not compared", "Similar", "Better", "Worse", "Higher", "Lower", "Best",
                 "Worst")

#: Coded column -> its labels; the code stored is the label's position.
CODES: dict[str, tuple[str, ...]] = {
    "ci_source": ("none", "computed", "published"),
    "status": ("final", "provisional", "revised", "suppressed", "not_available",
               "not_comparable"),
    "regional_significance": _SIGNIFICANCE,
    "county_significance": _SIGNIFICANCE,
    "neighbour_significance": _SIGNIFICANCE,
    "trend": ("Cannot be calculated", "No significant change", "Increasing", "Decreasing",
              "Increasing and getting better", "Increasing and getting worse",
              "Decreasing and getting better", "Decreasing and getting worse"),
    "rank_group": ("neighbours", "districts"),
    "rag_rule_used": ("none", "benchmark", "target", "trend", "rank", "comparator",
                      "typical_range"),
    "range_scope": ("", "statistical neighbours", "other English councils"),
}
#: Columns stored as codes like those of :data:`CODES` but read back as words by every
#: reader of stored judgements (:func:`store.judgement_reads.with_names` decodes them), so
#: that code comparing ratings sees words. ``significance`` holds the national significance.
WORD_CODES: dict[str, tuple[str, ...]] = {
    "rag": ("grey", "red", "amber", "green"),
    "significance": _SIGNIFICANCE,
    "direction": ("not comparable", "no change", "improved", "worsened", "increased",
                  "decreased"),
}
#: Columns read as floats, under their own names (all stored but :data:`DERIVED` and
#: :data:`FROM_FIGURE`).
NUMBERS = (
    "numerator", "denominator", "value", "lower_ci", "upper_ci", "ci_level", "lower_998",
    "upper_998", "target_value", "previous_value", "change", "last_year_value",
    "last_year_change", "national_value", "national_lower", "national_upper", "regional_value",
    "county_value", "neighbour_value", "neighbour_median", "neighbour_n", "neighbour_size",
    "trend_chi2", "rank", "rank_of", "quartile", "england_rank", "england_rank_of",
    "england_quartile", "range_low", "range_q1", "range_q3", "range_high", "range_n",
)
#: Result columns not stored but worked out when read -> (the earlier value they are the
#: change from, the flag saying whether the two periods compare or None): ``value`` minus that
#: value, missing where the flag is false, as the engine computes them
#: (:func:`indicators.change.change_and_direction`).
DERIVED: dict[str, tuple[str, str | None]] = {
    "change": ("previous_value", "comparable"),
    "last_year_change": ("last_year_value", None),
}
#: Result columns not stored but read from the judged figure (the current figure of the same
#: series, area and period), which holds the same number.
FROM_FIGURE = ("value",)
#: The columns of :data:`NUMBERS` that are whole numbers (counts, ranks and quartiles): stored
#: as small integers (two bytes, not a float's eight), read back as floats like the others.
COUNTS = ("neighbour_n", "neighbour_size", "rank", "rank_of", "quartile", "england_rank",
          "england_rank_of", "england_quartile", "range_n")
#: The columns of :data:`NUMBERS` that are stored as floats.
STORED_NUMBERS = tuple(column for column in NUMBERS
                       if column not in DERIVED and column not in FROM_FIGURE
                       and column not in COUNTS)
#: Columns stored as they are: true/false flags and words.
FLAGS = ("illustrative", "comparable")
WORDS = ("rag", "direction", "value_note", "neighbour_model")
#: Result column holding a period's label -> the stored column holding that period's id.
PERIODS = {"previous_period": "previous_period_id", "last_year_period": "last_year_period_id",
           "national_period": "national_period_id", "regional_period": "regional_period_id",
           "county_period": "county_period_id", "neighbour_period": "neighbour_period_id"}
#: Result column holding an area's name -> (result column of its code, stored area id column).
AREAS = {"region_name": ("region_code", "region_id"), "county_name": ("county_code", "county_id")}
#: The result column stored as ``significance``.
SIGNIFICANCE = "national_significance"

#: Every judgement column as a reader sees it, stored or joined (the RAG reason apart).
RESULT_COLUMNS = (
    "period_label", "period_type", "period_start", "period_end", *NUMBERS, *CODES, *FLAGS,
    *WORDS, *PERIODS, *AREAS, SIGNIFICANCE,
)


def _vocabulary(column: str) -> tuple[str, ...]:
    return CODES[column] if column in CODES else WORD_CODES[column]


def encode(column: str, labels: pd.Series) -> list[int | None]:
    """The codes of ``labels`` of the coded ``column`` (of :data:`CODES` or
    :data:`WORD_CODES`; missing ones None).

    Raises
    ------
    ValueError
        If a label is not in the column's vocabulary.
    """
    vocabulary = _vocabulary(column)
    values = np.array(labels, dtype=object)
    codes = pd.Index(vocabulary, dtype=object).get_indexer(pd.Index(values, dtype=object))
    unknown = (codes < 0) & ~pd.isna(values)
    if unknown.any():
        raise ValueError(f"cannot store {column} {values[unknown][0]!r}: "
                         f"not one of {vocabulary}")
    return [None if code < 0 else code for code in codes.tolist()]


def decode(column: str, codes: pd.Series) -> pd.Series:
    """The labels of stored ``codes`` of the coded ``column`` (missing ones None)."""
    vocabulary = np.array(_vocabulary(column) + (None,), dtype=object)
    numbers = pd.to_numeric(codes, errors="coerce")
    index = numbers.fillna(len(vocabulary) - 1).astype(int).to_numpy()
    return pd.Series(vocabulary[index], index=codes.index, dtype=object)


def numbers(values: pd.Series) -> list[float | None]:
    """Floats of ``values`` for storing (missing ones None)."""
    floats = np.asarray(pd.to_numeric(values, errors="raise").astype(float), dtype=float)
    out: list[float | None] = floats.tolist()
    for position in np.flatnonzero(np.isnan(floats)).tolist():
        out[position] = None
    return out


def whole_numbers(values: pd.Series) -> list[int | None]:
    """Whole numbers of ``values`` (counts and ranks, held as floats) for storing (missing
    ones None).

    Raises
    ------
    ValueError
        If a value is not a whole number.
    """
    floats = np.asarray(pd.to_numeric(values, errors="raise").astype(float), dtype=float)
    present = ~np.isnan(floats)
    fractions = floats[present][floats[present] != np.round(floats[present])]
    if fractions.size:
        raise ValueError(f"cannot store {values.name} {float(fractions[0])!r} as a whole number")
    return [int(value) if held else None
            for value, held in zip(floats.tolist(), present.tolist(), strict=True)]


def plain(values: pd.Series) -> list[Any]:
    """``values`` as plain Python objects for storing (missing ones None)."""
    objects = np.array(values, dtype=object)
    objects[pd.isna(objects)] = None
    return objects.tolist()


def flags(values: pd.Series) -> list[bool | None]:
    """``values`` as true/false for storing (missing ones None)."""
    objects = np.array(values, dtype=object)
    return [None if missing else bool(value)
            for value, missing in zip(objects.tolist(), pd.isna(objects).tolist(), strict=True)]
