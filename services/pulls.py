"""Pulling published figures from OHID Fingertips and DfE Explore Education Statistics.

A pull fetches the services' own CSV answers, checks them (the columns the loaders need, no
record cut short), writes them to one file and loads that file through the same pipeline as an
upload: validation, preview, one atomic batch, rollback. So a pulled figure is checked exactly
as an uploaded one, and a pull that would blank a stored interval needs the same
acknowledgement. Nothing is written when a fetch fails. A pull whose figures all equal the
stored ones creates no batch (``unchanged``); a changed figure becomes a restatement in a batch
whose note names the source URL and the fetch time. Every pull is recorded in ``pull_run``.

Fingertips (``GET all_data/csv/by_indicator_id``): the catalogue's mapped ids, at most
:data:`ID_LIMIT` per request, for upper-tier authorities with their regions and England
(child area type :data:`COUNTY_AREA_TYPE`, parent :data:`REGION_AREA_TYPE`), then the
partnership's districts (:data:`DISTRICT_AREA_TYPE` under the county) where Fingertips
publishes them (a 404 means it does not). Rows of areas the store does not hold are left out by
the loader, with a note. EES (``GET data-sets/{id}/csv``): each configured data set's CSV,
following ``Total-Pages`` when the answer is paged; the EES loader maps its columns through the
catalogue's ``ees_indicator`` and ``ees_filter``.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from loaders.readers import decode_text
from loaders.remote import Answer, Fetcher, RemoteError, check_csv
from services.catalogue import catalogue, use_site_entries
from services.partnerships import default_area
from services.uploads import UploadOutcome, commit_upload, load_context, preview_upload
from settings import Settings
from store.engine import Engine
from store.pull_runs import finish_run, job_waiting, last_runs, last_started, start_run

ID_LIMIT = 100
COUNTY_AREA_TYPE, DISTRICT_AREA_TYPE, REGION_AREA_TYPE = "502", "501", "6"
FINGERTIPS_PATH = "all_data/csv/by_indicator_id"
FINGERTIPS_REQUIRED = ("Indicator ID", "Area Code", "Time period", "Value")
EES_REQUIRED = ("time_period", "time_identifier", "geographic_level")
SOURCES = ("fingertips", "ees")
#: The background job that refreshes the sources, and how often each is refreshed.
REFRESH_JOB = "pull-refresh"
REFRESH_EVERY = dt.timedelta(days=1)
SCHEDULED_USER = "scheduled"


@dataclass
class PullOutcome:
    """How one pull ended: ``loaded``, ``unchanged``, ``rejected`` or ``failed``."""

    source: str
    status: str
    message: str
    run_id: int
    upload: UploadOutcome | None = None

    @property
    def batch_id(self) -> int | None:
        return self.upload.batch_id if self.upload else None


def _fetcher(settings: Settings, service: str, base_url: str) -> Fetcher:
    return Fetcher(service, base_url, timeout=settings.pull_timeout,
                   attempts=settings.pull_attempts, backoff=settings.pull_backoff)


def _merge(service: str, answers: Sequence[Answer], required: Sequence[str]) -> str:
    """The CSV answers as one CSV text: one header, each distinct record once."""
    header: list[str] | None = None
    records: dict[tuple[str, ...], None] = {}
    for answer in answers:
        text = decode_text(answer.body)
        found = check_csv(service, answer.url, text, required)
        if header is None:
            header = found
        elif found != header:
            raise RemoteError(f"{service} answered {answer.url} with different columns from "
                              "its other answers; the service's format may have changed. "
                              "Nothing was stored.")
        rows = csv.reader(io.StringIO(text, newline=""))
        next(rows)
        records.update((tuple(r), None) for r in rows if any(c.strip() for c in r))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header or [])
    writer.writerows(records)
    return out.getvalue()


def fetch_fingertips_file(settings: Settings, ids: Sequence[int], folder: Path,
                          county: str | None = None) -> Path:
    """Fetch the Fingertips CSV of ``ids`` (and ``county``'s districts) into ``folder``."""
    answers: list[Answer] = []
    ordered = sorted(set(ids))
    with _fetcher(settings, "Fingertips", settings.fingertips_url) as fetcher:
        for start in range(0, len(ordered), ID_LIMIT):
            chunk = ",".join(str(i) for i in ordered[start:start + ID_LIMIT])
            answer = fetcher.get(FINGERTIPS_PATH, {
                "indicator_ids": chunk, "child_area_type_id": COUNTY_AREA_TYPE,
                "parent_area_type_id": REGION_AREA_TYPE})
            assert answer is not None
            answers.append(answer)
            if county:
                districts = fetcher.get(FINGERTIPS_PATH, {
                    "indicator_ids": chunk, "child_area_type_id": DISTRICT_AREA_TYPE,
                    "parent_area_type_id": COUNTY_AREA_TYPE, "parent_area_code": county},
                    missing_ok=True)
                if districts is not None and districts.body.strip():
                    answers.append(districts)
    path = folder / "fingertips-pull.csv"
    path.write_text(_merge("Fingertips", answers, FINGERTIPS_REQUIRED), encoding="utf-8")
    return path


def fetch_ees_file(settings: Settings, data_sets: Sequence[str], folder: Path) -> Path:
    """Fetch each EES data set's CSV (every page of it) into one file in ``folder``."""
    answers: list[Answer] = []
    with _fetcher(settings, "Explore Education Statistics", settings.ees_url) as fetcher:
        for data_set in data_sets:
            first = fetcher.get(f"data-sets/{data_set}/csv")
            assert first is not None
            answers.append(first)
            pages = int(first.headers.get("total-pages", "1") or 1)
            for page in range(2, pages + 1):
                more = fetcher.get(f"data-sets/{data_set}/csv", {"page": str(page)})
                assert more is not None
                answers.append(more)
    path = folder / "ees-pull.csv"
    path.write_text(_merge("Explore Education Statistics", answers, EES_REQUIRED),
                    encoding="utf-8")
    return path


def pull(engine: Engine, settings: Settings, source: str, *, user: str = "",
         acknowledged_reason: str | None = None, dry_run: bool = False) -> PullOutcome:
    """Fetch ``source`` ("fingertips" or "ees") and load what changed; record the run."""
    use_site_entries(engine)
    run_id = start_run(engine, source, user)
    fetched = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    try:
        with tempfile.TemporaryDirectory() as folder:
            with engine.connect() as conn:
                council = default_area(conn)
            path, where = _fetch(settings, source, Path(folder), council)
            outcome = _load(engine, settings, path, user, acknowledged_reason, dry_run,
                            f"Pulled from {where} at {fetched}.")
    except RemoteError as error:
        finish_run(engine, run_id, "failed", str(error))
        return PullOutcome(source, "failed", str(error), run_id)
    except Exception as error:  # a store fault while loading: say so on the run, then raise
        with contextlib.suppress(Exception):  # the store may be what failed
            finish_run(engine, run_id, "failed", f"{type(error).__name__}: the load failed; "
                       "see the batches list for what was stored.")
        raise
    status, message = _summary(outcome, dry_run)
    rows = outcome.preview.result.report.rows_read
    finish_run(engine, run_id, status, message, rows, outcome.batch_id)
    return PullOutcome(source, status, message, run_id, outcome)


def _fetch(settings: Settings, source: str, folder: Path,
           council: str | None) -> tuple[Path, str]:
    if source == "fingertips":
        ids = [i.fingertips_id for i in catalogue().values() if i.fingertips_id is not None]
        if not ids:
            raise RemoteError("No indicator in the catalogue has a fingertips_id; map one "
                              "with `scorecard catalogue map`. Nothing was fetched.")
        return (fetch_fingertips_file(settings, ids, folder, council),
                settings.fingertips_url)
    if source == "ees":
        if not settings.ees_data_sets:
            raise RemoteError("No EES data set is configured; set SCORECARD_EES_DATA_SETS to "
                              "the data set ids to pull. Nothing was fetched.")
        return fetch_ees_file(settings, settings.ees_data_sets, folder), settings.ees_url
    raise RemoteError(f"Unknown source '{source}'; pull one of {', '.join(SOURCES)}.")


def _load(engine: Engine, settings: Settings, path: Path, user: str,
          acknowledged_reason: str | None, dry_run: bool, note: str) -> UploadOutcome:
    """Preview the fetched file; commit it unless it changes nothing (or is a dry run)."""
    context = load_context(engine, settings)
    preview = preview_upload(engine, settings, path, path.name, flips=False, context=context)
    changes = preview.counts["new"] + preview.counts["revised"]
    if dry_run:
        return UploadOutcome(preview, "valid" if preview.valid else "rejected")
    if preview.already_loaded is not None or (preview.valid and changes == 0):
        return UploadOutcome(preview, "unchanged")
    return commit_upload(engine, settings, path, path.name, user=user,
                         acknowledged_reason=acknowledged_reason, note=note, context=context,
                         checked=preview)


def _summary(outcome: UploadOutcome, dry_run: bool) -> tuple[str, str]:
    preview = outcome.preview
    counts = preview.counts
    report = preview.result.report
    if outcome.status == "committed":
        return "loaded", (f"Batch {outcome.batch_id}: {counts['new']} new, "
                          f"{counts['revised']} restated, {counts['unchanged']} unchanged.")
    if outcome.status == "rejected":
        first = next((i.message for i in report.errors), "")
        return "rejected", f"{len(report.errors)} error(s), nothing stored. {first}".strip()
    if dry_run and outcome.status == "valid":
        return "checked", (f"Dry run: {counts['new']} new, {counts['revised']} restated, "
                           f"{counts['unchanged']} unchanged; nothing stored.")
    if preview.already_loaded is not None:
        return "unchanged", (f"The same figures as batch {preview.already_loaded}; no batch "
                             "created.")
    return "unchanged", (f"No figure changed ({counts['unchanged']} unchanged); no batch "
                         "created.")


def recent_runs(engine: Engine, limit: int = 10) -> pd.DataFrame:
    """The latest pulls of every source, newest first."""
    with engine.connect() as conn:
        runs = last_runs(conn, limit)
    runs["started_at"] = runs["started_at"].astype("string").str.slice(0, 16)
    return runs


def configured_sources(settings: Settings) -> list[str]:
    """The sources there is something to pull from: mapped Fingertips ids, EES data sets."""
    wanted = []
    if any(i.fingertips_id is not None for i in catalogue().values()):
        wanted.append("fingertips")
    if settings.ees_data_sets:
        wanted.append("ees")
    return wanted


def due_sources(engine: Engine, settings: Settings, now: dt.datetime) -> list[str]:
    """The configured sources not pulled (by hand or on schedule) within
    :data:`REFRESH_EVERY` of ``now`` (naive UTC, as the store keeps times)."""
    use_site_entries(engine)
    with engine.connect() as conn:
        started = {s: last_started(conn, s) for s in configured_sources(settings)}
    return [s for s, at in started.items() if at is None or now - at >= REFRESH_EVERY]


def refresh_due(engine: Engine, settings: Settings, now: dt.datetime) -> bool:
    """Whether a scheduled refresh should be submitted now: daily refresh switched on, a
    source due, and no refresh job already waiting or running."""
    if not settings.pull_daily:
        return False
    with engine.connect() as conn:
        if job_waiting(conn, REFRESH_JOB):
            return False
    return bool(due_sources(engine, settings, now))


def refresh(engine: Engine, settings: Settings, now: dt.datetime) -> dict[str, str]:
    """Pull every due source, loading only what changed; each source's result line.
    Warnings are not acknowledged on anyone's behalf: such a pull is recorded as rejected
    for an officer to load by hand."""
    results = {}
    for source in due_sources(engine, settings, now):
        outcome = pull(engine, settings, source, user=SCHEDULED_USER)
        results[source] = f"{outcome.status}: {outcome.message}"
    return results
