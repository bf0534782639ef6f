"""The catalogue's ci_method picks the interval function from one registry, checked against
the methods the catalogue allows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from domain.catalogue import load_catalogue
from domain.vocabulary import CIMethod
from indicators._intervals import rate_ci, wilson_ci
from indicators._series import with_intervals
from indicators.interval_methods import INTERVAL_METHODS, NOT_COMPUTED, check_covers

ALLOWED = frozenset(m.value for m in CIMethod)


def test_every_method_the_catalogue_allows_is_registered_or_deliberately_skipped() -> None:
    check_covers(ALLOWED)
    assert set(INTERVAL_METHODS) | NOT_COMPUTED == ALLOWED
    assert not set(INTERVAL_METHODS) & NOT_COMPUTED
    used = {ind.ci_method.value for ind in load_catalogue().values()}
    assert used <= set(INTERVAL_METHODS) | NOT_COMPUTED


def test_a_registry_out_of_step_with_the_catalogue_is_named() -> None:
    with pytest.raises(ValueError, match="no function for byar_exact"):
        check_covers(ALLOWED, registered=frozenset({"wilson"}))
    with pytest.raises(ValueError, match="not allowed by the catalogue: poisson"):
        check_covers(ALLOWED, registered=frozenset({"wilson", "byar_exact", "poisson"}))


def _rows(method: str | None, numerator: float = 30.0, denominator: float = 200.0
          ) -> pd.DataFrame:
    return pd.DataFrame({"numerator": [numerator], "denominator": [denominator],
                         "multiplier": [100.0], "ci_method": [method], "lower_ci": [np.nan],
                         "upper_ci": [np.nan], "ci_level": [np.nan], "ci_source": [None]})


def test_each_method_computes_with_its_registered_function() -> None:
    wilson = with_intervals(_rows("wilson")).iloc[0]
    lower, upper = wilson_ci(30.0, 200.0, 0.95)
    assert wilson["lower_ci"] == pytest.approx(lower * 100) and wilson["ci_source"] == "computed"
    rate = with_intervals(_rows("byar_exact")).iloc[0]
    assert (rate["lower_ci"], rate["upper_ci"]) == pytest.approx(rate_ci(30.0, 200.0, 100.0))
    for skipped in ("published", "none", None):
        row = with_intervals(_rows(skipped)).iloc[0]
        assert np.isnan(row["lower_ci"]) and row["ci_source"] == "none"
    assert np.isnan(with_intervals(_rows("wilson", 300.0, 200.0)).iloc[0]["lower_ci"])


def test_an_unknown_method_is_refused_not_silently_skipped() -> None:
    with pytest.raises(ValueError, match="'ci_method' must be one of .*got 'poisson'"):
        with_intervals(_rows("poisson"))
