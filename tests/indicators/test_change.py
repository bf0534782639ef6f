"""Change since the previous period, direction labels and percent change."""

from __future__ import annotations

import math

import numpy as np
import pytest

from indicators import change_and_direction, percent_change


def test_direction_follows_polarity() -> None:
    change, direction = change_and_direction([12, 8, 10], [10, 10, 10], "high_is_good")
    assert change.tolist() == [2, -2, 0]
    assert direction.tolist() == ["improved", "worsened", "no change"]
    _, direction = change_and_direction([12, 8, 10], [10, 10, 10], "low_is_good")
    assert direction.tolist() == ["worsened", "improved", "no change"]
    for polarity in ("no_judgement", "not_applicable", None):
        _, direction = change_and_direction([12, 8, 10], [10, 10, 10], polarity)
        assert direction.tolist() == ["increased", "decreased", "no change"]


def test_per_row_polarity_comparability_and_missing() -> None:
    change, direction = change_and_direction(
        [12, 12, np.nan, 12], [10, 10, 10, 10],
        np.array(["low_is_good", "high_is_good", "high_is_good", "high_is_good"]),
        comparable=[True, True, True, False])
    assert direction.tolist() == ["worsened", "improved", "not comparable", "not comparable"]
    assert np.isnan(change[2:]).all()


def test_tolerance_and_scalars() -> None:
    change, direction = change_and_direction(10.04, 10.0, "high_is_good", tolerance=0.05)
    assert direction == "no change" and change == pytest.approx(0.04)
    with pytest.raises(ValueError, match="'tolerance'"):
        change_and_direction(1, 2, "high_is_good", tolerance=-1)
    with pytest.raises(ValueError, match="'polarity'"):
        change_and_direction(1, 2, "better")


def test_percent_change() -> None:
    assert percent_change(12, 10) == pytest.approx(20.0)
    assert percent_change(-12, -10) == pytest.approx(-20.0)
    result = percent_change([5, 5, np.nan], [0, 4, 4])
    assert math.isnan(result[0]) and result[1] == pytest.approx(25.0) and math.isnan(result[2])
