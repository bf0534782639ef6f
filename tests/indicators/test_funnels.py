"""Funnel significance labels (every row, one funnel per set_id) and control limits."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators import (
    assign_funnel_significance,
    pooled_average,
    proportion_funnel_limits,
    rate_funnel_limits,
    ratio_funnel_limits,
    wilson_ci,
)

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "reference"
ROWS = pd.read_csv(REFERENCE / "reference_funnel_significance.csv", keep_default_na=False)
SETS = list(ROWS["set_id"].unique())


def _numbers(column: pd.Series) -> np.ndarray:
    return pd.to_numeric(column.replace({"NA": "", "": None}), errors="coerce").to_numpy(float)


@pytest.mark.parametrize("set_id", SETS)
def test_reference_funnel_labels(set_id: str) -> None:
    funnel = ROWS[ROWS["set_id"] == set_id]
    statistic = funnel["statistic"].iloc[0]
    kwargs = {}
    if statistic == "rate":
        kwargs = {"rate": _numbers(funnel["rate"]), "rate_type": funnel["rate_type"].iloc[0],
                  "multiplier": float(funnel["multiplier"].iloc[0])}
    labels = assign_funnel_significance(_numbers(funnel["numerator"]),
                                        _numbers(funnel["denominator"]),
                                        statistic=statistic, **kwargs)
    mismatches = funnel[labels != funnel["expected_label"].to_numpy()]
    assert mismatches.empty, mismatches[["numerator", "denominator", "expected_label"]]


def test_every_reference_row_is_covered() -> None:
    """The funnels partition the file (919 rows; METHODS.md section 5 counts 921)."""
    assert sum(int((ROWS["set_id"] == s).sum()) for s in SETS) == len(ROWS) > 900


def test_proportion_limits_touch_the_average() -> None:
    """At each limit the Wilson interval of the limit proportion just reaches the average."""
    n = np.array([50.0, 400.0, 9_000.0])
    limits = proportion_funnel_limits(n, 0.3, multiplier=1)
    for level, suffix in ((0.95, "95"), (0.998, "998")):
        _, upper_of_lower = wilson_ci(limits[f"lower_{suffix}"] * n, n, level)
        lower_of_upper, _ = wilson_ci(limits[f"upper_{suffix}"] * n, n, level)
        assert upper_of_lower == pytest.approx(0.3, rel=1e-9)
        assert lower_of_upper == pytest.approx(0.3, rel=1e-9)
    assert (limits["baseline"] == 0.3).all()


def test_proportion_limits_are_clipped_to_the_multiplier() -> None:
    limits = proportion_funnel_limits([1, 2], 0.9, multiplier=1000)
    assert limits["upper_998"].max() == 1000 and limits["lower_998"].min() >= 0


def test_rate_and_ratio_limits_are_nested() -> None:
    rate = rate_funnel_limits([1, 10, 100, 1000], average=0.002, multiplier=100_000)
    assert (rate["lower_998"] < rate["lower_95"]).all()
    assert (rate["lower_95"] < rate["baseline"]).all()
    assert (rate["baseline"] < rate["upper_95"]).all()
    assert (rate["upper_95"] < rate["upper_998"]).all()
    ratio = ratio_funnel_limits([5, 50, 500], "count")
    assert ((ratio["lower_95"] < 0) & (ratio["upper_95"] > 0)).all()


def test_pooled_average_sums_first() -> None:
    assert pooled_average([1, 9], [10, 90]) == pytest.approx(0.1)
    assert np.isnan(pooled_average([1, np.nan], [10, 90]))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: assign_funnel_significance([1, np.nan], [10, 10]), "'numerator'"),
        (lambda: assign_funnel_significance([1, 2], [10, np.nan]), "'denominator'"),
        (lambda: assign_funnel_significance([11], [10]), "'numerator'"),
        (lambda: assign_funnel_significance([1], [0]), "'denominator'"),
        (lambda: assign_funnel_significance([1], [10], statistic="mean"), "'statistic'"),
        (lambda: assign_funnel_significance([0, 2], statistic="rate", rate=[0, 5],
                                            rate_type="crude", multiplier=100), "'denominator'"),
        (lambda: assign_funnel_significance([1], statistic="rate", rate=[5],
                                            rate_type="age", multiplier=100), "'rate_type'"),
        (lambda: proportion_funnel_limits([10], 1.5), "'average'"),
        (lambda: ratio_funnel_limits([1], "smr"), "'ratio_type'"),
    ],
)
def test_invalid_input_raises(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
