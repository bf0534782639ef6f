"""Assemble the Dash app: pages from ``layouts/``, the navigation, and the Flask server's routes.

Holds no callbacks and loads no data: pages do that per request through ``server.context``.
"""

from __future__ import annotations

from dash import Dash, html

from layouts._navigation import site_header
from layouts._page_frame import page_container
from layouts._shared_callbacks import register_shared_callbacks
from layouts._shell import ScorecardDash, callback_error, error_region, register_page_shell
from server.auth import demo_banner
from server.compression import enable_compression
from server.context import ENGINE_KEY, SETTINGS_KEY
from server.downloads import register_downloads
from server.errors import register_converters
from server.first_draw import first_draw
from server.geo import register_boundaries
from server.governance import register_governance
from server.health import register_health_routes
from server.plotly_bundle import register_plotly_bundle
from server.uploads import register_upload_routes
from settings import Settings, load_settings
from store.engine import make_engine


def serve_layout() -> html.Div:
    """The page frame, built per request so the header shows who is signed in; with the page
    itself already in it when the request names the page (``server.first_draw``)."""
    drawn = first_draw()
    return html.Div([
        html.A("Skip to main content", href="#main", className="skip-link"),
        demo_banner(),
        site_header(drawn.search if drawn else None),
        html.Main([error_region(), page_container(drawn)], id="main", tabIndex="-1"),
    ], className="site")


def create_app(settings: Settings | None = None) -> Dash:
    """Build the app for ``settings`` (defaults from the environment)."""
    settings = settings or load_settings()
    app = ScorecardDash(
        __name__,
        use_pages=True,
        pages_folder="layouts",
        title="CYPP performance scorecard",
        suppress_callback_exceptions=True,
        on_error=callback_error,
    )
    server = app.server
    enable_compression(server)  # first, so that it compresses each finished answer
    server.config["SECRET_KEY"] = settings.secret_key
    server.config["MAX_CONTENT_LENGTH"] = settings.max_upload_bytes + 1024 * 1024
    server.extensions[ENGINE_KEY] = make_engine(settings.database_url)
    server.extensions[SETTINGS_KEY] = settings
    register_converters(server)
    register_health_routes(server)
    register_plotly_bundle(app)
    register_boundaries(server, str(app.config.routes_pathname_prefix or "/"))
    register_downloads(server)
    register_upload_routes(server)
    register_governance(app, settings)
    register_page_shell(app)
    register_shared_callbacks(app)
    app.layout = serve_layout
    return app
