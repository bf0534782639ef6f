"""``scorecard pull fingertips`` and ``scorecard pull ees``: fetch published figures and load
what changed.

Exit status 0: loaded, or nothing changed (no batch is created); 1: the figures were rejected
(the report says why; nothing was stored) or the service could not be used (one line saying
why; nothing was stored). Each run is recorded and listed on the admin page.
"""

from __future__ import annotations

import argparse
import sys

from cli.registry import command
from cli.store import store_engine
from domain.roles import Role
from settings import Settings


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", choices=["fingertips", "ees"],
                        help="fingertips: the catalogue's mapped Fingertips ids "
                        "(SCORECARD_FINGERTIPS_URL); ees: the data sets in "
                        "SCORECARD_EES_DATA_SETS (SCORECARD_EES_URL)")
    parser.add_argument("--dry-run", action="store_true",
                        help="fetch, check and preview only; store no figures")
    parser.add_argument("--user", default=None, help="account the batch is recorded under "
                        "(a performance officer or above; default 'cli')")
    parser.add_argument("--acknowledge-warnings", metavar="REASON", default=None,
                        help="accept the pulled figures' warnings for this reason")


@command("pull", "fetch published figures from Fingertips or DfE EES and load what changed",
         _arguments)
def pull_command(args: argparse.Namespace, settings: Settings) -> int:
    """Pull one source; print one line saying how it ended."""
    # Use cases imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from cli.load import _acting_user
    from services.pulls import pull
    engine = store_engine(settings)
    try:
        user = _acting_user(engine, args.user, Role.PERFORMANCE_OFFICER)
        outcome = pull(engine, settings, args.source, user=user, dry_run=args.dry_run,
                       acknowledged_reason=args.acknowledge_warnings)
    finally:
        engine.dispose()
    line = f"scorecard pull {args.source}: {outcome.status}: {outcome.message}"
    if outcome.status in ("failed", "rejected"):
        print(line, file=sys.stderr)
        if outcome.upload is not None:
            for issue in outcome.upload.preview.result.report.issues[:20]:
                print(f"  {issue.severity.value}: {issue.message}", file=sys.stderr)
        return 1
    print(line)
    return 0
