"""Pieces of the Upload page: the validation report, the preview of changes, batch history.

Pure: the JSON the upload routes return (``services.uploads.Preview.to_dict``) and the store's
batch list in, Dash components out. Everything a user typed or uploaded is shown as text: Dash
renders strings as text, never as HTML.

The report table is sorted by buttons in its column headers (with ``aria-sort``), so sorting
works from the keyboard; Dash's DataTable sorts only on a mouse click.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from dash import html

from indicators.display import is_missing, rag_parts
from layouts._components import attrs
from layouts._tables import data_table

SORT_TYPE = "upload-sort"
ROLLBACK_TYPE = "upload-rollback"
ISSUE_COLUMNS = (("severity", "Severity"), ("sheet", "Sheet"), ("row", "Row"),
                 ("column", "Column"), ("value", "Value"), ("message", "Message"),
                 ("code", "Check"))
DEFAULT_SORT = {"column": "row", "ascending": True}
#: Severity order when sorting: errors before warnings.
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def issues_frame(preview: Mapping[str, Any] | None) -> pd.DataFrame:
    """A preview's validation issues as a table frame."""
    rows = list((preview or {}).get("issues") or [])
    frame = pd.DataFrame(rows, columns=[c for c, _n in ISSUE_COLUMNS])
    return frame.astype(object).where(frame.notna(), None)


def sort_issues(frame: pd.DataFrame, column: str, ascending: bool) -> pd.DataFrame:
    """Issues sorted by ``column``: rows numerically, severity errors first, text A-Z."""
    if frame.empty or column not in frame.columns:
        return frame
    if column == "row":
        key = pd.to_numeric(frame["row"], errors="coerce")
    elif column == "severity":
        key = frame["severity"].map(SEVERITY_ORDER).fillna(9)
    else:
        key = frame[column].fillna("").astype(str).str.lower()
    order = key.sort_values(ascending=ascending, kind="stable", na_position="last").index
    return frame.loc[order].reset_index(drop=True)


def next_sort(current: Mapping[str, Any] | None, column: str) -> dict[str, Any]:
    """Clicking a header sorts by it; clicking it again reverses the order."""
    current = current or DEFAULT_SORT
    if current.get("column") == column:
        return {"column": column, "ascending": not current.get("ascending", True)}
    return {"column": column, "ascending": True}


def _text(value: Any) -> str:
    if is_missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _count(value: Any) -> str:
    """A count of figures with thousands separated ("27,884"); none stored is 0."""
    return "0" if is_missing(value) else f"{int(float(value)):,}"


def sortable_table(frame: pd.DataFrame, sort: Mapping[str, Any], caption: str,
                   table_id: str) -> html.Table:
    """The issues with a sort button in each column header."""
    heads = []
    for column, name in ISSUE_COLUMNS:
        active = sort.get("column") == column
        direction = "ascending" if sort.get("ascending", True) else "descending"
        arrow = ("\u25b2" if direction == "ascending" else "\u25bc") if active else "\u21c5"
        heads.append(html.Th(html.Button(
            [name, html.Span(f" {arrow}", **attrs({"aria-hidden": "true"}))],
            id={"type": SORT_TYPE, "column": column}, type="button", n_clicks=0,
            className="upload-sort-button",
            title=f"Sort by {name.lower()}"), scope="col",
            **attrs({"aria-sort": direction if active else "none"})))
    body = [html.Tr([html.Td(_text(record.get(c)), className=f"upload-cell-{c}",
                             **attrs({"data-label": n}))
                     for c, n in ISSUE_COLUMNS])
            for record in frame.to_dict("records")]
    if not body:
        body = [html.Tr(html.Td("No problems found.", colSpan=len(ISSUE_COLUMNS)))]
    return html.Table([html.Caption(caption), html.Thead(html.Tr(heads)), html.Tbody(body)],
                      id=table_id, className="data-table stacked-table upload-issues")


def summary_items(preview: Mapping[str, Any]) -> list[html.Li]:
    """A preview's counts as list items."""
    counts = preview.get("counts") or {}
    items = [("Rows read", preview.get("rows_read")), ("Errors", preview.get("errors")),
             ("Warnings", preview.get("warnings")), ("New figures", counts.get("new")),
             ("Revised figures", counts.get("revised")),
             ("Unchanged figures", counts.get("unchanged"))]
    return [html.Li([html.Strong(f"{name}: "), _text(value) or "0"]) for name, value in items]


def _name(lookup: Mapping[str, str], key: Any) -> str:
    return lookup.get(str(key), _text(key))


def revisions_frame(preview: Mapping[str, Any], titles: Mapping[str, str],
                    areas: Mapping[str, str]) -> pd.DataFrame:
    """One row per changed field of a revised figure: old -> new."""
    rows = []
    for revision in preview.get("revisions") or []:
        for field, (old, new) in (revision.get("changes") or {}).items():
            rows.append({"indicator": _name(titles, revision.get("indicator_id")),
                         "area": _name(areas, revision.get("area_code")),
                         "period": _text(revision.get("period_label")),
                         "breakdown": _text(revision.get("breakdown")),
                         "field": field.replace("_", " "),
                         "change": f"{_text(old) or 'blank'} \u2192 {_text(new) or 'blank'}",
                         "cell": _text(revision.get("source_cell"))})
    return pd.DataFrame(rows, columns=["indicator", "area", "period", "breakdown", "field",
                                       "change", "cell"])


REVISION_COLUMNS = (("indicator", "Indicator"), ("area", "Area"), ("period", "Period"),
                    ("breakdown", "Breakdown"), ("field", "Field"),
                    ("change", "Stored \u2192 uploaded"), ("cell", "Cell"))


def _rating(rag: Any) -> str:
    if is_missing(rag):
        return "none yet"
    symbol, word = rag_parts(rag)
    return f"{symbol} {word}"


def flips_frame(preview: Mapping[str, Any], titles: Mapping[str, str],
                areas: Mapping[str, str]) -> pd.DataFrame:
    """Ratings the upload would change, one row per indicator, area and period."""
    rows = [{"indicator": _name(titles, f.get("indicator_id")),
             "area": _name(areas, f.get("area_code")), "period": _text(f.get("period_label")),
             "change": f"{_rating(f.get('old_rag'))} \u2192 {_rating(f.get('new_rag'))}"}
            for f in preview.get("flips") or []]
    return pd.DataFrame(rows, columns=["indicator", "area", "period", "change"])


FLIP_COLUMNS = (("indicator", "Indicator"), ("area", "Area"), ("period", "Period"),
                ("change", "Rating now \u2192 after commit"))


def report(preview: Mapping[str, Any], sort: Mapping[str, Any], titles: Mapping[str, str],
           areas: Mapping[str, str]) -> list[Any]:
    """The validation report, the changes the file would make and the ratings that would flip."""
    issues = sort_issues(issues_frame(preview), str(sort.get("column", "row")),
                         bool(sort.get("ascending", True)))
    total = int(preview.get("issues_total") or len(issues))
    shown = (f" The first {len(issues):,} of {total:,} are listed." if total > len(issues)
             else "")
    file_name = _text(preview.get("file"))
    parts: list[Any] = [
        html.H2("2. Validation report", id="upload-report-heading"),
        html.P(f"{file_name} ({_text(preview.get('format'))}).{shown}"),
        html.Ul(summary_items(preview), className="upload-counts", id="upload-counts"),
        sortable_table(issues, sort, f"Problems found in {file_name}: select a column "
                       "heading to sort", "upload-issues-table"),
    ]
    if preview.get("valid"):
        parts += [
            html.H3("Figures this file would revise"),
            data_table(revisions_frame(preview, titles, areas), REVISION_COLUMNS,
                       "Revised figures (the stored figure is kept in the history)",
                       "upload-revisions-table", stacked=True),
            html.H3("Ratings that would change"),
            data_table(flips_frame(preview, titles, areas), FLIP_COLUMNS,
                       "RAG ratings that committing this file would change",
                       "upload-flips-table", stacked=True),
        ]
    return parts


HISTORY_COLUMNS = (("id", "Batch"), ("file", "File"), ("by", "Uploaded by"),
                   ("at", "Uploaded"), ("status", "Status"), ("figures", "New / revised"),
                   ("reason", "Warnings accepted because"), ("action", "Action"))


def history_frame(batches: pd.DataFrame, can_roll_back: bool) -> pd.DataFrame:
    """Recent batches, newest first, with a roll-back button on each committed one."""
    rows = []
    for b in batches.to_dict("records"):
        committed = str(b.get("status")) == "committed"
        action: Any = ""
        if committed and can_roll_back:
            action = html.Button(f"Roll back batch {b['id']}", type="button", n_clicks=0,
                                 id={"type": ROLLBACK_TYPE, "batch": int(b["id"])},
                                 className="button button-warning")
        rolled = "" if is_missing(b.get("rolled_back_at")) else (
            f" on {str(b['rolled_back_at'])[:16]} by {_text(b.get('rolled_back_by'))}")
        rows.append({"id": _text(b.get("id")), "file": _text(b.get("file_name")),
                     "by": _text(b.get("uploaded_by")), "at": _text(b.get("uploaded_at"))[:16],
                     "status": _text(b.get("status")).replace("_", " ") + rolled,
                     "figures": f"{_count(b.get('rows_new'))} / "
                                f"{_count(b.get('rows_revised'))}",
                     "reason": _text(b.get("acknowledged_reason")), "action": action})
    return pd.DataFrame(rows, columns=[c for c, _n in HISTORY_COLUMNS])


def history_table(batches: pd.DataFrame, can_roll_back: bool,
                  columns: Sequence[tuple[str, str]] = HISTORY_COLUMNS) -> html.Table:
    """Recent uploads, newest first, with roll-back buttons for approvers."""
    note = "" if can_roll_back else " Rolling back a batch needs the approver role."
    return data_table(history_frame(batches, can_roll_back), columns,
                      f"Recent uploads, newest first.{note}", "upload-history-table",
                      stacked=True)
