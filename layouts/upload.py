"""Upload: check a spreadsheet, see what it would change, commit it; batch history and rollback.

URL: ``/upload``. Performance officers (and above) only; rolling back needs an approver. Both
are enforced on the server (``access`` below, the ``upload-`` and ``-rollback`` id patterns
and the upload routes' own rules in ``server.roles``).

The file goes from the browser to ``POST /api/uploads`` as the request body, sent by
``assets/upload.js`` after it checks the size limit shown here; the route's JSON answer lands in
the ``upload-preview`` store and the callbacks below draw the report from it. Committing calls
``POST /api/uploads/<token>/commit`` the same way.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import ALL, Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from domain.errors import ScorecardError
from domain.roles import Role
from layouts._components import attrs, empty_state, loading
from layouts._districts_data import area_names
from layouts._upload_components import (
    DEFAULT_SORT,
    ROLLBACK_TYPE,
    SORT_TYPE,
    history_table,
    next_sort,
    report,
)
from server.auth import current_user
from server.caching import invalidate_after_commit
from server.context import engine, settings
from services.catalogue import catalogue
from services.uploads import rollback_upload
from store.engine import schema_is_current
from store.queries import batches

dash.register_page(__name__, path="/upload", name="Upload", order=60,
                   title="Upload figures - CYPP performance scorecard",
                   access="performance_officer")

FILE = "upload-file"
FILE_SLOT = "upload-file-slot"
SEND = "upload-send"
MESSAGE = "upload-message"
PREVIEW = "upload-preview"
OUTCOME = "upload-outcome"
SORT = "upload-sort-state"
REPORT = "upload-report"
REASON = "upload-reason"
COMMIT = "upload-commit"
COMMIT_HINT = "upload-commit-hint"
HISTORY = "upload-history"
CONFIRM = "upload-rollback-confirm"
ROLLBACK_BATCH = "upload-rollback-batch"
ROLLBACK_STATUS = "upload-rollback-status"
HISTORY_ROWS = 50


def _can_roll_back() -> bool:
    user = current_user()
    return user is not None and user.has_role(Role.APPROVER)


def history() -> list[Any]:
    """The upload history panel (or why there is none yet)."""
    eng = engine()
    if not schema_is_current(eng):
        return [empty_state("No uploads yet", "The store has not been set up.")]
    with eng.connect() as conn:
        recent = batches(conn).head(HISTORY_ROWS)
    if recent.empty:
        return [empty_state("No uploads yet", "Committed files will be listed here.")]
    return [history_table(recent, _can_roll_back())]


def _choose_panel(limit: int) -> html.Section:
    """The file picker. Dash has no file input of its own (its upload component would read
    the whole file into the page), so ``assets/upload.js`` puts a plain ``<input type=file>``
    with id ``upload-file`` into the slot, carrying the size limit."""
    megabytes = f"{limit / 1024 / 1024:.0f} MB"
    return html.Section([
        html.H2("1. Choose the file"),
        html.Label("Spreadsheet or CSV file", htmlFor=FILE, className="picker-label"),
        html.P(f"An Excel workbook (.xlsx) or CSV in the upload template's layout, a DfE LAIT "
               "or EES file, or a Fingertips export (CSV, or FingertipsNext .json), up to "
               f"{megabytes}.", id=f"{FILE}-hint", className="upload-limit"),
        html.Div(id=FILE_SLOT, className="upload-file-slot",
                 **attrs({"data-max-bytes": str(limit), "data-input-id": FILE,
                    "data-accept": ".xlsx,.csv,.json",
                    "data-describedby": f"{FILE}-hint"})),
        html.Div(html.Button("Check the file", id=SEND, type="button", n_clicks=0,
                             className="button"), className="upload-actions"),
        html.P(id=MESSAGE, role="status", className="upload-message",
               **attrs({"aria-live": "polite"})),
    ], className="upload-panel", **attrs({"aria-label": "Choose the file"}))


def _no_report() -> list[Any]:
    return [html.H2("2. Validation report"),
            html.P("Check a file to see every problem found in it and what it would change.")]


def layout(**_query: str) -> html.Section:
    """The upload page: choose a file, preview its checks, commit or roll back."""
    limit = settings().max_upload_bytes
    return html.Section([
        html.H1("Upload figures"),
        html.P("Check a spreadsheet against the catalogue, see exactly what it would change, "
               "then commit it. Nothing is stored until you commit.", className="lead"),
        html.P(["Start from the template: ",
                html.A("upload template (Excel)", href="/api/template.xlsx"), " or ",
                html.A("upload template (CSV)", href="/api/template.csv"), "."]),
        # Empty stores are given no data at all: a store given None reports a change to
        # undefined as it mounts, which would run the report and history callbacks for nothing.
        dcc.Store(id=PREVIEW), dcc.Store(id=OUTCOME),
        dcc.Store(id=SORT, data=DEFAULT_SORT), dcc.Store(id=ROLLBACK_BATCH),
        _choose_panel(limit),
        loading(html.Div(_no_report(), id=REPORT, className="upload-panel"),
                f"{REPORT}-loading"),
        html.Section([
            html.H2("3. Commit"),
            html.Label("Why the warnings can be accepted (needed when there are warnings)",
                       htmlFor=REASON, className="picker-label"),
            dcc.Textarea(id=REASON, className="upload-reason", maxLength=1000,
                         rows=2, value=""),
            html.Div(html.Button("Commit these figures", id=COMMIT, type="button",
                                 n_clicks=0, disabled=True, className="button"),
                     className="upload-actions"),
            html.P("Check a file without errors first.", id=COMMIT_HINT),
        ], className="upload-panel", **attrs({"aria-label": "Commit"})),
        html.Section([
            html.H2("Batch history"),
            html.P(id=ROLLBACK_STATUS, role="status", className="upload-message"),
            dcc.ConfirmDialog(id=CONFIRM, message=""),
            loading(history(), HISTORY),
        ], className="upload-panel", **attrs({"aria-label": "Batch history"})),
    ], className="upload-page")


@callback(Output(REPORT, "children"), Output(COMMIT, "disabled"),
          Output(COMMIT_HINT, "children"),
          Input(PREVIEW, "data"), Input(SORT, "data"), prevent_initial_call=True)
def show_report(preview: dict[str, Any] | None, sort: dict[str, Any] | None
                ) -> tuple[list[Any], bool, str]:
    """The route answered (or the sort changed): draw the report; allow commit if valid."""
    if not preview:
        return _no_report(), True, "Check a file without errors first."
    titles = {key: ind.title for key, ind in catalogue().items()}
    parts = report(preview, sort or DEFAULT_SORT, titles, area_names())
    if not preview.get("valid"):
        return parts, True, "This file has errors, so it cannot be committed."
    warnings = int(preview.get("warnings") or 0)
    hint = (f"The file has {warnings} warning{'s' if warnings != 1 else ''}: say why they can "
            "be accepted, then commit." if warnings else "The file has no problems.")
    return parts, False, hint


@callback(Output(SORT, "data"), Input({"type": SORT_TYPE, "column": ALL}, "n_clicks"),
          State(SORT, "data"), prevent_initial_call=True)
def sort_report(clicks: list[int], sort: dict[str, Any] | None) -> dict[str, Any]:
    """Sort the validation report by the column header clicked."""
    if not isinstance(ctx.triggered_id, dict) or not any(clicks):
        raise PreventUpdate
    return next_sort(sort, str(ctx.triggered_id["column"]))


@callback(Output(HISTORY, "children"), Input(OUTCOME, "data"), prevent_initial_call=True)
def refresh_history(_outcome: dict[str, Any] | None) -> list[Any]:
    """A file was committed: list it in the history."""
    return history()


@callback(Output(CONFIRM, "displayed"), Output(CONFIRM, "message"),
          Output(ROLLBACK_BATCH, "data"),
          Input({"type": ROLLBACK_TYPE, "batch": ALL}, "n_clicks"), prevent_initial_call=True)
def ask_rollback(clicks: list[int]) -> tuple[bool, str, int]:
    """Ask to confirm rolling back the batch whose button was clicked."""
    if not isinstance(ctx.triggered_id, dict) or not any(clicks):
        raise PreventUpdate
    batch = int(ctx.triggered_id["batch"])
    return True, (f"Roll back batch {batch}? Its figures are withdrawn and the figures it "
                  "replaced are restored. The batch stays in the history."), batch


@callback(Output(HISTORY, "children", allow_duplicate=True),
          Output(ROLLBACK_STATUS, "children"),
          Input(CONFIRM, "submit_n_clicks"), State(ROLLBACK_BATCH, "data"),
          prevent_initial_call=True)
def roll_back(_confirmed: int | None, batch: int | None) -> tuple[list[Any], str]:
    """The approver confirmed: withdraw the batch and recompute the judgements."""
    user = current_user()
    if batch is None or user is None:
        raise PreventUpdate
    try:
        keys = rollback_upload(engine(), int(batch), user.username)
    except ScorecardError as error:
        return history(), str(error)
    invalidate_after_commit()
    figures = f"{len(keys)} figure{'s' if len(keys) != 1 else ''}"
    return history(), f"Batch {batch} was rolled back; {figures} withdrawn or restored."
