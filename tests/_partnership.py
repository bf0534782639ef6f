"""Test helpers: give a store set up by ``initialise_store`` the demo partnership's profile (the
county whose districts, footprints and teams the test data report), or a second partnership
whose council is a unitary."""

from __future__ import annotations

from sqlalchemy import Engine

from demo.partnership import DEMO_PROFILE
from domain.partnerships import parse_profile
from services.partnerships import load_profile_file, save_partnership
from settings import Settings
from store.engine import make_engine

#: Blackburn with Darwen (a unitary council) and the one locality its test profile lists.
UNITARY, LOCALITY = "E06000008", "BWD-N"


def with_demo_partnership(settings: Settings) -> None:
    """Store the demo partnership's profile in ``settings``' store (harmless to repeat)."""
    engine = make_engine(settings.database_url)
    try:
        result = load_profile_file(engine, DEMO_PROFILE, "test")
        assert result.report.valid, result.report.to_records()
    finally:
        engine.dispose()


def with_unitary_partnership(engine: Engine) -> None:
    """Store Blackburn with Darwen's partnership, with the locality :data:`LOCALITY` (North)."""
    profile, report = parse_profile(f'council = "{UNITARY}"\nname = "Blackburn with Darwen"\n'
                                    'sub_area_label = "locality"\n[[sub_areas]]\n'
                                    f'code = "{LOCALITY}"\nname = "North"\n')
    assert profile is not None, report.to_records()
    result = save_partnership(engine, profile, "test")
    assert result.report.valid, result.report.to_records()
