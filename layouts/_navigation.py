"""The site menu: one link per page, each carrying the area and quarter on screen.

``app.py`` builds the links from ``dash.page_registry`` with :func:`nav_link`; the callback
here rewrites every link's address whenever the page's address changes, with
:func:`domain.url_state.carried_href`, so moving between pages keeps the area and reporting
quarter (``/districts?area=CODE&period=Q3-2016-17``). The links work without script too:
they then open each page at its default area and quarter.
"""

from __future__ import annotations

from typing import Any

from dash import ALL, Input, Output, State, dcc

from domain.url_state import carried_href
from layouts._shared_callbacks import shared_callback

#: The pattern-matching id type of every menu link.
NAV_LINK = "site-nav-link"
#: The page router's own ``dcc.Location`` (``dash.dash._ID_LOCATION``): its ``search`` is the
#: address of the page on screen, however it was reached.
PAGES_LOCATION = "_pages_location"


def nav_link(name: str, path: str) -> dcc.Link:
    """The menu link to the page at ``path``."""
    return dcc.Link(name, href=path, className="nav-link", id={"type": NAV_LINK, "path": path})


@shared_callback(Output({"type": NAV_LINK, "path": ALL}, "href"),
                 Input(PAGES_LOCATION, "search"),
                 State({"type": NAV_LINK, "path": ALL}, "id"))
def carry_state(search: str | None, ids: list[dict[str, Any]]) -> list[str]:
    """Every menu link, keeping the area and quarter of the page's address."""
    return [carried_href(str(link["path"]), search) for link in ids]
