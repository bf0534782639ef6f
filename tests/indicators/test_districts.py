"""Groups of districts, comparison with the county and funnels: pure functions, known answers."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from indicators import (
    assign_funnel_significance,
    benchmark_from_group,
    proportion_funnel_limits,
)
from indicators.districts import (
    INCOMPLETE_NOTE,
    NOT_ADDITIVE_NOTE,
    combine_groups,
    compare_with_county,
    funnel_data,
    rank_by_polarity,
)
from services.catalogue import catalogue

GROUPS = {"G1": ("A", "B"), "G2": ("C",)}
NAMES = {"G1": "A and B", "G2": "C alone"}
PERIOD = {"period_key": "q3", "period_label": "Q3 2016/17", "period_end": pd.Timestamp(
    "2016-12-31").date()}


def rows(*figures: tuple[str, float | None, float | None, float | None, bool]) -> pd.DataFrame:
    return pd.DataFrame([{"area_code": code, **PERIOD, "numerator": x, "denominator": n,
                          "value": value, "illustrative": illustrative}
                         for code, x, n, value, illustrative in figures])


def test_rates_are_computed_from_summed_counts_not_averaged() -> None:
    cla = catalogue()["cla_rate"]
    frame = rows(("A", 218, 32_747, 66.6, True), ("B", 54, 18_420, 29.3, False),
                 ("C", 272, 32_747, 83.1, False))
    out = combine_groups(frame, GROUPS, NAMES, cla).set_index("area_code")
    expected = benchmark_from_group([218, 54], [32_747, 18_420], "rate", 10_000)
    assert out.loc["G1", "value"] == pytest.approx(expected.value)
    assert out.loc["G1", "value"] != pytest.approx((66.6 + 29.3) / 2, abs=0.5)
    assert (out.loc["G1", "lower_ci"], out.loc["G1", "upper_ci"]) == pytest.approx(
        (expected.lower_ci, expected.upper_ci))
    assert (out.loc["G1", "numerator"], out.loc["G1", "denominator"]) == (272, 51_167)
    assert out.loc["G1", "area_name"] == "A and B"
    assert bool(out.loc["G1", "illustrative"]) is True
    assert bool(out.loc["G2", "illustrative"]) is False
    assert out.loc["G2", "value"] == pytest.approx(272 / 32_747 * 10_000)


def test_percentages_use_wilson_on_the_summed_counts() -> None:
    smoking = catalogue()["smoking_at_delivery"]
    out = combine_groups(rows(("A", 90, 1000, 9.0, False), ("B", 30, 500, 6.0, False)),
                         {"G1": ("A", "B")}, NAMES, smoking)
    expected = benchmark_from_group([90, 30], [1000, 500], "proportion", 100)
    assert out[["value", "lower_ci", "upper_ci"]].iloc[0].tolist() == pytest.approx(
        [8.0, expected.lower_ci, expected.upper_ci])


def test_a_group_missing_a_district_has_no_value_and_says_why() -> None:
    cla = catalogue()["cla_rate"]
    out = combine_groups(rows(("A", 218, 32_747, 66.6, False), ("B", None, None, 29.3, False)),
                         {"G1": ("A", "B")}, NAMES, cla)
    assert np.isnan(out["value"].iloc[0])
    assert out["value_note"].iloc[0] == INCOMPLETE_NOTE
    assert out["members"].iloc[0] == 1


def test_counts_are_summed_only_when_the_catalogue_says_they_add_up() -> None:
    number = catalogue()["cla_number"]
    assert number.additive
    frame = rows(("A", None, None, 218, False), ("B", None, None, 54, False))
    assert combine_groups(frame, {"G1": ("A", "B")}, NAMES, number)["value"].iloc[0] == 272
    not_additive = dataclasses.replace(number, additive=False)
    out = combine_groups(frame, {"G1": ("A", "B")}, NAMES, not_additive)
    assert np.isnan(out["value"].iloc[0])
    assert out["value_note"].iloc[0] == NOT_ADDITIVE_NOTE


def test_no_member_figures_gives_an_empty_frame() -> None:
    out = combine_groups(rows(("Z", 1, 10, 1.0, False)), GROUPS, NAMES, catalogue()["cla_rate"])
    assert out.empty


@pytest.mark.parametrize(("polarity", "expected"), [
    ("low_is_good", ["Better", "Similar", "Worse", "Not compared"]),
    ("high_is_good", ["Worse", "Similar", "Better", "Not compared"]),
    ("no_judgement", ["Lower", "Similar", "Higher", "Not compared"]),
])
def test_comparison_with_the_county_uses_the_interval_and_polarity(
        polarity: str, expected: list[str]) -> None:
    frame = pd.DataFrame({"lower_ci": [40.0, 60.0, 70.0, np.nan],
                          "upper_ci": [50.0, 70.0, 80.0, np.nan]})
    assert compare_with_county(frame, 65.0, polarity).tolist() == expected
    assert compare_with_county(frame, None, polarity).tolist() == ["Not compared"] * 4


def test_rank_one_is_best_for_the_polarity_and_ties_share() -> None:
    values = pd.Series([10.0, 30.0, 20.0, 30.0])
    assert rank_by_polarity(values, "low_is_good").tolist() == [1, 3, 2, 3]
    assert rank_by_polarity(values, "high_is_good").tolist() == [4, 1, 3, 1]


def areas(counts: list[tuple[str, float | None, float | None]]) -> pd.DataFrame:
    return pd.DataFrame([{"area_code": name, "area_name": name, "numerator": x,
                          "denominator": n, "illustrative": False} for name, x, n in counts])


def test_proportion_funnel_matches_the_funnel_functions() -> None:
    smoking = catalogue()["smoking_at_delivery"]
    shown = areas([("A", 90, 1000), ("B", 30, 500), ("C", 300, 2000), ("D", None, None)])
    funnel = funnel_data(shown, smoking)
    assert funnel is not None
    assert funnel.statistic == "proportion"
    assert funnel.baseline == pytest.approx(420 / 3500 * 100)
    assert funnel.left_out == ("D",)
    assert funnel.points["funnel_label"].tolist() == assign_funnel_significance(
        [90, 30, 300], [1000, 500, 2000], statistic="proportion").tolist()
    upper = funnel.limits[funnel.limits["line"] == "upper_95"].iloc[10]
    expected = proportion_funnel_limits([upper["x"]], 420 / 3500, 100)["upper_95"].iloc[0]
    assert upper["y"] == pytest.approx(expected)


def test_rate_funnel_labels_and_limits_around_the_pooled_rate() -> None:
    cla = catalogue()["cla_rate"]
    shown = areas([("A", 218, 32_747), ("B", 54, 18_420), ("C", 272, 32_747)])
    funnel = funnel_data(shown, cla)
    assert funnel is not None and funnel.statistic == "rate"
    assert funnel.baseline == pytest.approx(544 / 83_914 * 10_000)
    labels = assign_funnel_significance([218, 54, 272], [32_747, 18_420, 32_747],
                                        statistic="rate",
                                        rate=np.array([218 / 32_747, 54 / 18_420,
                                                       272 / 32_747]) * 10_000,
                                        rate_type="crude", multiplier=10_000)
    assert funnel.points["funnel_label"].tolist() == labels.tolist()
    assert set(funnel.limits["line"]) == {"lower_95", "upper_95", "lower_998", "upper_998"}
    lower = funnel.limits[funnel.limits["line"] == "lower_998"]["y"]
    assert (lower < funnel.baseline).all()
    assert funnel.limits["x"].between(18_420 * 0.5, 32_747 * 1.5).all()


def test_no_funnel_for_counts_or_fewer_than_two_areas() -> None:
    assert funnel_data(areas([("A", 1, 10), ("B", 2, 10)]), catalogue()["cla_number"]) is None
    assert funnel_data(areas([("A", 1, 10), ("B", None, None)]),
                       catalogue()["cla_rate"]) is None
