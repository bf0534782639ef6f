"""Sign-in, access control, security, caching, rate limits, jobs, audit and logs, in one call.

The order matters: the request id is set first, accounts load before the rate limits and the
gate run, cached page answers are looked up only once the gate has passed a request, and the
security headers are added to every response, errors included.
"""

from __future__ import annotations

from dash import Dash

from server.audit import register_audit_routes
from server.auth import ensure_demo, register_auth
from server.caching import register_cache
from server.errors import register_errors
from server.gate import register_gate
from server.job_runners import register_jobs
from server.limits import register_limits
from server.logs import register_logging
from server.oidc import register_oidc
from server.page_cache import register_page_cache
from server.pull_jobs import register_pull_schedule
from server.security import register_security
from server.site_catalogue import register_site_catalogue
from server.views import register_login_views
from settings import Settings


def register_governance(app: Dash, settings: Settings) -> None:
    server = app.server
    register_logging(server, settings.log_level)
    register_cache(server, settings)
    register_auth(server, settings)
    register_limits(server, settings)
    register_gate(app)
    register_page_cache(server)
    register_security(app, settings)
    register_errors(server)
    register_login_views(server)
    register_oidc(server, settings)
    register_audit_routes(server)
    register_jobs(server, settings.job_threads)
    register_pull_schedule(server)
    register_site_catalogue(server)
    ensure_demo(server, settings)
