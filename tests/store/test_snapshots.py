"""Board snapshot rows on SQLite and PostgreSQL: stored once, read whole, listed, replayed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from store.snapshots import (
    SUMMARY_COLUMNS,
    SnapshotRecord,
    insert_snapshot,
    snapshot_payloads,
    snapshot_row,
    snapshot_summaries,
)

LANCASHIRE = "E10000017"
STAMP = dt.datetime(2017, 1, 20, 9, 30)


def record(meeting: dt.date, area: str = LANCASHIRE, period: str = "q3") -> SnapshotRecord:
    return SnapshotRecord(area, period, "Q3 2016/17", meeting, "a" * 200, STAMP, "f" * 64,
                          f'{{"meeting": "{meeting}"}}', b"%PDF", None)


def test_snapshots_are_stored_listed_and_replayed(store_engine: Engine) -> None:
    with store_engine.begin() as conn:
        late = insert_snapshot(conn, record(dt.date(2017, 3, 1)))
        early = insert_snapshot(conn, record(dt.date(2017, 2, 1)))
        elsewhere = insert_snapshot(conn, record(dt.date(2017, 2, 1), "E07000117", "q2"))
    with store_engine.connect() as conn:
        row = snapshot_row(conn, late)
        assert row is not None and bytes(row.pdf_bytes) == b"%PDF" and row.xlsx_bytes is None
        assert row.approver == "a" * 120, "the approver is cut to its column"
        assert snapshot_row(conn, 9999) is None
        summaries = snapshot_summaries(conn)
        assert tuple(summaries.columns) == SUMMARY_COLUMNS
        assert summaries["id"].tolist() == [late, elsewhere, early], "newest meeting first"
        assert snapshot_summaries(conn, LANCASHIRE)["id"].tolist() == [late, early]
        assert snapshot_summaries(conn, period_key="q2")["id"].tolist() == [elsewhere]
        assert [(i, m) for i, m, _ in snapshot_payloads(conn, LANCASHIRE)] == [
            (early, dt.date(2017, 2, 1)), (late, dt.date(2017, 3, 1))]
        assert next(snapshot_payloads(conn, LANCASHIRE))[2] == '{"meeting": "2017-02-01"}'
