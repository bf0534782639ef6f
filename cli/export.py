"""``scorecard export``: the scorecard for an area and quarter (or a Board snapshot) to a file,
or to standard output without ``--out``."""

from __future__ import annotations

import argparse
import sys
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
    parser.add_argument("--out", type=Path,
                        help="file to write (default: standard output; xlsx and pdf need a "
                             "file or a redirection)")


@command("export", "write the scorecard for an area and quarter to a file or standard output",
         _arguments)
def export(args: argparse.Namespace, settings: Settings) -> int:
    """Write live figures (``--period``, by default the area's latest quarter) or a frozen
    Board snapshot (``--snapshot``) to ``--out``, else to standard output (a binary format
    only when it is redirected)."""
    if args.out is None and args.format != "csv" and sys.stdout.isatty():
        print(f"scorecard export: a {args.format} file is not shown on a terminal; give "
              f"--out FILE or redirect standard output")
        return 2
    # Use cases imported when the command runs (start-up time: `scorecard --help` under 1 s).
    if args.snapshot is not None:
        from services.snapshots import snapshot_data, write_snapshot_export
        if args.out is None:
            return _to_stdout(snapshot_data(settings, args.snapshot, args.format))
        path = write_snapshot_export(settings, args.snapshot, args.format, args.out)
    else:
        from services.exports import export_data, write_export
        area = area_or_default(args.area, settings)
        if args.out is None:
            return _to_stdout(export_data(settings, area, args.period, args.format))
        path = write_export(settings, area, args.period, args.format, args.out)
    print(f"Wrote {path}")
    return 0


def _to_stdout(data: bytes) -> int:
    """Write the export's bytes to standard output, unchanged."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0
