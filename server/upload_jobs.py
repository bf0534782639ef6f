"""Large uploads checked and committed off the request thread.

A file larger than ``Settings.upload_job_bytes`` is streamed to disk as usual, then checked by
an ``upload-check`` job (a thread of the web process, or ``scorecard worker``), so no web
worker is held for the minutes a very large workbook can take. The upload page polls
``GET /api/jobs/<id>`` for progress and then reads the report from
``GET /api/uploads/<token>/preview``, which answers exactly as a small upload's
``POST /api/uploads`` does (200 with a commit token, or 422 with the issues). Committing such a
file is an ``upload-commit`` job in the same way, its answer at
``GET /api/uploads/<token>/outcome``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from server import jobs
from services.uploads import UploadOutcome, commit_upload, compact_after, preview_upload
from services.write_faults import stored_batch
from settings import Settings, load_settings
from store.engine import Engine


def preview_path(folder: Path, token: str) -> Path:
    return folder / f"{token}.preview.json"


def outcome_path(folder: Path, token: str) -> Path:
    return folder / f"{token}.outcome.json"


def pending_path(folder: Path, token: str) -> Path:
    """The note that a checked file may be committed (see ``server.uploads``)."""
    return folder / f"{token}.json"


def mark_committable(folder: Path, token: str, path: Path, file_name: str) -> None:
    """Note that the checked file at ``path`` may be committed with ``token``."""
    pending_path(folder, token).write_text(json.dumps({"file_name": file_name,
                                                       "path": path.name}))


def store_preview(folder: Path, token: str, path: Path, file_name: str,
                  body: dict[str, Any], valid: bool) -> None:
    """Keep a checked file's report; a valid file also becomes committable."""
    if valid:
        mark_committable(folder, token, path, file_name)
    else:
        path.unlink(missing_ok=True)
    preview_path(folder, token).write_text(json.dumps({**body, "token": token} if valid
                                                      else body))


def forget_upload(folder: Path, token: str, path: Path) -> None:
    """A committed file and its notes are no longer needed."""
    for done in (path, pending_path(folder, token), preview_path(folder, token)):
        done.unlink(missing_ok=True)


def _job_settings(payload: dict[str, Any]) -> Settings:
    """This process's configuration, with the limits and folder the upload was taken under
    (recorded in the job when it was asked for)."""
    return load_settings(max_upload_bytes=int(payload["max_upload_bytes"]),
                         max_rows=int(payload["max_rows"]),
                         upload_dir=Path(str(payload["folder"])))


@jobs.handler("upload-check")
def check_upload(engine: Engine, payload: dict[str, Any],
                 progress: jobs.Progress) -> dict[str, Any]:
    """Validate and preview one stored upload; the report goes beside the file."""
    folder = Path(str(payload["folder"]))
    path = folder / str(payload["path"])
    settings = _job_settings(payload)
    progress(0.1, "Reading and checking every cell")
    preview = preview_upload(engine, settings, path, str(payload["file_name"]))
    progress(0.9, "Writing the report")
    store_preview(folder, str(payload["token"]), path, str(payload["file_name"]),
                  preview.to_dict(), preview.valid)
    return {"token": payload["token"], "valid": preview.valid}


@jobs.handler("upload-commit")
def commit_checked_upload(engine: Engine, payload: dict[str, Any],
                          progress: jobs.Progress) -> dict[str, Any]:
    """Commit one checked upload (checked again first) and recompute what it touches."""
    folder = Path(str(payload["folder"]))
    path, token = folder / str(payload["path"]), str(payload["token"])
    progress(0.1, "Checking again and committing")
    outcome = commit_upload(engine, _job_settings(payload), path,
                            str(payload["file_name"]), user=str(payload["user"]),
                            acknowledged_reason=payload.get("reason"), note=payload.get("note"))
    earlier = (stored_batch(engine, outcome.preview.file_hash, str(payload["user"]))
               if _refused_as_already_stored(outcome) else None)
    if earlier is not None:  # an earlier run of this job committed it, then stopped
        outcome = UploadOutcome(outcome.preview, "committed", earlier)
    outcome_path(folder, token).write_text(json.dumps(outcome.to_dict()))
    if outcome.status == "committed":
        forget_upload(folder, token, path)
        compact_after(engine, [outcome])  # a background job: no request waits on the store
    return {"status": outcome.status, "batch_id": outcome.batch_id}


def _refused_as_already_stored(outcome: UploadOutcome) -> bool:
    """Whether a commit was refused only because the file is already stored. A check
    refuses a file loaded before, so at commit time this means the same file was committed
    since: by an earlier run of the same job if the same user did it."""
    codes = {issue.code for issue in outcome.preview.result.report.errors}
    return outcome.status == "rejected" and codes == {"already-loaded"}


def _payload(settings: Settings, token: str, path: Path, file_name: str) -> dict[str, Any]:
    return {"folder": str(settings.upload_dir), "path": path.name, "token": token,
            "file_name": file_name, "max_upload_bytes": settings.max_upload_bytes,
            "max_rows": settings.max_rows}


def submit_check(settings: Settings, token: str, path: Path, file_name: str,
                 user: str) -> int:
    """Queue the check of a stored upload; the job id."""
    return jobs.submit("upload-check", _payload(settings, token, path, file_name), user=user)


def submit_commit(settings: Settings, token: str, path: Path, file_name: str, user: str,
                  reason: str | None, note: str | None) -> int:
    """Queue the commit of a checked upload; the job id."""
    outcome_path(settings.upload_dir, token).unlink(missing_ok=True)
    return jobs.submit("upload-commit", {**_payload(settings, token, path, file_name),
                                         "user": user, "reason": reason, "note": note},
                       user=user)

