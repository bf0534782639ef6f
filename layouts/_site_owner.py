"""Whose scorecard the header names: the partnership's own name for itself."""

from __future__ import annotations

from flask import has_request_context

from domain.errors import ScorecardError
from layouts import _data
from layouts import _districts_data as data
from store.engine import StoreFailure

#: The header's words where no partnership names itself (or the store cannot be read).
DEFAULT_OWNER = "Children and Young People's Trust"


def site_owner() -> str:
    """The branding of the partnership the reader sees (their own, else the first stored),
    as its profile words it; :data:`DEFAULT_OWNER` without one."""
    if not has_request_context():
        return DEFAULT_OWNER
    try:
        if not _data.store_has_figures():
            return DEFAULT_OWNER
        council = data.council(_data.default_area())
    except (ScorecardError, StoreFailure):
        return DEFAULT_OWNER
    return council.branding if council is not None and council.branding else DEFAULT_OWNER
