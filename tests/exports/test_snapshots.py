"""Board snapshots: frozen for a meeting, byte-identical after a later revision, restatements."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable

from openpyxl import load_workbook
from plotly.utils import PlotlyJSONEncoder
from sqlalchemy import Engine, select

from app import create_app
from exports.content import BoardContent
from services.exports import export_scorecard, live_content
from services.restatements import restatements
from services.scorecard import reporting_quarter
from services.snapshots import (
    create_snapshot,
    get_snapshot,
    list_snapshots,
    render_snapshot,
    snapshot_export,
)
from settings import Settings
from store.batches import CommitResult
from store.models import AuditLog

LANCASHIRE = "E10000017"
MEETING = dt.date(2017, 3, 14)
FROZEN_AT = dt.datetime(2017, 2, 20, 9, 30)
FORMATS = ("pdf", "xlsx", "csv")
Reviser = Callable[[Engine, str, str, float], CommitResult]


def _exports(engine: Engine, snapshot_id: int) -> dict[str, bytes]:
    with engine.connect() as conn:
        return {f: snapshot_export(conn, snapshot_id, f) for f in FORMATS}


def test_snapshot_survives_a_later_revision(board_engine: Engine, board_settings: Settings,
                                            revise: Reviser) -> None:
    quarter = reporting_quarter("Q3 16/17")
    made = create_snapshot(board_engine, board_settings, LANCASHIRE, quarter, MEETING,
                           "approver", created_at=FROZEN_AT)
    before = _exports(board_engine, made.id)
    assert before["pdf"].startswith(b"%PDF") and before["xlsx"].startswith(b"PK")

    revise(board_engine, "domestic_incidents_children", "Q3 revised.xlsx", 2530)

    after = _exports(board_engine, made.id)
    assert after == before
    with board_engine.connect() as conn:
        stored = get_snapshot(conn, made.id)
        restated = restatements(conn, LANCASHIRE, quarter)
    for file_format in FORMATS:  # rendering the frozen content again gives the same bytes
        assert render_snapshot(stored.content, stored.content_hash, file_format) == \
            before[file_format]
    assert stored.content.row("domestic_incidents_children")["value"] == 2511  # type: ignore[index]
    assert restated[["indicator_id", "column", "old_value", "new_value"]].to_dict("records") == [
        {"indicator_id": "domestic_incidents_children", "column": "current",
         "old_value": 2511.0, "new_value": 2530.0}]
    assert restated["meeting_date"].tolist() == [MEETING]

    with board_engine.connect() as conn:
        live = live_content(conn, board_settings, LANCASHIRE, quarter)
        live_xlsx = export_scorecard(conn, board_settings, LANCASHIRE, quarter, "xlsx")
    marker = "Restated since the 14 March 2017 Board: was 2,511, now 2,530"
    assert live.row("domestic_incidents_children")["value"] == 2530  # type: ignore[index]
    assert len(live.restatements_for("domestic_incidents_children")) == 1
    sheet = load_workbook(io.BytesIO(live_xlsx.data))["Scorecard"]
    notes = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert marker in notes


def test_snapshot_records_what_was_shown_and_who_froze_it(board_engine: Engine,
                                                          board_settings: Settings) -> None:
    quarter = reporting_quarter("Q3 16/17")
    made = create_snapshot(board_engine, board_settings, LANCASHIRE, quarter, MEETING,
                           "approver", created_at=FROZEN_AT)
    with board_engine.connect() as conn:
        stored = get_snapshot(conn, made.id)
        listed = list_snapshots(conn, LANCASHIRE)
        audit = conn.execute(select(AuditLog.action, AuditLog.user, AuditLog.after_json)
                             .where(AuditLog.action == "snapshot-create")).all()
    payload = stored.content.to_json()
    assert hashlib.sha256(payload.encode("utf-8")).hexdigest() == stored.content_hash
    assert BoardContent.from_json(payload) == stored.content
    meta = stored.content.meta
    assert (meta.meeting_date, meta.approver, meta.produced) == ("2017-03-14", "approver",
                                                                 "2017-02-20T09:30:00")
    assert meta.approval.startswith("Approved by approver on 20 February 2017")
    assert stored.content.restatements == ()
    assert listed["content_hash"].tolist() == [made.content_hash]
    assert [(a, u) for a, u, _ in audit] == [("snapshot-create", "approver")]
    assert json.loads(audit[0][2])["hash"] == made.content_hash


def test_no_restatement_without_a_revision(board_engine: Engine,
                                           board_settings: Settings) -> None:
    quarter = reporting_quarter("Q3 16/17")
    create_snapshot(board_engine, board_settings, LANCASHIRE, quarter, MEETING, "approver")
    with board_engine.connect() as conn:
        assert restatements(conn, LANCASHIRE, quarter).empty


def test_live_scorecard_page_marks_a_restated_figure(board_engine: Engine,
                                                     board_settings: Settings,
                                                     revise: Reviser) -> None:
    quarter = reporting_quarter("Q3 16/17")
    create_snapshot(board_engine, board_settings, LANCASHIRE, quarter, MEETING, "approver")
    revise(board_engine, "domestic_incidents_children", "Q3 revised.xlsx", 2530)
    app = create_app(board_settings.with_overrides(login_disabled_as="viewer"))
    try:
        from layouts import home
        with app.server.test_request_context("/"):
            page = json.dumps(home.scorecard_content(LANCASHIRE, "Q3-2016-17"),
                              cls=PlotlyJSONEncoder)
    finally:
        app.server.extensions["scorecard_engine"].dispose()
    assert page.count("\"span.restated\"") == 1  # that one cell only (compact markup)
    assert "Restated since the 14 March 2017 Board: was 2,511, now 2,530" in page
