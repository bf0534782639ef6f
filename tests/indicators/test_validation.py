"""Quantiles from scipy.special give exactly what scipy.stats gives."""

from __future__ import annotations

import numpy as np
from scipy.stats import chi2, norm

from indicators._validation import chi2_quantile, z_value


def test_chi2_quantiles_are_scipy_stats_own() -> None:
    df = np.array([1.0, 2.0, 3.5, 20.0, 2001.0, 0.0, -2.0, np.nan])
    for p in (0.001, 0.025, 0.5, 0.975, 0.999):
        np.testing.assert_array_equal(chi2_quantile(p, df), chi2.ppf(p, df))


def test_normal_quantiles_are_scipy_stats_own() -> None:
    for level in (0.9, 0.95, 0.998, 1.0):
        assert z_value(level) == float(norm.ppf(0.5 + level / 2))
