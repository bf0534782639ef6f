"""The demo's partnership: the profile in ``demo/partnerships/lancashire.toml``.

:func:`demo.load.load_demo` stores it (as any partnership's profile is stored) before loading
the demo workbooks, so the districts, footprints and teams those workbooks report exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from domain.partnerships import Partnership, parse_profile

#: The demo partnership's profile file.
DEMO_PROFILE: Final = Path(__file__).resolve().parent / "partnerships" / "lancashire.toml"


def demo_profile() -> Partnership:
    """The demo partnership's profile, read from :data:`DEMO_PROFILE`.

    Raises
    ------
    ValueError
        If the shipped file does not read (a packaging fault, not a user's).
    """
    profile, report = parse_profile(DEMO_PROFILE.read_text(encoding="utf-8"), DEMO_PROFILE.name)
    if profile is None:
        raise ValueError(f"{DEMO_PROFILE.name}: {report.errors[0].message}")
    return profile


def demo_grouping(key: str) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """The demo partnership's grouping ``key`` ("teams", "footprints") as (code -> member
    district codes, code -> name)."""
    for grouping in demo_profile().groupings:
        if grouping.key == key:
            return ({a.code: a.members for a in grouping.areas},
                    {a.code: a.name for a in grouping.areas})
    raise ValueError(f"{DEMO_PROFILE.name} has no grouping {key!r}")
