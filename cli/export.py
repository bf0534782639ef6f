"""``scorecard export``: the scorecard for an area and quarter (or a Board snapshot) to a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.arguments import AREA_HELP, area_or_default, store_id
from cli.registry import command
from settings import Settings


def export_format(text: str) -> str:
    """One of the formats the exports write (csv, xlsx, pdf)."""
    # Imported when the option is parsed (start-up time: `scorecard --help` under 1 s).
    from services.exports import FORMATS
    if text not in FORMATS:
        choices = ", ".join(repr(name) for name in sorted(FORMATS))
        raise argparse.ArgumentTypeError(f"invalid choice: {text!r} (choose from {choices})")
    return text


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--area", help=AREA_HELP)
    parser.add_argument("--period",
                        help='reporting quarter, e.g. "Q3 16/17" or "Q3 2016/17" (default: the '
                        "quarter of the latest figure held for the area)")
    parser.add_argument("--snapshot", type=store_id,
                        help="export this Board snapshot (as frozen) instead of live figures")
    parser.add_argument("--format", type=export_format, default="csv", metavar="FORMAT",
                        help="csv (the table), xlsx (workbook) or pdf (board pack)")
    parser.add_argument("--out", type=Path, required=True, help="file to write")


@command("export", "write the scorecard for an area and quarter to a file", _arguments)
def export(args: argparse.Namespace, settings: Settings) -> int:
    """Write live figures (``--period``, by default the area's latest) or a frozen Board
    snapshot (``--snapshot``)."""
    if args.snapshot is not None:
        # Use cases imported when the command runs (start-up time: `scorecard --help` under 1 s).
        from services.snapshots import write_snapshot_export
        path = write_snapshot_export(settings, args.snapshot, args.format, args.out)
    else:
        from services.exports import write_export
        path = write_export(settings, area_or_default(args.area, settings), args.period,
                            args.format, args.out)
    print(f"Wrote {path}")
    return 0
