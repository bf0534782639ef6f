"""Scorecard assembly time on a national-scale store (issue: under 50 ms median).

Builds a store holding every English LA x every catalogue indicator x 40 quarters of
observations and stored judgements, on SQLite and on a throwaway PostgreSQL database, then
times ``services.scorecard.scorecard_view`` for the demo's county, Q3 2016/17. The baseline,
measured in the same run, is the bare read of the same stored rows (``pd.read_sql`` by primary key):
the ratio says what assembly adds on top of fetching.

Run: ``python benchmarks/bench_scorecard.py [--quarters 40] [--repeats 40]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, create_engine, insert, select, text, tuple_

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from demo.partnership import demo_profile  # noqa: E402
from domain.areas import area_relationships, default_data_dir, reference_areas  # noqa: E402
from domain.catalogue import load_catalogue  # noqa: E402
from domain.periods import parse_period  # noqa: E402
from domain.vocabulary import PeriodType  # noqa: E402
from services.scorecard import scorecard_view  # noqa: E402
from store.engine import make_engine, upgrade_schema  # noqa: E402
from store.judgement_codes import CODES, WORD_CODES  # noqa: E402
from store.models import (  # noqa: E402
    Area,
    ComputedResult,
    JudgementRun,
    Observation,
    Period,
    UploadBatch,
)
from store.reference import seed_reference_data  # noqa: E402
from store.series import series_ids  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
QUARTER = parse_period("Q3 2016/17", hint=PeriodType.FY_QUARTER)
PROFILE = demo_profile()
COUNTY = PROFILE.council


def build(engine: Engine, quarters: int) -> int:
    upgrade_schema(engine)
    data = default_data_dir()
    catalogue = load_catalogue()
    seed_reference_data(engine, catalogue, reference_areas(data, [PROFILE]),
                        area_relationships(data, [PROFILE]))
    periods = [QUARTER.previous(i) for i in range(quarters)]
    benchmark = CODES["rag_rule_used"].index("benchmark")
    with engine.begin() as conn:
        areas = conn.execute(select(Area.id, Area.code).where(
            Area.type.in_(["other_la", "county"]))).all()
        conn.execute(insert(Period), [{"key": p.key, "type": p.type.value, "start_date": p.start,
                                       "end_date": p.end, "label": p.label} for p in periods])
        period_ids = dict(conn.execute(select(Period.key, Period.id)).all())
        batch = conn.execute(insert(UploadBatch).values(file_name="bench", file_hash="bench")
                             .returning(UploadBatch.id)).scalar_one()
        series = series_ids(conn, [(indicator, "all") for indicator in catalogue])
        run = conn.execute(insert(JudgementRun).values(engine_version="bench")
                           .returning(JudgementRun.id)).scalar_one()
        words = {column: {word: code for code, word in enumerate(vocabulary)}
                 for column, vocabulary in WORD_CODES.items()}
        rows = obs = 0
        for area_id, code in areas:
            observations, results = [], []
            for i, indicator in enumerate(catalogue):
                for j, period in enumerate(periods):
                    value = 40.0 + (hash((code, i, j)) % 400) / 10
                    observations.append({"series_id": series[indicator, "all"],
                                         "area_id": area_id,
                                         "period_id": period_ids[period.key], "value": value,
                                         "batch_id": batch})
                    results.append({"series_id": series[indicator, "all"], "area_id": area_id,
                                    "period_id": period_ids[period.key], "run_id": run,
                                    "lower_ci": value - 2, "upper_ci": value + 2,
                                    "ci_level": 0.95, "previous_value": value - 1,
                                    "national_value": 43.1,
                                    "rag_rule_used": benchmark, "rag": words["rag"]["red"],
                                    "significance": words["significance"]["Worse"],
                                    "direction": words["direction"]["improved"]})
            conn.execute(insert(Observation), observations)
            conn.execute(insert(ComputedResult), results)
            rows += len(results)
            obs += len(observations)
    return rows


def timings(engine: Engine, repeats: int) -> tuple[list[float], list[float]]:
    assemble, baseline = [], []
    with engine.connect() as conn:
        keys = conn.execute(text(
            "select c.area_id, c.series_id, c.period_id from computed_result c "
            "join area a on a.id = c.area_id "
            "join period p on p.id = c.period_id where a.code = :county "
            "and p.end_date in (:a, :b)"), {"a": QUARTER.end, "b": QUARTER.previous().end,
                                           "county": COUNTY}
        ).all()
        scorecard_view(conn, COUNTY, QUARTER)  # warm the catalogue cache
        for _ in range(repeats):
            start = time.perf_counter()
            view = scorecard_view(conn, COUNTY, QUARTER)
            assemble.append(time.perf_counter() - start)
            start = time.perf_counter()
            pd.read_sql(select(ComputedResult).where(tuple_(
                ComputedResult.area_id, ComputedResult.series_id,
                ComputedResult.period_id).in_([tuple(key) for key in keys])), conn)
            baseline.append(time.perf_counter() - start)
    assert len(view.table) > 0
    return assemble, baseline


def report(name: str, rows: int, assemble: list[float], baseline: list[float]) -> None:
    med = statistics.median(assemble) * 1000
    p95 = sorted(assemble)[int(0.95 * len(assemble))] * 1000
    base = statistics.median(baseline) * 1000
    print(f"{name}: {rows:,} stored judgements; scorecard assembly median {med:.1f} ms "
          f"(p95 {p95:.1f} ms), goal 50 ms -> {med / 50:.2f}x of goal; bare read of the same "
          f"rows {base:.1f} ms -> assembly/read ratio {med / base:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quarters", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        rows = build(engine, args.quarters)
        report("SQLite", rows, *timings(engine, args.repeats))
        engine.dispose()
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        name = f"scorecard_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # no server: say so and stop
        print(f"PostgreSQL: skipped ({type(error).__name__}: server not reachable)")
        return
    try:
        engine = make_engine(PG_ADMIN.rsplit("/", 1)[0] + f"/{name}")
        rows = build(engine, args.quarters)
        with engine.connect() as conn:
            conn.execute(text("ANALYZE"))
        report("PostgreSQL", rows, *timings(engine, args.repeats))
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
