"""The Pages router's container, holding the page already drawn when the frame could draw it.

Dash's own ``dash.page_container`` starts empty: its ``dcc.Location`` learns the address when
it mounts, and that change makes the router callback draw the page in a second request. When
:func:`server.first_draw.first_draw` has drawn the page with the frame, the container here
holds it instead, with the location set to the very address the browser shows: the location
then reports no change on mounting, so the router does not draw the page a second time.
"""

from __future__ import annotations

import dash
from dash import dcc, html
from dash.dash import _ID_CONTENT, _ID_DUMMY, _ID_LOCATION, _ID_STORE

from server.first_draw import FirstDraw


def page_container(drawn: FirstDraw | None) -> html.Div:
    """The router's container: with the page ``drawn`` in it, or Dash's empty one."""
    if drawn is None:
        return dash.page_container  # type: ignore[no-any-return]
    return html.Div([
        dcc.Location(id=_ID_LOCATION, refresh="callback-nav", pathname=drawn.pathname,
                     search=drawn.search),
        html.Div(drawn.content, id=_ID_CONTENT, disable_n_clicks=True),
        dcc.Store(id=_ID_STORE, data={"title": drawn.title}),
        html.Div(id=_ID_DUMMY, disable_n_clicks=True),
    ])
