"""``scorecard worker``."""

from __future__ import annotations

from sqlalchemy import Engine

from tests.cli.test_users import _run


def test_worker_runs_queued_jobs(seeded_engine: Engine) -> None:
    from server import jobs

    @jobs.handler("test-cli-job")
    def _job(engine: Engine, payload: dict[str, int], progress: jobs.Progress) -> dict[str, int]:
        return {"doubled": payload["n"] * 2}

    job_id = jobs.enqueue(seeded_engine, "test-cli-job", {"n": 21}, "alice")
    assert _run(seeded_engine, "worker", "--once") == 0
    assert jobs.job_status(seeded_engine, job_id)["result"] == {"doubled": 42}  # type: ignore[index]


def test_a_worker_process_knows_every_job_kind_without_the_app() -> None:
    import subprocess
    import sys
    code = ("import importlib; from server import jobs; "
            "[importlib.import_module(m) for m in jobs.HANDLER_MODULES]; "
            "print(' '.join(sorted(jobs.HANDLERS)))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, timeout=120).stdout.split()
    assert {"board-pack", "upload-check"} <= set(found)
