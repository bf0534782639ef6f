"""Writing uploads: plan (preview), commit in one transaction, and roll back.

Incoming observations arrive as a DataFrame with the columns of :data:`OBSERVATION_COLUMNS`
(already validated by ``loaders``). Nothing here overwrites history: a revised figure inserts a
new current row that ``supersedes`` the old one, which stays queryable with its batch.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, insert, select, update

from domain.errors import NotFoundError, StoreError
from domain.reports import ValidationIssue
from store import audit
from store.bulk import insert_columns
from store.figure_codes import CODED, figure_codes, figure_word
from store.locks import AfterWrite, serialise_writes
from store.models import (
    CURRENT_FIGURE,
    Area,
    Observation,
    Period,
    Series,
    UploadBatch,
    ValidationIssueRow,
    utcnow,
)
from store.origins import store_origins
from store.rollback import batch_status, rollback_batch
from store.series import of_indicators, series_ids

__all__ = ["BatchCounts", "BatchMeta", "CommitResult", "DuplicateBatchError", "batch_counts",
           "batch_status", "commit_batch", "find_committed_batch", "plan_changes",
           "rollback_batch", "serialise_writes"]

KEY_COLUMNS = ("indicator_id", "area_code", "period_key", "breakdown")
PERIOD_COLUMNS = ("period_key", "period_type", "period_start", "period_end", "period_label")
VALUE_COLUMNS = ("numerator", "denominator", "value", "lower_ci", "upper_ci", "ci_level",
                 "target")
TEXT_COLUMNS = ("ci_source", "status", "value_note", "source", "source_cell")
#: Text columns stored on the figure itself (source and sheet go to its origin).
STORED_TEXT = ("ci_source", "status", "value_note")
OBSERVATION_COLUMNS = (*KEY_COLUMNS, *PERIOD_COLUMNS[1:], *VALUE_COLUMNS, *TEXT_COLUMNS,
                       "illustrative")
#: Figures whose insert values are built and written at a time (a national file's Python
#: values are never all held at once).
WRITE_ROWS = 50_000
#: Columns whose change makes an incoming row a revision rather than unchanged.
COMPARED_COLUMNS = ("numerator", "denominator", "value", "lower_ci", "upper_ci", "target",
                    "status", "value_note", "illustrative")


@dataclass(frozen=True)
class BatchMeta:
    """What is recorded about an uploaded file with the batch that holds its rows."""

    file_name: str
    file_hash: str
    file_size: int = 0
    file_format: str = ""
    sheets: Sequence[str] = ()
    uploaded_by: str = ""
    acknowledged_reason: str | None = None
    note: str | None = None


@dataclass
class CommitResult:
    """The batch a commit stored, its row counts, and the keys of the rows it changed."""

    batch_id: int
    rows_new: int
    rows_revised: int
    rows_unchanged: int
    changed_keys: pd.DataFrame = field(default_factory=pd.DataFrame)


def _current_observations(conn: Connection, frame: pd.DataFrame) -> pd.DataFrame:
    """Current stored rows for the indicators and areas in ``frame`` (joined to area code and
    period key): a small file reads what it may revise, not the indicators' every figure."""
    stmt = (
        select(
            Observation.id.label("old_id"),
            Series.indicator_id,
            Area.code.label("area_code"),
            Period.key.label("period_key"),
            Series.breakdown,
            *(figure_word(c).label(f"old_{c}") if c in CODED
              else getattr(Observation, c).label(f"old_{c}") for c in COMPARED_COLUMNS),
            Observation.batch_id.label("old_batch_id"),
        )
        .select_from(Observation)
        .join(Series, Series.id == Observation.series_id)
        .join(Area, Area.id == Observation.area_id)
        .join(Period, Period.id == Observation.period_id)
        .where(CURRENT_FIGURE)
        .where(Observation.series_id.in_(
            of_indicators(sorted(frame["indicator_id"].unique().tolist()))))
        .where(Area.code.in_(sorted(frame["area_code"].unique().tolist())))
    )
    return pd.read_sql(stmt, conn)


def _same(a: pd.Series, b: pd.Series) -> np.ndarray:
    both_missing = a.isna().to_numpy() & b.isna().to_numpy()
    if pd.api.types.is_numeric_dtype(a) and pd.api.types.is_numeric_dtype(b):
        av = a.to_numpy(dtype=float, na_value=np.nan)
        bv = b.to_numpy(dtype=float, na_value=np.nan)
        close = np.isclose(av, bv, rtol=1e-12, atol=0.0, equal_nan=False)
        return both_missing | close
    eq = (a.astype("string").fillna("") == b.astype("string").fillna("")).to_numpy(dtype=bool)
    return both_missing | eq


def plan_changes(conn: Connection, frame: pd.DataFrame) -> pd.DataFrame:
    """Classify each incoming row as ``new``, ``revised`` or ``unchanged`` against the store.

    Returns ``frame`` with ``change`` and ``old_*`` columns (old values for revisions).
    """
    if frame.empty:
        return frame.assign(change=pd.Series(dtype="string"))
    current = _current_observations(conn, frame)
    if current.empty:  # nothing stored to compare with: the rows as they are, all new
        rows = frame.reset_index(drop=True)  # as a merge numbers them
        return rows.assign(**{column: pd.Series(np.nan, index=rows.index, dtype=object)
                              for column in current.columns if column not in rows},
                           change="new")
    merged = frame.merge(current, how="left", on=list(KEY_COLUMNS))
    exists = merged["old_id"].notna().to_numpy()
    same = np.ones(len(merged), dtype=bool)
    for column in COMPARED_COLUMNS if exists.any() else ():  # nothing stored: all new
        old = merged[f"old_{column}"]
        new = merged[column]
        if column == "illustrative":
            old = old.astype("boolean").fillna(False)
            new = new.astype("boolean").fillna(False)
        same &= _same(new, old)
    merged["change"] = np.where(~exists, "new", np.where(same, "unchanged", "revised"))
    return merged


@dataclass(frozen=True)
class BatchCounts:
    """Who loaded a batch and how many of its rows were new, revised and unchanged."""

    uploaded_by: str
    rows_new: int
    rows_revised: int
    rows_unchanged: int


class DuplicateBatchError(StoreError):
    """The same file content is already in a committed batch."""


def batch_counts(conn: Connection, batch_id: int) -> BatchCounts:
    """The uploader and row counts of batch ``batch_id`` (which must exist)."""
    row = conn.execute(select(UploadBatch.uploaded_by, UploadBatch.rows_new,
                              UploadBatch.rows_revised, UploadBatch.rows_unchanged)
                       .where(UploadBatch.id == batch_id)).one()
    return BatchCounts(str(row.uploaded_by), int(row.rows_new), int(row.rows_revised),
                       int(row.rows_unchanged))


def find_committed_batch(conn: Connection, file_hash: str) -> int | None:
    """The id of a committed batch loaded from identical content, if any."""
    stmt = (select(UploadBatch.id)
            .where(UploadBatch.file_hash == file_hash, UploadBatch.status == "committed")
            .order_by(UploadBatch.id.desc()))
    return conn.execute(stmt).scalars().first()


def _ensure_periods(conn: Connection, frame: pd.DataFrame) -> dict[str, int]:
    periods = frame.loc[:, list(PERIOD_COLUMNS)].drop_duplicates("period_key")
    existing = dict(conn.execute(select(Period.key, Period.id)
                                 .where(Period.key.in_(list(periods["period_key"])))).all())
    missing = periods[~periods["period_key"].isin(list(existing))]
    if not missing.empty:
        conn.execute(insert(Period), [
            {"key": r.period_key, "type": r.period_type, "start_date": r.period_start,
             "end_date": r.period_end, "label": r.period_label}
            for r in missing.itertuples(index=False)
        ])
        existing = dict(conn.execute(select(Period.key, Period.id)
                                     .where(Period.key.in_(list(periods["period_key"])))).all())
    return existing


def _area_ids(conn: Connection, codes: Sequence[str]) -> dict[str, int]:
    found = dict(conn.execute(select(Area.code, Area.id).where(Area.code.in_(list(codes)))).all())
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise NotFoundError(f"Unknown area codes (run `scorecard init-db`?): {unknown[:10]}")
    return found


def _clean(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def commit_batch(engine: Engine, frame: pd.DataFrame, meta: BatchMeta,
                 issues: Sequence[ValidationIssue] = (), *,
                 after: AfterWrite | None = None) -> CommitResult:
    """Store ``frame`` as one batch in a single transaction: all rows or none.

    ``after(conn, changed_keys)`` runs inside the same transaction and under the same write
    lock once the rows are written (the judgements are recomputed there), so a crash or a
    failed write leaves either nothing or the batch with everything derived from it.
    """
    with engine.begin() as conn:
        serialise_writes(conn)
        earlier = find_committed_batch(conn, meta.file_hash)
        if earlier is not None:  # checked again under the write lock: no double load
            raise DuplicateBatchError(
                f"{meta.file_name} has already been loaded as batch {earlier}; nothing was "
                "written. Roll that batch back first if it must be loaded again.")
        planned = plan_changes(conn, frame)
        counts = planned["change"].value_counts() if not planned.empty else pd.Series(dtype=int)
        batch_id = conn.execute(insert(UploadBatch).values(
            file_name=meta.file_name, file_hash=meta.file_hash, file_size=meta.file_size,
            file_format=meta.file_format, sheets=json.dumps(list(meta.sheets)),
            uploaded_by=meta.uploaded_by, status="committed", rows_read=len(frame),
            rows_new=int(counts.get("new", 0)), rows_revised=int(counts.get("revised", 0)),
            rows_unchanged=int(counts.get("unchanged", 0)),
            error_count=sum(1 for i in issues if i.is_error),
            warning_count=sum(1 for i in issues if not i.is_error),
            acknowledged_reason=meta.acknowledged_reason, note=meta.note,
        ).returning(UploadBatch.id)).scalar_one()
        if issues:
            conn.execute(insert(ValidationIssueRow), [
                {"batch_id": batch_id, "code": i.code, "severity": i.severity.value,
                 "sheet": i.sheet, "row": i.row, "column": i.column,
                 "value": i.value[:2000], "message": i.message} for i in issues])
        kept = planned["change"].ne("unchanged").to_numpy() if not planned.empty else None
        changed = planned if kept is None or kept.all() else planned[kept]
        if not changed.empty:
            _write_rows(conn, changed, batch_id)
        audit.record(conn, user=meta.uploaded_by, action="batch-commit",
                     entity_type="upload_batch", entity_id=str(batch_id),
                     after={"file": meta.file_name, "hash": meta.file_hash,
                            "new": int(counts.get("new", 0)),
                            "revised": int(counts.get("revised", 0))},
                     detail=meta.acknowledged_reason)
        keys = changed.loc[:, list(KEY_COLUMNS)] if not changed.empty else pd.DataFrame()
        del planned, changed  # the judgements' recompute needs only the keys: free the rows
        if after is not None:
            after(conn, keys)
    return CommitResult(batch_id, int(counts.get("new", 0)), int(counts.get("revised", 0)),
                        int(counts.get("unchanged", 0)), keys)


def _write_rows(conn: Connection, changed: pd.DataFrame, batch_id: int) -> None:
    period_ids = _ensure_periods(conn, changed)
    area_ids = _area_ids(conn, sorted(changed["area_code"].unique().tolist()))
    now = utcnow()
    revised_ids = [int(i) for i in changed.loc[changed["change"] == "revised", "old_id"]]
    for start in range(0, len(revised_ids), 500):
        conn.execute(update(Observation)
                     .where(Observation.id.in_(revised_ids[start:start + 500]))
                     .values(is_current=False, superseded_at=now))
    origins: dict[tuple[Any, Any], int] = {}
    for start in range(0, len(changed), WRITE_ROWS):  # a part's Python values at a time
        part = changed.iloc[start:start + WRITE_ROWS]
        columns = _columns(conn, part, area_ids, period_ids, batch_id)
        columns |= store_origins(conn, _column(part, "source"), _column(part, "source_cell"),
                                 batch_id, now, origins)
        insert_columns(conn, Observation, columns)


def _column(frame: pd.DataFrame, column: str) -> list[Any]:
    """``column`` of ``frame`` as plain Python values, missing ones (and a missing column) as
    None."""
    if column not in frame.columns:
        return [None] * len(frame)
    series = frame[column]
    values = series.astype(object).where(series.notna(), None).tolist()
    if series.dtype == object:  # may hold numpy scalars the drivers cannot bind
        return [_clean(v) for v in values]
    return values


def _columns(conn: Connection, changed: pd.DataFrame, area_ids: dict[str, int],
             period_ids: dict[str, int], batch_id: int) -> dict[str, list[Any]]:
    """The observation rows to insert for ``changed``, column by column (no dictionary per
    row: a national file's rows in a fraction of the time a row-by-row build takes)."""
    pairs = list(zip(changed["indicator_id"], changed["breakdown"], strict=True))
    series = series_ids(conn, pairs)
    columns: dict[str, list[Any]] = {
        "series_id": [series[pair] for pair in pairs],
        "area_id": changed["area_code"].map(area_ids).tolist(),
        "period_id": changed["period_key"].map(period_ids).tolist(),
        **{c: _column(changed, c) for c in (*VALUE_COLUMNS, *STORED_TEXT)},
    }
    columns["ci_source"] = figure_codes("ci_source", [v or "none" for v in columns["ci_source"]])
    columns["status"] = figure_codes("status", [v or "final" for v in columns["status"]])
    columns["illustrative"] = [bool(v) for v in _column(changed, "illustrative")]
    revised = (changed["change"] == "revised").to_numpy()
    columns["supersedes_id"] = [int(old) if is_revised else None for old, is_revised in
                                zip(_column(changed, "old_id"), revised, strict=True)]
    count = len(changed)
    columns.update(batch_id=[batch_id] * count, is_current=[True] * count)
    return columns
