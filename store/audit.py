"""The audit trail: one row per change made to the store, written in the change's transaction."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, insert

from store.models import AuditLog


def record_action(conn: Connection, *, user: str, action: str, entity_type: str,
                  entity_id: str, before: Mapping[str, Any] | None = None,
                  after: Mapping[str, Any] | None = None, detail: str | None = None) -> None:
    """Add one audit row in the caller's transaction; ``before`` and ``after`` are stored as
    JSON and ``user`` is cut to the column's 120 characters."""
    conn.execute(insert(AuditLog).values(
        user=user[:120], action=action, entity_type=entity_type, entity_id=entity_id,
        before_json=json.dumps(before) if before is not None else None,
        after_json=json.dumps(after) if after is not None else None, detail=detail))
