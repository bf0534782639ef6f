"""The board-pack content: everything an export shows, as plain data that round-trips JSON.

The workbook, the PDF pack and the CSV are all rendered from one :class:`BoardContent`. A Board
snapshot stores this content as canonical JSON, so whatever is rendered from it later is what
the Board was shown, and its SHA-256 (:meth:`BoardContent.content_hash`) identifies it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

#: Bump when the stored shape changes; renderers read every version they know.
SCHEMA_VERSION = 1
#: Scorecard-table columns kept for each row (the names of
#: :func:`indicators.scorecard.scorecard_table`, so its ``export_table`` reads them).
ROW_COLUMNS = (
    "indicator_id", "title", "short_title", "outcome", "outcome_label", "display_order",
    "polarity", "value_type", "unit_label", "decimals", "definition", "updated",
    "period_key", "period_label", "period_type", "value", "numerator", "denominator",
    "lower_ci", "upper_ci", "ci_level", "status", "value_note", "illustrative",
    "target_value", "previous_period", "previous_value", "change", "comparable",
    "change_display", "direction", "national_value", "national_period", "national_display",
    "national_significance", "regional_value", "regional_period", "regional_display",
    "regional_significance", "neighbour_value", "neighbour_period", "neighbour_model",
    "neighbour_display",
    "neighbour_significance", "county_value", "county_period", "county_display",
    "county_significance", "region_name", "county_name", "trend", "rank", "rank_of",
    "quartile", "rag", "rag_reason", "rag_rule", "rag_rule_used", "rank_group", "currency",
    "currency_label", "next_due",
)
SERIES_COLUMNS = ("period_label", "period_end", "value", "lower_ci", "upper_ci",
                  "national_value")
NOT_COMPARABLE = "not comparable"


def plain(value: Any) -> Any:
    """A JSON-ready copy of ``value``: numpy and pandas scalars unwrapped, NaN as None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return None if math.isnan(number) or math.isinf(number) else number
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | np.ndarray):
        return [plain(v) for v in value]
    return value if isinstance(value, str) else str(value)


@dataclass(frozen=True)
class PackMeta:
    """What the pack is: area, period, when produced, from which data, approved by whom."""

    area_code: str
    area_name: str
    area_type: str
    period_key: str
    period_label: str
    produced: str
    data_as_at: str | None = None
    batch_ids: tuple[int, ...] = ()
    approval: str = "Live figures: not frozen for a Board meeting"
    sensitivity: str = "OFFICIAL"
    source: str = "uploaded and published figures; judgements by the scorecard engine"
    meeting_date: str | None = None
    approver: str | None = None

    @property
    def produced_at(self) -> dt.datetime:
        """When the pack was produced, as a datetime."""
        return dt.datetime.fromisoformat(self.produced)


@dataclass(frozen=True)
class BoardContent:
    """Everything a board pack shows, frozen as plain data so it renders the same every time."""

    meta: PackMeta
    rows: tuple[dict[str, Any], ...]
    counts: tuple[dict[str, Any], ...] = ()
    exceptions: tuple[str, ...] = ()
    narrative: tuple[dict[str, Any], ...] = ()
    commentary: tuple[dict[str, Any], ...] = ()
    series: dict[str, tuple[dict[str, Any], ...]] = field(default_factory=dict)
    restatements: tuple[dict[str, Any], ...] = ()
    schema: int = SCHEMA_VERSION

    def to_json(self) -> str:
        """Canonical JSON: sorted keys, no spaces, so equal content gives equal text."""
        return json.dumps(plain(asdict(self)), sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False, allow_nan=False)

    def content_hash(self) -> str:
        """SHA-256 of the content as JSON: the same content always has the same hash."""
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()

    @classmethod
    def from_json(cls, text: str) -> BoardContent:
        """The content written by ``to_json``, read back."""
        data = json.loads(text)
        meta = dict(data["meta"])
        meta["batch_ids"] = tuple(meta.get("batch_ids") or ())
        return cls(
            meta=PackMeta(**meta), rows=tuple(data["rows"]),
            counts=tuple(data.get("counts") or ()),
            exceptions=tuple(data.get("exceptions") or ()),
            narrative=tuple(data.get("narrative") or ()),
            commentary=tuple(data.get("commentary") or ()),
            series={k: tuple(v) for k, v in (data.get("series") or {}).items()},
            restatements=tuple(data.get("restatements") or ()),
            schema=int(data.get("schema", SCHEMA_VERSION)))

    def with_meta(self, **changes: Any) -> BoardContent:
        """A copy with some of the pack details changed."""
        return replace(self, meta=replace(self.meta, **changes))

    def table(self) -> pd.DataFrame:
        """The rows as a scorecard-table frame (columns :data:`ROW_COLUMNS`)."""
        return pd.DataFrame(list(self.rows), columns=list(ROW_COLUMNS))

    def row(self, indicator_id: str) -> dict[str, Any] | None:
        """One indicator's scorecard row, or None when the pack has none."""
        return next((r for r in self.rows if r["indicator_id"] == indicator_id), None)

    def commentary_for(self, indicator_id: str) -> list[dict[str, Any]]:
        """The commentary the pack holds for one indicator."""
        return [c for c in self.commentary if c.get("indicator_id") == indicator_id]

    def restatements_for(self, indicator_id: str) -> list[dict[str, Any]]:
        """The restatements the pack holds for one indicator."""
        return [r for r in self.restatements if r.get("indicator_id") == indicator_id]


def _change_display(change: Any, comparable: Any) -> Any:
    if comparable is False or (comparable is not None and comparable is not True
                               and not pd.isna(comparable) and not bool(comparable)):
        return NOT_COMPARABLE
    return plain(change)


def _display(value: Any) -> Any:
    """A comparator cell: its number, or the words for why there is none."""
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return plain(value)


def rows_from_table(table: pd.DataFrame) -> tuple[dict[str, Any], ...]:
    """The scorecard table (:func:`indicators.scorecard.scorecard_table`) as plain rows."""
    rows = []
    for record in table.reindex(columns=list(ROW_COLUMNS)).to_dict("records"):
        row = {c: plain(record.get(c)) for c in ROW_COLUMNS}
        row["change_display"] = _change_display(record.get("change"), record.get("comparable"))
        for kind in ("national", "regional", "neighbour", "county"):
            row[f"{kind}_display"] = _display(record.get(f"{kind}_display"))
        row["updated"] = bool(row["updated"])
        row["illustrative"] = bool(row["illustrative"])
        rows.append(row)
    return tuple(rows)


def series_records(frame: pd.DataFrame, limit: int = 12) -> tuple[dict[str, Any], ...]:
    """The last ``limit`` points of a local series, oldest first (:data:`SERIES_COLUMNS`)."""
    if frame.empty:
        return ()
    tail = frame.reindex(columns=list(SERIES_COLUMNS)).tail(limit)
    return tuple({str(c): plain(v) for c, v in rec.items()} for rec in tail.to_dict("records"))


def narrative_records(summaries: Iterable[Any]) -> tuple[dict[str, Any], ...]:
    """Performance-summary themes (:class:`indicators.narrative.OutcomeSummary`) as plain data."""
    return tuple({"outcome": s.outcome, "label": s.label, "improving": list(s.improving),
                  "declining": list(s.declining), "paragraphs": list(s.paragraphs)}
                 for s in summaries)
