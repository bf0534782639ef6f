"""Whole-response cache for drawing the figure pages (Scorecard, Summary, Districts, Compare).

Dash draws a page with one router callback (``_pages_content``) whose answer depends only on
the page's URL, the reader's role and permitted areas, and the stored data. Those pages'
answers are kept as the exact bytes sent, keyed by all four (the data version changes with
every commit or rollback, see :mod:`server.caching`), so a Board member opening the scorecard
another reader has just opened is answered without rebuilding or re-encoding it.

The access gate runs first (this hook is registered after it), so a cached page is only ever
sent to a reader allowed to see it. Pages that show per-user or non-figure state (Indicator,
with its commentary form; Upload; Admin) are never cached; nor is an answer whose callback
failed.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Final

from flask import Flask, Response, g, request

from server.auth import current_user
from server.caching import cache, data_version

ROUTER_OUTPUT: Final = ".._pages_content.children..._pages_store.data.."
CACHEABLE_PATHS: Final = frozenset({"/", "/summary", "/districts", "/compare"})
TIMEOUT_SECONDS: Final = 600
FAILED_FLAG: Final = "scorecard_callback_failed"
_KEY: Final = "scorecard_page_cache_key"


def mark_callback_failed() -> None:
    """Keep this request's answer out of the cache (called by the callback error handler)."""
    g.setdefault(FAILED_FLAG, True)


def page_location(body: Any) -> tuple[str, str] | None:
    """The (pathname, search) a router-callback body draws, or None for any other callback."""
    if not isinstance(body, dict) or body.get("output") != ROUTER_OUTPUT:
        return None
    values = {(item.get("id"), item.get("property")): item.get("value")
              for item in body.get("inputs") or [] if isinstance(item, dict)}
    path = values.get(("_pages_location", "pathname"))
    search = values.get(("_pages_location", "search")) or ""
    if not isinstance(path, str) or not isinstance(search, str):
        return None
    return path, search


def router_body(path: str, search: str = "", changed: str = "pathname") -> dict[str, Any]:
    """The body Dash's renderer posts to ``/_dash-update-component`` to draw the page at
    ``path?search`` (the Pages router callback), as :func:`page_location` reads it."""
    return {
        "output": ROUTER_OUTPUT,
        "outputs": [{"id": "_pages_content", "property": "children"},
                    {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                   {"id": "_pages_location", "property": "search", "value": search}],
        "changedPropIds": [f"_pages_location.{changed}"], "state": [],
    }


def page_key(path: str, search: str, reader: str, version: str) -> str:
    digest = hashlib.sha256(json.dumps([path, search, reader]).encode()).hexdigest()
    return f"page:{version}:{digest[:40]}"


def reader() -> str:
    """Who the answer is drawn for: the role and own area that decide what a page shows."""
    user = current_user()
    return "anonymous" if user is None else f"{user.role.key}:{user.area_code or ''}"


def _answer_from_cache() -> Response | None:
    if request.method != "POST" or request.path != "/_dash-update-component":
        return None
    location = page_location(request.get_json(silent=True))
    if location is None or location[0] not in CACHEABLE_PATHS:
        return None
    key = page_key(*location, reader(), data_version())
    hit = cache.get(key)
    if hit is not None:
        return Response(hit, mimetype="application/json")
    g.setdefault(_KEY, key)
    return None


def _keep(response: Response) -> Response:
    key = g.pop(_KEY, None)
    if key and response.status_code == 200 and not g.get(FAILED_FLAG) \
            and response.mimetype == "application/json":
        cache.set(key, response.get_data(), timeout=TIMEOUT_SECONDS)
    return response


def register_page_cache(server: Flask) -> None:
    """Call after the access gate is registered, so it decides before any cached answer."""
    server.before_request(_answer_from_cache)
    server.after_request(_keep)
