"""Publish the district boundaries once for every map a browser draws.

A map names the boundaries by address (plotly.js accepts a URL as a trace's ``geojson`` and
fetches each address once per page, sharing it between traces), so the GeoJSON leaves each
callback answer and is cached by the browser: compact text from
:func:`domain.boundaries.compact_boundaries`, an ETag and an hour's caching. The address is
under ``/assets/``, which anyone may fetch, like the app's other static files: the boundaries
are open ONS data.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from flask import Flask, Response, request

from domain.boundaries import BOUNDARIES_URL_PATH, compact_boundaries

MAX_AGE = 3600


@lru_cache(maxsize=1)
def _body() -> tuple[bytes, str]:
    body = compact_boundaries().encode("utf-8")
    return body, hashlib.sha256(body).hexdigest()[:32]


def serve_boundaries() -> Response:
    """The district boundaries as GeoJSON (304 when the browser's copy is current)."""
    body, etag = _body()
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        response = Response(body, mimetype="application/geo+json")
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response


def register_boundaries(server: Flask, prefix: str = "/") -> None:
    """Serve the boundaries at :data:`BOUNDARIES_URL_PATH` under ``prefix``."""
    server.add_url_rule(prefix.rstrip("/") + BOUNDARIES_URL_PATH, "district_boundaries",
                        serve_boundaries, methods=["GET"])
