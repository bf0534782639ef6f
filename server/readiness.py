"""Finish Dash's first-request set-up before a worker takes any request.

Dash defers part of its set-up to ``before_request`` hooks that run on the first request:
registering the component libraries whose bundles it serves, copying the page callbacks and
adding the Pages router callback. Each hook sets its "done" flag before doing the work, so
under a threaded server the requests that arrive with the first one see the flag, skip the
set-up and fail (``DependencyException: "dash" is not a registered library`` for a bundle,
or a ``_dash-dependencies`` answer without the router, which leaves the page blank). Running
those hooks once, in the worker, before it serves anything closes the race; gunicorn loads
the app in every new worker, so it holds after each restart and ``max_requests`` recycle.
"""

from __future__ import annotations

import logging

import dash
from dash import Dash

log = logging.getLogger("scorecard.pages")


def _is_dash_hook(hook: object) -> bool:
    """A ``before_request`` hook that Dash itself registered (not one of the app's own)."""
    module = getattr(hook, "__module__", "") or ""
    return module == "dash" or module.startswith("dash.")


def finish_dash_setup(app: Dash) -> None:
    """Run Dash's first-request set-up now; raise if any part of it is still pending."""
    server = app.server
    hooks = [hook for hook in server.before_request_funcs.get(None, []) if _is_dash_hook(hook)]
    with server.test_request_context("/"):
        for hook in hooks:
            hook()
    pending = [name for name, done in app._got_first_request.items()
               if not done and (name != "pages" or app.use_pages)]
    if pending:
        raise RuntimeError(f"Dash's set-up did not finish ({', '.join(pending)}); "
                           "the worker would serve blank pages.")


def warm_pages(app: Dash) -> list[str]:
    """Draw every page open to all readers once, at its default address, before the worker
    takes a request: the first reader after a restart then waits only for their own figures,
    not for the worker's first reads of the catalogue, areas and definitions, nor for the
    code each page loads when first drawn. Returns the paths that could not be drawn (each
    logged; the page is drawn on request as ever)."""
    failed = []
    with app.server.test_request_context("/"):
        for page in dash.page_registry.values():
            layout = page.get("layout")
            if not callable(layout) or page.get("access"):
                continue
            try:
                layout()
            except Exception:  # noqa: BLE001 - the worker serves the page on request as ever
                log.warning("A page could not be drawn before the first request",
                            exc_info=True, extra={"page": page.get("path")})
                failed.append(str(page.get("path")))
    return failed
