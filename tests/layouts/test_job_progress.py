"""A background job's progress bar: labelled with what the job is doing, or why it failed."""

from __future__ import annotations

from layouts._job_progress import progress_bar


def test_progress_bar_component() -> None:
    bar = progress_bar({"status": "running", "progress": 0.25, "message": "Reading",
                        "error": None}, "upload")
    assert bar.id == "upload-job-progress"
    assert bar.children[1].value == "0.25"  # type: ignore[index]
    assert bar.children[0].children == "Reading"  # type: ignore[index]


def test_a_failed_job_says_why_and_a_missing_one_draws_an_empty_holder() -> None:
    failed = progress_bar({"status": "failed", "progress": 0.5, "message": "Failed",
                           "error": "The account is no longer active."}, "pack")
    assert failed.children[0].children == "The account is no longer active."  # type: ignore[index]
    assert failed.className == "job job-failed"
    assert progress_bar(None, "pack").children is None
