"""Loading reference data (areas, geography, comparator groups, the catalogue) into the store.

Idempotent: running it again updates rows in place and inserts what is missing, so
``scorecard init-db`` is harmless to repeat.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update

from domain.catalogue import Indicator
from store.models import Area, AreaRelationship, IndicatorRow


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value


def indicator_record(indicator: Indicator) -> dict[str, Any]:
    spec = {f.name: _plain(getattr(indicator, f.name)) for f in dataclasses.fields(indicator)}
    return {
        "id": indicator.id, "title": indicator.title, "short_title": indicator.short_title,
        "outcome": _plain(indicator.outcome), "display_order": int(indicator.display_order),
        "polarity": _plain(indicator.polarity), "value_type": _plain(indicator.value_type),
        "multiplier": float(indicator.multiplier), "period_type": _plain(indicator.period_type),
        "spec_json": json.dumps(spec, default=str),
    }


def _upsert(conn: Connection, table: Any, key: str, records: list[dict[str, Any]]) -> None:
    if not records:
        return
    column = getattr(table, key)
    existing = set(conn.execute(select(column)).scalars())
    new = [r for r in records if r[key] not in existing]
    old = [r for r in records if r[key] in existing]
    if new:
        conn.execute(insert(table), new)
    if old:
        fields = [k for k in old[0] if k != key]
        stmt = (update(table).where(column == bindparam("_key"))
                .values({f: bindparam(f) for f in fields}))
        conn.execute(stmt, [{"_key": r[key], **{f: r[f] for f in fields}} for r in old])


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    clean = frame.astype(object).where(frame.notna(), None)
    return [{str(k): v for k, v in r.items()} for r in clean.to_dict("records")]


def upsert_indicators(conn: Connection, indicators: Iterable[Indicator]) -> None:
    """Insert or update the store's rows of ``indicators`` (in the caller's transaction)."""
    _upsert(conn, IndicatorRow, "id", [indicator_record(i) for i in indicators])


def seed_reference_data(engine: Engine, catalogue: Mapping[str, Indicator],
                        areas: pd.DataFrame, relationships: pd.DataFrame) -> dict[str, int]:
    """Upsert areas and indicators, and replace geography and comparator relationships."""
    area_columns = ["code", "name", "type", "parent_code", "dfe_la_number", "valid_from",
                    "valid_to"]
    rel_columns = ["parent_code", "child_code", "relationship", "model", "rank", "closeness",
                   "valid_from", "valid_to"]
    area_rows = _records(areas.loc[:, area_columns])
    for row in area_rows:
        if row["dfe_la_number"] is not None:
            row["dfe_la_number"] = str(row["dfe_la_number"])
    rel_rows = _records(relationships.loc[:, rel_columns])
    for row in rel_rows:
        row["model"] = row["model"] or ""
        row["rank"] = int(row["rank"]) if row["rank"] is not None else None
    with engine.begin() as conn:
        _upsert(conn, Area, "code", area_rows)
        conn.execute(delete(AreaRelationship))
        for start in range(0, len(rel_rows), 2000):
            conn.execute(insert(AreaRelationship), rel_rows[start:start + 2000])
        _upsert(conn, IndicatorRow, "id", [indicator_record(i) for i in catalogue.values()])
    return {"areas": len(area_rows), "relationships": len(rel_rows),
            "indicators": len(catalogue)}
