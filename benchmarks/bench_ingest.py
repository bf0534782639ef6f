"""Ingest benchmark: a 100,000-row template workbook validated and loaded end to end.

Compared in the same run with the naive baseline ``pandas.read_excel`` + ``DataFrame.to_sql``
of the same file into an empty SQLite file. Each side runs in its own subprocess so that peak
memory (``ru_maxrss``) is measured per side. The goal is a ratio of at most 1.0 despite full
validation, planning, the audit trail and the refresh of stored judgements.

Usage: ``python benchmarks/bench_ingest.py [ROWS]`` (default 100,000).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def generate(path: Path, rows: int) -> None:
    """A valid template workbook: every indicator x area x consecutive periods, smooth series."""
    import numpy as np
    from openpyxl import Workbook

    from domain.areas import reference_areas
    from domain.catalogue import load_catalogue
    from domain.periods import period_containing
    from loaders.template import HEADINGS
    from settings import load_settings

    catalogue = load_catalogue()
    codes = reference_areas(load_settings().shared_data)["code"].tolist()
    per_series = -(-rows // (len(catalogue) * len(codes)))
    random = np.random.default_rng(7)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append(HEADINGS)
    column = {name: i for i, name in enumerate(HEADINGS)}
    written = 0
    for ind in catalogue.values():
        start = period_containing(ind.period_type, __import__("datetime").date(2016, 3, 31))
        periods = [start.next(i).label for i in range(per_series)]
        for code in codes:
            base = random.uniform(2000, 9000)
            for step, label in enumerate(periods):
                if written == rows:
                    break
                cells: list[object] = [None] * len(HEADINGS)
                cells[column["indicator_id"]] = ind.id
                cells[column["area_code"]] = code
                cells[column["period"]] = label
                denominator = round(base * (1 + 0.01 * step))
                numerator = round(denominator * 0.4)
                if ind.is_count:
                    cells[column["value"]] = numerator
                else:
                    cells[column["numerator"]] = numerator
                    cells[column["denominator"]] = denominator
                    cells[column["value"]] = round(numerator / denominator * ind.multiplier, 3)
                sheet.append(cells)
                written += 1
    book.save(path)


def pipeline_side(workbook: str, folder: str) -> dict[str, float]:
    from services.results import refresh_results
    from services.setup import initialise_store
    from services.uploads import commit_upload, load_context
    from settings import load_settings
    from store.engine import make_engine

    settings = load_settings(database_url=f"sqlite:///{folder}/pipeline.db")
    initialise_store(settings)
    engine = make_engine(settings.database_url)
    context = load_context(engine, settings)
    started = time.perf_counter()
    outcome = commit_upload(engine, settings, Path(workbook), user="bench",
                            acknowledged_reason="benchmark", context=context)
    elapsed = time.perf_counter() - started
    if outcome.status != "committed" or outcome.commit is None:
        errors = outcome.preview.result.report.errors[:5]
        raise SystemExit(f"benchmark file was rejected: {[e.message for e in errors]}")
    ingest_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    refresh_results(engine, outcome.commit.changed_keys)
    judged = time.perf_counter() - started
    return {"seconds": elapsed, "judgements": judged, "rows": outcome.preview.counts["new"],
            "ingest_peak_mb": ingest_peak,
            "warnings": len(outcome.preview.result.report.warnings)}


def baseline_side(workbook: str, folder: str) -> dict[str, float]:
    import pandas as pd
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{folder}/baseline.db")
    started = time.perf_counter()
    frame = pd.read_excel(workbook, sheet_name="Data")
    frame.to_sql("observation", engine, index=False, chunksize=5000)
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "rows": len(frame)}


def run_side(side: str, workbook: Path, folder: Path) -> dict[str, float]:
    output = subprocess.run([sys.executable, __file__, "--side", side, str(workbook),
                             str(folder)], check=True, capture_output=True, text=True)
    return json.loads(output.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--side":
        side, workbook, folder = sys.argv[2:5]
        result = (pipeline_side if side == "pipeline" else baseline_side)(workbook, folder)
        result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        workbook = folder / "bench.xlsx"
        started = time.perf_counter()
        generate(workbook, rows)
        print(f"generated {rows:,}-row template workbook ({workbook.stat().st_size / 1e6:.1f} MB)"
              f" in {time.perf_counter() - started:.1f} s")
        ours = run_side("pipeline", workbook, folder)
        naive = run_side("baseline", workbook, folder)
    print(f"ingest (safety checks, read, validate, plan, commit): {ours['seconds']:.2f} s for "
          f"{ours['rows']:,} rows ({ours['warnings']:.0f} warnings acknowledged)")
    print(f"then recomputing the stored judgements:              {ours['judgements']:.2f} s")
    print(f"baseline (pandas.read_excel + DataFrame.to_sql):      {naive['seconds']:.2f} s for "
          f"{naive['rows']:,} rows")
    print(f"ratio ingest / baseline:                 {ours['seconds'] / naive['seconds']:.2f} "
          "(goal: <= 1.00)")
    print(f"ratio ingest + judgements / baseline:    "
          f"{(ours['seconds'] + ours['judgements']) / naive['seconds']:.2f}")
    print(f"peak memory (RSS): ingest {ours['ingest_peak_mb']:.0f} MB "
          f"(ratio {ours['ingest_peak_mb'] / naive['peak_mb']:.2f}), with judgements "
          f"{ours['peak_mb']:.0f} MB; baseline {naive['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
