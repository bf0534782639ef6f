"""Pooled benchmarks (sum then compute) and statistical-neighbour summaries."""

from __future__ import annotations

import math

import numpy as np
import pytest

from indicators import benchmark_from_group, neighbour_summary, rate_ci, wilson_ci


def test_proportion_benchmark_sums_counts_first() -> None:
    result = benchmark_from_group([1, 99], [100, 100], "proportion", multiplier=100)
    assert result.value == pytest.approx(50.0)  # not the mean of 1% and 99% weighted otherwise
    lower, upper = wilson_ci(100, 200)
    assert (result.lower_ci, result.upper_ci) == pytest.approx((lower * 100, upper * 100))
    assert (result.numerator, result.denominator) == (100.0, 200.0)
    unequal = benchmark_from_group([10, 1], [1000, 10], "proportion")
    assert unequal.value == pytest.approx(11 / 1010 * 100)


def test_rate_benchmark_uses_rate_interval() -> None:
    result = benchmark_from_group([3, 4], [5000, 6000], "rate", multiplier=10_000)
    assert result.value == pytest.approx(7 / 11000 * 10_000)
    assert (result.lower_ci, result.upper_ci) == pytest.approx(rate_ci(7, 11000, 10_000))
    assert result.statistic == "rate" and result.confidence == 0.95


def test_missing_member_makes_benchmark_missing() -> None:
    result = benchmark_from_group([1, np.nan], [100, 100])
    assert math.isnan(result.value) and math.isnan(result.lower_ci)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"numerators": [-1, 2], "denominators": [10, 10]}, "'numerators'"),
        ({"numerators": [1, 2], "denominators": [10, 0]}, "'denominators'"),
        ({"numerators": [1], "denominators": [10], "statistic": "mean"}, "'statistic'"),
        ({"numerators": [30], "denominators": [10]}, "'numerators'"),
    ],
)
def test_invalid_input_raises(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        benchmark_from_group(**kwargs)


def test_neighbour_summary_ignores_missing() -> None:
    summary = neighbour_summary([10.0, np.nan, 20.0, 60.0])
    assert (summary.mean, summary.median, summary.n) == (30.0, 20.0, 3)
    empty = neighbour_summary([np.nan])
    assert empty.n == 0 and math.isnan(empty.mean) and math.isnan(empty.median)
