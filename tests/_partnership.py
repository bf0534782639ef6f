"""Test helper: give a store set up by ``initialise_store`` the demo partnership's profile (the
county whose districts, footprints and teams the test data report)."""

from __future__ import annotations

from demo.partnership import DEMO_PROFILE
from services.partnerships import load_profile_file
from settings import Settings
from store.engine import make_engine


def with_demo_partnership(settings: Settings) -> None:
    """Store the demo partnership's profile in ``settings``' store (harmless to repeat)."""
    engine = make_engine(settings.database_url)
    try:
        result = load_profile_file(engine, DEMO_PROFILE, "test")
        assert result.report.valid, result.report.to_records()
    finally:
        engine.dispose()
