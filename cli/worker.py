"""``scorecard worker``: run background jobs (board packs, large uploads): from the RQ queue
when ``REDIS_URL`` is set, else from the job table."""

from __future__ import annotations

import argparse
import importlib
import time

from cli.registry import command
from settings import Settings


def _worker_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--once", action="store_true", help="run queued jobs, then stop")
    parser.add_argument("--poll", type=float, default=2.0, help="seconds between checks")


@command("worker", "run background jobs (board packs, large uploads): from the RQ queue "
         "when REDIS_URL is set, else from the job table", _worker_arguments)
def worker(args: argparse.Namespace, settings: Settings) -> int:
    """Run queued jobs until interrupted (with ``--once``, until none is left)."""
    # The runner imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from server import jobs
    from store.engine import make_engine
    engine = make_engine(settings.database_url)
    for module in jobs.HANDLER_MODULES:
        importlib.import_module(module)
    try:
        if settings.redis_url:  # the RQ queue every web instance puts jobs on
            jobs.work(engine, settings.redis_url, burst=args.once)
            return 0
        print(f"Worker {jobs.WORKER_NAME} waiting for jobs", flush=True)
        while True:
            jobs.recover(engine)
            ran = jobs.run_next(engine)
            if ran is None:
                if args.once:
                    return 0
                time.sleep(args.poll)
    except KeyboardInterrupt:
        return 0
    finally:
        engine.dispose()
