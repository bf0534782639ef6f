"""Audit rows on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import Engine

from store import queries
from store.audit import record_action


def test_an_action_is_recorded_with_its_before_and_after(store_engine: Engine) -> None:
    with store_engine.begin() as conn:
        record_action(conn, user="u" * 200, action="commentary-add", entity_type="commentary",
                      entity_id="7", before={"supersedes": None}, after={"area": "E10000017"},
                      detail="why")
        record_action(conn, user="ann", action="snapshot-create", entity_type="board_snapshot",
                      entity_id="1")
    with store_engine.connect() as conn:
        log = queries.audit_log(conn)
    newest, first = log.to_dict("records")
    assert (first["user"], first["action"], first["entity_id"], first["detail"]) == (
        "u" * 120, "commentary-add", "7", "why")
    assert json.loads(first["before_json"]) == {"supersedes": None}
    assert json.loads(first["after_json"]) == {"area": "E10000017"}
    assert pd.isna(newest["before_json"]) and pd.isna(newest["after_json"])
