"""Commentary and actions: versions kept, approval by someone else, carried into the pack."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select

from domain.errors import NotFoundError
from exports.pdf import render_html
from services.commentary import (
    CommentaryDraft,
    CommentaryError,
    add_commentary,
    approve_commentary,
    approved_for_pack,
    list_commentary,
)
from services.export_formats import exception_charts
from services.exports import live_content
from services.scorecard import reporting_quarter
from settings import Settings
from store.models import AuditLog

LANCASHIRE = "E10000017"
Q3 = reporting_quarter("Q3 16/17")


def draft(narrative: str, action: str = "Review new care proceedings weekly"
          ) -> CommentaryDraft:
    return CommentaryDraft("cla_rate", LANCASHIRE, Q3.key, narrative, action,
                           "Head of Children's Social Care", dt.date(2017, 6, 30))


def test_edits_keep_history_and_approval_needs_another_person(board_engine: Engine) -> None:
    first = add_commentary(board_engine, draft("The rate rose for the eighth month."), "officer")
    second = add_commentary(board_engine, draft("The rate rose to 74.0 per 10,000."), "officer")
    with board_engine.connect() as conn:
        current = list_commentary(conn, area_code=LANCASHIRE, period_key=Q3.key)
        history = list_commentary(conn, area_code=LANCASHIRE, period_key=Q3.key, history=True)
    assert current[["id", "status"]].values.tolist() == [[second, "awaiting approval"]]
    assert history["status"].tolist() == ["awaiting approval", "superseded"]
    assert int(history.loc[0, "supersedes_id"]) == first

    with pytest.raises(CommentaryError, match="someone other than its author"):
        approve_commentary(board_engine, second, "officer")
    with pytest.raises(CommentaryError, match="edited since"):
        approve_commentary(board_engine, first, "approver")
    approve_commentary(board_engine, second, "approver")
    with pytest.raises(CommentaryError, match="Already approved"):
        approve_commentary(board_engine, second, "approver")

    with board_engine.connect() as conn:
        pack = approved_for_pack(conn, LANCASHIRE, Q3.key)
        audit = conn.execute(select(AuditLog.action, AuditLog.user, AuditLog.entity_id)
                             .where(AuditLog.entity_type == "commentary")
                             .order_by(AuditLog.id)).all()
    assert [(p["id"], p["approved_by"], p["due_date"]) for p in pack] == [
        (second, "approver", "2017-06-30")]
    assert [tuple(a) for a in audit] == [("commentary-add", "officer", str(first)),
                                         ("commentary-add", "officer", str(second)),
                                         ("commentary-approve", "approver", str(second))]


def test_checks_refuse_empty_narrative_and_ownerless_action(board_engine: Engine) -> None:
    with pytest.raises(CommentaryError, match="needs a narrative"):
        add_commentary(board_engine, draft("   "), "officer")
    with pytest.raises(CommentaryError, match="needs an owner"):
        add_commentary(board_engine, CommentaryDraft("cla_rate", LANCASHIRE, Q3.key, "Text",
                                                     "Do it", ""), "officer")


def test_only_approved_commentary_goes_into_the_board_pack(board_engine: Engine,
                                                           board_settings: Settings) -> None:
    approved = add_commentary(board_engine, draft("Approved words about looked-after children."),
                              "officer")
    approve_commentary(board_engine, approved, "approver")
    add_commentary(board_engine, draft("A newer draft nobody has approved."), "officer")
    with board_engine.connect() as conn:
        content = live_content(conn, board_settings, LANCASHIRE, Q3)
    html = render_html(content, exception_charts(content))
    assert "Approved words about looked-after children." in html
    assert "A newer draft nobody has approved." not in html
    assert "Head of Children&#39;s Social Care" in html and "30 June 2017" in html
    assert "approved by approver" in html


def test_commentary_is_only_for_the_indicators_given(board_engine: Engine) -> None:
    with pytest.raises(NotFoundError, match="no indicator 'cla_rate'"):
        add_commentary(board_engine, draft("The rate rose."), "officer", indicators={})
    with board_engine.connect() as conn:
        assert list_commentary(conn, area_code=LANCASHIRE).empty, "nothing was saved"
