"""District ranks and PERCENTILE.INC quantile bands (fingertips-open test vectors)."""

from __future__ import annotations

import numpy as np
import pytest

from indicators import percentile_bounds, quantile_band, quartile_band, rank_areas


def test_rank_one_is_best_and_ties_share_the_lowest_rank() -> None:
    values = [5.0, 9.0, 9.0, np.nan, 1.0]
    assert rank_areas(values, "high_is_good")[[0, 1, 2, 4]].tolist() == [3, 1, 1, 4]
    assert rank_areas(values, "low_is_good")[[0, 1, 2, 4]].tolist() == [2, 3, 3, 1]
    assert np.isnan(rank_areas(values, "no_judgement")[3])
    assert rank_areas(values, "no_judgement")[1] == 1  # highest first without a judgement


def test_quintile_bounds_match_fingertips_test() -> None:
    """ValueCategoriesCalculator test: values 1..50 give bounds 1, 10.8, 20.6, 30.4, 40.2, 50."""
    bounds = percentile_bounds(np.arange(1, 51), 5)
    assert bounds.tolist() == [1, 10.8, 20.6, 30.4, 40.2, 50]


def test_quintiles_reverse_for_high_is_good() -> None:
    """QuintilesComparer test: values 1..10, high is good: 1->5, 3->4, 5->3, 7->2, 9->1."""
    values = np.arange(1, 11)
    bands = quantile_band([1, 3, 5, 7, 9], values, 5, "high_is_good")
    assert bands.tolist() == [5, 4, 3, 2, 1]
    assert quantile_band([1, 3, 5, 7, 9], values, 5).tolist() == [1, 2, 3, 4, 5]


def test_quartiles_and_small_groups() -> None:
    group = [10.0, 20.0, 30.0, 40.0, 50.0, np.nan]
    assert quartile_band([10, 20, 30, 40, 50, 60], group).tolist() == [1, 1, 2, 3, 4, 4]
    assert np.isnan(quartile_band([10.0, np.nan], group)[1])
    assert np.isnan(quartile_band([1.0], [1.0, 2.0, 3.0])).all()  # fewer than 4 values


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError, match="'n_bands'"):
        quantile_band([1], [1, 2, 3, 4], 1)
    with pytest.raises(ValueError, match="'polarity'"):
        quartile_band([1], [1, 2, 3, 4], "best")
    with pytest.raises(ValueError, match="'polarity'"):
        rank_areas([1, 2], "best")
