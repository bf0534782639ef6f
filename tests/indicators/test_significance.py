"""Benchmark comparisons against every row of reference_significance.csv."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators import (
    compare_ci_overlap,
    compare_spc_proportion,
    compare_spc_rate,
    compare_to_benchmark,
    compare_two_level,
)

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "reference"
CASES = pd.read_csv(REFERENCE / "reference_significance.csv", keep_default_na=False)
CASES = CASES.replace("NA", "")


def _f(value: object) -> float:
    return np.nan if value == "" else float(value)  # type: ignore[arg-type]


def _confidence(text: str) -> float:
    """"as stored" and the two-level "0.95+0.998" are compared on the stored 95% limits."""
    return 0.998 if text == "0.998" else 0.95


#: Reference ``method`` -> comparer called on one row.
COMPARERS = {
    "ci_contains_benchmark_value": lambda r: compare_to_benchmark(
        _f(r["lower"]), _f(r["upper"]), _f(r["benchmark"]), r["polarity"]),
    "ci_contains_benchmark_value_two_levels": lambda r: compare_two_level(
        _f(r["lower"]), _f(r["upper"]), _f(r["lower_998"]), _f(r["upper_998"]),
        _f(r["benchmark"]), r["polarity"]),
    "ci_overlaps_benchmark_ci": lambda r: compare_ci_overlap(
        _f(r["value"]), _f(r["lower"]), _f(r["upper"]), _f(r["benchmark"]),
        _f(r["benchmark_lower"]), _f(r["benchmark_upper"]), r["polarity"]),
    "spc_proportion_vs_benchmark": lambda r: compare_spc_proportion(
        _f(r["value"]), _f(r["denominator"]), _f(r["benchmark"]), r["polarity"],
        _confidence(r["confidence"]), 100 if r["unit"] == "" else float(r["unit"])),
    "spc_rate_vs_benchmark": lambda r: compare_spc_rate(
        _f(r["value"]), _f(r["denominator"]), _f(r["benchmark"]), r["polarity"],
        _confidence(r["confidence"]), float(r["unit"])),
}


@pytest.mark.parametrize(
    "row", CASES.to_dict("records"),
    ids=[f"{i}-{m}-{p}" for i, (m, p) in enumerate(zip(CASES["method"], CASES["polarity"],
                                                      strict=True))],
)
def test_reference_label(row: dict) -> None:
    assert COMPARERS[row["method"]](row) == row["expected_label"]


def test_every_reference_method_has_a_comparer() -> None:
    assert set(CASES["method"]) == set(COMPARERS)


def test_vectorised_over_the_one_level_rows() -> None:
    rows = CASES[CASES["method"] == "ci_contains_benchmark_value"]
    labels = compare_to_benchmark(rows["lower"].map(_f), rows["upper"].map(_f),
                                  rows["benchmark"].map(_f), rows["polarity"].to_numpy())
    assert isinstance(labels, np.ndarray)
    assert labels.tolist() == rows["expected_label"].tolist()


def test_benchmark_on_a_bound_is_similar() -> None:
    labels = compare_to_benchmark([1.0, 1.0], [2.0, 2.0], [1.0, 2.0], "high_is_good")
    assert labels.tolist() == ["Similar", "Similar"]


def test_polarity_mapping_and_missing() -> None:
    lower, upper = np.array([3.2, 2.2, 2.2, np.nan]), np.array([3.5, 2.8, 2.8, 3.0])
    assert compare_to_benchmark(lower, upper, 3.0, "low_is_good").tolist() == [
        "Worse", "Better", "Better", "Not compared"]
    assert compare_to_benchmark(lower, upper, 3.0, "no_judgement").tolist() == [
        "Higher", "Lower", "Lower", "Not compared"]
    assert compare_to_benchmark(lower, upper, 3.0, None).tolist() == ["Not compared"] * 4
    assert compare_to_benchmark(3.2, 3.5, np.nan, "high_is_good") == "Not compared"


def test_two_level_no_judgement_reads_higher_and_lower() -> None:
    labels = compare_two_level(2.5, 2.7, 2.3, 2.9, [3.0, 2.8, 2.6, 2.4, 2.2], "no_judgement")
    assert labels.tolist() == ["Lower", "Lower", "Similar", "Higher", "Higher"]


def test_spc_methods_need_a_positive_denominator() -> None:
    assert compare_spc_rate(2.0, [0, -5, np.nan], 2.1, "low_is_good").tolist() == [
        "Not compared"] * 3


def test_unknown_polarity_raises() -> None:
    with pytest.raises(ValueError, match="'polarity'"):
        compare_to_benchmark(1, 2, 3, "higher_is_better")
    with pytest.raises(ValueError, match="'polarity'"):
        compare_to_benchmark([1, 1], [2, 2], [3, 3], ["low_is_good", "up"])
    with pytest.raises(ValueError, match="'confidence'"):
        compare_spc_proportion(10, 100, 9, "low_is_good", confidence=0.5)
