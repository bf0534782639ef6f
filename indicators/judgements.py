"""Every judgement behind a scorecard cell, computed once per observation.

Pure, vectorised DataFrame-in/DataFrame-out functions. The input is the store's current
observations (all areas, all periods of the indicators concerned), the catalogue as a frame and
the comparator geography; the output has one row per observation with its interval, previous
and same-period-last-year values, change and direction, England / region / neighbour / county
comparators (each with its own period), significance, recent trend, rank and the RAG rating
with its reason. Services store the result; pages and exports only read it.

References
----------
METHODS.md sections 1-2 (intervals), 3 (benchmark comparison), 4 (group benchmarks),
6 (recent trend); the seed scorecard's columns (seed 002, Q2 and Q3 2016/17).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators._comparators import (
    COMPARATOR_KINDS,
    with_comparator,
    with_neighbour_summary,
    with_significance,
)
from indicators._series import (
    with_implied_denominators,
    with_intervals,
    with_previous,
    with_ranks,
    with_trend,
)
from indicators.rag import rag_rating

ENGINE_VERSION = "1.2.0"

#: Columns the observation frame must provide.
OBSERVATION_INPUT = (
    "indicator_id", "area_code", "area_type", "period_key", "period_type", "period_start",
    "period_end", "period_label", "breakdown", "numerator", "denominator", "value",
    "lower_ci", "upper_ci", "ci_level", "ci_source", "target", "status", "value_note",
    "illustrative",
)
#: Columns the catalogue frame must provide (one row per indicator); it may also give
#: ``numerator_indicator`` (see :func:`indicators._series.with_implied_denominators`).
CATALOGUE_INPUT = (
    "indicator_id", "title", "polarity", "value_type", "multiplier", "unit_label", "decimals",
    "ci_method", "benchmark_confidence", "comparators", "rag_rule", "catalogue_target",
    "target_tolerance", "series_break_start",
)
#: Columns of the geography frame: which areas each area is compared with.
GEOGRAPHY_INPUT = ("area_code", "area_name", "national_code", "region_code", "region_name",
                   "county_code", "county_name")


def compute_judgements(observations: pd.DataFrame, catalogue: pd.DataFrame,
                       geography: pd.DataFrame, neighbours: pd.DataFrame) -> pd.DataFrame:
    """Judge every observation against its history and its comparators.

    Parameters
    ----------
    observations
        Current observations with :data:`OBSERVATION_INPUT` columns.
    catalogue
        One row per indicator with :data:`CATALOGUE_INPUT` columns; ``comparators`` holds a
        tuple of comparator names (national, regional, neighbours, county).
    geography
        One row per area with :data:`GEOGRAPHY_INPUT` columns (codes may be missing).
    neighbours
        ``area_code``, ``neighbour_code`` pairs: each LA's statistical neighbour group.

    Returns
    -------
    pandas.DataFrame
        One row per observation: the input columns plus interval, previous, last-year,
        change, direction, comparator values and periods, significance, trend, rank, ``rag``
        and ``rag_reason``.
    """
    missing = [c for c in OBSERVATION_INPUT if c not in observations.columns]
    if missing:
        raise ValueError(f"observations is missing columns {missing}")
    if observations.empty:
        return observations.assign(rag=pd.Series(dtype="string"))
    optional = [c for c in ("numerator_indicator",) if c in catalogue.columns]
    frame = observations.merge(catalogue.loc[:, [*CATALOGUE_INPUT, *optional]],
                               on="indicator_id", how="inner", validate="many_to_one")
    frame = frame.merge(geography.loc[:, list(GEOGRAPHY_INPUT)], on="area_code", how="left")
    frame = frame.reset_index(drop=True)
    frame["target_value"] = pd.to_numeric(frame["target"], errors="coerce").fillna(
        pd.to_numeric(frame["catalogue_target"], errors="coerce"))
    frame = with_intervals(with_implied_denominators(frame))
    frame = with_previous(frame)
    for kind in COMPARATOR_KINDS:
        frame = with_comparator(frame, kind)
    frame = with_neighbour_summary(frame, neighbours)
    frame = with_significance(frame)
    frame = with_trend(frame)
    frame = with_ranks(frame, neighbours)
    return _with_rag(frame)


def _with_rag(frame: pd.DataFrame) -> pd.DataFrame:
    """The catalogue's RAG rule applied with England as the benchmark (the seed's practice)."""
    rated = rag_rating(pd.DataFrame({
        "title": frame["title"],
        "value": frame["value"],
        "lower_ci": frame["lower_ci"],
        "upper_ci": frame["upper_ci"],
        "ci_level": frame["ci_level"],
        "unit_label": frame["unit_label"].fillna(""),
        "decimals": frame["decimals"],
        "polarity": frame["polarity"],
        "rag_rule": frame["rag_rule"],
        "benchmark_label": np.where(frame["area_code"].eq(frame["national_code"]), "",
                                    "England"),
        "benchmark_value": frame["national_value"],
        "significance": frame["national_significance"],
        "target": frame["target_value"],
        "target_tolerance": frame["target_tolerance"],
        "trend_label": frame["trend"],
    }))
    frame["rag"] = rated["rag"].to_numpy()
    frame["rag_reason"] = rated["rag_reason"].to_numpy()
    return frame
