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


def nav_link(name: str, path: str, search: str | None = None) -> dcc.Link:
    """The menu link to the page at ``path``, keeping the area and quarter of ``search`` (the
    address of the page drawn with the frame, when there is one)."""
    return dcc.Link(name, href=carried_href(path, search), className="nav-link",
                    id={"type": NAV_LINK, "path": path})


# No initial call: the frame's links already carry the address it was drawn for, and when
# it was drawn without one the router's location reports the address on mounting.
@shared_callback(Output({"type": NAV_LINK, "path": ALL}, "href"),
                 Input(PAGES_LOCATION, "search"),
                 State({"type": NAV_LINK, "path": ALL}, "id"), prevent_initial_call=True)
def carry_state(search: str | None, ids: list[dict[str, Any]]) -> list[str]:
    """Every menu link, keeping the area and quarter of the page's address."""
    return [carried_href(str(link["path"]), search) for link in ids]
