"""Creating and upgrading the store with its reference data."""

from __future__ import annotations

from domain.areas import area_relationships, reference_areas
from services.catalogue import Indicators, given_or_shared
from services.partnerships import reapply_profiles
from services.ratings import repair_ratings
from settings import Settings
from store.compact import reclaim_space
from store.engine import open_engine, upgrade_schema
from store.reference import seed_reference_data


def initialise_store(settings: Settings, *, indicators: Indicators = None) -> dict[str, int]:
    """Migrate to head, (re)load areas, relationships and ``indicators`` (by default the
    catalogue), re-apply every partnership profile in force, and recompute stored judgements
    that are out of date (older than their figures, or made by an earlier version of the
    statistics engine); safe to repeat."""
    with open_engine(settings) as engine:
        upgrade_schema(engine)
        counts = seed_reference_data(engine, given_or_shared(indicators),
                                     reference_areas(settings.shared_data),
                                     area_relationships(settings.shared_data))
        counts["partnerships"] = reapply_profiles(engine)
        counts["judgements_recomputed"] = repair_ratings(engine, indicators=indicators)
        reclaim_space(engine)  # what migrations and recomputes left free
        return counts
