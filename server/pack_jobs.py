"""The PDF board pack as a background job, for pages that show progress instead of waiting.

    job_id = submit_board_pack(user, "E10000016", "Q3 2016/17")
    jobs.status(job_id)  # result: {"file": "board-pack-<random>.pdf", "pages": 11, ...}

A pack is built for the reader who asked for it, and only while that reader may see its area:
their rights are checked when the job is queued, again when it runs (an account switched off
or moved to another district since gets no pack) and again when the file is fetched by
``GET /api/exports/jobs/<job id>.pdf`` (only by that reader or an administrator; files live in
``instance/exports``).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, abort, send_file
from flask.typing import ResponseReturnValue

from domain.errors import ScorecardError
from domain.roles import Role
from domain.url_state import area_param
from server import jobs
from server.auth import TEST_USER_ID, allowed_area_codes, current_user
from server.context import engine
from server.gate import AccessDenied
from services import accounts
from services.exports import export_scorecard
from services.partnerships import require_partnership_area
from services.scorecard import reporting_quarter
from settings import INSTANCE_DIR, load_settings
from store.engine import Connection, Engine
from store.jobs import area_type

PACK_DIR = INSTANCE_DIR / "exports"
pack_routes = Blueprint("pack_jobs", __name__)


class PackRefused(ScorecardError):
    """The reader who asked for a board pack may not see its area (any more)."""


def may_read_area(conn: Connection, role: Role, own_area: str | None, area_code: str) -> bool:
    """Whether an account with ``role`` (and, for a district viewer, its district) may read
    ``area_code``: everyone but a district viewer reads every area; a district viewer reads
    every area except the other districts."""
    if role is not Role.DISTRICT_VIEWER:
        return True
    return area_type(conn, area_code) != "district" or area_code == own_area


def _requester_rights(conn: Connection, requester: dict[str, Any]) -> tuple[Role, str | None]:
    """The requester's role and district now: from their account, or, for the fixed identity
    of a server run with sign-in switched off (no account), as recorded when they asked."""
    if not requester.get("account"):
        return Role.parse(str(requester["role"])), requester.get("area_code")
    record = accounts.find_user(conn, str(requester.get("username")))
    if record is None or not record.is_active:
        raise PackRefused("The account that asked for this board pack is no longer active.")
    return record.role, record.area_code


def check_requester(conn: Connection, payload: dict[str, Any]) -> None:
    """Refuse (``PackRefused``) a pack whose requester may not read its area."""
    requester = payload.get("requester")
    if not isinstance(requester, dict):
        raise PackRefused("The board pack does not say who asked for it.")
    role, own_area = _requester_rights(conn, requester)
    if not may_read_area(conn, role, own_area, str(payload["area"])):
        raise PackRefused("The account that asked for this board pack may not see its area.")


def submit_board_pack(user: Any, area: str, period: str, sensitivity: str,
                      folder: str) -> int:
    """Queue a pack for the signed-in ``user`` (a :class:`server.auth.SessionUser`).

    Refused at once (``ReadOnlyAreaError``) for a council outside every partnership, whose
    figures are shown for comparison only, as the job itself would refuse it."""
    code = area_param(area) or ""
    allowed = allowed_area_codes(user)
    if allowed is not None and code not in allowed:
        raise AccessDenied("Your account can see its own district, the county and "
                           "comparators only.")
    with engine().connect() as conn:
        require_partnership_area(conn, code, refused="a Board pack")
    requester = {"username": user.username, "role": user.role.key,
                 "area_code": user.area_code, "account": user.record.id != TEST_USER_ID}
    return jobs.submit("board-pack", {"area": code, "period": period,
                                      "sensitivity": sensitivity, "folder": folder,
                                      "requester": requester}, user=user.username)


@jobs.handler("board-pack")
def build_board_pack(engine: Engine, payload: dict[str, Any],
                     progress: jobs.Progress) -> dict[str, Any]:
    """Build the PDF pack the payload names, for its requester if they may still see it."""
    # This process's configuration, with the marking the page was shown under.
    settings = load_settings(sensitivity=payload.get("sensitivity") or None)
    progress(0.1, "Reading the scorecard")
    with engine.connect() as conn:
        check_requester(conn, payload)
        exported = export_scorecard(conn, settings, str(payload["area"]),
                                    reporting_quarter(str(payload["period"])), "pdf")
    progress(0.9, "Saving the board pack")
    folder = Path(str(payload.get("folder") or PACK_DIR))
    folder.mkdir(parents=True, exist_ok=True)
    # Packs are fetched soon after they are built; a day later they are built again.
    jobs.sweep_files(folder, "board-pack-*.pdf")
    name = f"board-pack-{uuid.uuid4().hex}.pdf"
    (folder / name).write_bytes(exported.data)
    return {"file": name, "folder": str(folder), "pages": exported.pages,
            "download": exported.filename, "area": str(payload["area"])}


@pack_routes.get("/api/exports/jobs/<int:job_id>.pdf")
def pack_file(job_id: int) -> ResponseReturnValue:
    """The finished pack, to the reader who asked for it (or an administrator), while they
    may still see its area."""
    found = jobs.status(job_id)
    user = current_user()
    if found is None or user is None or found["kind"] != "board-pack" \
            or not (found["created_by"] == user.username or user.has_role(Role.ADMIN)) \
            or found["status"] != "done":
        abort(404, "There is no finished board pack with that number.")
    result = found["result"] or {}
    allowed = allowed_area_codes(user)
    if allowed is not None and result.get("area") not in allowed:
        abort(403, "Your account can see its own district, the county and comparators only.")
    path = Path(str(result.get("folder") or PACK_DIR)) / str(result.get("file"))
    if not path.is_file():
        abort(404, "The board pack file is no longer available; build it again.")
    return send_file(path, mimetype="application/pdf", as_attachment=True,
                     download_name=str(result.get("download") or path.name))


def register_pack_jobs(server: Flask) -> None:
    """Add the pack download route (the job handler is registered by importing this module)."""
    server.register_blueprint(pack_routes)
