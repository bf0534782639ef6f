"""Access to the per-app engine and settings from inside a request or callback."""

from __future__ import annotations

from flask import current_app

from settings import Settings
from store.engine import Engine

ENGINE_KEY = "scorecard_engine"
SETTINGS_KEY = "scorecard_settings"


def engine() -> Engine:
    """The engine created by the app factory for this process."""
    return current_app.extensions[ENGINE_KEY]  # type: ignore[no-any-return]


def settings() -> Settings:
    """The settings the app factory was given."""
    return current_app.extensions[SETTINGS_KEY]  # type: ignore[no-any-return]
