"""Load the demo files through the same validation and commit as a user's upload.

Each file goes through :func:`services.uploads.preview_upload` and
:func:`services.uploads.commit_upload`, in order, as one batch. Warnings are acknowledged only
where the published data deserves them: each file lists the warning codes it is expected to
raise and the reason they are accepted, and a file raising any other warning is not committed.
A file whose content was committed before is skipped, so loading twice changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from demo.build import demo_paths
from demo.definitions import load_demo_definitions
from demo.partnership import DEMO_PROFILE
from services.partnerships import load_profile_file
from services.uploads import commit_upload, file_digest, load_context, preview_upload
from settings import Settings
from store.batches import find_committed_batch
from store.engine import Engine, open_engine

_SCORECARD_JUMPS = (
    "The figures are Lancashire's as published in the CYPP scorecard (seed 002), printed with "
    "these changes: the looked-after GCSE cohort is small and its measure changed in 2014/15, "
    "and the pupil survey and child poverty figures moved by more than their usual range "
    "between years.")
_TF_SMALL = (
    "Aggregate counts of families for a district or the county, published in the Troubled "
    "Families update to the Trust Board (seed 002); they do not identify a family.")
_MODELLED_JUMPS = (
    "The modelled district counts share out the county's published count of each year, so "
    "they rise and fall between years as the county's count does.")
_MODELLED_RATES = (
    "The modelled district rates divide by the ONS mid-2023 populations aged 0-17 in every "
    "year, while the county's published rate uses that year's population, so the districts "
    "pool to a slightly different rate; their counts add up to the county's exactly.")
#: File name -> warning code -> the reason it is acknowledged.
ACKNOWLEDGED: dict[str, dict[str, str]] = {
    "01_scorecard_q2_2016-17.xlsx": {"implausible-jump": _SCORECARD_JUMPS},
    "02_troubled_families_2016-11.xlsx": {"small-count": _TF_SMALL},
    "03_scorecard_q3_2016-17.xlsx": {"implausible-jump": _SCORECARD_JUMPS},
    "04_troubled_families_2017-02.xlsx": {"small-count": _TF_SMALL},
    "07_districts_cp_cla_modelled.xlsx": {"implausible-jump": _MODELLED_JUMPS,
                                          "districts-do-not-sum": _MODELLED_RATES},
}


@dataclass
class FileOutcome:
    """What happened to one demo file."""

    name: str
    status: str
    batch_id: int | None = None
    rows_read: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    warnings: Counter[str] = field(default_factory=Counter)
    reason: str | None = None
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        if self.status == "skipped":
            return f"{self.name}: already loaded as batch {self.batch_id}, skipped"
        counts = ", ".join(f"{v} {k}" for k, v in self.counts.items())
        warned = "; ".join(f"{n} {code}" for code, n in sorted(self.warnings.items()))
        text = f"{self.name}: {self.status}"
        if self.batch_id is not None:
            text += f" as batch {self.batch_id}"
        text += f", {self.rows_read} rows ({counts})"
        if warned:
            text += f"; warnings acknowledged: {warned}"
        return text


@dataclass
class DemoSummary:
    files: list[FileOutcome]
    definitions: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.status in ("committed", "skipped") for f in self.files)

    def lines(self) -> list[str]:
        out = [f.line() for f in self.files]
        for outcome in self.files:
            out += [f"  {outcome.name}: {p}" for p in outcome.problems]
        return out + self.definitions


def _reason(name: str, warnings: Counter[str]) -> tuple[str | None, list[str]]:
    """The acknowledgement for ``warnings``, or the warning codes that have none."""
    accepted = ACKNOWLEDGED.get(name, {})
    unexpected = sorted(set(warnings) - set(accepted))
    if unexpected or not warnings:
        return None, unexpected
    return " ".join(dict.fromkeys(accepted[code] for code in sorted(warnings))), []


def load_file(engine: Engine, settings: Settings, path: Path, user: str) -> FileOutcome:
    """Preview one file, then commit it with its acknowledged warnings (or skip or refuse)."""
    file_hash, _ = file_digest(path)
    with engine.connect() as conn:
        batch = find_committed_batch(conn, file_hash)
    if batch is not None:
        return FileOutcome(path.name, "skipped", batch_id=batch)
    context = load_context(engine, settings)
    preview = preview_upload(engine, settings, path, flips=False, context=context)
    report = preview.result.report
    warnings = Counter(i.code for i in report.warnings)
    outcome = FileOutcome(path.name, "rejected", rows_read=report.rows_read,
                          counts=preview.counts, warnings=warnings)
    reason, unexpected = _reason(path.name, warnings)
    if not report.valid or unexpected:
        outcome.problems = [f"{i.code}: {i.message} ({i.location()})" for i in report.issues
                            if i.is_error or i.code in unexpected][:50]
        return outcome
    committed = commit_upload(engine, settings, path, user=user, acknowledged_reason=reason,
                              note="Demo data: `scorecard demo` (docs/demo-data.md).",
                              context=context, checked=preview)
    outcome.status = committed.status
    outcome.batch_id = committed.batch_id
    outcome.reason = reason
    if committed.commit is not None:
        outcome.counts = {"new": committed.commit.rows_new,
                          "revised": committed.commit.rows_revised,
                          "unchanged": committed.commit.rows_unchanged}
    else:
        outcome.problems = [f"{i.code}: {i.message}" for i in
                            committed.preview.result.report.errors][:50]
    return outcome


def load_demo(settings: Settings, user: str = "demo",
              paths: list[Path] | None = None) -> DemoSummary:
    """Load the demo files (by default those in ``settings.demo_dir``) in order.

    The demo partnership's profile (:mod:`demo.partnership`) is stored first, so the
    districts, footprints and teams the files report exist. Stops at the first file that is
    neither committed nor skipped, so later files never load on top of a missing one.
    """
    outcomes: list[FileOutcome] = []
    with open_engine(settings) as engine:
        profile = load_profile_file(engine, DEMO_PROFILE, user)
        if not profile.report.valid:
            return DemoSummary([FileOutcome(DEMO_PROFILE.name, "rejected", problems=[
                f"{issue.location()}: {issue.message}" for issue in profile.report.errors])])
        for path in paths if paths is not None else demo_paths(settings):
            outcome = load_file(engine, settings, path, user)
            outcomes.append(outcome)
            if outcome.status not in ("committed", "skipped"):
                break
        summary = DemoSummary(outcomes)
        if summary.ok:
            summary.definitions = load_demo_definitions(engine, user)
    return summary
