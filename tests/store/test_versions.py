"""The data version on SQLite and PostgreSQL changes with every commit, rollback and snapshot."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, insert, update

from store.models import BoardSnapshot, UploadBatch, utcnow
from store.versions import data_version


def test_the_version_changes_with_batches_and_snapshots(store_engine: Engine) -> None:
    versions = []
    with store_engine.connect() as conn:
        versions.append(data_version(conn))
    with store_engine.begin() as conn:
        conn.execute(insert(UploadBatch).values(file_name="a.xlsx", file_hash="0" * 64))
        versions.append(data_version(conn))
        conn.execute(update(UploadBatch).values(rolled_back_at=utcnow()))
        versions.append(data_version(conn))
        conn.execute(insert(BoardSnapshot).values(
            area_code="E10000017", period_key="2024-25-Q1", period_label="Q1 2024-25",
            meeting_date=dt.date(2024, 9, 1), approver="alice", content_hash="0" * 64,
            payload_json="{}"))
        versions.append(data_version(conn))
        versions.append(data_version(conn))
    assert len(set(versions)) == 4 and versions[3] == versions[4]
