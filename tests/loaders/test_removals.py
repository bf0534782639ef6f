"""The guard against blanking a stored interval, count or denominator."""

from __future__ import annotations

from typing import Any

import pandas as pd

from loaders import LoadContext, validate_file
from loaders.reference import GUARDED_COLUMNS

Q2 = "fy_quarter:2016-07-01:2016-09-30"


def _stored(indicator: str, area: str, numerator: Any, denominator: Any, lower: Any,
            upper: Any, value: float) -> pd.DataFrame:
    return pd.DataFrame([[indicator, area, Q2, "all", value, numerator, denominator, lower,
                          upper]], columns=GUARDED_COLUMNS)


def test_a_row_without_the_stored_interval_is_warned(files: Any, ctx: LoadContext) -> None:
    ctx.previous = _stored("cla_rate", "E10000017", 1800, 260000, 66.0, 72.0, 69.2)
    path = files.template("r.xlsx", files.row("cla_rate", "E10000017", numerator=1800,
                                              denominator=260000, value=69.2))
    report = validate_file(path, ctx).report
    assert report.flatten(["row", "column", "code", "severity"]) == [
        [2, "lower_ci", "removes-interval", "warning"]]
    assert "stored confidence interval (66 to 72) would be removed" in report.issues[0].message


def test_counts_and_denominators_are_guarded_too(files: Any, ctx: LoadContext) -> None:
    ctx.previous = _stored("cla_rate", "E10000017", 1800, 260000, None, None, 69.2)
    path = files.template("r.xlsx", files.row("cla_rate", "E10000017", value=69.2))
    assert validate_file(path, ctx).report.codes() == ["removes-numerator",
                                                       "removes-denominator"]


def test_keeping_or_adding_figures_is_not_warned(files: Any, ctx: LoadContext) -> None:
    ctx.previous = _stored("cla_rate", "E10000017", None, None, None, None, 69.2)
    path = files.template("r.xlsx", files.row("cla_rate", "E10000017", numerator=1800,
                                              denominator=260000, value=69.2, lower=66.0,
                                              upper=72.6))
    assert validate_file(path, ctx).report.codes() == []
