"""Restatements: live scorecard figures that differ from what a Board snapshot showed.

When a later upload revises a figure a snapshot showed, :func:`restatements` reports it for the
live scorecard's "restated since the <date> Board" marker and the board pack.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from domain.periods import Period
from exports.content import BoardContent
from services.scorecard import scorecard_view
from store.engine import Connection
from store.snapshots import snapshot_payloads

RESTATEMENT_COLUMNS = ("indicator_id", "column", "period_label", "meeting_date", "snapshot_id",
                       "old_value", "new_value", "decimals", "value_type")


def _figures(content: BoardContent) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for row in content.rows:
        for label, value in ((row.get("period_label"), row.get("value")),
                             (row.get("previous_period"), row.get("previous_value"))):
            if label and value is not None:
                out.append({"indicator_id": row["indicator_id"], "period_label": label,
                            "old_value": value, "decimals": row.get("decimals"),
                            "value_type": row.get("value_type")})
    return out


def frozen_figures(conn: Connection, area_code: str, before: dt.date | None = None
                   ) -> pd.DataFrame:
    """Every figure the area's snapshots showed, from the latest meeting that showed it."""
    records = []
    for snapshot_id, meeting, payload in snapshot_payloads(conn, area_code):
        if before is not None and meeting > before:
            continue
        for figure in _figures(BoardContent.from_json(payload)):
            records.append({**figure, "snapshot_id": snapshot_id,
                            "meeting_date": meeting})
    frame = pd.DataFrame(records, columns=["indicator_id", "period_label", "old_value",
                                           "decimals", "value_type", "snapshot_id",
                                           "meeting_date"])
    return frame.drop_duplicates(["indicator_id", "period_label"], keep="last")


def restatements(conn: Connection, area_code: str, quarter: Period,
                 table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Live scorecard figures that differ from what a Board snapshot showed.

    Columns :data:`RESTATEMENT_COLUMNS`; ``column`` is "current" or "previous" (which cell of
    the live scorecard row), values compared at the catalogue's decimals. Pass the live
    scorecard ``table`` when it is already built.
    """
    frozen = frozen_figures(conn, area_code)
    if frozen.empty:
        return pd.DataFrame(columns=list(RESTATEMENT_COLUMNS))
    if table is None:
        table = scorecard_view(conn, area_code, quarter).table
    live = []
    for row in table.to_dict("records"):
        for column, label, value in (("current", row.get("period_label"), row.get("value")),
                                     ("previous", row.get("previous_period"),
                                      row.get("previous_value"))):
            if isinstance(label, str) and label and not pd.isna(value):
                live.append({"indicator_id": row["indicator_id"], "column": column,
                             "period_label": label, "new_value": float(value)})
    merged = pd.DataFrame(live, columns=["indicator_id", "column", "period_label", "new_value"]
                          ).merge(frozen, on=["indicator_id", "period_label"], how="inner")
    if merged.empty:
        return pd.DataFrame(columns=list(RESTATEMENT_COLUMNS))
    places = merged["decimals"].fillna(1).astype(int)
    old = [round(float(v), p) for v, p in zip(merged["old_value"], places, strict=True)]
    new = [round(float(v), p) for v, p in zip(merged["new_value"], places, strict=True)]
    changed = merged[[a != b for a, b in zip(old, new, strict=True)]]
    return changed.loc[:, list(RESTATEMENT_COLUMNS)].reset_index(drop=True)
