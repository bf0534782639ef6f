"""Scale benchmark: a national store built through the real load path, against the floor.

The national store holds synthetic figures at real area codes: the 153 current local
authorities, England, the 9 regions and the 12 districts, for every catalogue indicator over
``40 x scale`` periods each (the default ``--scale 1``, about 372,000 figures, is a national
store's size; ``--scale 0.1`` is a quick run, too small to show what grows). It is loaded as
one template CSV through :func:`services.uploads.commit_upload` (validation, planning, the
batch, the audit trail and the stored judgements, as ``scorecard load`` does). In the same
run it measures, each side in its own subprocess so peak memory (``ru_maxrss``) is per side
(the parent stays small: Linux carries the forking process's peak into the child's):

* the floor: ``pandas.read_csv`` + ``DataFrame.to_sql`` of the same file (time, memory, size);
* the national load against the floor (time and peak memory ratios), and the CPU time of
  the loading process against the floor's (steadier than wall time on a busy machine, but
  blind to the database server's own work on PostgreSQL);
* a 57-row upload (one figure per indicator for the demo's council, one period on) into the
  national store against the same upload into the demo store (``scorecard demo``), each the
  median of three uploads into fresh copies;
* the store's size against the floor's table of the raw figures;
* the scorecard view and the CSV export of the demo's council, national against demo (median of
  ``--repeats`` runs).

Usage: ``python benchmarks/bench_scale.py [--scale 1] [--repeats 15] [--backend both]``.
On PostgreSQL every store (and the floor) lives in a throwaway database, dropped after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
#: The last period of every generated series contains this day; the upload goes one period on.
LAST_DAY = dt.date(2025, 3, 31)
NATIONAL_TYPES = ("other_la", "county", "england", "region", "district")
REASON = "Synthetic figures for the scale benchmark."
#: Times the 57-row upload is measured on each store (a fresh copy each time; the median).
UPLOADS = 3


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _codes() -> list[str]:
    from domain.areas import reference_areas
    from settings import load_settings

    areas = reference_areas(load_settings().shared_data)
    current = areas[areas["type"].isin(NATIONAL_TYPES) & areas["valid_to"].isna()]
    return sorted(current["code"])


def _row(ind: Any, code: str, label: str, base: float, step: int) -> dict[str, object]:
    """One template row with a smooth, plausible figure (counts whole, rates consistent)."""
    denominator = round(base * (1 + 0.01 * step))
    numerator = round(denominator * 0.4)
    if ind.is_count:
        return {"indicator_id": ind.id, "area_code": code, "period": label, "value": numerator}
    return {"indicator_id": ind.id, "area_code": code, "period": label, "numerator": numerator,
            "denominator": denominator,
            "value": round(numerator / denominator * ind.multiplier, 3)}


def generate(path: Path, scale: float) -> int:
    """The national template CSV; how many figures it holds."""
    import numpy as np
    import pandas as pd

    from domain.catalogue import load_catalogue
    from domain.periods import period_containing
    from loaders.template import HEADINGS

    steps = max(2, round(40 * scale))
    random = np.random.default_rng(19)
    rows = []
    for ind in load_catalogue().values():
        last = period_containing(ind.period_type, LAST_DAY)
        labels = [last.previous(steps - 1 - i).label for i in range(steps)]
        for code in _codes():
            base = random.uniform(2000, 9000)
            rows += [_row(ind, code, label, base, step) for step, label in enumerate(labels)]
    pd.DataFrame(rows).reindex(columns=HEADINGS).to_csv(path, index=False)
    return len(rows)


def small_upload(path: Path) -> None:
    """57 rows: each indicator's figure for the default area one period after the last."""
    import pandas as pd

    from demo.partnership import demo_profile
    from domain.catalogue import load_catalogue
    from domain.periods import period_containing
    from loaders.template import HEADINGS

    area = demo_profile().council
    rows = [_row(ind, area, period_containing(ind.period_type, LAST_DAY).next().label,
                 5000.0, 40) for ind in load_catalogue().values()]
    pd.DataFrame(rows).reindex(columns=HEADINGS).to_csv(path, index=False)


# --- the sides, each run in its own subprocess -------------------------------------------

def floor_side(url: str, csv: str) -> dict[str, Any]:
    import pandas as pd
    from sqlalchemy import create_engine

    engine = create_engine(url)
    started, cpu = time.perf_counter(), time.process_time()
    frame = pd.read_csv(csv)
    frame.to_sql("observation", engine, index=False, chunksize=5000)
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
            "rows": len(frame), "bytes": store_bytes(url)}


def _load(url: str, csv: str) -> dict[str, Any]:
    from services.uploads import commit_upload, compact_after
    from settings import load_settings
    from store.engine import make_engine

    settings = load_settings(database_url=url, max_rows=10_000_000,
                             max_upload_bytes=1 << 34)
    engine = make_engine(url)
    started, cpu = time.perf_counter(), time.process_time()
    outcome = commit_upload(engine, settings, Path(csv), user="bench",
                            acknowledged_reason=REASON)
    compact_after(engine, [outcome])  # as `scorecard load` does after its files
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if outcome.commit is None:
        problems = [f"{i.code}: {i.message}" for i in outcome.preview.result.report.errors[:5]]
        raise SystemExit(f"{csv} was rejected: {problems}")
    engine.dispose()
    return {"seconds": seconds, "cpu": cpu,
            "rows": outcome.commit.rows_new + outcome.commit.rows_revised}


def national_side(url: str, csv: str) -> dict[str, Any]:
    from services.setup import initialise_store
    from settings import load_settings

    initialise_store(load_settings(database_url=url))
    return {**_load(url, csv), "bytes": store_bytes(url)}


def demo_side(url: str, folder: str) -> dict[str, Any]:
    from demo.build import build_demo_workbooks
    from demo.load import load_demo
    from services.setup import initialise_store
    from settings import load_settings

    settings = load_settings(database_url=url, demo_dir=Path(folder))
    initialise_store(settings)
    build_demo_workbooks(settings)
    summary = load_demo(settings)
    if not summary.ok:
        raise SystemExit("\n".join(summary.lines()))
    return {"bytes": store_bytes(url)}


def upload_side(url: str, csv: str) -> dict[str, Any]:
    return _load(url, csv)


def views_side(url: str, repeats: str) -> dict[str, Any]:
    from demo.partnership import demo_profile
    from services.exports import export_scorecard
    from services.scorecard import latest_reporting_quarter, scorecard_view
    from settings import load_settings
    from store.engine import make_engine

    settings = load_settings(database_url=url)
    engine = make_engine(url)
    area = demo_profile().council
    view, export = [], []
    with engine.connect() as conn:
        quarter = latest_reporting_quarter(conn)
        assert quarter is not None
        rows = len(scorecard_view(conn, area, quarter).table)  # warm caches
        export_scorecard(conn, settings, area, quarter, "csv")
        for _ in range(int(repeats)):
            started = time.perf_counter()
            scorecard_view(conn, area, quarter)
            view.append(time.perf_counter() - started)
            started = time.perf_counter()
            export_scorecard(conn, settings, area, quarter, "csv")
            export.append(time.perf_counter() - started)
    engine.dispose()
    return {"view": statistics.median(view), "export": statistics.median(export),
            "rows": rows, "quarter": quarter.label}


def store_bytes(url: str) -> int:
    """The store's size on disk: the SQLite file, or the PostgreSQL database."""
    if url.startswith("sqlite"):
        return os.path.getsize(url.split("///", 1)[1])
    from sqlalchemy import create_engine, text

    with create_engine(url).connect() as conn:
        return int(conn.execute(text("select pg_database_size(current_database())")).scalar_one())


def generate_side(folder: str, scale: str) -> dict[str, Any]:
    national, upload = Path(folder) / "national.csv", Path(folder) / "upload.csv"
    figures = generate(national, float(scale))
    small_upload(upload)
    return {"figures": figures, "bytes": national.stat().st_size}


SIDES = {"generate": generate_side, "floor": floor_side, "national": national_side,
         "demo": demo_side, "upload": upload_side, "views": views_side}


def run_side(side: str, *args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--side", side, *args],
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{side} failed:\n{done.stderr[-3000:]}{done.stdout[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# --- the stores ----------------------------------------------------------------------------

class Stores:
    """Fresh database URLs: files in ``folder``, or throwaway PostgreSQL databases."""

    def __init__(self, folder: Path, postgres: bool) -> None:
        self.folder, self.postgres = folder, postgres
        self.made: list[str] = []

    def url(self, name: str) -> str:
        if not self.postgres:
            return f"sqlite:///{self.folder / name}.db"
        from sqlalchemy import create_engine, text

        database = f"scorecard_scale_{name}_{uuid.uuid4().hex[:8]}"
        with create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{database}"'))
        self.made.append(database)
        return PG_ADMIN.rsplit("/", 1)[0] + f"/{database}"

    def copy(self, url: str, name: str) -> str:
        """A copy of the store at ``url``, so an upload can be measured on a store as built."""
        if not self.postgres:
            target = self.folder / f"{name}.db"
            shutil.copyfile(url.split("///", 1)[1], target)
            return f"sqlite:///{target}"
        from sqlalchemy import create_engine, text

        source = url.rsplit("/", 1)[1]
        database = f"{source}_{name}"
        with create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{database}" TEMPLATE "{source}"'))
        self.made.append(database)
        return PG_ADMIN.rsplit("/", 1)[0] + f"/{database}"

    def drop(self) -> None:
        if not self.made:
            return
        from sqlalchemy import create_engine, text

        with create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT").connect() as conn:
            for database in self.made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


def _ratio(label: str, ours: float, base: float, goal: float, unit: str = "") -> None:
    ratio = ours / base if base else float("inf")
    verdict = "met" if ratio <= goal else "NOT met"
    print(f"{label:<44} {ours:10.3f}{unit} vs {base:10.3f}{unit}  ratio {ratio:6.2f}"
          f"  (goal <= {goal}: {verdict})")


def main() -> None:
    """Run one side (``--side NAME ARGS...``) or the whole comparison."""
    if len(sys.argv) > 1 and sys.argv[1] == "--side":
        result = SIDES[sys.argv[2]](*sys.argv[3:])
        print(json.dumps({**result, "peak_mb": _peak_mb()}))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="fraction of a national store's 40 periods per series (default 1)")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--keep", type=Path, metavar="FILE",
                        help="keep a copy of the national SQLite store here (to see where its "
                             "bytes go)")
    args = parser.parse_args()
    for postgres in {"sqlite": [False], "postgresql": [True]}.get(args.backend, [False, True]):
        with tempfile.TemporaryDirectory() as tmp:
            stores = Stores(Path(tmp), postgres)
            try:
                national = report(Path(tmp), stores, args.scale, args.repeats)
                if args.keep is not None and not postgres:
                    shutil.copyfile(national.split("///", 1)[1], args.keep)
            except OperationalError as error:  # no server: say so and go on
                print(f"PostgreSQL: skipped ({type(error).__name__}: server not reachable)")
            finally:
                stores.drop()


def uploads(stores: Stores, urls: dict[str, str], csv: Path, times: int = UPLOADS
            ) -> dict[str, dict[str, Any]]:
    """The 57-row upload into a fresh copy of each store, ``times`` times in turn (one copy
    of each store after the other, so a busy moment slows both); the median run of each."""
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in urls}
    for attempt in range(times):
        for name, url in urls.items():
            runs[name].append(run_side("upload", stores.copy(url, f"{name}_up{attempt}"),
                                         str(csv)))
    return {name: sorted(done, key=lambda run: run["seconds"])[len(done) // 2]
            for name, done in runs.items()}


def report(folder: Path, stores: Stores, scale: float, repeats: int) -> str:
    """Build the stores, run every side and print the ratios; the national store's URL."""
    national_csv, upload_csv = folder / "national.csv", folder / "upload.csv"
    made = run_side("generate", str(folder), str(scale))
    figures, raw = made["figures"], made["bytes"]
    print(f"{'PostgreSQL' if stores.postgres else 'SQLite'}, scale {scale}: {figures:,} figures"
          f" ({raw / 1e6:.1f} MB of CSV)")
    floor = run_side("floor", stores.url("floor"), str(national_csv))
    national_url = stores.url("national")
    national = run_side("national", national_url, str(national_csv))
    demo_url = stores.url("demo")
    demo = run_side("demo", demo_url, str(folder / "demo-workbooks"))
    views = {"national": run_side("views", national_url, str(repeats)),
             "demo": run_side("views", demo_url, str(repeats))}
    upload = uploads(stores, {"national": national_url, "demo": demo_url}, upload_csv)
    print(f"national load: {national['rows']:,} figures; demo store "
          f"{demo['bytes'] / 1e6:.1f} MB; scorecard of {views['national']['quarter']} "
          f"({views['national']['rows']} rows national, {views['demo']['rows']} demo)")
    _ratio("load time, national vs floor (s)", national["seconds"], floor["seconds"], 2)
    _ratio("load CPU time (this process), vs floor (s)", national["cpu"], floor["cpu"], 2)
    _ratio("load peak memory, national vs floor (MB)", national["peak_mb"], floor["peak_mb"], 2)
    _ratio("57-row upload time, national vs demo (s)", upload["national"]["seconds"],
           upload["demo"]["seconds"], 1.5)
    _ratio("57-row upload memory, national vs demo (MB)", upload["national"]["peak_mb"],
           upload["demo"]["peak_mb"], 1.5)
    _ratio("store size vs floor's table (MB)", national["bytes"] / 1e6, floor["bytes"] / 1e6, 4)
    _ratio("scorecard view, national vs demo (ms)", views["national"]["view"] * 1e3,
           views["demo"]["view"] * 1e3, 1.3)
    _ratio("CSV export, national vs demo (ms)", views["national"]["export"] * 1e3,
           views["demo"]["export"] * 1e3, 1.3)
    return national_url


if __name__ == "__main__":
    main()
