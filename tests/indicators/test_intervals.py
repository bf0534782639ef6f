"""Wilson, Byar, exact Poisson and rate intervals against every row of reference_cases.csv."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from indicators import (
    byar_ci,
    exact_poisson_ci,
    poisson_funnel_bounds,
    proportion_funnel_limits,
    rate_ci,
    rate_ci_method,
    wilson_ci,
)

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "reference"
CASES = pd.read_csv(REFERENCE / "reference_cases.csv", dtype=str, keep_default_na=False)
#: Funnel limits in the file are rounded to 6 decimal places.
FUNNEL_ATOL = 5e-7


def _number(text: str) -> float:
    return math.nan if text in ("", "NA") else float(text)


def _computed(row: pd.Series) -> tuple[float, float, float]:
    """(value, lower, upper) for one reference row, dispatched on its ``method``."""
    x, n = _number(row["numerator"]), _number(row["denominator"])
    m, c = float(row["multiplier"]), float(row["confidence"])
    method = row["method"]
    if method == "wilson_proportion":
        lower, upper = wilson_ci(x, n, c)
        return x / n * m, lower * m, upper * m
    if method == "byars_count":
        lower, upper = byar_ci(x, c)
        return math.nan, lower, upper
    if method == "exact_poisson_count":
        # These rows are funnel outputs (exp_events columns): the anchor's bisection.
        lower, upper = poisson_funnel_bounds(x, c)
        return math.nan, float(lower), float(upper)
    if method.startswith("poisson_rate"):
        lower, upper = rate_ci(x, n, m, c)
        return x / n * m, lower, upper
    if method == "funnel_proportion_limit":
        limits = proportion_funnel_limits([n], float(row["expected_value"]) / 100, m)
        level = "95" if c == 0.95 else "998"
        return (limits["baseline"].iloc[0], limits[f"lower_{level}"].iloc[0],
                limits[f"upper_{level}"].iloc[0])
    raise AssertionError(f"no dispatch for method {method!r}")


@pytest.mark.parametrize(
    "index", range(len(CASES)),
    ids=[f"{i}-{r.method}-{r.numerator}/{r.denominator}-{r.confidence}"
         for i, r in enumerate(CASES.itertuples())],
)
def test_reference_case(index: int) -> None:
    row = CASES.iloc[index]
    got = _computed(row)
    atol = FUNNEL_ATOL if row["method"] == "funnel_proportion_limit" else 0.0
    for value, column in zip(got, ("expected_value", "expected_lower", "expected_upper"),
                             strict=True):
        if row[column] == "":
            continue  # not given by the anchor
        expected = _number(row[column])
        if math.isnan(expected):
            assert math.isnan(value), f"{column}: expected NA, got {value}"
        else:
            assert value == pytest.approx(expected, rel=1e-6, abs=atol), column


def test_every_reference_method_is_dispatched() -> None:
    assert set(CASES["method"]) == {
        "wilson_proportion", "byars_count", "exact_poisson_count", "poisson_rate_exact",
        "poisson_rate_byars", "poisson_rate", "funnel_proportion_limit"}


def test_rate_method_label_matches_reference() -> None:
    rows = CASES[CASES["method"].isin(["poisson_rate_exact", "poisson_rate_byars"])]
    rows = rows[rows["numerator"] != ""]
    expected = np.where(rows["method"] == "poisson_rate_exact", "Exact", "Byars")
    assert list(rate_ci_method(rows["numerator"].astype(float))) == list(expected)


def test_vectorised_matches_scalar() -> None:
    x = np.array([0, 1, 5, 9, 10, 65, 1045])
    n = np.array([100, 100, 100, 100, 200, 100, 5000])
    lower, upper = rate_ci(x, n, 10_000)
    for i in range(x.size):
        assert (lower[i], upper[i]) == rate_ci(int(x[i]), int(n[i]), 10_000)
    lower, upper = wilson_ci(pd.Series(x), pd.Series(n), 99.8)
    assert isinstance(lower, np.ndarray)
    assert lower[2] == wilson_ci(5, 100, 0.998)[0]


def test_scalar_input_returns_floats() -> None:
    lower, upper = wilson_ci(65, 100)
    assert type(lower) is float and type(upper) is float


def test_zero_events() -> None:
    z = norm.ppf(0.975)
    assert wilson_ci(0, 20) == (0.0, pytest.approx(z**2 / (20 + z**2)))
    assert wilson_ci(0, 20)[1] * 100 == pytest.approx(16.1, abs=0.05)  # METHODS section 8
    lower, upper = rate_ci(0, 5000, 10_000)
    assert lower == 0.0 and upper == pytest.approx(7.378, abs=5e-4)  # METHODS section 2
    assert exact_poisson_ci(0, 0.998) == (0.0, pytest.approx(6.907755, rel=1e-6))
    assert math.isnan(byar_ci(0)[0])


def test_switch_happens_at_ten_events() -> None:
    assert rate_ci_method(9) == "Exact" and rate_ci_method(10) == "Byars"
    assert rate_ci(9, 1, 1) == pytest.approx(exact_poisson_ci(9))
    assert rate_ci(10, 1, 1) == pytest.approx(byar_ci(10))


def test_full_count_upper_is_clamped_to_one() -> None:
    lower, upper = wilson_ci(np.arange(1, 2000), np.arange(1, 2000))
    assert np.all(upper == 1.0)
    assert np.all(lower <= 1.0)


def test_confidence_one_gives_whole_range() -> None:
    assert wilson_ci(65, 100, 1) == (0.0, 1.0)
    assert rate_ci(5, 100, 100, 100) == (0.0, math.inf)


def test_missing_inputs_give_nan_not_errors() -> None:
    lower, upper = wilson_ci([np.nan, 5, 5], [100, np.nan, 100])
    assert np.isnan(lower[:2]).all() and np.isnan(upper[:2]).all() and lower[2] > 0
    lower, upper = rate_ci(pd.Series([None, 3], dtype="Float64"), [100, 100], 1000)
    assert math.isnan(lower[0]) and math.isnan(upper[0]) and upper[1] > 0
    assert all(math.isnan(v) for v in exact_poisson_ci(math.nan))
    assert rate_ci_method([np.nan])[0] == ""


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: wilson_ci(-1, 10), "numerator"),
        (lambda: wilson_ci(1, 0), "denominator"),
        (lambda: wilson_ci([1, 11], [10, 10]), "numerator"),
        (lambda: wilson_ci(1, 10, 0.5), "confidence"),
        (lambda: wilson_ci(1, 10, 101), "confidence"),
        (lambda: byar_ci(-2), "count"),
        (lambda: exact_poisson_ci([1, -1]), "count"),
        (lambda: rate_ci(1, -5, 100), "denominator"),
        (lambda: rate_ci(-1, 5, 100), "count"),
        (lambda: rate_ci(1, 5, 0), "multiplier"),
    ],
)
def test_invalid_input_raises_value_error_naming_argument(call, argument: str) -> None:
    with pytest.raises(ValueError, match=f"'{argument}'"):
        call()


def test_non_numeric_input_raises_type_error() -> None:
    with pytest.raises(TypeError, match="'numerator'"):
        wilson_ci(pd.Series(["a", "b"]), [1, 2])
    with pytest.raises(TypeError, match="'confidence'"):
        wilson_ci(1, 2, "95%")  # type: ignore[arg-type]


# Property tests -------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=100_000)
sizes = st.integers(min_value=1, max_value=1_000_000)


@settings(deadline=None)
@given(x=counts, extra=counts)
def test_wilson_contains_value(x: int, extra: int) -> None:
    n = x + extra
    if n == 0:
        return
    lower, upper = wilson_ci(x, n)
    assert 0.0 <= lower <= x / n <= upper <= 1.0


@settings(deadline=None)
@given(x=counts, n=sizes)
def test_rate_contains_value(x: int, n: int) -> None:
    lower, upper = rate_ci(x, n, 10_000)
    assert lower <= x / n * 10_000 <= upper


@settings(deadline=None)
@given(x=st.integers(min_value=0, max_value=5_000), extra=st.integers(0, 5_000),
       k=st.integers(min_value=2, max_value=50))
def test_intervals_narrow_as_denominator_grows(x: int, extra: int, k: int) -> None:
    n = x + extra
    if n == 0:
        return
    small, large = wilson_ci(x, n), wilson_ci(k * x, k * n)
    assert large[1] - large[0] < small[1] - small[0]
    small, large = rate_ci(x, n, 100), rate_ci(k * x, k * n, 100)
    assert large[1] - large[0] < small[1] - small[0]


@settings(deadline=None)
@given(x=counts, extra=counts)
def test_998_interval_contains_95_interval(x: int, extra: int) -> None:
    n = max(x + extra, 1)
    for function in (lambda c: wilson_ci(x, n, c), lambda c: rate_ci(x, n, 1000, c),
                     lambda c: exact_poisson_ci(x, c)):
        lo95, up95 = function(0.95)
        lo998, up998 = function(0.998)
        assert lo998 <= lo95 and up95 <= up998


@settings(deadline=None)
@given(x=st.integers(min_value=0, max_value=2_000), confidence=st.sampled_from([0.95, 0.998]))
def test_funnel_bisection_agrees_with_chi_square_form(x: int, confidence: float) -> None:
    """The anchor's bisection stops when its step on v = z/(1+x+z) falls below 1e-7."""
    exact = np.array(exact_poisson_ci(x, confidence))
    bisected = np.array([float(b) for b in poisson_funnel_bounds(x, confidence)])
    v_exact, v_bisected = exact / (1 + x + exact), bisected / (1 + x + bisected)
    assert np.all(np.abs(v_exact - v_bisected) <= 1.2e-7)
