"""The access policy: which role (:class:`domain.roles.Role`) each page, callback and route
needs.

The policy is data. The gate in :mod:`server.gate` applies it to every request on the server,
so hiding a button is never the only thing that keeps someone out.

Roles are ranked; each includes everything the ones below it may do:

====================  ==========================================================================
role                  may
====================  ==========================================================================
district_viewer       read pages and exports for its own district, the county and comparators
viewer (Board)        read every page and export, for every area
performance_officer   also upload, commit and comment (``upload-``/``commentary-`` controls)
approver              also approve and roll back batches and snapshots
admin                 also manage users, the catalogue and targets (``admin-``), read the audit
====================  ==========================================================================
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from domain.roles import Role

#: Anyone signed in, including a district viewer (whose areas are checked separately).
READER: Final = Role.DISTRICT_VIEWER

#: Callback component IDs (outputs, inputs and state, as the callback is registered on the
#: server) -> the role the callback needs. First match wins. Dictionary IDs (pattern-matching
#: callbacks) are matched on their ``type`` value.
CALLBACK_POLICY: Final[tuple[tuple[re.Pattern[str], Role], ...]] = (
    (re.compile(r"^admin-"), Role.ADMIN),
    (re.compile(r"-(approve|approval|rollback)(-|$)"), Role.APPROVER),
    (re.compile(r"^(upload|commentary)-"), Role.PERFORMANCE_OFFICER),
    (re.compile(r""), READER),
)

#: Paths anyone may request, signed in or not (static code, the sign-in pages, health).
PUBLIC_PATHS: Final = re.compile(
    r"^/(healthz|login|login/oidc|auth/callback|logout|_favicon\.ico|robots\.txt)$"
    r"|^/(assets|_dash-component-suites)/"
)

#: Server routes -> the role they need. First match wins; a path under ``/api/`` that no rule
#: names is refused to everyone but administrators (and a test lists such routes).
ROUTE_POLICY: Final[tuple[tuple[re.Pattern[str], Role], ...]] = (
    (re.compile(r"^/api/(batches|snapshots)/[^/]+/(approve|rollback)$"), Role.APPROVER),
    (re.compile(r"^/api/(uploads|batches)(/|$)"), Role.PERFORMANCE_OFFICER),
    (re.compile(r"^/api/template\.[a-z]+$"), Role.PERFORMANCE_OFFICER),
    (re.compile(r"^/api/exports/"), READER),
    (re.compile(r"^/api/jobs/"), READER),
    (re.compile(r"^/api/admin/"), Role.ADMIN),
    (re.compile(r"^/_dash-"), READER),
    (re.compile(r"^/_reload-hash$"), READER),
)

#: Any other path under /api/ is refused to everyone but administrators until it has a rule.
API_FALLBACK: Final = (re.compile(r"^/api/"), Role.ADMIN)

#: Uploads and commits share one rate limit (see :mod:`server.limits`).
UPLOAD_PATHS: Final = re.compile(r"^/api/uploads(/[^/]+/commit)?$")

#: The page-routing callback of Dash Pages: its output is the page, its input the pathname.
PAGE_CONTENT_ID: Final = "_pages_content"


def role_for_component(component_id: str | dict[str, object]) -> Role:
    """The role a callback touching ``component_id`` needs."""
    if isinstance(component_id, dict):
        component_id = str(component_id.get("type", ""))
    for pattern, role in CALLBACK_POLICY:
        if pattern.search(component_id):
            return role
    return READER


def role_for_callback(component_ids: Iterable[str | dict[str, object]]) -> Role:
    """The highest role any of the callback's components needs."""
    return max((role_for_component(c) for c in component_ids), default=READER)


def role_for_path(path: str) -> Role | None:
    """The role a server route needs, or ``None`` for a page path (see :func:`page_role`)."""
    for pattern, role in (*ROUTE_POLICY, API_FALLBACK):
        if pattern.search(path):
            return role
    return None


def has_route_rule(path: str) -> bool:
    """Whether a rule other than the /api/ fallback covers ``path``."""
    return any(pattern.search(path) for pattern, _role in ROUTE_POLICY)


def is_public(path: str) -> bool:
    """Whether anyone may request ``path``, signed in or not."""
    return bool(PUBLIC_PATHS.search(path))


def page_role(page: dict[str, object] | None) -> Role:
    """The role a Dash page needs: its ``access`` keyword to ``register_page``, else reader."""
    access = (page or {}).get("access")
    return Role.parse(str(access)) if access else READER

