"""compute_judgements(only=...): judging some figures gives them what judging all gives them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.judgements import compute_judgements
from tests.indicators.test_judgements import QUARTERS, obs

ENGLAND, REGION, COUNTY = "E92000001", "E12000002", "E10000017"
COUNCILS = [COUNTY, *[f"L{i}" for i in range(11)]]
DISTRICTS = [f"D{i}" for i in range(4)]
KEYS = ["indicator_id", "area_code", "period_key", "breakdown"]


def _catalogue() -> pd.DataFrame:
    common = {"multiplier": 10_000.0, "unit_label": "per 10,000", "decimals": 1,
              "ci_method": "byar_exact", "benchmark_confidence": "0.95",
              "catalogue_target": None, "target_tolerance": None, "series_break_start": None,
              "value_type": "rate"}
    return pd.DataFrame([
        {**common, "indicator_id": "cp_rate", "title": "CP plan rate", "polarity": "low_is_good",
         "comparators": ("national", "regional", "neighbours", "county"),
         "rag_rule": "benchmark"},
        {**common, "indicator_id": "ref", "title": "Referrals rate",
         "polarity": "no_judgement", "comparators": ("national", "neighbours"),
         "rag_rule": "typical_range"},
    ])


def _county(seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Observations of a county, its districts, ten neighbours, another council, England and
    its region over five quarters, some figures missing (a random pattern per ``seed``)."""
    random = np.random.default_rng(seed)
    places = ([(code, "county" if code == COUNTY else "other_la") for code in COUNCILS]
              + [(code, "district") for code in DISTRICTS]
              + [(ENGLAND, "england"), (REGION, "region")])
    rows = []
    for indicator in ("cp_rate", "ref"):
        for code, kind in places:
            population = float(random.integers(20_000, 300_000))
            for quarter in range(len(QUARTERS)):
                if random.random() < 0.15:
                    continue  # not published this quarter
                count = float(random.integers(10, 900)) * population / 100_000
                rows.append({**obs(code, kind, quarter, round(count), den=population),
                             "indicator_id": indicator})
    geography = pd.DataFrame([
        {"area_code": code, "area_name": code, "national_code": ENGLAND,
         "region_code": REGION, "region_name": "North West",
         "county_code": COUNTY if kind == "district" else None,
         "county_name": "Lancashire" if kind == "district" else None}
        for code, kind in places if kind not in ("england",)])
    neighbours = pd.DataFrame({"area_code": [COUNTY] * 10, "neighbour_code": COUNCILS[1:11]})
    return pd.DataFrame(rows), geography, neighbours


def _same(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    ours = ours.astype({c: object for c in KEYS}).sort_values(KEYS).reset_index(drop=True)
    theirs = theirs.astype({c: object for c in KEYS}).sort_values(KEYS).reset_index(drop=True)
    assert list(ours.columns) == list(theirs.columns)
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False, check_categorical=False)


@pytest.mark.parametrize("seed", range(6))
def test_judging_some_figures_gives_each_what_judging_all_gives_it(seed: int) -> None:
    observations, geography, neighbours = _county(seed)
    every = compute_judgements(observations, _catalogue(), geography, neighbours)
    random = np.random.default_rng(100 + seed)
    latest = observations["period_label"].eq(QUARTERS[-1][2])
    for chosen in (observations["area_code"].eq(COUNTY) & latest,  # a next quarter's upload
                   observations["area_type"].eq("district"),
                   pd.Series(random.random(len(observations)) < 0.3, index=observations.index)):
        some = compute_judgements(observations, _catalogue(), geography, neighbours,
                                  only=chosen)
        wanted = observations.loc[chosen, KEYS].astype(object)
        expected = every.astype({c: object for c in KEYS}).merge(wanted, on=KEYS)
        assert len(some) == chosen.sum() > 0
        _same(some, expected)


def test_judging_no_figure_gives_no_judgement() -> None:
    observations, geography, neighbours = _county(0)
    none = pd.Series(False, index=observations.index)
    judged = compute_judgements(observations, _catalogue(), geography, neighbours, only=none)
    assert judged.empty and "rag" in judged.columns
