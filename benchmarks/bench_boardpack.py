"""Time to build the full PDF board pack on the demo store, for its county and for a district.

Builds the demo store (``scorecard demo``: the seed papers and open data loaded through the
upload checks) in a temporary folder, then times the whole pack (read the store, draw the
exception charts, lay out the PDF) for the demo's county, Q3 2016/17 and for one district. The
baseline, measured in the same run, is reading the pack's content from the store alone
(``services.exports.live_content``): the ratio says what charts and layout add on top.

Run: ``python benchmarks/bench_boardpack.py [--repeats 3] [--district CODE]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from demo.build import build_demo_workbooks  # noqa: E402
from demo.load import load_demo  # noqa: E402
from demo.partnership import demo_profile  # noqa: E402
from services.exports import export_scorecard, live_content  # noqa: E402
from services.scorecard import reporting_quarter  # noqa: E402
from services.setup import initialise_store  # noqa: E402
from settings import Settings, load_settings  # noqa: E402
from store.engine import make_engine  # noqa: E402

QUARTER = reporting_quarter("Q3 2016/17")
COUNTY = demo_profile().council


def median_seconds(work: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build_store(folder: Path) -> Settings:
    settings = load_settings(database_url=f"sqlite:///{folder / 'demo.db'}",
                             demo_dir=folder / "workbooks")
    initialise_store(settings)
    summary = load_demo(settings, paths=build_demo_workbooks(settings))
    if not summary.ok:
        raise SystemExit("The demo data did not load:\n" + "\n".join(summary.lines()))
    return settings


def bench_area(settings: Settings, area_code: str, repeats: int) -> None:
    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            pack = export_scorecard(conn, settings, area_code, QUARTER, "pdf")  # warm-up

            def content() -> object:
                return live_content(conn, settings, area_code, QUARTER)

            def whole_pack() -> object:
                return export_scorecard(conn, settings, area_code, QUARTER, "pdf")

            baseline = median_seconds(content, repeats)
            total = median_seconds(whole_pack, repeats)
    finally:
        engine.dispose()
    print(f"{area_code} {QUARTER.label}: PDF pack {total:.2f} s median of {repeats}, "
          f"{pack.pages} pages, {len(pack.data) / 1024:.0f} KiB; reading the content "
          f"{baseline:.2f} s; ratio {total / baseline:.1f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--district", default=demo_profile().sub_areas[0].code,
                        help="district (default the demo's first)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        settings = build_store(Path(folder))
        print(f"Demo store built in {time.perf_counter() - start:.1f} s")
        for area in (COUNTY, args.district):
            bench_area(settings, area, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
