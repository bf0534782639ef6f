"""A background job's progress as a page shows it: a labelled ``<progress>`` bar.

Pages that start a job (the board pack, large uploads) poll its state
(:func:`server.jobs.status`) and draw it with :func:`progress_bar`.
"""

from __future__ import annotations

from typing import Any

from dash import html

#: What the bar says for each state; a running job says what it is doing instead.
LABELS = {"queued": "Waiting to start", "running": "Working", "done": "Finished",
          "failed": "Failed"}


def progress_bar(found: dict[str, Any] | None, id_prefix: str) -> html.Div:
    """A labelled progress bar for a job's state (ids ``<id_prefix>-job-progress`` and
    ``<id_prefix>-job-bar``); an empty holder when there is no job."""
    if found is None:
        return html.Div(id=f"{id_prefix}-job-progress")
    said = {"running": found.get("message"), "failed": found.get("error")}.get(found["status"])
    return html.Div([
        html.Label(said or LABELS[found["status"]], htmlFor=f"{id_prefix}-job-bar"),
        html.Progress(id=f"{id_prefix}-job-bar", value=str(found["progress"]), max="1"),
    ], id=f"{id_prefix}-job-progress", role="status", className=f"job job-{found['status']}")
