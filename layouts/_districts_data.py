"""What the Districts and Compare pages read from the store, cached until the data changes.

Each function opens a connection at the edge and calls a service; cache keys are plain ids,
labels, view names and the partnership's council code (see :func:`server.caching.cached`).
"""

from __future__ import annotations

import pandas as pd

from domain.catalogue import Indicator
from domain.partnerships import Partnership
from domain.url_state import area_param
from server.auth import allowed_area_codes, current_user
from server.caching import cached
from server.context import engine
from services.catalogue import catalogue
from services.compare_view import RugView, rug_view
from services.district_view import (
    DistrictView,
    View,
    district_indicators,
    district_view,
    partnership_districts,
    views,
)
from services.partnerships import council_for
from store import queries

UrlValue = str | list[str] | None


def home_area(area: UrlValue) -> str | None:
    """The area a districts page is about: the URL's, else a district viewer's own district
    (or the council of an account limited to one partnership)."""
    named = area_param(area)
    if named:
        return named
    user = current_user()
    return user.area_code if user is not None and user.area_code else None


@cached(timeout=600)
def council(area_code: str | None) -> Partnership | None:
    """The partnership a page about ``area_code`` shows (by default the first stored)."""
    with engine().connect() as conn:
        return council_for(conn, area_code)


def council_code(area_code: str | None) -> str | None:
    """The code of :func:`council` (the cache key the other readers share)."""
    found = council(area_code)
    return found.council if found else None


def view_choices(area_code: str | None) -> dict[str, View]:
    """The partnership's ways of showing its districts (districts, then its groupings)."""
    return views(council(area_code))


@cached(timeout=600)
def indicator_ids(code: str | None = None) -> list[str]:
    """Ids of the indicators with district figures, in catalogue order."""
    with engine().connect() as conn:
        return [indicator.id for indicator in
                district_indicators(conn, council=council_for(conn, code))]


def indicators(code: str | None = None) -> list[Indicator]:
    """Indicators with district figures, in catalogue order."""
    found = catalogue()
    return [found[i] for i in indicator_ids(code) if i in found]


@cached(timeout=600)
def districts(code: str | None = None) -> pd.DataFrame:
    """The partnership's districts (code, name)."""
    with engine().connect() as conn:
        return partnership_districts(conn, council_for(conn, code))


def visible_districts(code: str | None = None) -> pd.DataFrame:
    """The districts whose detail the signed-in user may open (a district viewer: their own)."""
    allowed = allowed_area_codes()
    rows = districts(code)
    return rows if allowed is None else rows[rows["code"].isin(allowed)]


@cached(timeout=600)
def area_names() -> dict[str, str]:
    """Every area's name by code (for naming areas in upload previews)."""
    with engine().connect() as conn:
        areas = queries.areas(conn)
    return dict(zip(areas["code"], areas["name"], strict=True))


@cached(timeout=600)
def view(indicator_id: str, period: str | None, view_name: str,
         code: str | None = None) -> DistrictView:
    """The districts page view for an indicator, period, grouping and partnership."""
    with engine().connect() as conn:
        return district_view(conn, catalogue()[indicator_id], period, view_name, code)


@cached(timeout=600)
def rug(view_name: str, outcome: str | None, period: str | None = None,
        code: str | None = None) -> RugView:
    """The rating grid for a grouping of the partnership's areas (of ``code``'s partnership),
    for one outcome or all, as at ``period`` (a reporting quarter; None for each indicator's
    latest)."""
    with engine().connect() as conn:
        return rug_view(conn, view_name, outcome, period, code)
