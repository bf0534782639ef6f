"""Build the PDF board pack in the background, with a progress bar, from the scorecard page.

The pack takes seconds to draw (charts, tagged PDF), so the page never waits for it: the button
queues a ``board-pack`` job (:mod:`server.pack_jobs`), an interval polls its progress, and the
finished file is offered as a link only to the reader who asked for it. The callbacks are
registered by the scorecard page (:mod:`layouts.home`).
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html, no_update
from dash.exceptions import PreventUpdate

from layouts._components import attrs
from layouts._job_progress import progress_bar
from server import jobs
from server.auth import current_user
from server.context import settings
from server.pack_jobs import submit_board_pack
from services.partnerships import ReadOnlyAreaError

BUTTON_ID = "scorecard-pack-build"
CONTEXT_ID = "scorecard-pack-context"
JOB_ID = "scorecard-pack-job"
POLL_ID = "scorecard-pack-poll"
STATUS_ID = "scorecard-pack-status"
POLL_MS = 700


def pack_builder(area_code: str, quarter_label: str) -> html.Div:
    """The "Build the board pack" button, its progress and, when done, its download link."""
    return html.Div([
        dcc.Store(id=CONTEXT_ID, data={"area": area_code, "period": quarter_label}),
        dcc.Store(id=JOB_ID),
        dcc.Interval(id=POLL_ID, interval=POLL_MS, disabled=True),
        html.Button("Build the board pack (PDF)", id=BUTTON_ID, n_clicks=0,
                    className="button"),
        html.Div(id=STATUS_ID, role="status", **attrs({"aria-live": "polite"})),
    ], className="pack-builder")


def status_view(found: dict[str, Any] | None, job_id: int) -> tuple[Any, bool]:
    """The status area for a job and whether polling should stop."""
    if found is None:
        return html.P("The board pack job has gone; build it again."), True
    if found["status"] == "done":
        result = found.get("result") or {}
        pages = result.get("pages")
        words = f"Download the board pack ({pages} pages)" if pages else \
            "Download the board pack"
        return html.P(html.A(words, href=f"/api/exports/jobs/{job_id}.pdf", download="",
                             id="scorecard-pack-download", className="download-link")), True
    if found["status"] == "failed":
        return html.P(f"The board pack could not be built: {found['error'] or 'failed'}",
                      className="error-text"), True
    return progress_bar(found, "scorecard-pack"), False


def start(clicks: int | None, context: dict[str, str]) -> tuple[Any, bool, Any]:
    """Queue the pack job: (job id, interval disabled, status area)."""
    user = current_user()
    if user is None or not clicks:
        raise PreventUpdate
    try:
        job_id = submit_board_pack(user, str(context["area"]), str(context["period"]),
                                   settings().sensitivity, str(settings().export_dir))
    except ReadOnlyAreaError as refused:
        return no_update, True, html.P(str(refused), className="error-text")
    return job_id, False, progress_bar(jobs.status(job_id), "scorecard-pack")


def poll(job_id: int | None) -> tuple[Any, bool]:
    """One poll: (status area, interval disabled)."""
    if job_id is None:
        raise PreventUpdate
    found = jobs.status(int(job_id))
    user = current_user()
    if found is not None and (user is None or found["created_by"] != user.username):
        return no_update, True
    return status_view(found, int(job_id))
