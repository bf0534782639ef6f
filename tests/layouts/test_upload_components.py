"""The Upload page's report, preview and history, from the upload routes' JSON."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from dash import html

from layouts._upload_components import (
    DEFAULT_SORT,
    HISTORY_COLUMNS,
    ROLLBACK_TYPE,
    SORT_TYPE,
    flips_frame,
    history_frame,
    history_table,
    issues_frame,
    next_sort,
    report,
    revisions_frame,
    sort_issues,
    sortable_table,
)

HOSTILE = "<img src=x onerror=alert(1)>"


def issue(row: int | None, severity: str, column: str, code: str,
          value: str = "") -> dict[str, Any]:
    return {"code": code, "severity": severity, "message": f"{code} at row {row}",
            "file": "q3.xlsx", "sheet": "Data", "row": row, "column": column, "value": value}


PREVIEW: dict[str, Any] = {
    "file": "q3.xlsx", "format": "template-xlsx", "valid": True, "rows_read": 3, "errors": 0,
    "warnings": 2, "counts": {"new": 1, "revised": 1, "unchanged": 1},
    "issues": [issue(10, "warning", "value", "implausible-jump", "9000"),
               issue(2, "warning", "note", "long-note", HOSTILE),
               issue(None, "info", "", "file-note")],
    "revisions": [{"indicator_id": "cla_rate", "area_code": "E10000017",
                   "period_key": "k", "breakdown": "all", "period_label": "Q3 2016/17",
                   "source_cell": "Data!H4", "changes": {"value": [72.7, 74.0],
                                                         "value_note": [None, "revised"]}}],
    "flips": [{"indicator_id": "cla_rate", "area_code": "E10000017", "period_key": "k",
               "breakdown": "all", "period_label": "Q3 2016/17", "old_rag": "amber",
               "new_rag": "red"}],
}
TITLES = {"cla_rate": "Looked after children rate"}
AREAS = {"E10000017": "Lancashire"}


def test_issues_sort_by_row_number_severity_and_text() -> None:
    frame = issues_frame(PREVIEW)
    assert list(frame.columns) == ["severity", "sheet", "row", "column", "value", "message",
                                   "code"]
    assert sort_issues(frame, "row", True)["row"].tolist()[:2] == [2, 10]
    assert sort_issues(frame, "row", False)["row"].tolist()[:2] == [10, 2]
    assert sort_issues(frame, "severity", True)["severity"].tolist() == [
        "warning", "warning", "info"]
    assert sort_issues(frame, "code", True)["code"].tolist() == [
        "file-note", "implausible-jump", "long-note"]
    assert issues_frame(None).empty


def test_clicking_a_heading_sorts_then_reverses() -> None:
    assert next_sort(None, "message") == {"column": "message", "ascending": True}
    assert next_sort(DEFAULT_SORT, "row") == {"column": "row", "ascending": False}
    assert next_sort({"column": "row", "ascending": False}, "row")["ascending"] is True


def test_sort_buttons_are_real_buttons_with_aria_sort() -> None:
    table = sortable_table(issues_frame(PREVIEW), {"column": "row", "ascending": False},
                           "Problems", "t")
    heads = table.children[1].children.children
    assert [h.children.id for h in heads][0] == {"type": SORT_TYPE, "column": "severity"}
    assert all(isinstance(h.children, html.Button) for h in heads)
    sort_state = {h.children.id["column"]: h.to_plotly_json()["props"]["aria-sort"]
                  for h in heads}
    assert sort_state["row"] == "descending" and sort_state["sheet"] == "none"


def test_user_text_is_shown_as_text_never_html() -> None:
    table = sortable_table(issues_frame(PREVIEW), DEFAULT_SORT, "Problems", "t")
    cells = [td.children for tr in table.children[2].children for td in tr.children]
    assert HOSTILE in cells
    assert all(isinstance(c, str) for c in cells)


def test_empty_report_says_no_problems() -> None:
    table = sortable_table(issues_frame({}), DEFAULT_SORT, "Problems", "t")
    assert table.children[2].children[0].children.children == "No problems found."


def test_revisions_and_flips_read_as_old_to_new() -> None:
    revisions = revisions_frame(PREVIEW, TITLES, AREAS)
    assert revisions[["indicator", "area", "field", "change"]].values.tolist() == [
        ["Looked after children rate", "Lancashire", "value", "72.7 \u2192 74"],
        ["Looked after children rate", "Lancashire", "value note", "blank \u2192 revised"]]
    flips = flips_frame(PREVIEW, TITLES, AREAS)
    assert flips["change"].tolist() == ["\u25c6 Amber \u2192 \u2716 Red"]


def test_report_lists_counts_issues_and_for_a_valid_file_the_changes() -> None:
    parts = report(PREVIEW, DEFAULT_SORT, TITLES, AREAS)
    ids = [getattr(p, "id", None) for p in parts]
    assert "upload-issues-table" in ids and "upload-counts" in ids
    tables = [p for p in parts if isinstance(p, html.Table)]
    assert [getattr(t, "id", None) for t in tables] == [
        "upload-issues-table", "upload-revisions-table", "upload-flips-table"]
    invalid = report({**PREVIEW, "valid": False, "issues_total": 5000}, DEFAULT_SORT,
                     TITLES, AREAS)
    assert [getattr(p, "id", None) for p in invalid if isinstance(p, html.Table)] == [
        "upload-issues-table"]
    assert "The first 3 of 5,000 are listed." in invalid[1].children


@pytest.mark.parametrize("can_roll_back", [True, False])
def test_history_offers_rollback_only_to_approvers_on_committed_batches(
        can_roll_back: bool) -> None:
    batches = pd.DataFrame([
        {"id": 2, "file_name": HOSTILE, "uploaded_by": "officer", "uploaded_at": "2017-01-10",
         "status": "committed", "rows_new": 3, "rows_revised": 1, "acknowledged_reason": "ok",
         "rolled_back_at": None, "rolled_back_by": None},
        {"id": 1, "file_name": "q2.xlsx", "uploaded_by": "officer", "uploaded_at": "2016-10-10",
         "status": "rolled_back", "rows_new": 5, "rows_revised": 0, "acknowledged_reason": None,
         "rolled_back_at": "2016-10-11 09:00:00", "rolled_back_by": "approver"}])
    frame = history_frame(batches, can_roll_back)
    actions = frame["action"].tolist()
    if can_roll_back:
        assert actions[0].id == {"type": ROLLBACK_TYPE, "batch": 2}
    else:
        assert actions[0] == ""
    assert actions[1] == ""
    assert frame["file"].iloc[0] == HOSTILE
    assert frame["status"].iloc[1] == "rolled back on 2016-10-11 09:00 by approver"


def test_history_counts_figures_with_thousands_separated() -> None:
    batches = pd.DataFrame([
        {"id": 5, "file_name": "lait.csv", "uploaded_by": "officer", "uploaded_at": "2017-01-10",
         "status": "committed", "rows_new": 27884.0, "rows_revised": None,
         "acknowledged_reason": None, "rolled_back_at": None, "rolled_back_by": None}])
    assert history_frame(batches, False)["figures"].iloc[0] == "27,884 / 0"


def test_history_is_a_table_each_of_whose_cells_names_its_column() -> None:
    batches = pd.DataFrame([
        {"id": 1, "file_name": "q2.xlsx", "uploaded_by": "officer", "uploaded_at": "2016-10-10",
         "status": "committed", "rows_new": 5, "rows_revised": 0, "acknowledged_reason": "ok",
         "rolled_back_at": None, "rolled_back_by": None}])
    table = history_table(batches, True)
    assert "stacked-table" in table.className.split()
    row = table.children[2].children[0]
    labels = [getattr(cell, "data-label", None) for cell in row.children]
    assert labels == [name for _column, name in HISTORY_COLUMNS]
