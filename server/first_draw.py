"""A page's first draw inside the page frame: one answer instead of two round trips.

Dash draws a page in two steps: the renderer asks ``/_dash-layout`` for the frame (header,
menu, an empty ``_pages_content``), and only once that has been drawn does the Pages router
callback ask for the page itself. ``assets/page_address.js`` sends the page's own address
with the first request (the :data:`PAGE_HEADER` header: path and query exactly as the
browser holds them); :func:`first_draw` then draws the page the router would draw for that
address, and the frame carries it, with the router's ``dcc.Location`` already set to that
address so the router has nothing to redraw until the reader moves on.

The page is drawn only for a reader the access gate would let through to the router's own
request for it (:func:`server.gate.may_draw_page`). Anything else (no header, an address
the router cannot read, a refusal, a page that fails to draw) leaves the frame empty, and the
router draws the page, or reports the refusal or the failure, exactly as before.

The page's own HTML request (``/`` or any page address) names its page by its own path, so
the same page is drawn there too, for the first paint (:mod:`layouts._static_html`). The
figure pages the page cache keeps (:data:`server.page_cache.CACHEABLE_PATHS`) are kept here
as plain dicts under the same key (address, reader, data version), so a page opened again is
sent without being drawn again; any other page is kept for :data:`REUSE_SECONDS` for its own
reader only, so the layout request that follows the HTML reuses the draw.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from dash import Dash
from dash._pages import PAGE_REGISTRY, _parse_query_string, _path_to_page
from dash.exceptions import UnsupportedRelativePath
from flask import current_app, g, has_request_context, request

from layouts._components import plain
from server.auth import current_user
from server.caching import cache, data_version
from server.gate import DASH_KEY, may_draw_page
from server.page_cache import CACHEABLE_PATHS, FAILED_FLAG, TIMEOUT_SECONDS, page_key, reader

PAGE_HEADER = "X-Scorecard-Page"
#: Longer addresses are left to the router (as are any the browser could not have sent).
MAX_ADDRESS = 4096
NOT_FOUND_MODULE = "not_found_404"
FRAME_PREFIX = "frame:"
#: How long a page drawn for one reader's HTML waits for the layout request that follows.
REUSE_SECONDS = 30
DRAWN_KEY = "scorecard_first_draw"
log = logging.getLogger("scorecard.pages")


@dataclass(frozen=True)
class FirstDraw:
    """A page drawn for the frame: its address, content and title."""

    pathname: str
    search: str
    content: Any
    title: str


def requested_address() -> tuple[str, str] | None:
    """The (pathname, search) the request names, or None when it names none: the header of a
    layout request, or a page request's own address."""
    if not has_request_context():
        return None
    if not _is_page_request():
        raw = request.headers.get(PAGE_HEADER, "")
    else:
        query = request.query_string.decode("latin-1")
        raw = request.path + (f"?{query}" if query else "")
    if not raw.startswith("/") or raw.startswith("//") or len(raw) > MAX_ADDRESS \
            or not raw.isprintable():
        return None
    pathname, _mark, query = raw.partition("?")
    return pathname, f"?{query}" if query else ""


def _drawn(app: Dash, pathname: str, search: str) -> tuple[Any, str]:
    """What Dash's Pages router returns for ``pathname`` and ``search``: content and title."""
    page, variables = _path_to_page(app.strip_relative_path(pathname))
    if not page:
        found = [p for module, p in PAGE_REGISTRY.items()
                 if module.split(".")[-1] == NOT_FOUND_MODULE]
        if not found:  # Dash's own bare heading: left to the router, which draws it
            raise UnsupportedRelativePath(pathname)
        page = found[0]
    layout, title = page.get("layout", ""), page["title"]
    if callable(layout):
        layout = layout(**{**(variables or {}), **_parse_query_string(search)})
    if callable(title):
        title = title(**(variables or {}))
    return layout, str(title)


def _kept(app: Dash, pathname: str, search: str) -> tuple[Any, str]:
    """:func:`_drawn`, kept until the data changes for the pages the page cache keeps, and
    briefly, for its reader alone, for any other page drawn for its HTML (the layout request
    that follows takes it)."""
    shared = pathname in CACHEABLE_PATHS
    user = current_user()
    who = reader() if shared else f"{reader()}:{user.get_id() if user else ''}"
    key = FRAME_PREFIX + page_key(pathname, search, who, data_version())
    hit = cache.get(key)
    if hit is not None:
        if not shared:
            cache.delete(key)
        return hit  # type: ignore[no-any-return]
    content, title = _drawn(app, pathname, search)
    kept = (plain(content), title)
    if not g.get(FAILED_FLAG) and (shared or _is_page_request()):
        cache.set(key, kept, timeout=TIMEOUT_SECONDS if shared else REUSE_SECONDS)
    return kept


def _is_page_request() -> bool:
    """Whether this is a page's own HTML request (not one of the renderer's)."""
    return "/_dash-" not in request.path


def first_draw() -> FirstDraw | None:
    """The page the layout request names, drawn for the frame; None to leave it to the
    router."""
    address = requested_address()
    if address is None or not may_draw_page(*address):
        return None
    app: Dash | None = current_app.extensions.get(DASH_KEY)
    if app is None:
        return None
    try:
        content, title = _kept(app, *address)
    except UnsupportedRelativePath:
        return None
    except Exception:  # noqa: BLE001 - the router draws it and reports the failure
        log.warning("A page could not be drawn with its frame; the router will draw it",
                    exc_info=True)
        return None
    drawn = FirstDraw(*address, content, title)
    g.setdefault(DRAWN_KEY, drawn)
    return drawn


def drawn_page() -> FirstDraw | None:
    """The page this request has drawn with its frame, if any."""
    return g.get(DRAWN_KEY) if has_request_context() else None
