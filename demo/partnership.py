"""The demo's partnership: the profile in ``demo/partnerships/lancashire.toml``.

``scorecard demo`` stores it (as any partnership's profile is stored) before loading the demo
workbooks, so the districts, footprints and teams those workbooks report exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from services.partnerships import ProfileResult, load_profile_file
from settings import Settings
from store.engine import open_engine

#: The demo partnership's profile file.
DEMO_PROFILE: Final = Path(__file__).resolve().parent / "partnerships" / "lancashire.toml"


def load_demo_partnership(settings: Settings, user: str = "cli") -> ProfileResult:
    """Store the demo partnership's profile (a new version only when the file changed)."""
    with open_engine(settings) as engine:
        return load_profile_file(engine, DEMO_PROFILE, user)
