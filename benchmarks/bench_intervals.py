"""Speed of the vectorised interval and benchmark-label functions.

Run as ``python benchmarks/bench_intervals.py``. For 1,000,000 random (numerator, denominator)
rows it times Wilson intervals, rate intervals (exact below 10 events, Byar from 10) and
benchmark labels, and reports two ratios:

(a) against row-by-row implementations of the same three steps, timed on a sample of rows and
    scaled to the full size (running them on every row takes minutes): per-row scalar functions
    applied with ``DataFrame.apply``, as the published Python port of the methods does (the
    baseline of the 100x goal), and a stricter lean loop with the scalar maths inlined by hand;
(b) ``wilson_ci`` against the bare numpy Wilson formula written inline, to show what argument
    checks, missing-value handling and clamping cost.

Nothing is asserted: timings depend on the machine. Results are checked for agreement.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import gammaincinv
from scipy.stats import chi2, norm

from indicators import compare_to_benchmark, rate_ci, wilson_ci

ROWS = 1_000_000
SAMPLE = 20_000
PORT_SAMPLE = 2_000
MULTIPLIER = 10_000
CONFIDENCE = 0.95
POLARITIES = np.array(["high_is_good", "low_is_good", "no_judgement"])


def make_rows(size: int, seed: int = 20240601) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Denominators from 1 to ~100,000 (log-uniform), numerators binomial, mixed polarities."""
    rng = np.random.default_rng(seed)
    denominator = np.floor(np.exp(rng.uniform(0, np.log(100_000), size))).astype(np.int64)
    numerator = rng.binomial(denominator, rng.uniform(0.0, 0.3, size))
    polarity = POLARITIES[rng.integers(0, 3, size)]
    return numerator.astype(float), denominator.astype(float), polarity


def vectorised(x: np.ndarray, n: np.ndarray, polarity: np.ndarray) -> tuple[Any, ...]:
    """Wilson CI, rate CI and benchmark labels with the package functions."""
    w_lower, w_upper = wilson_ci(x, n, CONFIDENCE)
    r_lower, r_upper = rate_ci(x, n, MULTIPLIER, CONFIDENCE)
    benchmark = x.sum() / n.sum()
    labels = compare_to_benchmark(w_lower, w_upper, benchmark, polarity)
    return w_lower, w_upper, r_lower, r_upper, labels


def row_by_row(x: np.ndarray, n: np.ndarray, polarity: np.ndarray) -> tuple[Any, ...]:
    """The same three steps one row at a time in plain Python (math + scalar scipy calls)."""
    z = float(norm.ppf(0.5 + CONFIDENCE / 2))
    alpha = 1.0 - CONFIDENCE
    benchmark = float(x.sum() / n.sum())
    out: list[tuple[float, float, float, float, str]] = []
    for xi, ni, pol in zip(x.tolist(), n.tolist(), polarity.tolist(), strict=True):
        spread = z * math.sqrt(z * z + 4 * xi * (1 - xi / ni))
        w_lower = max((2 * xi + z * z - spread) / (2 * (ni + z * z)), 0.0)
        w_upper = min((2 * xi + z * z + spread) / (2 * (ni + z * z)), 1.0)
        if xi < 10:
            c_lower = 0.0 if xi == 0 else float(gammaincinv(xi, alpha / 2))
            c_upper = float(gammaincinv(xi + 1, 1 - alpha / 2))
        else:
            c_lower = xi * (1 - 1 / (9 * xi) - z / (3 * math.sqrt(xi))) ** 3
            c_upper = (xi + 1) * (1 - 1 / (9 * (xi + 1)) + z / (3 * math.sqrt(xi + 1))) ** 3
        raw = -1 if w_upper < benchmark else (1 if w_lower > benchmark else 0)
        if pol == "no_judgement":
            label = ("Lower", "Similar", "Higher")[raw + 1]
        else:
            label = ("Worse", "Similar", "Better")[raw * (1 if pol == "high_is_good" else -1) + 1]
        out.append((w_lower, w_upper, c_lower / ni * MULTIPLIER, c_upper / ni * MULTIPLIER,
                    label))
    columns = list(zip(*out, strict=True))
    return tuple(np.array(c) for c in columns)


def port_style(x: np.ndarray, n: np.ndarray, polarity: np.ndarray) -> pd.DataFrame:
    """Per-row scalar functions applied with ``DataFrame.apply(axis=1)``, as PHStatsMethods does.

    Zero counts use the exact interval here (the port itself raises on them).
    """
    benchmark = float(x.sum() / n.sum())

    def wilson(xi: float, ni: float) -> tuple[float, float]:
        z = norm.ppf(0.5 + CONFIDENCE / 2)
        spread = z * math.sqrt(z**2 + 4 * xi * (1 - xi / ni))
        return ((2 * xi + z**2 - spread) / 2 / (ni + z**2),
                (2 * xi + z**2 + spread) / 2 / (ni + z**2))

    def count_ci(xi: float) -> tuple[float, float]:
        z = norm.ppf(0.5 + CONFIDENCE / 2)
        if xi < 10:
            lower = 0.0 if xi == 0 else chi2.ppf((1 - CONFIDENCE) / 2, 2 * xi) / 2
            return lower, chi2.ppf(1 - (1 - CONFIDENCE) / 2, 2 * xi + 2) / 2
        return (xi * (1 - 1 / (9 * xi) - z / (3 * math.sqrt(xi))) ** 3,
                (xi + 1) * (1 - 1 / (9 * (xi + 1)) + z / (3 * math.sqrt(xi + 1))) ** 3)

    def row(r: pd.Series) -> pd.Series:
        w_lower, w_upper = wilson(r["x"], r["n"])
        c_lower, c_upper = count_ci(r["x"])
        raw = -1 if w_upper < benchmark else (1 if w_lower > benchmark else 0)
        if r["polarity"] == "no_judgement":
            label = ("Lower", "Similar", "Higher")[raw + 1]
        else:
            label = ("Worse", "Similar", "Better")[
                raw * (1 if r["polarity"] == "high_is_good" else -1) + 1]
        return pd.Series([w_lower, w_upper, c_lower / r["n"] * MULTIPLIER,
                          c_upper / r["n"] * MULTIPLIER, label])

    return pd.DataFrame({"x": x, "n": n, "polarity": polarity}).apply(row, axis=1)


def bare_wilson(x: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson formula inlined with no checks, no missing-value handling and no clamping."""
    z = 1.959963984540054
    spread = z * np.sqrt(z * z + 4 * x * (1 - x / n))
    lower = (2 * x + z * z - spread) / (2 * (n + z * z))
    return lower, (2 * x + z * z + spread) / (2 * (n + z * z))


def best_time(function: Callable[[], object], repeats: int = 5) -> float:
    """Fastest of ``repeats`` runs, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    x, n, polarity = make_rows(ROWS)
    print(f"{ROWS:,} rows; {np.mean(x < 10):.1%} have fewer than 10 events (exact Poisson branch)")

    vector_seconds = best_time(lambda: vectorised(x, n, polarity))
    loop_sample = best_time(lambda: row_by_row(x[:SAMPLE], n[:SAMPLE], polarity[:SAMPLE]), 2)
    loop_seconds = loop_sample * ROWS / SAMPLE
    print("\n(a) Wilson + rate CI + benchmark labels")
    print(f"    vectorised, {ROWS:,} rows:               {vector_seconds:8.3f} s")
    print(f"    lean loop, {SAMPLE:,} rows measured:       {loop_sample:8.3f} s")
    print(f"    lean loop, scaled to {ROWS:,} rows:      {loop_seconds:8.3f} s "
          f"(x {ROWS // SAMPLE}; not run in full)")

    port_sample = best_time(
        lambda: port_style(x[:PORT_SAMPLE], n[:PORT_SAMPLE], polarity[:PORT_SAMPLE]), 1)
    port_seconds = port_sample * ROWS / PORT_SAMPLE
    print(f"    port-style apply, {PORT_SAMPLE:,} rows measured: {port_sample:8.3f} s")
    print(f"    port-style apply, scaled to {ROWS:,} rows: {port_seconds:8.1f} s "
          f"(x {ROWS // PORT_SAMPLE}; not run in full)")
    port_ratio = port_seconds / vector_seconds
    print(f"    speed-up over the port-style apply: {port_ratio:6,.0f}x "
          f"(row by row, as the published Python port computes; goal >= 100x: "
          f"{'met' if port_ratio >= 100 else 'not met'})")
    print(f"    speed-up over the lean loop:        {loop_seconds / vector_seconds:6,.0f}x "
          "(a stricter baseline: scalar maths inlined by hand, no function calls)")

    fast = vectorised(x[:SAMPLE], n[:SAMPLE], polarity[:SAMPLE])
    slow = row_by_row(x[:SAMPLE], n[:SAMPLE], polarity[:SAMPLE])
    worst = max(float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))
                for a, b in zip(fast[:4], slow[:4], strict=True))
    print(f"    agreement on the sample: labels identical = {np.array_equal(fast[4], slow[4])}, "
          f"worst relative difference of limits = {worst:.1e}")

    package = best_time(lambda: wilson_ci(x, n, CONFIDENCE))
    bare = best_time(lambda: bare_wilson(x, n))
    print("\n(b) wilson_ci against the bare numpy formula, 1,000,000 rows")
    print(f"    wilson_ci: {package * 1000:7.1f} ms   bare formula: {bare * 1000:7.1f} ms")
    print(f"    ratio: {package / bare:.2f}x  (goal within 1.5x; the difference is argument "
          "checks, NaN-safe exact end points and clamping)")


if __name__ == "__main__":
    main()
