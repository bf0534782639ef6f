"""Creating and upgrading the store with its reference data."""

from __future__ import annotations

from sqlalchemy import select

from domain.areas import area_relationships, reference_areas
from domain.catalogue import load_catalogue
from indicators.judgements import ENGINE_VERSION
from services.results import refresh_results
from settings import Settings
from store.engine import make_engine, upgrade_schema
from store.models import ComputedResult
from store.reference import seed_reference_data


def initialise_store(settings: Settings) -> dict[str, int]:
    """Migrate to head, (re)load areas, relationships and the catalogue, and recompute stored
    judgements made by an earlier version of the statistics engine; safe to repeat."""
    engine = make_engine(settings.database_url)
    try:
        upgrade_schema(engine)
        counts = seed_reference_data(engine, load_catalogue(),
                                     reference_areas(settings.shared_data),
                                     area_relationships(settings.shared_data))
        with engine.connect() as conn:
            stale = conn.execute(select(ComputedResult.indicator_id).where(
                ComputedResult.engine_version != ENGINE_VERSION).distinct()).scalars().all()
        counts["judgements_recomputed"] = refresh_results(engine, stale) if stale else 0
        return counts
    finally:
        engine.dispose()
