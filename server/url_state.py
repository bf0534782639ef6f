"""The page a request draws: Dash's own path matching, for the access gate.

Everything else about URL state (areas, quarters, query strings, links) is pure and lives in
:mod:`domain.url_state`; this module holds only what needs Dash.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from dash._pages import _path_to_page
from dash.exceptions import UnsupportedRelativePath


def page_for(app: Any, pathname: str) -> dict[str, Any] | None:
    """The registered page the Dash router draws for ``pathname`` (None: the not-found page).

    Uses the router's own path matching, so the page authorised is the page drawn.
    """
    path = urlsplit(pathname).path if "://" in pathname else pathname
    try:
        stripped = app.strip_relative_path(path) if app else None
    except UnsupportedRelativePath:  # the router fails on it; judge it as the bare path
        stripped = None
    page, _variables = _path_to_page(path.strip("/") if stripped is None else stripped)
    return dict(page) if page else None
