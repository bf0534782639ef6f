"""Upload routes: stream a file to disk, preview it, commit it, roll back a batch, the template.

Large files never pass through Dash's in-browser upload component: the page sends the file as
the raw body of ``POST /api/uploads?filename=NAME``, which is written to the upload folder in
chunks and refused (413) as soon as it passes the size limit, before anything parses it. A
file over ``upload_job_bytes`` is then checked, and later committed, by background jobs
(:mod:`server.upload_jobs`), each request answered 202 with the job's id. The handlers are
thin: all checking and storing is done by :mod:`services.uploads`.

An upload's token belongs to the user who sent the file (noted beside it as
``<token>.owner``): its preview, commit and outcome answer 403 to anyone else, so a token seen
in a log or over a shoulder is of no use to another account.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from domain.errors import NotFoundError, StoreError
from server import jobs
from server.context import engine, settings
from server.errors import log_store_fault
from server.upload_jobs import (
    forget_upload,
    mark_committable,
    outcome_path,
    pending_path,
    preview_path,
    submit_check,
    submit_commit,
)
from services.uploads import commit_upload, preview_upload, rollback_upload, template_bytes
from services.write_faults import WriteFailed

uploads = Blueprint("uploads", __name__)
CHUNK = 1 << 20
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
UNKNOWN = "This upload is unknown or has expired; upload the file again."
TEMPLATE_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  "csv": "text/csv"}


def _user() -> str:
    """The signed-in user's name ("" where the app has no sign-in)."""
    if not hasattr(current_app, "login_manager"):
        return ""
    from server.auth import current_user
    user = current_user()
    return user.username if user is not None else ""


def _problem(status: int, message: str, **extra: Any) -> ResponseReturnValue:
    return jsonify({"error": message, **extra}), status


def _owner_path(folder: Path, token: str) -> Path:
    return folder / f"{token}.owner"


def _not_theirs(token: str) -> ResponseReturnValue | None:
    """A 403 answer when the upload ``token`` was sent by someone other than this user."""
    owner = _owner_path(settings().upload_dir, token)
    if owner.is_file() and owner.read_text(encoding="utf-8") == _user():
        return None
    if not owner.is_file():
        return _problem(404, UNKNOWN)
    return _problem(403, "This upload was sent by another user: only they can see its check "
                         "or commit it. Upload the file yourself to commit it.")


def _clean_name(raw: str | None) -> str:
    name = PurePosixPath((raw or "").replace("\\", "/")).name.strip()
    return re.sub(r"[\x00-\x1f]", "", name)[:200] or "upload"


@uploads.post("/api/uploads")
def receive() -> ResponseReturnValue:
    """Stream the body to disk, validate it and return the preview (with a token if valid)."""
    limit = settings().max_upload_bytes
    too_big = (f"The file is larger than the upload limit of {limit / 1024 / 1024:.0f} MB. "
               "Split it (for example one file per quarter) and upload the parts.")
    if request.content_length is not None and request.content_length > limit:
        return _problem(413, too_big)
    name = _clean_name(request.args.get("filename") or request.headers.get("X-File-Name"))
    folder = settings().upload_dir
    folder.mkdir(parents=True, exist_ok=True)
    jobs.sweep_files(folder)  # previews not committed within a day
    token = secrets.token_urlsafe(24)
    path = folder / f"{token}{PurePosixPath(name).suffix.lower()[:8]}"
    size = 0
    with path.open("wb") as handle:
        while chunk := request.stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                handle.close()
                path.unlink(missing_ok=True)
                return _problem(413, too_big)
            handle.write(chunk)
    _owner_path(folder, token).write_text(_user(), encoding="utf-8")
    if size > settings().upload_job_bytes:  # checked in the background: poll the job
        job_id = submit_check(settings(), token, path, name, _user())
        return jsonify({"job": job_id, "token": token, "file": name, "size": size,
                        "checking": True}), 202
    preview = preview_upload(engine(), settings(), path, name)
    body = preview.to_dict()
    if not preview.valid:
        path.unlink(missing_ok=True)
        _owner_path(folder, token).unlink(missing_ok=True)
        return jsonify(body), 422
    mark_committable(folder, token, path, name)
    return jsonify({"token": token, **body})


def _stored_answer(token: str, where: Callable[[Path, str], Path], field: str,
                   success: object) -> ResponseReturnValue:
    """A background job's stored answer for the user's own upload ``token`` (its file found
    by ``where``): 200 when its ``field`` is ``success``, else 422."""
    refused = _not_theirs(token) if TOKEN.match(token) else _problem(404, UNKNOWN)
    if refused is not None:
        return refused
    found = where(settings().upload_dir, token)
    if not found.is_file():
        return _problem(404, "There is no finished answer for this upload: it is still being "
                             "worked on, or it has expired; upload the file again.")
    body = json.loads(found.read_text())
    return jsonify(body), 200 if body.get(field) == success else 422


@uploads.get("/api/uploads/<token>/preview")
def checked(token: str) -> ResponseReturnValue:
    """The report of a file checked in the background, as ``POST /api/uploads`` answers."""
    return _stored_answer(token, preview_path, "valid", True)


@uploads.get("/api/uploads/<token>/outcome")
def committed(token: str) -> ResponseReturnValue:
    """The outcome of a commit made in the background, as the commit route answers."""
    return _stored_answer(token, outcome_path, "status", "committed")


def _pending(token: str) -> tuple[Path, str] | None:
    if not TOKEN.match(token):
        return None
    folder = settings().upload_dir
    meta_path = pending_path(folder, token)
    if not meta_path.is_file():
        return None
    meta = json.loads(meta_path.read_text())
    path = folder / str(meta["path"])
    return (path, str(meta["file_name"])) if path.is_file() else None


@uploads.post("/api/uploads/<token>/commit")
def commit(token: str) -> ResponseReturnValue:
    """Commit a previewed file; warnings need ``acknowledge_warnings`` (a reason)."""
    pending = _pending(token)
    if pending is None:
        return _problem(404, UNKNOWN)
    refused = _not_theirs(token)
    if refused is not None:
        return refused
    path, name = pending
    payload = request.get_json(silent=True) or {}
    if not isinstance(payload, dict):
        return _problem(400, "Send the commit as a JSON object, for example "
                             '{"acknowledge_warnings": "reason"}.')
    reason, note = (None if payload.get(k) is None else str(payload.get(k))[:2000]
                    for k in ("acknowledge_warnings", "note"))
    if path.stat().st_size > settings().upload_job_bytes:  # committed in the background
        job_id = submit_commit(settings(), token, path, name, _user(), reason, note)
        return jsonify({"job": job_id, "token": token, "committing": True}), 202
    try:
        outcome = commit_upload(engine(), settings(), path, name, user=_user(),
                                acknowledged_reason=reason, note=note)
    except WriteFailed as error:  # nothing stored (or the store cannot say): try again
        log_store_fault(error.__cause__ or error)
        return _problem(503, str(error), stored=error.stored)
    if outcome.status != "committed":
        return jsonify(outcome.to_dict()), 422
    forget_upload(settings().upload_dir, token, path)
    _owner_path(settings().upload_dir, token).unlink(missing_ok=True)
    return jsonify(outcome.to_dict())


@uploads.post("/api/batches/<int:batch_id>/rollback")
def rollback(batch_id: int) -> ResponseReturnValue:
    try:
        keys = rollback_upload(engine(), batch_id, _user())
    except NotFoundError as error:
        return _problem(404, str(error))
    except WriteFailed as error:
        log_store_fault(error.__cause__ or error)
        return _problem(503, str(error), stored=error.stored)
    except StoreError as error:
        return _problem(409, str(error))
    return jsonify({"batch_id": batch_id, "status": "rolled_back", "figures": len(keys)})


@uploads.get("/api/template.<kind>")
def template(kind: str) -> ResponseReturnValue:
    if kind not in TEMPLATE_TYPES:
        return _problem(404, "The template is available as .xlsx or .csv.")
    return Response(template_bytes(engine(), kind), mimetype=TEMPLATE_TYPES[kind], headers={
        "Content-Disposition": f'attachment; filename="scorecard-upload-template.{kind}"'})


def register_upload_routes(server: Flask) -> None:
    """Add the upload routes to the app's Flask server."""
    server.register_blueprint(uploads)
