"""Published rates without counts get the counts behind them from the catalogue's paired count."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from indicators._series import with_implied_denominators
from indicators.judgements import compute_judgements

YEAR_END = (dt.date(2024, 1, 1), dt.date(2024, 3, 31), "Q4 2023/24")


def obs(indicator: str, area: str, area_type: str, value: float | None, *,
        numerator: float | None = None, denominator: float | None = None,
        lower: float | None = None, note: str | None = None) -> dict[str, object]:
    start, end, label = YEAR_END
    return {"indicator_id": indicator, "area_code": area, "area_type": area_type,
            "period_key": f"fy_quarter:{start}:{end}", "period_type": "fy_quarter",
            "period_start": start, "period_end": end, "period_label": label, "breakdown": "all",
            "numerator": numerator, "denominator": denominator, "value": value,
            "lower_ci": lower, "upper_ci": None if lower is None else value + 1,
            "ci_level": None, "ci_source": "none", "target": None, "status": "final",
            "value_note": note, "illustrative": False}


CATALOGUE = pd.DataFrame([
    {"indicator_id": "cp_rate", "title": "CP plan rate", "polarity": "low_is_good",
     "value_type": "rate", "multiplier": 10_000.0, "unit_label": "per 10,000", "decimals": 1,
     "ci_method": "byar_exact", "benchmark_confidence": "0.95",
     "comparators": ("national",), "rag_rule": "benchmark", "catalogue_target": None,
     "target_tolerance": None, "series_break_start": None, "numerator_indicator": "cp_number"},
    {"indicator_id": "cp_number", "title": "CP plans", "polarity": "no_judgement",
     "value_type": "count", "multiplier": 1.0, "unit_label": "", "decimals": 0,
     "ci_method": "none", "benchmark_confidence": "0.95", "comparators": (),
     "rag_rule": "none", "catalogue_target": None, "target_tolerance": None,
     "series_break_start": None, "numerator_indicator": None},
])
GEOGRAPHY = pd.DataFrame([
    {"area_code": code, "area_name": code, "national_code": "E92000001", "region_code": None,
     "region_name": None, "county_code": None, "county_name": None}
    for code in ("E10000017", "E06000001", "E06000002", "E06000003")])


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows).merge(CATALOGUE, on="indicator_id")


def test_published_rate_takes_its_count_and_implied_population() -> None:
    out = with_implied_denominators(_frame([
        obs("cp_rate", "E10000017", "county", 34.2, note="As published in LAIT."),
        obs("cp_number", "E10000017", "county", 895.0)]))
    rate = out[out["indicator_id"] == "cp_rate"].iloc[0]
    assert rate["numerator"] == 895.0
    assert rate["denominator"] == round(895 * 10_000 / 34.2)
    assert rate["value"] == 34.2  # the published figure stays as published
    assert rate["value_note"].startswith("As published in LAIT. Interval computed from the "
                                         "published count (895)")
    assert np.isnan(out[out["indicator_id"] == "cp_number"].iloc[0]["denominator"])


@pytest.mark.parametrize("rate", [
    obs("cp_rate", "E10000017", "county", 34.2, numerator=800.0, denominator=250_000.0),
    obs("cp_rate", "E10000017", "county", 34.2, lower=30.0),
    obs("cp_rate", "E10000017", "county", 0.0),
    obs("cp_rate", "E10000017", "county", None),
])
def test_rows_with_their_own_counts_or_ci_or_no_positive_value_are_left_alone(
        rate: dict[str, object]) -> None:
    frame = _frame([rate, obs("cp_number", "E10000017", "county", 895.0)])
    out = with_implied_denominators(frame)
    pd.testing.assert_frame_equal(out, frame)


def test_no_count_for_that_area_period_or_a_zero_count_leaves_the_rate_alone() -> None:
    frame = _frame([obs("cp_rate", "E06000001", "other_la", 34.2),
                    obs("cp_rate", "E06000002", "other_la", 20.0),
                    obs("cp_number", "E06000002", "other_la", 0.0),
                    obs("cp_number", "E06000003", "other_la", 50.0)])
    pd.testing.assert_frame_equal(with_implied_denominators(frame), frame)


def test_catalogue_without_pairs_changes_nothing() -> None:
    frame = pd.DataFrame([obs("cp_rate", "E10000017", "county", 34.2)])
    assert with_implied_denominators(frame) is frame


def test_the_implied_counts_give_an_interval_and_a_rating() -> None:
    judged = compute_judgements(pd.DataFrame([
        obs("cp_rate", "E10000017", "county", 34.2), obs("cp_number", "E10000017", "county", 895),
        obs("cp_rate", "E92000001", "england", 40.6)]), CATALOGUE, GEOGRAPHY,
        pd.DataFrame(columns=["area_code", "neighbour_code"]))
    rate = judged[(judged["indicator_id"] == "cp_rate")
                  & (judged["area_code"] == "E10000017")].iloc[0]
    assert rate["ci_source"] == "computed"
    assert rate["lower_ci"] == pytest.approx(32.0, abs=0.05)
    assert rate["upper_ci"] == pytest.approx(36.5, abs=0.05)
    assert rate["rag"] == "green"
    assert "(95% CI 32.0-36.5) is significantly lower than England's 40.6" in rate["rag_reason"]


def test_judging_only_the_rate_reads_its_count_and_judges_it_alike() -> None:
    rows = pd.DataFrame([
        obs("cp_rate", "E10000017", "county", 34.2), obs("cp_number", "E10000017", "county", 895),
        obs("cp_rate", "E92000001", "england", 40.6),
        obs("cp_number", "E92000001", "england", 11_000)])
    no_neighbours = pd.DataFrame(columns=["area_code", "neighbour_code"])
    every = compute_judgements(rows, CATALOGUE, GEOGRAPHY, no_neighbours)
    rates = compute_judgements(rows, CATALOGUE, GEOGRAPHY, no_neighbours, judged=["cp_rate"])
    assert set(rates["indicator_id"]) == {"cp_rate"}
    pd.testing.assert_frame_equal(
        rates.reset_index(drop=True),
        every[every["indicator_id"] == "cp_rate"].reset_index(drop=True))
    assert compute_judgements(rows[rows["indicator_id"] == "cp_number"], CATALOGUE, GEOGRAPHY,
                              no_neighbours, judged=["cp_rate"]).empty
