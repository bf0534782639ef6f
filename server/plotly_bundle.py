"""Serve a plotly.js bundle with only the trace types the pages draw.

Dash's graphs load plotly.js lazily, the first time a page shows a ``dcc.Graph``: the
renderer points ``window._dashPlotlyJSURL`` at
``<prefix>_dash-component-suites/plotly/package_data/plotly.min.js`` (when serving locally)
and the graph component adds a ``<script>`` for it. The full file is 4.8 MB, more than the
rest of a page's JavaScript four times over. This module answers that one address with
``server/static/plotly-scorecard.min.js`` instead: the same plotly.js version built with
only :data:`TRACE_TYPES` (about 1.2 MB; built by ``tools/plotly-bundle``). Pages without a
chart still load no plotly.js at all, nothing is fetched from the internet, and the pages
need no change. A Werkzeug rule with only fixed parts is matched before Dash's rule for the
same address, which has variable parts.

References: plotly.js ``CUSTOM_BUNDLE.md`` (partial bundles); Dash's ``dash.py``
(``_setup_plotlyjs``) and dash-core-components ``Graph`` (``window._dashPlotlyJSURL``).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from dash import Dash
from flask import Response, request

BUNDLE = Path(__file__).resolve().parent / "static" / "plotly-scorecard.min.js"
#: Every plotly trace type a page or export draws; the bundle holds these and no others.
TRACE_TYPES = ("scatter", "bar", "heatmap", "choropleth", "scattergeo")
#: Map projections the pages use: d3-geo's own (the bundle leaves out d3-geo-projection).
MAP_PROJECTIONS = ("mercator", "equirectangular")
DASH_PLOTLY_PATH = "_dash-component-suites/plotly/package_data/plotly.min.js"
#: The bundle only changes with a new release, which restarts the workers; an hour of
#: browser caching, then a revalidation by ETag.
MAX_AGE = 3600


@lru_cache(maxsize=1)
def bundle_bytes() -> bytes:
    """The bundle's bytes, read once per process."""
    return BUNDLE.read_bytes()


@lru_cache(maxsize=1)
def bundle_etag() -> str:
    """A strong ETag: the bundle's SHA-256, shortened."""
    return hashlib.sha256(bundle_bytes()).hexdigest()[:32]


def serve_bundle() -> Response:
    """Answer a request for plotly.js with the partial bundle (304 when unchanged)."""
    etag = bundle_etag()
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        response = Response(bundle_bytes(), mimetype="application/javascript")
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response


def register_plotly_bundle(app: Dash) -> None:
    """Serve the partial bundle where ``app``'s graphs look for plotly.js."""
    prefix = str(app.config.routes_pathname_prefix or "/")
    app.server.add_url_rule(prefix + DASH_PLOTLY_PATH, "plotly_bundle", serve_bundle,
                            methods=["GET"])
