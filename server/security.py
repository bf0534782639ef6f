"""Web security: CSRF tokens, security headers and the Content-Security-Policy.

CSRF: one scheme for everything that changes state. The token is a random value kept in the
signed session and mirrored in a readable ``_csrf_token`` cookie. Every POST, PUT, PATCH or
DELETE must send it back, either in the ``X-CSRFToken`` header or a ``csrf_token`` form field,
and it must equal the session's copy. Dash's renderer already sends that cookie as the
``X-CSRFToken`` header with each callback, so callbacks need no extra code, and page
JavaScript (``fetch``) and HTML forms use the same cookie or field. Another site can neither read
the cookie nor forge the signed session, so it cannot produce a matching pair. An ``Origin``
header that names another host is refused as well, and cookies are SameSite=Lax.

CSP: scripts only from this server, plus the hashes of Dash's own inline scripts (the renderer
start-up and clientside callbacks), from ``app.csp_hashes()``, so 'unsafe-inline' and
'unsafe-eval' are not allowed for scripts. Styles allow 'unsafe-inline' because plotly.js and
Dash components set styles at run time; style injection cannot run code.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from dash import Dash, _callback
from flask import Flask, Request, Response, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

from settings import Settings

CSRF_COOKIE = "_csrf_token"
CSRF_HEADER = "X-CSRFToken"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_favicon.ico")
#: Dash links each file of ``assets/`` with its modification time (``?m=``), so a changed
#: file gets a new address: those addresses may be kept by the browser for a year, and a
#: returning reader's page then asks the server for no style sheet or script at all.
FINGERPRINT_PARAM = "m"
FAVICON_PATH, FAVICON_PARAM = "/_favicon.ico", "v"
FINGERPRINTED_CACHE = "public, max-age=31536000, immutable"
#: Dash's lazily loaded chunks (``async-graph.js`` and the like) have fixed addresses; they
#: change only with a new release, which restarts the workers. An hour of browser caching,
#: then a revalidation by ETag (as for the plotly.js bundle), spares a round trip on the way
#: to drawing every chart.
COMPONENT_PREFIX = "/_dash-component-suites/"
UNVERSIONED_MAX_AGE = 3600

PERMISSIONS_POLICY = ("camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                      "interest-cohort=()")


def csrf_token() -> str:
    """This session's CSRF token (created on first use)."""
    token = session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return str(token)


def csrf_problem(req: Request) -> str | None:
    """Why an unsafe request fails the CSRF check, or None when it passes."""
    if req.method not in UNSAFE_METHODS:
        return None
    origin = req.headers.get("Origin")
    if origin and origin != "null" and urlsplit(origin).netloc != req.host:
        return "The request came from another site."
    expected = session.get("csrf")
    sent = req.headers.get(CSRF_HEADER)
    if not sent and req.mimetype in ("application/x-www-form-urlencoded",
                                     "multipart/form-data"):
        sent = req.form.get(CSRF_FIELD)
    if not expected or not sent or not hmac.compare_digest(str(expected), str(sent)):
        return "The form has expired or did not come from this site. Reload the page."
    return None


class ContentSecurityPolicy:
    """Builds the CSP header, recomputing Dash's inline-script hashes when they change."""

    def __init__(self, app: Dash, settings: Settings) -> None:
        self.app = app
        self.extra_form_action = ""
        self._cached: tuple[int, str] | None = None

    def header(self) -> str:
        count = len(self.app._inline_scripts)
        if self._cached is None or self._cached[0] != count or _pending_inline_scripts():
            hashes = " ".join(self.app.csp_hashes())
            count = len(self.app._inline_scripts)
            self._cached = (count, "; ".join([
                "default-src 'self'",
                f"script-src 'self' {hashes}",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data: blob:",
                "font-src 'self' data:",
                "connect-src 'self'",
                "worker-src 'self' blob:",
                "object-src 'none'",
                "base-uri 'self'",
                "frame-ancestors 'none'",
                f"form-action 'self'{self.extra_form_action}",
            ]))
        return self._cached[1]


def is_fingerprinted_asset(path: str, args: Mapping[str, str]) -> bool:
    """Whether ``path`` is a file of ``assets/``, or the favicon, asked for at Dash's
    versioned address (``?m=`` for assets, ``?v=`` for the favicon)."""
    if path == FAVICON_PATH:
        return bool(args.get(FAVICON_PARAM))
    return path.startswith("/assets/") and bool(args.get(FINGERPRINT_PARAM))


def _pending_inline_scripts() -> bool:
    return bool(_callback.GLOBAL_INLINE_SCRIPTS)


def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise ValueError(f"SCORECARD_TRUSTED_PROXY_ADDRESSES: {text!r} is not an address or "
                         "network; give addresses such as 10.0.0.5 or 172.18.0.0/16, comma "
                         "separated.") from None


class TrustedProxyFix:
    """Honour ``X-Forwarded-*`` only on requests that arrive from a trusted proxy's address.

    Werkzeug's ``ProxyFix`` trusts the headers of every request; were the app's port also
    reachable directly, a client could then pick its own apparent address (and so dodge the
    sign-in rate limit by rotating ``X-Forwarded-For``). Here a request from any other address
    keeps its real peer address and its forwarded headers are ignored.
    """

    def __init__(self, app: WSGIApplication, hops: int, addresses: tuple[str, ...]) -> None:
        self.direct = app
        self.proxied = ProxyFix(app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
        self.networks = [_network(a) for a in addresses]

    def trusted(self, peer: str | None) -> bool:
        try:
            address = ipaddress.ip_address(peer or "")
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def __call__(self, environ: WSGIEnvironment,
                 start_response: StartResponse) -> Iterable[bytes]:
        if self.trusted(environ.get("REMOTE_ADDR")):
            return self.proxied(environ, start_response)
        return self.direct(environ, start_response)


def register_security(app: Dash, settings: Settings) -> None:
    """Honour trusted proxies' forwarded headers and add the security headers (and the CSRF
    cookie, kept in step with the session) to every response of ``app``."""
    server: Flask = app.server
    if settings.trusted_proxies:
        server.wsgi_app = TrustedProxyFix(  # type: ignore[method-assign]
            server.wsgi_app, settings.trusted_proxies, settings.trusted_proxy_addresses)
        server.logger.info("Forwarded headers are honoured only from %s",
                           ", ".join(settings.trusted_proxy_addresses))
    policy = ContentSecurityPolicy(app, settings)
    server.extensions["scorecard_csp"] = policy

    @server.after_request
    def security_headers(response: Response) -> Response:
        """Add the security headers (content policy, framing, referrer) to ``response``."""
        headers = response.headers
        headers["Content-Security-Policy"] = policy.header()
        headers["X-Frame-Options"] = "DENY"
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["Permissions-Policy"] = PERMISSIONS_POLICY
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if settings.secure_cookies:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if not request.path.startswith(STATIC_PREFIXES):
            headers["Cache-Control"] = "no-store"
        elif is_fingerprinted_asset(request.path, request.args) and response.status_code in (
                200, 304):
            headers["Cache-Control"] = FINGERPRINTED_CACHE
        elif request.path.startswith(COMPONENT_PREFIX) and response.status_code in (200, 304) \
                and response.cache_control.max_age is None:
            response.cache_control.public = True
            response.cache_control.max_age = UNVERSIONED_MAX_AGE
        if "csrf" in session and request.cookies.get(CSRF_COOKIE) != session["csrf"]:
            response.set_cookie(CSRF_COOKIE, session["csrf"], secure=settings.secure_cookies,
                                httponly=False, samesite="Strict", path="/")
        return response
