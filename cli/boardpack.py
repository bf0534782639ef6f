"""``scorecard snapshot``, ``scorecard snapshots`` and ``scorecard commentary ...``.

The command line has no sign-in, so each command names the account it acts for
(``--approver`` / ``--author``) and that account must exist, be active and hold the role the
web app would require: approver for snapshots and approvals, performance officer for writing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.arguments import AREA_HELP, area_or_default, day, store_id
from cli.registry import command
from domain.roles import Role
from settings import Settings


def _snapshot_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--area", help=AREA_HELP)
    parser.add_argument("--period", required=True, help='reporting quarter, e.g. "Q3 16/17"')
    parser.add_argument("--meeting", required=True, type=day,
                        help="date of the Board meeting, e.g. 2017-03-14")
    parser.add_argument("--approver", required=True, help="approver's account name")
    parser.add_argument("--out", type=Path, help="folder to write the pack's PDF, xlsx and csv")


@command("snapshot", "freeze the scorecard for a Board meeting (approvers)",
         _snapshot_arguments)
def snapshot(args: argparse.Namespace, settings: Settings) -> int:
    """Freeze the scorecard for a meeting; with ``--out`` also write its PDF, xlsx and csv."""
    # Use cases imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from services.accounts import require_account
    from services.scorecard import reporting_quarter
    from services.snapshots import create_snapshot, render_snapshot
    from store.engine import make_engine
    engine = make_engine(settings.database_url)
    try:
        require_account(engine, args.approver, Role.APPROVER)
        made = create_snapshot(engine, settings, area_or_default(args.area, settings),
                               reporting_quarter(args.period), args.meeting, args.approver)
    finally:
        engine.dispose()
    print(f"Snapshot {made.id}: {made.content.meta.area_name} {made.content.meta.period_label}"
          f" for the Board of {args.meeting:%d %B %Y}, content hash {made.content_hash}")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for file_format in ("pdf", "xlsx", "csv"):
            path = args.out / f"board-snapshot-{made.id}.{file_format}"
            path.write_bytes(render_snapshot(made.content, made.content_hash, file_format))
            print(f"Wrote {path}")
    return 0


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--area", help="only this area")


@command("snapshots", "list Board snapshots", _list_arguments)
def snapshots(args: argparse.Namespace, settings: Settings) -> int:
    """List the Board snapshots, of one area with ``--area``."""
    # Use case imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from services.snapshots import list_snapshots
    from store.engine import make_engine
    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            frame = list_snapshots(conn, args.area)
    finally:
        engine.dispose()
    if frame.empty:
        print("No Board snapshots yet.")
    for row in frame.itertuples():
        print(f"{row.id:>4}  {row.area_code}  {row.period_label:<12} meeting {row.meeting_date}"
              f"  by {row.approver}  {str(row.content_hash)[:12]}")
    return 0


def _commentary_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="commentary_command", required=True)
    add = sub.add_parser("add", help="write (or edit) commentary for an indicator")
    add.add_argument("--indicator", required=True)
    add.add_argument("--area", help=AREA_HELP)
    add.add_argument("--period", required=True, help='reporting quarter, e.g. "Q3 16/17"')
    add.add_argument("--breakdown", default="all", help="district or breakdown (default all)")
    add.add_argument("--narrative", required=True)
    add.add_argument("--action", default="")
    add.add_argument("--owner", default="")
    add.add_argument("--due", type=day, help="action due date, e.g. 2017-06-30")
    add.add_argument("--author", required=True, help="author's account name")
    approve = sub.add_parser("approve", help="approve the newest version of a commentary")
    approve.add_argument("id", type=store_id)
    approve.add_argument("--approver", required=True)
    show = sub.add_parser("list", help="commentary for an area and quarter")
    show.add_argument("--area", help=AREA_HELP)
    show.add_argument("--period", required=True)
    show.add_argument("--indicator")
    show.add_argument("--history", action="store_true", help="include superseded versions")


@command("commentary", "write, approve and list commentary and actions",
         _commentary_arguments)
def commentary(args: argparse.Namespace, settings: Settings) -> int:
    """Add, approve or list commentary, acting for the named account."""
    # Use cases imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from services.accounts import require_account
    from services.commentary import (
        CommentaryDraft,
        add_commentary,
        approve_commentary,
        list_commentary,
    )
    from services.scorecard import reporting_quarter
    from store.engine import make_engine
    engine = make_engine(settings.database_url)
    try:
        if args.commentary_command == "add":
            require_account(engine, args.author, Role.PERFORMANCE_OFFICER)
            draft = CommentaryDraft(args.indicator, area_or_default(args.area, settings),
                                    reporting_quarter(args.period).key, args.narrative,
                                    args.action, args.owner, args.due, args.breakdown)
            print(f"Saved commentary {add_commentary(engine, draft, args.author)}; it needs "
                  f"approval before it goes into a board pack.")
        elif args.commentary_command == "approve":
            require_account(engine, args.approver, Role.APPROVER)
            approve_commentary(engine, args.id, args.approver)
            print(f"Approved commentary {args.id}.")
        else:
            with engine.connect() as conn:
                frame = list_commentary(conn, area_code=area_or_default(args.area, settings),
                                        period_key=reporting_quarter(args.period).key,
                                        indicator_id=args.indicator, history=args.history)
            for row in frame.itertuples():
                print(f"{row.id:>4}  {row.indicator_id:<32} {row.status:<18} {row.author:<12}"
                      f"  {str(row.narrative)[:60]}")
    finally:
        engine.dispose()
    return 0
