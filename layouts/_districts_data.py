"""What the Districts and Compare pages read from the store, cached until the data changes.

Each function opens a connection at the edge and calls a service; cache keys are plain ids,
labels and view names (see :func:`server.caching.cached`).
"""

from __future__ import annotations

import pandas as pd

from domain.catalogue import Indicator
from server.auth import allowed_area_codes
from server.caching import cached
from server.context import engine
from services.catalogue import catalogue
from services.compare_view import RugView, rug_view
from services.district_view import (
    DistrictView,
    district_indicators,
    district_view,
    lancashire_districts,
)
from store import queries


@cached(timeout=600)
def indicator_ids() -> list[str]:
    """Ids of the indicators with district figures, in catalogue order."""
    with engine().connect() as conn:
        return [indicator.id for indicator in district_indicators(conn)]


def indicators() -> list[Indicator]:
    """Indicators with district figures, in catalogue order."""
    found = catalogue()
    return [found[i] for i in indicator_ids() if i in found]


@cached(timeout=600)
def districts() -> pd.DataFrame:
    """The county's districts (code, name)."""
    with engine().connect() as conn:
        return lancashire_districts(conn)


def visible_districts() -> pd.DataFrame:
    """The districts whose detail the signed-in user may open (a district viewer: their own)."""
    allowed = allowed_area_codes()
    rows = districts()
    return rows if allowed is None else rows[rows["code"].isin(allowed)]


@cached(timeout=600)
def area_names() -> dict[str, str]:
    """Every area's name by code (for naming areas in upload previews)."""
    with engine().connect() as conn:
        areas = queries.areas(conn)
    return dict(zip(areas["code"], areas["name"], strict=True))


@cached(timeout=600)
def view(indicator_id: str, period: str | None, view_name: str) -> DistrictView:
    """The districts page view for an indicator, period and grouping."""
    with engine().connect() as conn:
        return district_view(conn, catalogue()[indicator_id], period, view_name)


@cached(timeout=600)
def rug(view_name: str, outcome: str | None, period: str | None = None) -> RugView:
    """The rating grid for a grouping of areas, for one outcome or all, as at ``period``
    (a reporting quarter; None for each indicator's latest)."""
    with engine().connect() as conn:
        return rug_view(conn, view_name, outcome, period)
