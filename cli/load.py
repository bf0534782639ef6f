"""``scorecard load``, ``template``, ``rollback`` and ``batches``: uploads and their batches
from the command line.

``scorecard load PATH... [--dry-run] [--json] [--user NAME] [--acknowledge-warnings REASON]``
validates each file in full and commits it as one batch (all rows or none). Exit status 0 means
every file was loaded (or, with ``--dry-run``, is valid); 1 means at least one was rejected and
nothing of it was stored; the report says why, as JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.arguments import store_id
from cli.registry import command
from cli.store import store_engine
from domain.errors import StoreError
from domain.roles import Role
from settings import Settings

if TYPE_CHECKING:
    from services.uploads import UploadOutcome
    from store.engine import Engine

SHOWN_ISSUES = 50


def _acting_user(engine: Engine, name: str | None, role: Role) -> str:
    """Who the batch is recorded under: a checked account, or "cli" when none is named."""
    # Imported when a command runs (start-up time: `scorecard --help` under 1 s).
    from services.accounts import require_account
    return "cli" if name is None else require_account(engine, name, role).username


def _load_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="xlsx, xlsm or csv files (template, mapped wide sheets, DfE LAIT "
                        "or Fingertips extracts); each is loaded all-or-nothing")
    parser.add_argument("--dry-run", action="store_true",
                        help="validate and preview only; store nothing")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--user", default=None, help="account loading the files (a performance "
                        "officer or above; default: recorded as 'cli')")
    parser.add_argument("--acknowledge-warnings", metavar="REASON", default=None,
                        help="accept the files' warnings for this reason (kept with the batch)")


@command("load", "validate and load spreadsheets of figures", _load_arguments)
def load(args: argparse.Namespace, settings: Settings) -> int:
    """Validate each file in full and commit it as one batch, or with ``--dry-run`` preview."""
    # Use cases imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from services.uploads import (
        UploadOutcome,
        commit_upload,
        compact_after,
        load_context,
        preview_upload,
    )
    from services.write_faults import WriteFailed
    missing = [str(p) for p in args.paths if not p.is_file()]
    if missing:
        raise StoreError(f"No such file: {', '.join(missing)}")
    engine = store_engine(settings)
    outcomes: list[UploadOutcome] = []
    try:
        user = _acting_user(engine, args.user, Role.PERFORMANCE_OFFICER)
        for path in args.paths:
            context = load_context(engine, settings)
            if args.dry_run:
                preview = preview_upload(engine, settings, path, path.name, context=context)
                outcomes.append(UploadOutcome(preview, "valid" if preview.valid else "rejected"))
            else:
                outcomes.append(commit_upload(
                    engine, settings, path, path.name,
                    user=user,
                    acknowledged_reason=args.acknowledge_warnings, context=context))
        compact_after(engine, outcomes)
    except WriteFailed:
        for outcome in outcomes:  # say what was stored before the fault
            _print_outcome(outcome)
        raise
    finally:
        engine.dispose()
    ok = all(o.status != "rejected" for o in outcomes)
    if args.json:
        print(json.dumps(_json_report(outcomes, ok), indent=2, default=str))
    else:
        for outcome in outcomes:
            _print_outcome(outcome)
    return 0 if ok else 1


def _json_report(outcomes: list[UploadOutcome], ok: bool) -> dict[str, Any]:
    files = [o.to_dict() for o in outcomes]
    return {"ok": ok, "files": files,
            "issues": [issue for f in files for issue in f["issues"]]}


def _print_outcome(outcome: UploadOutcome) -> None:
    preview = outcome.preview
    result, report, counts = preview.result, preview.result.report, preview.counts
    changes = (f"{counts['new']:,} new, {counts['revised']:,} revised, "
               f"{counts['unchanged']:,} unchanged")
    if outcome.status == "committed":
        print(f"{result.file_name}: loaded as batch {outcome.batch_id} with its ratings "
              f"recomputed ({changes}; {len(report.warnings)} warning(s) acknowledged)")
    elif outcome.status == "valid":
        print(f"{result.file_name}: valid ({result.file_format}); would load {changes}; "
              f"{len(report.warnings)} warning(s)")
        for revision in preview.revisions()[:20]:
            fields = "; ".join(f"{k} {v[0]} -> {v[1]}" for k, v in revision["changes"].items())
            print(f"  revised {revision['indicator_id']} {revision['area_code']} "
                  f"{revision['period_label']}: {fields}")
        for flip in preview.flips.head(20).to_dict("records"):
            print(f"  RAG {flip['indicator_id']} {flip['area_code']} {flip['period_label']}: "
                  f"{flip['old_rag']} -> {flip['new_rag']}")
    else:
        print(f"{result.file_name}: REJECTED with {len(report.errors)} error(s) and "
              f"{len(report.warnings)} warning(s); nothing was stored.", file=sys.stderr)
    for note in result.notes:
        print(f"  note: {note}")
    stream = sys.stderr if outcome.status == "rejected" else sys.stdout
    for issue in report.issues[:SHOWN_ISSUES]:
        where = issue.location().replace(f"{result.file_name}, ", "", 1)
        print(f"  {issue.severity.value:7} [{issue.code}] {where}: {issue.message}", file=stream)
    if len(report.issues) > SHOWN_ISSUES:
        print(f"  ... {len(report.issues) - SHOWN_ISSUES} more; use --json for all.",
              file=stream)


def _template_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True,
                        help="file to write: .xlsx (with a README sheet) or .csv")


@command("template", "write the upload template (xlsx with README, or csv)",
         _template_arguments)
def template(args: argparse.Namespace, settings: Settings) -> int:
    """Write the upload template as xlsx (with its README sheet) or csv."""
    # Use case imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from services.uploads import template_bytes
    kind = args.out.suffix.lower().lstrip(".")
    if kind not in ("xlsx", "csv"):
        raise StoreError(f"--out must end in .xlsx or .csv, not '{args.out.suffix}'")
    engine = store_engine(settings)
    try:
        args.out.write_bytes(template_bytes(engine, kind))
    finally:
        engine.dispose()
    print(f"Wrote {args.out}")
    return 0


def _rollback_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("batch_id", type=store_id, metavar="BATCH_ID", help="batch to withdraw")
    parser.add_argument("--user", default=None, help="account rolling back (an approver or "
                        "above; default: recorded as 'cli')")


@command("rollback", "withdraw a loaded batch and restore the values it replaced",
         _rollback_arguments)
def rollback(args: argparse.Namespace, settings: Settings) -> int:
    """Withdraw a batch and restore the values it replaced."""
    # Use case imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from services.uploads import rollback_upload
    engine = store_engine(settings)
    try:
        keys = rollback_upload(engine, args.batch_id,
                               _acting_user(engine, args.user, Role.APPROVER))
    finally:
        engine.dispose()
    print(f"Batch {args.batch_id} rolled back: {len(keys):,} figure(s) withdrawn and the "
          "values they replaced restored.")
    return 0


@command("batches", "list loaded batches, newest first")
def batches(args: argparse.Namespace, settings: Settings) -> int:
    """List the loaded batches, newest first."""
    # Imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from store import queries
    engine = store_engine(settings)
    try:
        with engine.connect() as conn:
            frame = queries.batches(conn)
    finally:
        engine.dispose()
    if frame.empty:
        print("No batches loaded yet.")
        return 0
    for row in frame.to_dict("records"):
        reason = row["acknowledged_reason"]  # NaN, not None, when no batch has a reason
        ack = f"; warnings accepted: {reason}" if isinstance(reason, str) and reason else ""
        print(f"{row['id']:>5}  {row['status']:<11} {str(row['uploaded_at'])[:19]}  "
              f"{row['uploaded_by'] or '-':<12} {row['file_name']}  "
              f"({row['rows_new']} new, {row['rows_revised']} revised, "
              f"{row['warning_count']} warnings{ack})")
    return 0
