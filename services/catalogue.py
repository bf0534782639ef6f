"""The indicator catalogue, read once per process, and the frame the judgement engine takes.

Every use case and page asks :func:`catalogue` rather than reading the catalogue file again.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping

import pandas as pd

from domain.catalogue import Indicator, load_catalogue
from domain.periods import parse_period

#: The indicators a use case works with, when given; None means the whole catalogue.
Indicators = Mapping[str, Indicator] | None


@functools.lru_cache(maxsize=1)
def catalogue() -> dict[str, Indicator]:
    """The indicator catalogue, read once per process."""
    return load_catalogue()


@functools.lru_cache(maxsize=1)
def scorecard_catalogue() -> pd.DataFrame:
    """The whole catalogue as a frame, built once per process (do not mutate it)."""
    return catalogue_frame(catalogue())


def catalogue_frame(indicators: Mapping[str, Indicator]) -> pd.DataFrame:
    """The catalogue as the frame :func:`indicators.judgements.compute_judgements` expects."""
    rows = []
    for ind in indicators.values():
        rows.append({
            "indicator_id": ind.id, "title": ind.title, "short_title": ind.short_title,
            "outcome": ind.outcome.value, "display_order": ind.display_order,
            "polarity": ind.polarity.value, "value_type": ind.value_type.value,
            "multiplier": float(ind.multiplier), "unit_label": ind.unit_label,
            "decimals": int(ind.decimals), "ci_method": ind.ci_method.value,
            "benchmark_confidence": ind.benchmark_confidence.value,
            "comparators": tuple(c.value for c in ind.comparators),
            "rag_rule": ind.rag_rule.value, "catalogue_target": ind.target,
            "target_tolerance": ind.target_tolerance,
            "series_break_start": _series_break_start(ind),
            "numerator_indicator": ind.numerator_indicator,
            "release_cycle": ind.release_cycle.value if ind.release_cycle else None,
            "publication_lag_months": ind.publication_lag_months,
        })
    return pd.DataFrame(rows)


def _series_break_start(indicator: Indicator) -> dt.date | None:
    """First day of the period from which the series is not comparable with earlier ones."""
    if not indicator.series_break:
        return None
    return parse_period(indicator.series_break, hint=indicator.period_type).start


def given_or_shared(indicators: Indicators) -> Mapping[str, Indicator]:
    """``indicators`` when a use case was given them, else the catalogue read once."""
    return catalogue() if indicators is None else indicators


def with_dependents(indicator_ids: Iterable[str], indicators: Indicators = None) -> list[str]:
    """``indicator_ids`` and every indicator of ``indicators`` (by default the catalogue)
    whose numerator one of them is (their judgements change with it), sorted."""
    known = given_or_shared(indicators)
    wanted = set(indicator_ids)
    wanted |= {ind.id for ind in known.values() if ind.numerator_indicator in wanted}
    return sorted(wanted)
