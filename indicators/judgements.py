"""Every judgement behind a scorecard cell, computed once per observation.

Pure, vectorised DataFrame-in/DataFrame-out functions. The input is the store's current
observations (all areas, all periods of the indicators concerned), the catalogue as a frame and
the comparator geography; the output has one row per observation with its interval, previous
and same-period-last-year values, change and direction, England / region / neighbour / county
comparators (each with its own period), significance, recent trend, rank, the range of
similar councils' figures (:mod:`indicators.typical_range`) and the RAG rating
with its reason. Services store the result; pages and exports only read it.

References
----------
METHODS.md sections 1-2 (intervals), 3 (benchmark comparison), 4 (group benchmarks),
6 (recent trend); the seed scorecard's columns (seed 002, Q2 and Q3 2016/17).
"""

from __future__ import annotations

from collections.abc import Collection

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
from indicators.typical_range import RANGE_COLUMNS, with_typical_range

ENGINE_VERSION = "1.8.1"

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
                       geography: pd.DataFrame, neighbours: pd.DataFrame, *,
                       reasons: bool = True, judged: Collection[str] | None = None,
                       only: pd.Series | None = None) -> pd.DataFrame:
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
    reasons
        Whether to word each RAG rating's reason. A store keeps the fields the reason is
        worded from (:func:`rag_reasons` words it when shown), so a load need not.
    judged
        The indicators whose figures are judged (by default every one given). The others'
        figures are read only as the counts that imply a rate's denominator (see
        :func:`indicators._series.with_implied_denominators`); a judgement reads no other
        indicator's figures, so leaving them unjudged changes nothing judged.
    only
        Which figures to judge (true or false for each row of ``observations``, by its
        index; by default all). The others are read as their series' history and as
        comparators, neighbours and ranked councils, never judged: a judgement made here is
        the one judging every figure makes, and a few judgements among many figures cost
        little more than their own.

    Returns
    -------
    pandas.DataFrame
        One row per observation: the input columns plus interval, previous, last-year,
        change, direction, comparator values and periods, significance, trend, rank, ``rag``,
        ``rag_rule_used`` and (with ``reasons``) ``rag_reason``.
    """
    missing = [c for c in OBSERVATION_INPUT if c not in observations.columns]
    if missing:
        raise ValueError(f"observations is missing columns {missing}")
    if observations.empty:
        return observations.assign(rag=pd.Series(dtype="string"))
    optional = [c for c in ("numerator_indicator",) if c in catalogue.columns]
    if only is not None:
        observations = observations.assign(
            **{ONLY: only.reindex(observations.index, fill_value=False).to_numpy(dtype=bool)})
    frame = observations.merge(catalogue.loc[:, [*CATALOGUE_INPUT, *optional]],
                               on="indicator_id", how="inner", validate="many_to_one")
    frame = frame.merge(geography.loc[:, list(GEOGRAPHY_INPUT)], on="area_code", how="left")
    frame = frame.reset_index(drop=True)
    # The catalogue's target is the upper-tier area's: a district below it gets none.
    below_county = frame["county_code"].notna() & frame["county_code"].ne(frame["area_code"])
    frame["target_value"] = pd.to_numeric(frame["target"], errors="coerce").fillna(
        pd.to_numeric(frame["catalogue_target"], errors="coerce").where(~below_county))
    keys = {c: frame[c].dtype for c in CATEGORY_KEYS if c in frame}
    for column in keys:
        frame[column] = frame[column].astype("category")
    frame = with_implied_denominators(frame)
    if judged is not None:
        frame = frame[frame["indicator_id"].isin(list(judged)).to_numpy()].reset_index(drop=True)
        if frame.empty:
            return observations.iloc[0:0].assign(rag=pd.Series(dtype="string"))
    frame = with_trend(with_previous(with_intervals(frame)))  # each series' own history
    reference = None  # what follows reads other areas' figures too
    if only is not None:
        reference = frame
        frame = frame[frame[ONLY].to_numpy()]
        if frame.empty:
            return observations.iloc[0:0].drop(columns=ONLY).assign(
                rag=pd.Series(dtype="string"))
    for kind in COMPARATOR_KINDS:
        frame = with_comparator(frame, kind, reference)
    frame = with_neighbour_summary(frame, neighbours, reference)
    frame = with_significance(frame)
    frame = with_ranks(frame, neighbours, reference)
    frame = with_typical_range(frame, neighbours, reference)
    frame = _with_rag(frame, reasons).reset_index(drop=True)
    for column, dtype in keys.items():  # column by column: the frame is wide
        frame[column] = frame[column].astype(dtype)
    return frame.drop(columns=ONLY) if only is not None else frame


#: The column marking, while judging, the figures to judge (see ``only``).
ONLY = "_judge"
#: Key columns judged as categories (grouping and matching on their codes, not their text);
#: the result gives them back as they came.
CATEGORY_KEYS = ("indicator_id", "breakdown", "period_key", "period_type", "area_code", "area_type")


#: Fewest LAs with a value for an England-wide rank (LAIT ranks about 150); below this the
#: statistical-neighbour group is used.
MIN_ENGLAND_RANKED = 100
#: Fewest councils (the LA included) for a rank within its statistical-neighbour group.
MIN_NEIGHBOURS_RANKED = 5
FALLBACK_NOTE = (" No confidence interval can be built for this figure, so it is ranked "
                 "instead of tested against England.")
TARGET_NOTE = (" No confidence interval can be built for this figure and no other councils' "
               "figures are held to rank it among, so it is judged against its target.")
COMPARATOR_NOTE = (" No other councils' figures are held to rank it among and no target is "
                   "set, so it is compared with England's value by a stated margin.")
#: Rules that judge a figure against other areas' figures: England's own figure, the benchmark
#: the others are compared with, is judged against its target or its own trend instead.
COMPARATIVE_RULES = ("benchmark", "comparator", "rank", "typical_range")
#: The rule England's figure is judged by instead of a comparative one -> the note it gains.
NATIONAL_NOTES = {
    "target": (" This is England's own figure, the benchmark other areas are compared with, "
               "so it is judged against its target."),
    "trend": (" This is England's own figure, the benchmark other areas are compared with, "
              "so it is judged on its own recent trend."),
}


def rank_basis(frame: pd.DataFrame) -> pd.DataFrame:
    """The rank the ``rank`` rule reads: among all English LAs where at least
    :data:`MIN_ENGLAND_RANKED` have a value, else among the LA's statistical neighbours
    (at least :data:`MIN_NEIGHBOURS_RANKED` councils), else none.

    Returns ``rank``, ``rank_of`` and ``rank_scope`` (words for the councils ranked).
    """
    england = (pd.to_numeric(frame["england_rank_of"], errors="coerce")
               >= MIN_ENGLAND_RANKED).to_numpy()
    neighbours = (frame["rank_group"].eq("neighbours").to_numpy()
                  & (pd.to_numeric(frame["rank_of"], errors="coerce")
                     >= MIN_NEIGHBOURS_RANKED).to_numpy())
    rank = np.where(england, frame["england_rank"],
                    np.where(neighbours, frame["rank"], np.nan)).astype(float)
    size = np.where(england, frame["england_rank_of"],
                    np.where(neighbours, frame["rank_of"], np.nan)).astype(float)
    scope = np.where(england, "English councils",
                     np.where(neighbours, "councils (this one and its statistical neighbours)",
                              ""))
    return pd.DataFrame({"rank": rank, "rank_of": size, "rank_scope": scope},
                        index=frame.index)


def with_fallbacks(rule: pd.Series, rows: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The rule that rates each row, and the note its reason gains, for ``benchmark`` rows
    whose figure has no interval (a percentage published without counts): the ``rank``
    rule where a rank exists, else ``target`` where a target is set, else ``comparator``
    (England's value by a margin) where England's value is held and the area is not England.
    England's own rows under a rule of :data:`COMPARATIVE_RULES` are judged against their
    target where one is set, else on their recent trend (:data:`NATIONAL_NOTES`).

    ``rows`` holds ``value, lower_ci, upper_ci, rank, target, benchmark_value`` and
    ``is_national``; other rules, and benchmark rows with an interval, are kept.
    """
    def present(column: str) -> pd.Series:
        return pd.to_numeric(rows[column], errors="coerce").notna()

    rule = rule.astype(object).where(rule.notna(), "none")
    untestable = rule.eq("benchmark") & ~(present("lower_ci") & present("upper_ci")) \
        & present("value")
    ranked = untestable & present("rank")
    targeted = untestable & ~ranked & present("target")
    compared = (untestable & ~ranked & ~targeted & present("benchmark_value")
                & ~rows["is_national"].astype(bool))
    own = rows["is_national"].astype(bool) & rule.isin(COMPARATIVE_RULES)
    instead = pd.Series(np.where(present("target"), "target", "trend"), index=rule.index)
    used = rule.mask(ranked, "rank").mask(targeted, "target").mask(compared, "comparator")
    used = used.mask(own, instead)
    note = pd.Series(np.select([own, ranked, targeted, compared],
                               [instead.map(NATIONAL_NOTES), FALLBACK_NOTE, TARGET_NOTE,
                                COMPARATOR_NOTE], ""),
                     index=rule.index, dtype=object)
    return used, note


def _with_rag(frame: pd.DataFrame, reasons: bool = True) -> pd.DataFrame:
    """The catalogue's RAG rule applied with England as the benchmark (the seed's practice).

    A ``benchmark`` row whose figure has no interval falls back as
    :func:`with_fallbacks` says, and its reason says so; ``rag_rule_used`` records the rule
    that rated each row. The comparator's margin is the catalogue's ``target_tolerance``,
    else 5% of England's value. Without ``reasons`` the reason is not worded.
    """
    basis = rank_basis(frame)
    national = frame["area_code"].eq(frame["national_code"])
    rule, note = with_fallbacks(frame["rag_rule"], pd.DataFrame({
        "value": frame["value"], "lower_ci": frame["lower_ci"],
        "upper_ci": frame["upper_ci"], "rank": basis["rank"], "target": frame["target_value"],
        "benchmark_value": frame["national_value"], "is_national": national}))
    rated = rag_rating(_rating_input(frame, rule, basis, national), reasons=reasons)
    frame["rag"] = rated["rag"].to_numpy()
    if reasons:
        frame["rag_reason"] = (rated["rag_reason"] + note).to_numpy()
    frame["rag_rule_used"] = rule.to_numpy()
    return frame


def rag_reasons(judged: pd.DataFrame) -> pd.DataFrame:
    """The ``rag`` and ``rag_reason`` of judgements already made, worded from their fields
    exactly as :func:`compute_judgements` words them, so a store need not keep the sentence.

    ``judged`` holds the judgement columns the rules read (``value``, the interval,
    ``national_value``, ``national_significance``, ``target_value``, ``trend``, the ranks, the
    range columns and ``rag_rule_used``), ``area_code`` and ``national_code``, and the
    catalogue's ``title``, ``polarity``, ``unit_label``, ``decimals``, ``target_tolerance``
    and ``rag_rule`` for each row's indicator.
    """
    used = judged["rag_rule_used"].astype(object)
    rule = used.where(used.notna(), "none")
    basis = rank_basis(judged)
    national = judged["area_code"].eq(judged["national_code"])
    rated = rag_rating(_rating_input(judged, rule, basis, national))
    declared = judged["rag_rule"].astype(object)
    own = national & declared.isin(COMPARATIVE_RULES) & rule.isin(list(NATIONAL_NOTES))
    fallen_back = declared.eq("benchmark") & rule.ne("benchmark") & ~own
    note = rule.map(FALLBACK_NOTES).where(fallen_back, "").fillna("")
    note = note.mask(own, rule.map(NATIONAL_NOTES))
    return pd.DataFrame({"rag": rated["rag"], "rag_reason": rated["rag_reason"] + note},
                        index=judged.index)


#: The rule a ``benchmark`` row fell back to -> the note its reason gains.
FALLBACK_NOTES = {"rank": FALLBACK_NOTE, "target": TARGET_NOTE, "comparator": COMPARATOR_NOTE}


def _rating_input(frame: pd.DataFrame, rule: pd.Series, basis: pd.DataFrame,
                  national: pd.Series) -> pd.DataFrame:
    """The frame :func:`indicators.rag.rag_rating` rates: each row's rule and what it reads."""
    return pd.DataFrame({
        "title": frame["title"],
        "value": frame["value"],
        "lower_ci": frame["lower_ci"],
        "upper_ci": frame["upper_ci"],
        "ci_level": frame["ci_level"],
        "unit_label": frame["unit_label"].fillna(""),
        "decimals": frame["decimals"],
        "polarity": frame["polarity"],
        "rag_rule": rule,
        "rank": basis["rank"],
        "rank_of": basis["rank_of"],
        "rank_scope": basis["rank_scope"],
        "benchmark_label": np.where(national, "", "England"),
        "benchmark_value": frame["national_value"],
        "significance": frame["national_significance"],
        "target": frame["target_value"],
        "target_tolerance": frame["target_tolerance"],
        "comparator_margin": pd.to_numeric(frame["target_tolerance"], errors="coerce"),
        "trend_label": frame["trend"],
        **{column: frame[column] for column in RANGE_COLUMNS},
    })
