"""Stored scorecard definitions on SQLite and PostgreSQL: versions are added, never changed,
each audited, and the one in force is found by partnership and quarter."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from store.audit import AuditFilter, audit_frame
from store.definitions import (
    SAVED,
    NewVersion,
    in_force,
    latest_versions,
    save_version,
    version_history,
)

COUNTY = "E10000017"
Y2016 = NewVersion(COUNTY, "fy_quarter:2016-04-01:2016-06-30", dt.date(2016, 6, 30),
                   dt.date(2017, 3, 31), "2016/17", "document 2016 v1", "a.toml")
Y2024 = NewVersion(COUNTY, "fy_quarter:2024-04-01:2024-06-30", dt.date(2024, 6, 30), None,
                   "current", "document 2024", "b.toml")


def test_saving_again_adds_a_version_and_keeps_the_old_one(store_engine: Engine) -> None:
    with store_engine.begin() as conn:
        first = save_version(conn, Y2016, "ann")
    with store_engine.begin() as conn:
        second = save_version(conn, NewVersion(**{**Y2016.__dict__,
                                                  "document": "document 2016 v2"}), "bob")
    assert (first.version, second.version) == (1, 2)
    with store_engine.connect() as conn:
        history = version_history(conn, COUNTY)
        latest = latest_versions(conn, COUNTY)
        audit = audit_frame(conn, AuditFilter(action=SAVED))
    assert [(d.version, d.document, d.loaded_by) for d in history] == [
        (2, "document 2016 v2", "bob"), (1, "document 2016 v1", "ann")]
    assert [d.version for d in latest] == [2]
    assert sorted(audit["user"]) == ["ann", "bob"]
    assert set(audit["entity_id"]) == {f"{COUNTY} {Y2016.first_quarter_key} v1",
                                       f"{COUNTY} {Y2016.first_quarter_key} v2"}


def test_the_definition_in_force_covers_the_quarter(store_engine: Engine) -> None:
    with store_engine.begin() as conn:
        save_version(conn, Y2016, "ann")
        save_version(conn, Y2024, "ann")
    with store_engine.connect() as conn:
        found = {end: in_force(conn, COUNTY, end) for end in (
            dt.date(2016, 3, 31), dt.date(2016, 12, 31), dt.date(2020, 3, 31),
            dt.date(2025, 3, 31))}
        other = in_force(conn, "E10000002", dt.date(2016, 12, 31))
    assert found[dt.date(2016, 3, 31)] is None            # before its first quarter
    titles = {end: None if d is None else d.title for end, d in found.items()}
    assert titles[dt.date(2016, 12, 31)] == "2016/17"
    assert found[dt.date(2020, 3, 31)] is None            # between plan years
    assert titles[dt.date(2025, 3, 31)] == "current"  # open-ended
    assert other is None
