"""Uploads end to end: validate and preview, commit as one batch, roll back; the template.

The same functions sit behind ``scorecard load`` and the upload routes. A file is validated in
full before anything is written; a commit is one transaction holding the rows and the
judgements recomputed from them (all or none); a file whose content was committed before is
refused.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from loaders import FileLimits, LoadContext, LoadResult, validate_file, write_template
from loaders.rules import make_issue
from services import results
from services.catalogue import Indicators, given_or_shared, use_site_entries
from services.stored_figures import StoredFigures
from services.write_faults import committed_despite, rolled_back_despite
from settings import Settings
from store import queries
from store.batches import (
    COMPARED_COLUMNS,
    KEY_COLUMNS,
    BatchMeta,
    CommitResult,
    commit_batch,
    find_committed_batch,
    plan_changes,
    rollback_batch,
)
from store.compact import reclaim_space, refresh_statistics
from store.engine import Connection, DriverFailure, Engine
from store.faults import find_fault
from store.judgements import has_judgements

#: Most revised rows and rating flips listed in a preview's JSON.
PREVIEW_LIMIT = 1000
FLIP_COLUMNS = ["indicator_id", "area_code", "period_key", "breakdown", "period_label",
                "old_rag", "new_rag"]


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size in bytes of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def load_context(engine: Engine, settings: Settings, catalogue: Indicators = None
                 ) -> LoadContext:
    """Reference data for the loaders, read from the store and ``catalogue`` (by default the
    catalogue read once per process, with the site's additions and mappings)."""
    if catalogue is None:
        use_site_entries(engine)
    with engine.connect() as conn:
        areas = queries.areas(conn)
    return LoadContext(
        catalogue=given_or_shared(catalogue), areas=areas,
        limits=FileLimits(max_bytes=settings.max_upload_bytes, max_rows=settings.max_rows),
        previous=StoredFigures(engine))


def previous_values(engine: Engine, keys: pd.DataFrame) -> pd.DataFrame:
    """Stored current figures (value, numerator, denominator, published limits) for the given
    indicator x area x period x breakdown keys."""
    return StoredFigures(engine)(keys)


@dataclass
class Preview:
    """A validated file and what committing it would change."""

    result: LoadResult
    file_hash: str
    file_size: int
    already_loaded: int | None = None
    planned: pd.DataFrame = field(default_factory=pd.DataFrame)
    flips: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FLIP_COLUMNS))

    @property
    def valid(self) -> bool:
        return self.result.valid

    @property
    def counts(self) -> dict[str, int]:
        changes = (self.planned["change"].value_counts() if "change" in self.planned
                   else pd.Series(dtype=int))
        return {k: int(changes.get(k, 0)) for k in ("new", "revised", "unchanged")}

    def revisions(self) -> list[dict[str, Any]]:
        """Each revised figure with its changed fields as ``[old, new]``."""
        if "change" not in self.planned:
            return []
        revised = self.planned[self.planned["change"] == "revised"].head(PREVIEW_LIMIT)
        out = []
        for row in revised.to_dict("records"):
            changed = {c: [_plain(row[f"old_{c}"]), _plain(row[c])] for c in COMPARED_COLUMNS
                       if _plain(row[f"old_{c}"]) != _plain(row[c])}
            out.append({**{k: row[k] for k in KEY_COLUMNS}, "period_label": row["period_label"],
                        "source_cell": row["source_cell"], "changes": changed})
        return out

    def to_dict(self) -> dict[str, Any]:
        """The preview as plain JSON-ready data."""
        report = self.result.report
        return {
            "file": self.result.file_name, "format": self.result.file_format,
            "hash": self.file_hash, "size": self.file_size, "sheets": self.result.sheets,
            "valid": self.valid, "rows_read": report.rows_read, "rows_valid": report.rows_valid,
            "errors": len(report.errors), "warnings": len(report.warnings),
            "already_loaded": self.already_loaded, "counts": self.counts,
            "notes": self.result.notes, "issues": report.to_records(),
            "revisions": self.revisions(),
            "flips": [{k: _plain(v) for k, v in r.items()}
                      for r in self.flips.head(PREVIEW_LIMIT).to_dict("records")],
        }


@dataclass
class UploadOutcome:
    """The end of one load: committed, rejected, or (dry run) valid."""

    preview: Preview
    status: str
    commit: CommitResult | None = None

    @property
    def batch_id(self) -> int | None:
        return self.commit.batch_id if self.commit else None

    @property
    def rows_written(self) -> int:
        """Figures the commit stored (new and revised); 0 when nothing was committed."""
        return self.commit.rows_new + self.commit.rows_revised if self.commit else 0

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "batch_id": self.batch_id, **self.preview.to_dict()}


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


#: Codes of the issues a preview adds from the store rather than from the file.
_STORE_ISSUES = frozenset({"already-loaded"})


def preview_upload(engine: Engine, settings: Settings, path: Path, file_name: str | None = None,
                   *, flips: bool = True, context: LoadContext | None = None) -> Preview:
    """Validate the file and work out what committing it would change (nothing is written)."""
    file_hash, size = file_digest(path)
    context = context or load_context(engine, settings)
    result = validate_file(path, context, file_name)
    return _examine(engine, result, file_hash, size, flips=flips, indicators=context.catalogue)


def _examine(engine: Engine, result: LoadResult, file_hash: str, size: int, *,
             flips: bool, indicators: Indicators = None) -> Preview:
    """The preview of a checked file: whether it was loaded before, the changes it plans and
    (with ``flips``) the ratings they would change as ``indicators`` judge them, as the store
    stands now."""
    preview = Preview(result, file_hash, size)
    with engine.connect() as conn:
        preview.already_loaded = find_committed_batch(conn, file_hash)
        if preview.already_loaded is not None:
            result.report.add(make_issue("already-loaded", file=result.file_name,
                                         batch=preview.already_loaded))
        if result.valid and not result.frame.empty:
            preview.planned = plan_changes(conn, result.frame)
            if flips and _has_ratings(conn, preview.planned):
                preview.flips = results.rag_flips(conn, preview.planned,
                                                  indicators=indicators)
    return preview


def _has_ratings(conn: Connection, planned: pd.DataFrame) -> bool:
    """Whether any rating is stored for the file's indicators (else none can flip)."""
    return has_judgements(conn, sorted(set(planned["indicator_id"])))


def _recheck(engine: Engine, path: Path, file_name: str | None, checked: Preview | None
             ) -> Preview | None:
    """``checked`` examined again against the store as it stands now, without validating the
    file again, when it is the preview of this very file (same name, same content hash);
    otherwise None."""
    if checked is None or checked.result.file_name != (file_name or path.name):
        return None
    file_hash, size = file_digest(path)
    if file_hash != checked.file_hash:
        return None
    report = dataclasses.replace(checked.result.report, issues=[
        i for i in checked.result.report.issues if i.code not in _STORE_ISSUES])
    result = dataclasses.replace(checked.result, report=report, sheets=list(
        checked.result.sheets), notes=list(checked.result.notes))
    return _examine(engine, result, file_hash, size, flips=False)


def commit_upload(engine: Engine, settings: Settings, path: Path, file_name: str | None = None,
                  *, user: str = "", acknowledged_reason: str | None = None,
                  note: str | None = None, context: LoadContext | None = None,
                  checked: Preview | None = None) -> UploadOutcome:
    """Check the file and, when there are no errors and any warnings are acknowledged, commit.

    The file is validated again unless ``checked`` is its preview and the file's content is
    unchanged since (same SHA-256): then the checked rows and issues are reused, and only what
    depends on the store (loaded before, the changes planned) is worked out again. The batch
    and the recomputed judgements of the indicators it touches are written in one
    transaction: all of it or none. Rejected files leave the store untouched. A store fault
    raises :class:`~services.write_faults.WriteFailed` saying what was and was not stored.
    """
    preview = (_recheck(engine, path, file_name, checked)
               or preview_upload(engine, settings, path, file_name, flips=False,
                                 context=context))
    report = preview.result.report
    reason = (acknowledged_reason or "").strip() or None
    if report.valid and report.warnings and reason is None:
        report.add(make_issue("warnings-not-acknowledged", file=preview.result.file_name,
                              count=len(report.warnings)))
    if not report.valid:
        return UploadOutcome(preview, "rejected")
    notes = "\n".join(preview.result.notes)
    meta = BatchMeta(file_name=preview.result.file_name, file_hash=preview.file_hash,
                     file_size=preview.file_size, file_format=preview.result.file_format,
                     sheets=preview.result.sheets, uploaded_by=user,
                     acknowledged_reason=reason if report.warnings else None,
                     note="\n".join(n for n in (note, notes) if n) or None)
    try:
        commit = commit_batch(engine, preview.result.frame, meta, report.issues,
                              after=results.store_judgements)
    except Exception as error:  # a driver error, maybe wrapped by pandas on the way up
        fault = find_fault(error)
        if not isinstance(fault, DriverFailure):
            raise
        commit = committed_despite(engine, meta, fault)
    return UploadOutcome(preview, "committed", commit)


def compact_after(engine: Engine, outcomes: Sequence[UploadOutcome]) -> bool:
    """After loads run from the command line or a background job (never a web request: the
    rewrite holds the store's write lock), give back the space they left unused on SQLite
    (:func:`store.compact.reclaim_space`) and refresh PostgreSQL's planner statistics
    (:func:`store.compact.refresh_statistics`); whether the SQLite store was rewritten."""
    written = sum(o.rows_written for o in outcomes)
    refresh_statistics(engine, rows_written=written)
    return reclaim_space(engine, rows_written=written)


def rollback_upload(engine: Engine, batch_id: int, user: str = "") -> pd.DataFrame:
    """Withdraw a batch, restore what it superseded, and recompute the judgements, all in one
    transaction."""
    try:
        return rollback_batch(engine, batch_id, user, after=results.store_judgements)
    except Exception as error:  # a driver error, maybe wrapped by pandas on the way up
        fault = find_fault(error)
        if not isinstance(fault, DriverFailure):
            raise
        return rolled_back_despite(engine, batch_id, fault)


def template_bytes(engine: Engine, kind: str = "xlsx", catalogue: Indicators = None
                   ) -> bytes:
    """The upload template listing the indicators of ``catalogue`` (by default the catalogue
    read once per process) and the store's areas."""
    with engine.connect() as conn:
        areas = queries.areas(conn)
    return write_template(given_or_shared(catalogue), areas, kind)
