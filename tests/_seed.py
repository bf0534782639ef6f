"""A small scorecard store for page tests: Lancashire, England, the North West and districts.

Figures follow the Q2 and Q3 2016/17 Lancashire scorecards (seed 002) where the seed prints
them; earlier quarters and district splits are made up for the tests and district figures are
marked illustrative, as the demo's modelled district figures are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from demo.partnership import DEMO_PROFILE
from domain.periods import parse_period
from domain.vocabulary import PeriodType
from services.partnerships import load_profile_file
from services.results import refresh_results
from services.setup import initialise_store
from settings import Settings
from store.batches import OBSERVATION_COLUMNS, BatchMeta, commit_batch
from store.engine import make_engine

LANCASHIRE, ENGLAND, NORTH_WEST = "E10000017", "E92000001", "E12000002"
DISTRICTS = tuple(f"E070001{n}" for n in range(17, 29))
ILLUSTRATIVE_NOTE = "Illustrative: modelled, not published"
POPULATION_0_17 = 245_600
QUARTERS = [f"Q{q} {y}" for y in ("2014/15", "2015/16") for q in (1, 2, 3, 4)] + [
    "Q1 2016/17", "Q2 2016/17", "Q3 2016/17"]
#: Lancashire CP plans per quarter (the last three as printed in seed 002).
CP_PLANS = [1020, 1085, 1150, 1203, 1290, 1350, 1402, 1480, 1564, 1734, 1631]
CLA = [1040, 1061, 1052, 1098, 1120, 1150, 1210, 1390, 1685, 1784, 1816]
#: District shares of the county's CP plans (illustrative; Preston and Burnley highest).
DISTRICT_SHARES = (0.12, 0.06, 0.04, 0.08, 0.11, 0.09, 0.15, 0.03, 0.06, 0.08, 0.08, 0.10)


def _row(indicator: str, area: str, period: str, hint: PeriodType, value: float | None,
         numerator: float | None = None, denominator: float | None = None,
         illustrative: bool = False, lower: float | None = None,
         upper: float | None = None) -> dict[str, Any]:
    parsed = parse_period(period, hint=hint)
    return {
        "indicator_id": indicator, "area_code": area, "period_key": parsed.key,
        "breakdown": "all", "period_type": parsed.type.value, "period_start": parsed.start,
        "period_end": parsed.end, "period_label": parsed.label, "numerator": numerator,
        "denominator": denominator, "value": value, "lower_ci": lower, "upper_ci": upper,
        "ci_level": 0.95 if lower is not None else None, "target": None,
        "ci_source": "published" if lower is not None else "none", "status": "final",
        "value_note": ILLUSTRATIVE_NOTE if illustrative else None, "source": "test seed",
        "source_cell": None, "illustrative": illustrative,
    }


def _counts_and_rates(count_id: str, rate_id: str, counts: list[int],
                      england: tuple[float, float], north_west: tuple[float, float]
                      ) -> list[dict[str, Any]]:
    q = PeriodType.FY_QUARTER
    rows = []
    for period, count in zip(QUARTERS, counts, strict=True):
        rows.append(_row(count_id, LANCASHIRE, period, q, count))
        rows.append(_row(rate_id, LANCASHIRE, period, q, round(count / POPULATION_0_17 * 1e4, 1),
                         count, POPULATION_0_17))
    for area, (rate, population) in ((ENGLAND, england), (NORTH_WEST, north_west)):
        rows.append(_row(rate_id, area, "Q4 2015/16", q, rate,
                         round(rate * population / 1e4), population))
    for period, count in zip(QUARTERS[-2:], counts[-2:], strict=True):
        for area, share in zip(DISTRICTS, DISTRICT_SHARES, strict=True):
            district_count = round(count * share)
            district_pop = round(POPULATION_0_17 / 12 * (1.6 if share > 0.1 else 0.9))
            rows.append(_row(count_id, area, period, q, district_count, illustrative=True))
            rows.append(_row(rate_id, area, period, q,
                             round(district_count / district_pop * 1e4, 1), district_count,
                             district_pop, illustrative=True))
    return rows


def seed_rows() -> pd.DataFrame:
    """Every observation of the test store, in the upload batch's column layout."""
    q, ay, fy = PeriodType.FY_QUARTER, PeriodType.ACADEMIC_YEAR, PeriodType.FIN_YEAR
    rows = _counts_and_rates("cp_plans_number", "cp_plans_rate", CP_PLANS,
                             (43.1, 11_700_000), (55.2, 1_590_000))
    rows += _counts_and_rates("cla_number", "cla_rate", CLA, (60.0, 11_700_000),
                              (82.0, 1_590_000))
    for indicator, values in (("dv_referrals_csc", [310, 352, 340, 332, 284, 295]),
                              ("domestic_incidents_children",
                               [2702, 2688, 2750, 2625, 2661, 2511]),
                              ("missing_children_police", [398, 440, 420, 411, 427, 365])):
        for period, value in zip(QUARTERS[-6:], values, strict=True):
            rows.append(_row(indicator, LANCASHIRE, period, q, value))
    for period, (num, den) in zip(QUARTERS[-3:], [(300, 640), (314, 651), (335, 661)],
                                  strict=True):
        rows.append(_row("care_leavers_eet", LANCASHIRE, period, q, round(num / den * 100, 1),
                         num, den))
    for area, value in ((ENGLAND, 49.0), (NORTH_WEST, 48.0)):
        rows.append(_row("care_leavers_eet", area, "Q4 2015/16", q, value, value * 100, 10_000))
    for period, lancs, england, nw in (("2013/14", 57.9, 53.4, 55.1),
                                       ("2014/15", 58.8, 53.8, 55.6),
                                       ("2015/16", 58.0, 52.8, 56.0)):
        for area, value, cohort in ((LANCASHIRE, lancs, 12_900), (ENGLAND, england, 560_000),
                                    (NORTH_WEST, nw, 76_000)):
            rows.append(_row("gcse_5ac_em", area, period, ay, value,
                             round(value * cohort / 100), cohort))
    for period, lancs, england, nw in (("2013/14", 524.3, 412.1, 520.0),
                                       ("2014/15", 504.3, 398.8, 514.5)):
        rows.append(_row("self_harm_admissions_10_24", LANCASHIRE, period, fy, lancs,
                         lower=lancs - 25, upper=lancs + 25))
        rows.append(_row("self_harm_admissions_10_24", ENGLAND, period, fy, england,
                         lower=england - 3, upper=england + 3))
        rows.append(_row("self_harm_admissions_10_24", NORTH_WEST, period, fy, nw,
                         lower=nw - 9, upper=nw + 9))
    for period, lancs, england in (("2014/15", 91.5, 94.2), ("2015/16", 85.3, 93.6)):
        for area, value, cohort in ((LANCASHIRE, lancs, 13_500), (ENGLAND, england, 660_000)):
            rows.append(_row("dtap_ipv_hib_12m", area, period, fy, value,
                             round(value * cohort / 100), cohort))
    return pd.DataFrame(rows).loc[:, list(OBSERVATION_COLUMNS)]


def build_seed_store(path: Path, shared_data: Path | None = None) -> Settings:
    """Create the store at ``path``, load the rows above and compute their judgements."""
    settings = Settings(database_url=f"sqlite:///{path}")
    if shared_data is not None:
        settings = settings.with_overrides(shared_data=shared_data)
    initialise_store(settings)
    engine: Engine = make_engine(settings.database_url)
    try:
        load_profile_file(engine, DEMO_PROFILE, "test")
        result = commit_batch(engine, seed_rows(),
                              BatchMeta(file_name="seed.xlsx", file_hash="seed" * 16,
                                        uploaded_by="test"))
        refresh_results(engine, result.changed_keys)
    finally:
        engine.dispose()
    return settings


#: A council outside the seed's partnership (Blackpool) and its CP plans in the last quarters.
NEIGHBOUR = "E06000009"
NEIGHBOUR_CP_PLANS = (260, 271, 284)
NEIGHBOUR_CP_POPULATION = 30_000


def add_council_figures(engine: Engine, code: str = NEIGHBOUR) -> None:
    """Store CP plan counts and rates of council ``code`` for the last three seed quarters,
    as ``partnership init`` stores a council's or its neighbours' figures, and judge them."""
    q = PeriodType.FY_QUARTER
    rows = []
    for period, count in zip(QUARTERS[-3:], NEIGHBOUR_CP_PLANS, strict=True):
        rows.append(_row("cp_plans_number", code, period, q, count))
        rows.append(_row("cp_plans_rate", code, period, q,
                         round(count / NEIGHBOUR_CP_POPULATION * 1e4, 1), count,
                         NEIGHBOUR_CP_POPULATION))
    result = commit_batch(engine, pd.DataFrame(rows).loc[:, list(OBSERVATION_COLUMNS)],
                          BatchMeta(file_name=f"{code}.xlsx", file_hash=code.ljust(64, "0"),
                                    uploaded_by="test"))
    refresh_results(engine, result.changed_keys)
