"""The site header and its menu: one link per page, each carrying the area and quarter on screen.

:func:`site_header` builds the header from ``dash.page_registry``: the brand, then the menu
(the page links and who is signed in). On a phone the menu sits behind a "Menu" button
(:func:`phone_toggle`), so the header is one row; on wider screens the button is hidden and
the menu shows in full. The callback here rewrites every link's address whenever the page's
address changes, with :func:`domain.url_state.carried_href`, so moving between pages keeps the
area and reporting quarter (``/districts?area=CODE&period=Q3-2016-17``). The links work
without script too: they then open each page at its default area and quarter.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import ALL, Input, Output, State, dcc, html

from domain.url_state import carried_href
from layouts._components import phone_toggle
from layouts._shared_callbacks import shared_callback
from layouts._site_owner import site_owner
from server.auth import can_view_page, user_badge

#: The pattern-matching id type of every menu link.
NAV_LINK = "site-nav-link"
#: The page router's own ``dcc.Location`` (``dash.dash._ID_LOCATION``): its ``search`` is the
#: address of the page on screen, however it was reached.
PAGES_LOCATION = "_pages_location"
#: The menu's id, named by the phone's "Menu" button.
SITE_NAV = "site-nav"


def nav_link(name: str, path: str, search: str | None = None) -> dcc.Link:
    """The menu link to the page at ``path``, keeping the area and quarter of ``search`` (the
    address of the page drawn with the frame, when there is one)."""
    return dcc.Link(name, href=carried_href(path, search), className="nav-link",
                    id={"type": NAV_LINK, "path": path})


def site_navigation(search: str | None = None) -> html.Nav:
    """The menu: a link to every page the signed-in user may open, keeping the area and
    quarter of ``search``."""
    links = [
        nav_link(page["name"], page["relative_path"], search)
        for page in dash.page_registry.values()
        if page.get("nav", True) and can_view_page(page)
    ]
    return html.Nav(links, className="site-nav", id=SITE_NAV,
                    **{"aria-label": "Main"})  # type: ignore[arg-type]


def site_header(search: str | None = None) -> html.Header:
    """The header of every page: the brand, the phone's menu button, the menu (its links
    keeping the area and quarter of ``search``, the address of the page drawn with the
    frame) and the user."""
    badge = user_badge()
    return html.Header([
        html.Div([
            html.Span(site_owner(), className="site-owner"),
            html.Span("Performance scorecard", className="site-title"),
        ], className="site-brand"),
        phone_toggle("Menu", f"{SITE_NAV} {getattr(badge, 'id', '')}".strip(),
                     "site-menu-button"),
        site_navigation(search),
        badge,
    ], className="site-header")


# No initial call: the frame's links already carry the address it was drawn for, and when
# it was drawn without one the router's location reports the address on mounting.
@shared_callback(Output({"type": NAV_LINK, "path": ALL}, "href"),
                 Input(PAGES_LOCATION, "search"),
                 State({"type": NAV_LINK, "path": ALL}, "id"), prevent_initial_call=True)
def carry_state(search: str | None, ids: list[dict[str, Any]]) -> list[str]:
    """Every menu link, keeping the area and quarter of the page's address."""
    return [carried_href(str(link["path"]), search) for link in ids]
