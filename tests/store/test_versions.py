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


def test_the_version_changes_when_a_definition_is_saved(store_engine: Engine) -> None:
    from store.definitions import NewVersion, save_version
    with store_engine.begin() as conn:
        before = data_version(conn)
        save_version(conn, NewVersion("E10000017", "fy_quarter:2016-04-01:2016-06-30",
                                      dt.date(2016, 6, 30), None, "t", "doc", "f.toml"), "ann")
        assert data_version(conn) != before
