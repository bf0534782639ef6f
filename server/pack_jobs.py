"""The PDF board pack as a background job, for pages that show progress instead of waiting.

    job_id = jobs.submit("board-pack", {"area": "E10000017", "period": "Q3 2016/17",
                                        "sensitivity": "OFFICIAL"}, user=user.username)
    jobs.status(job_id)  # result: {"file": "board-pack-<random>.pdf", "pages": 11, ...}

The finished file is served to the user who asked for it by
``GET /api/exports/jobs/<job id>.pdf`` (files live in ``instance/exports``).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, abort, send_file
from flask.typing import ResponseReturnValue
from sqlalchemy import Engine

from server import jobs
from settings import INSTANCE_DIR, Settings

PACK_DIR = INSTANCE_DIR / "exports"
pack_routes = Blueprint("pack_jobs", __name__)


@jobs.handler("board-pack")
def build_board_pack(engine: Engine, payload: dict[str, Any],
                     progress: jobs.Progress) -> dict[str, Any]:
    from services.exports import export_scorecard
    from services.scorecard import reporting_quarter
    settings = Settings(database_url=engine.url.render_as_string(hide_password=False),
                        sensitivity=str(payload.get("sensitivity") or "OFFICIAL"))
    progress(0.1, "Reading the scorecard")
    with engine.connect() as conn:
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
            "download": exported.filename}


@pack_routes.get("/api/exports/jobs/<int:job_id>.pdf")
def pack_file(job_id: int) -> ResponseReturnValue:
    from server.auth import current_user
    found = jobs.status(job_id)
    user = current_user()
    if found is None or user is None or found["kind"] != "board-pack" \
            or found["created_by"] != user.username or found["status"] != "done":
        abort(404, "There is no finished board pack with that number.")
    result = found["result"] or {}
    path = Path(str(result.get("folder") or PACK_DIR)) / str(result.get("file"))
    if not path.is_file():
        abort(404, "The board pack file is no longer available; build it again.")
    return send_file(path, mimetype="application/pdf", as_attachment=True,
                     download_name=str(result.get("download") or path.name))


def register_pack_jobs(server: Flask) -> None:
    """Add the pack download route (the job handler is registered by importing this module)."""
    server.register_blueprint(pack_routes)
