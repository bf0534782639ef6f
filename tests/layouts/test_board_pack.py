"""The board-pack builder's status area: progress while the job runs, then a link or a reason."""

from __future__ import annotations

from typing import Any

from layouts._board_pack import status_view


def job(status: str, **extra: Any) -> dict[str, Any]:
    return {"id": 7, "kind": "board-pack", "status": status, "progress": 0.4,
            "message": "Drawing charts", "error": None, "created_by": "alice", "result": None,
            **extra}


def test_a_running_job_shows_its_progress_and_keeps_polling() -> None:
    view, stop = status_view(job("running"), 7)
    text = str(view.to_plotly_json())
    assert not stop and "Drawing charts" in text and "value='0.4'" in text
    assert view.role == "status"


def test_a_finished_job_offers_its_file_and_stops_polling() -> None:
    view, stop = status_view(job("done", result={"pages": 11}), 7)
    link = view.children
    assert stop and link.href == "/api/exports/jobs/7.pdf"
    assert link.children == "Download the board pack (11 pages)"


def test_a_failed_or_missing_job_says_so_and_stops_polling() -> None:
    failed, stop = status_view(job("failed", error="RuntimeError: the job failed."), 7)
    assert stop and "could not be built: RuntimeError" in failed.children
    gone, stop = status_view(None, 7)
    assert stop and "build it again" in gone.children
