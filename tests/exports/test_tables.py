"""Area tables in CSV downloads: figures rounded to the indicator's decimals, counts whole."""

from __future__ import annotations

import pandas as pd

from exports.tables import rounded_area_frame


def test_figures_are_rounded_to_the_indicators_decimals() -> None:
    areas = pd.DataFrame({"area_name": ["Burnley", "Hyndburn"],
                          "value": [122.04612345678912, None],
                          "lower_ci": [118.96, None], "upper_ci": [125.21999999999, None],
                          "numerator": [301.0, None], "denominator": [24650.0, None],
                          "illustrative": [True, False]})
    out = rounded_area_frame(areas, 1)
    assert out.loc[0, "value"] == 122.0 and out.loc[0, "upper_ci"] == 125.2
    assert out.loc[0, "numerator"] == 301 and isinstance(out.loc[0, "numerator"], int)
    assert pd.isna(out.loc[1, "value"]) and bool(out.loc[0, "illustrative"])
    assert areas.loc[0, "value"] == 122.04612345678912  # the input is left alone


def test_counts_are_written_without_a_decimal_point() -> None:
    out = rounded_area_frame(pd.DataFrame({"value": [1631.0, 12.6]}), 0)
    assert list(out["value"]) == [1631, 13]
    assert all(isinstance(v, int) for v in out["value"])
