"""Page not found: any path no page claims (Dash Pages uses this module by its name)."""

from __future__ import annotations

import dash
from dash import html

dash.register_page(__name__, path="/not-found", name="Page not found", nav=False,
                   title="Page not found - CYPP performance scorecard")


def layout(**_query: str) -> html.Section:
    """The page for an address the app does not have."""
    return html.Section([
        html.H1("Page not found"),
        html.P("There is no page at this address. If you typed it, check it; if you followed "
               "a link, the page may have moved."),
        html.P(html.A("Go to the scorecard", href="/")),
    ], className="error-state")
