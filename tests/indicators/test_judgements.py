"""compute_judgements on a small hand-built county: comparators, change, trend, ranks, RAG."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from indicators.judgements import (
    COMPARATOR_NOTE,
    FALLBACK_NOTE,
    NATIONAL_NOTES,
    TARGET_NOTE,
    compute_judgements,
    with_fallbacks,
)

QUARTERS = [  # fy quarters Q3 2015/16 .. Q4 2016/17
    (dt.date(2015, 10, 1), dt.date(2015, 12, 31), "Q3 2015/16"),
    (dt.date(2016, 1, 1), dt.date(2016, 3, 31), "Q4 2015/16"),
    (dt.date(2016, 4, 1), dt.date(2016, 6, 30), "Q1 2016/17"),
    (dt.date(2016, 7, 1), dt.date(2016, 9, 30), "Q2 2016/17"),
    (dt.date(2016, 10, 1), dt.date(2016, 12, 31), "Q3 2016/17"),
]
POP = 245_000.0


def obs(area: str, area_type: str, quarter: int, count: float | None, value: float | None = None,
        den: float | None = POP) -> dict[str, object]:
    start, end, label = QUARTERS[quarter]
    if value is None and count is not None and den:
        value = count / den * 10_000
    return {"indicator_id": "cp_rate", "area_code": area, "area_type": area_type,
            "period_key": f"fy_quarter:{start}:{end}", "period_type": "fy_quarter",
            "period_start": start, "period_end": end, "period_label": label, "breakdown": "all",
            "numerator": count, "denominator": den if count is not None else None,
            "value": value, "lower_ci": None, "upper_ci": None, "ci_level": None,
            "ci_source": "none", "target": None, "status": "final", "value_note": None,
            "illustrative": False}


@pytest.fixture
def result() -> pd.DataFrame:
    rows = [obs("E10000017", "county", q, c) for q, c in enumerate([1500, 1480, 1564, 1734,
                                                                      1631])]
    rows += [obs("E92000001", "england", 1, None, 43.1), obs("E12000002", "region", 1, None, 55.2)]
    rows += [obs("D1", "district", 4, 300, den=32_000.0), obs("D2", "district", 4, 150,
                                                                den=30_000.0)]
    rows += [obs("N1", "other_la", 4, 700, den=140_000.0)]
    catalogue = pd.DataFrame([{
        "indicator_id": "cp_rate", "title": "Rate per 10,000 of CYP on CP plans",
        "polarity": "low_is_good", "value_type": "rate", "multiplier": 10_000.0,
        "unit_label": "per 10,000", "decimals": 1, "ci_method": "byar_exact",
        "benchmark_confidence": "0.95", "comparators": ("national", "regional", "neighbours",
                                                        "county"),
        "rag_rule": "benchmark", "catalogue_target": None, "target_tolerance": None,
        "series_break_start": None}])
    geography = pd.DataFrame([
        {"area_code": c, "area_name": c, "national_code": "E92000001", "region_code": "E12000002",
         "region_name": "North West", "county_code": county, "county_name": "Lancashire"}
        for c, county in [("E10000017", None), ("D1", "E10000017"), ("D2", "E10000017"),
                          ("N1", None), ("E12000002", None)]])
    neighbours = pd.DataFrame({"area_code": ["E10000017"], "neighbour_code": ["N1"]})
    return compute_judgements(pd.DataFrame(rows), catalogue, geography, neighbours)


def row(result: pd.DataFrame, area: str, quarter: int) -> pd.Series:
    label = QUARTERS[quarter][2]
    match = result[(result["area_code"] == area) & (result["period_label"] == label)]
    assert len(match) == 1
    return match.iloc[0]


def test_previous_change_and_direction(result: pd.DataFrame) -> None:
    q3 = row(result, "E10000017", 4)
    assert q3["previous_period"] == "Q2 2016/17"
    assert q3["change"] == pytest.approx((1631 - 1734) / POP * 10_000)
    assert q3["direction"] == "improved"  # low is good and the rate fell
    assert pd.isna(row(result, "E10000017", 0)["direction"])


def test_comparators_use_the_latest_earlier_period(result: pd.DataFrame) -> None:
    q3 = row(result, "E10000017", 4)
    assert q3["national_value"] == 43.1 and q3["national_period"] == "Q4 2015/16"
    assert q3["regional_value"] == 55.2
    assert q3["national_significance"] == "Worse"
    assert q3["neighbour_value"] == pytest.approx(50.0) and q3["neighbour_n"] == 1
    assert pd.isna(q3["county_value"])  # the county is not compared with itself


def test_district_gets_county_comparator_and_rank(result: pd.DataFrame) -> None:
    d1, d2 = row(result, "D1", 4), row(result, "D2", 4)
    assert d1["county_value"] == pytest.approx(1631 / POP * 10_000)
    assert d1["county_significance"] == "Worse"  # 93.75 per 10,000
    assert (d1["rank"], d2["rank"], d1["rank_of"]) == (2, 1, 2)
    assert d1["rank_group"] == "districts"


def test_intervals_are_computed_and_rag_explains_itself(result: pd.DataFrame) -> None:
    q3 = row(result, "E10000017", 4)
    assert q3["ci_source"] == "computed" and q3["lower_ci"] < q3["value"] < q3["upper_ci"]
    assert q3["lower_998"] < q3["lower_ci"]
    assert q3["rag"] == "red"
    assert q3["rag_reason"].startswith("Red: 66.6 per 10,000 (95% CI")
    assert "England" in q3["rag_reason"]


def test_trend_needs_five_points(result: pd.DataFrame) -> None:
    assert row(result, "E10000017", 3)["trend"] == "Cannot be calculated"
    assert row(result, "E10000017", 4)["trend"] != "Cannot be calculated"


def test_neighbour_rank_and_quartile(result: pd.DataFrame) -> None:
    q3 = row(result, "E10000017", 4)
    assert (q3["rank"], q3["rank_of"], q3["rank_group"]) == (2, 2, "neighbours")
    assert q3["quartile"] == 4


def test_england_rank_among_local_authorities(result: pd.DataFrame) -> None:
    q3 = row(result, "E10000017", 4)
    # county 66.6 per 10,000 against N1's 50.0 with low is good: 2nd of the 2 LAs
    assert (q3["england_rank"], q3["england_rank_of"], q3["england_quartile"]) == (2, 2, 4)
    assert pd.isna(row(result, "D1", 4)["england_rank"])


def _percentages(count: int) -> pd.DataFrame:
    """A percentage published without counts for ``count`` LAs (values 1..count)."""
    start, end, label = QUARTERS[4]
    rows = [{**obs(f"L{i}", "other_la", 4, None, float(i), den=None),
             "indicator_id": "pct"} for i in range(1, count + 1)]
    rows[49]["area_type"] = "county"
    rows += [{**obs("E92000001", "england", 4, None, 50.0, den=None), "indicator_id": "pct"}]
    catalogue = pd.DataFrame([{
        "indicator_id": "pct", "title": "Share", "polarity": "high_is_good",
        "value_type": "percentage", "multiplier": 100.0, "unit_label": "%", "decimals": 1,
        "ci_method": "wilson", "benchmark_confidence": "0.95", "comparators": ("national",),
        "rag_rule": "benchmark", "catalogue_target": None, "target_tolerance": None,
        "series_break_start": None}])
    geography = pd.DataFrame([{"area_code": f"L{i}", "area_name": f"L{i}",
                               "national_code": "E92000001", "region_code": None,
                               "region_name": None, "county_code": None, "county_name": None}
                              for i in range(1, count + 1)] + [ENGLAND_GEOGRAPHY])
    empty = pd.DataFrame({"area_code": [], "neighbour_code": []})
    return compute_judgements(pd.DataFrame(rows), catalogue, geography, empty)


#: England's own row of a geography frame: its national area is itself.
ENGLAND_GEOGRAPHY = {"area_code": "E92000001", "area_name": "England",
                     "national_code": "E92000001", "region_code": None, "region_name": None,
                     "county_code": None, "county_name": None}


def test_benchmark_without_an_interval_falls_back_to_the_england_rank() -> None:
    judged = _percentages(150).set_index("area_code")
    la = judged.loc["L50"]  # 50% of 150 ranked high-is-good: rank 101, 3rd quartile
    assert la["rag_rule_used"] == "rank" and la["rag"] == "amber"
    assert la["rag_reason"].startswith(
        "Amber: 3rd quartile of 150 English councils (rank 101); high is good.")
    assert "No confidence interval can be built" in la["rag_reason"]
    assert judged.loc["L150", "rag"] == "green" and judged.loc["L1", "rag"] == "red"


def test_too_few_councils_for_a_rank_and_no_target_compare_with_england_by_a_margin() -> None:
    judged = _percentages(60).set_index("area_code")
    la = judged.loc["L50"]  # 50.0% against England's 50.0%: within the 2.5-point margin
    assert la["rag_rule_used"] == "comparator" and la["rag"] == "amber"
    assert la["rag_reason"] == (
        "Amber: 50.0% is within 2.50 percentage points of England's 50.0% (margin: 5% of "
        "England's value); not tested for significance: no counts are published; high is "
        "good. No other councils' figures are held to rank it among and no target is set, so "
        "it is compared with England's value by a stated margin.")
    assert judged.loc["L60", "rag"] == "green" and judged.loc["L40", "rag"] == "red"
    england = judged.loc["E92000001"]  # England is not compared with itself
    assert england["rag_rule_used"] == "trend" and england["rag"] == "grey"
    assert pd.isna(england["national_value"])
    assert "England's 50.0" not in england["rag_reason"]
    assert "no England value" not in england["rag_reason"]
    assert england["rag_reason"].endswith(NATIONAL_NOTES["trend"])


def test_fallback_order_rank_then_target_then_comparator() -> None:
    rows = pd.DataFrame({
        "value": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, np.nan],
        "lower_ci": [np.nan, np.nan, np.nan, np.nan, 0.5, np.nan, np.nan],
        "upper_ci": [np.nan, np.nan, np.nan, np.nan, 1.5, np.nan, np.nan],
        "rank": [3.0, np.nan, np.nan, np.nan, 3.0, np.nan, 3.0],
        "target": [2.0, 2.0, np.nan, np.nan, 2.0, np.nan, 2.0],
        "benchmark_value": [1.0, 1.0, 1.0, 1.0, 1.0, np.nan, 1.0],
        "is_national": [False, False, False, True, False, False, False]})
    rule = pd.Series(["benchmark"] * 6 + ["benchmark"])
    used, note = with_fallbacks(rule, rows)
    assert used.tolist() == ["rank", "target", "comparator", "trend", "benchmark",
                             "benchmark", "benchmark"]
    assert note.iloc[0] == FALLBACK_NOTE and note.iloc[1] == TARGET_NOTE
    assert note.iloc[2] == COMPARATOR_NOTE and note.iloc[3] == NATIONAL_NOTES["trend"]
    assert set(note.iloc[4:]) == {""}
    kept, _ = with_fallbacks(pd.Series(["trend", None]), rows.iloc[:2])
    assert kept.tolist() == ["trend", "none"]


@pytest.mark.parametrize("rule", ["benchmark", "comparator", "rank", "typical_range"])
def test_england_is_judged_against_its_target_or_own_trend_not_against_england(
        rule: str) -> None:
    rows = pd.DataFrame({"value": [1.0, 1.0, 1.0], "lower_ci": [0.5, 0.5, 0.5],
                         "upper_ci": [1.5, 1.5, 1.5], "rank": [np.nan, np.nan, 3.0],
                         "target": [2.0, np.nan, np.nan],
                         "benchmark_value": [np.nan, np.nan, 1.0],
                         "is_national": [True, True, False]})
    used, note = with_fallbacks(pd.Series([rule] * 3), rows)
    assert used.tolist() == ["target", "trend", rule]
    assert note.tolist() == [NATIONAL_NOTES["target"], NATIONAL_NOTES["trend"], ""]


def test_benchmark_without_interval_or_rank_falls_back_to_a_target() -> None:
    observations = [{**obs("L50", "county", 4, None, 85.3, den=None), "indicator_id": "pct",
                     "target": 90.0},
                    {**obs("E92000001", "england", 4, None, 93.6, den=None),
                     "indicator_id": "pct"}]
    catalogue = pd.DataFrame([{
        "indicator_id": "pct", "title": "Coverage", "polarity": "high_is_good",
        "value_type": "percentage", "multiplier": 100.0, "unit_label": "%", "decimals": 1,
        "ci_method": "wilson", "benchmark_confidence": "0.95", "comparators": ("national",),
        "rag_rule": "benchmark", "catalogue_target": None, "target_tolerance": None,
        "series_break_start": None}])
    geography = pd.DataFrame([{"area_code": "L50", "area_name": "L50",
                               "national_code": "E92000001", "region_code": None,
                               "region_name": None, "county_code": None, "county_name": None}])
    out = compute_judgements(pd.DataFrame(observations), catalogue, geography,
                             pd.DataFrame({"area_code": [], "neighbour_code": []}))
    la = out.set_index("area_code").loc["L50"]
    assert la["rag_rule_used"] == "target" and la["rag"] == "red"
    assert la["rag_reason"].startswith("Red: 85.3% is 4.7 percentage points below the target")
    assert "so it is judged against its target" in la["rag_reason"]


def _referral_rates(neighbour_values: list[float], own: float) -> pd.DataFrame:
    """A council ("LA", rate ``own``) with one neighbour per value, a referral rate with no
    better or worse direction rated by where it sits among them."""
    codes = [f"N{i}" for i in range(len(neighbour_values))]
    rows = [{**obs(code, "other_la", 4, None, value, den=None), "indicator_id": "ref"}
            for code, value in zip(["LA", *codes], [own, *neighbour_values], strict=True)]
    rows += [{**obs("E92000001", "england", 4, None, 500.0, den=None), "indicator_id": "ref"}]
    catalogue = pd.DataFrame([{
        "indicator_id": "ref", "title": "Referrals rate", "polarity": "no_judgement",
        "value_type": "rate", "multiplier": 10_000.0, "unit_label": "per 10,000",
        "decimals": 1, "ci_method": "byar_exact", "benchmark_confidence": "0.95",
        "comparators": ("national", "neighbours"), "rag_rule": "typical_range",
        "catalogue_target": None, "target_tolerance": None, "series_break_start": None}])
    geography = pd.DataFrame([{"area_code": c, "area_name": c, "national_code": "E92000001",
                               "region_code": None, "region_name": None, "county_code": None,
                               "county_name": None} for c in ["LA", *codes]])
    neighbours = pd.DataFrame({"area_code": ["LA"] * len(codes), "neighbour_code": codes})
    return compute_judgements(pd.DataFrame(rows), catalogue, geography, neighbours)


@pytest.mark.parametrize(("own", "rag", "words"), [
    (420.0, "green", "is within the middle half of its 10 statistical neighbours "
                     "(412.5-637.5)"),
    (650.0, "amber", "is above the middle half of its 10 statistical neighbours "
                     "(412.5-637.5)"),
    (250.0, "red", "is below the whole range of its 10 statistical neighbours "
                   "(300.0-750.0)"),
])
def test_a_rate_without_direction_is_placed_among_its_neighbours(own: float, rag: str,
                                                                  words: str) -> None:
    judged = _referral_rates([300.0 + 50 * i for i in range(10)], own).set_index("area_code")
    la = judged.loc["LA"]
    assert la["rag_rule_used"] == "typical_range" and la["rag"] == rag
    assert words in la["rag_reason"]
    assert "neither better nor worse in itself" in la["rag_reason"]
    assert la["range_scope"] == "statistical neighbours" and la["range_n"] == 10


def test_a_rate_without_direction_and_too_few_comparators_is_grey_and_says_why() -> None:
    judged = _referral_rates([300.0, 350.0, 400.0], 420.0).set_index("area_code")
    la = judged.loc["LA"]
    assert la["rag"] == "grey"
    assert la["rag_reason"].startswith("No RAG rating: too few comparable councils")
    assert judged.loc["E92000001", "rag"] == "grey"
