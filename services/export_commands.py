"""``scorecard export``: the scorecard for an area and quarter (or a Board snapshot) to a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli import command
from services.arguments import store_id
from services.exports import FORMATS, write_export
from settings import Settings


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--area", default="E10000017",
                        help="area code (default E10000017, Lancashire)")
    parser.add_argument("--period",
                        help='reporting quarter, e.g. "Q3 16/17" or "Q3 2016/17"')
    parser.add_argument("--snapshot", type=store_id,
                        help="export this Board snapshot (as frozen) instead of live figures")
    parser.add_argument("--format", choices=sorted(FORMATS), default="csv",
                        help="csv (the table), xlsx (workbook) or pdf (board pack)")
    parser.add_argument("--out", type=Path, required=True, help="file to write")


@command("export", "write the scorecard for an area and quarter to a file", _arguments)
def export(args: argparse.Namespace, settings: Settings) -> int:
    if args.snapshot is not None:
        from services.snapshots import write_snapshot_export
        path = write_snapshot_export(settings, args.snapshot, args.format, args.out)
    elif not args.period:
        print("scorecard export: give --period (or --snapshot ID)")
        return 2
    else:
        path = write_export(settings, args.area, args.period, args.format, args.out)
    print(f"Wrote {path}")
    return 0
