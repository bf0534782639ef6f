"""A worker killed in the middle of committing a large upload: the job is queued again,
finished by the next worker, and the file is stored exactly once with its judgements."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, func, select

import server.upload_jobs  # noqa: F401  (registers the upload jobs)
from server import jobs
from settings import Settings
from store.models import Job, UploadBatch

WORKER = """
import sys
from sqlalchemy import event
import server.upload_jobs
from server import jobs
from store.engine import make_engine

engine = make_engine(sys.argv[1])

@event.listens_for(engine, "before_cursor_execute")
def executing(conn, cursor, statement, parameters, context, executemany):
    print("SQL", flush=True)

print("RAN", jobs.run_next(engine), flush=True)
"""


def _queue_commit(engine: Engine, settings: Settings, path: Path) -> int:
    """Queue the commit of a checked upload, as the upload page does for a large file."""
    folder = settings.upload_dir
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / path.name
    path.replace(stored)
    return jobs.enqueue(engine, "upload-commit", {
        "folder": str(folder), "path": stored.name, "token": stored.stem,
        "file_name": path.name, "max_upload_bytes": settings.max_upload_bytes,
        "max_rows": settings.max_rows, "user": "officer", "reason": "test", "note": None},
        user="officer")


def test_worker_killed_mid_job_is_retried_and_finished(
        store_settings: Settings, store_engine: Engine, figures: Callable[[str, int], Path],
        consistent: Callable[[Engine], int],
        killed: Callable[[list[str], str, int | None], tuple[int, bool]]) -> None:
    engine, worker = store_engine, [WORKER, store_settings.database_url]
    _queue_commit(engine, store_settings, figures("base.csv", 100))
    statements, _ = killed(worker, "RAN", None)
    assert consistent(engine) == 1
    chance = random.Random(f"worker-{engine.dialect.name}")
    for trial in range(3):
        job_id = _queue_commit(engine, store_settings, figures(f"job-{trial}.csv", 200 + trial))
        killed(worker, "RAN", chance.randint(3, statements - 1))  # claimed, not yet finished
        engine.dispose()
        consistent(engine)
        with engine.connect() as conn:
            status = conn.execute(select(Job.status).where(Job.id == job_id)).scalar_one()
        assert status == "running"  # for ever, unless someone sees its runner is gone
        assert jobs.recover(engine) == [job_id]
        assert killed(worker, "RAN", None)[1]
        with engine.connect() as conn:
            job = conn.execute(select(Job.status, Job.attempts, Job.result_json)
                               .where(Job.id == job_id)).one()
            stored = conn.execute(select(func.count()).select_from(UploadBatch).where(
                UploadBatch.file_name == f"job-{trial}.csv")).scalar_one()
        assert (job.status, job.attempts, stored) == ("done", 2, 1), job
        assert json.loads(job.result_json)["status"] == "committed"
        assert consistent(engine) == trial + 2
