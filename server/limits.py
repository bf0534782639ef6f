"""Rate limits (Flask-Limiter): sign-in attempts per address, uploads per user.

Counters live in Redis when ``REDIS_URL`` is set, so every worker and instance counts together.
Without it they live in each process's memory: with four gunicorn workers an address gets up to
four times the limit, so set ``REDIS_URL`` in production (a warning is logged at start-up). The
lockout per username and address (:mod:`server.lockout`) is kept in the database and is
shared either way.
The address is the connecting peer's, or the one a *trusted* proxy forwarded (see
``server.security.TrustedProxyFix``), so a client cannot rotate it. Going over answers 429 with
a plain message (see ``server.errors``).
"""

from __future__ import annotations

from flask import Flask, request
from flask_limiter import Limit, Limiter
from flask_limiter.util import get_remote_address

from server.auth import current_user
from server.roles import UPLOAD_PATHS
from settings import Settings

LIMITER_KEY = "scorecard_limiter"


def _user_or_address() -> str:
    user = current_user()
    return f"user:{user.username}" if user else f"ip:{get_remote_address()}"


def _not_login_post() -> bool:
    return not (request.method == "POST" and request.path == "/login")


def _not_upload_post() -> bool:
    return not (request.method == "POST" and bool(UPLOAD_PATHS.search(request.path)))


def register_limits(server: Flask, settings: Settings) -> Limiter:
    """Rate limits on sign-in and uploads, shared through Redis when configured."""
    limiter = Limiter(
        get_remote_address,
        app=server,
        storage_uri=settings.redis_url or "memory://",
        key_prefix="scorecard-limits",
        headers_enabled=False,  # 429 answers carry Retry-After (server.errors)
        swallow_errors=True,  # a Redis outage must not take sign-in down with it
        default_limits=[
            Limit(settings.login_rate_limit, key_function=get_remote_address, scope="login",
                  shared=True, exempt_when=_not_login_post),
            Limit(settings.upload_rate_limit, key_function=_user_or_address, scope="upload",
                  shared=True, exempt_when=_not_upload_post),
        ],
    )
    server.extensions[LIMITER_KEY] = limiter
    if not settings.redis_url:
        server.logger.warning("Rate limits are counted per process (no REDIS_URL): with "
                              "several workers each counts separately")
    return limiter
