"""Checks across rows: jumps against the file and the store, small counts, district sums."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from loaders import LoadContext, validate_file
from loaders.reference import PREVIOUS_COLUMNS

Q1, Q2 = "fy_quarter:2016-04-01:2016-06-30", "fy_quarter:2016-07-01:2016-09-30"
Q2_LAST_YEAR = "fy_quarter:2015-07-01:2015-09-30"


def test_jump_against_previous_period_in_the_same_file(files: Any, ctx: LoadContext) -> None:
    path = files.template("jump.xlsx", files.row(period="Q1 2016/17", value=100),
                          files.row(period="Q2 2016/17", value=140),
                          files.row(period="Q3 2016/17", value=150))
    report = validate_file(path, ctx).report
    assert report.flatten(["row", "column", "code", "severity"]) == [
        [3, "value", "implausible-jump", "warning"]]
    assert "140 is 40% higher than 100 in Q1 2016/17, more than the 25% change" in \
        report.issues[0].message


def test_jump_against_the_stored_previous_value(files: Any, ctx: LoadContext) -> None:
    asked: list[pd.DataFrame] = []

    def stored(keys: pd.DataFrame) -> pd.DataFrame:
        asked.append(keys)
        return pd.DataFrame([["cla_number", "E07000117", Q1, "all", 200.0]],
                            columns=PREVIOUS_COLUMNS)
    ctx.previous = stored
    report = validate_file(files.template("j.xlsx", files.row(value=120)), ctx).report
    assert report.flatten(["row", "code"]) == [[2, "implausible-jump"]]
    assert asked[0].values.tolist() == [["cla_number", "E07000117", Q1, "all"],
                                        ["cla_number", "E07000117", Q2_LAST_YEAR, "all"]]


def test_a_period_not_yet_begun_is_refused_and_one_under_way_is_not(
        files: Any, ctx: LoadContext) -> None:
    ctx.today = dt.date(2016, 7, 1)  # Q2 2016/17 begins today; Q3 on 1 October
    path = files.template("later.xlsx", files.row(period="Q2 2016/17", value=120),
                          files.row(period="Q3 2016/17", value=121))
    report = validate_file(path, ctx).report
    assert report.flatten(["row", "column", "code", "severity"]) == [
        [3, "period", "period-not-begun", "error"]]
    assert ("Q3 2016/17: the period begins on 1 October 2016, after today (1 July 2016)"
            in report.issues[0].message)


def test_small_changes_in_small_counts_are_not_jumps(files: Any, ctx: LoadContext) -> None:
    path = files.template("s.xlsx", files.row(period="Q1 2016/17", value=7, status="final"),
                          files.row(period="Q2 2016/17", value=9))
    assert validate_file(path, ctx).report.codes() == []


def test_small_counts_warn_unless_suppressed(files: Any, ctx: LoadContext) -> None:
    path = files.template(
        "small.xlsx", files.row(value=3), files.row(area="E07000118", status="suppressed",
                                                    value=None),
        files.row(indicator="care_leavers_eet", area="E07000119", numerator=4, denominator=9,
                  value=None),
        files.row(indicator="cla_rate", area="E07000120", numerator=2, denominator=20_000,
                  value=None))
    assert validate_file(path, ctx).report.flatten(["row", "column", "code"]) == [
        [2, "value", "small-count"], [4, "numerator", "small-count"]]


def test_withheld_symbols_set_the_status(files: Any, ctx: LoadContext) -> None:
    path = files.template("w.xlsx", files.row(value="c"), files.row(area="E07000118",
                                                                    value="-"))
    result = validate_file(path, ctx)
    assert result.report.issues == []
    assert result.frame["status"].tolist() == ["suppressed", "not_available"]


def test_partial_districts_above_the_county_are_warned(files: Any, ctx: LoadContext) -> None:
    path = files.template("d.xlsx", files.row(value=900), files.row(area="E07000118",
                                                                     value=200),
                          files.row(area="E10000017", value=1000))
    assert validate_file(path, ctx).report.flatten(["row", "code"]) == [
        [4, "districts-do-not-sum"]]


def test_non_additive_indicators_are_not_summed(files: Any, ctx: LoadContext) -> None:
    path = files.template("r.xlsx", files.row("cla_rate", value=132.4),
                          files.row("cla_rate", area="E10000017", value=72.7))
    assert validate_file(path, ctx).report.issues == []


def test_value_is_calculated_from_the_fraction(files: Any, ctx: LoadContext) -> None:
    path = files.template("v.xlsx", files.row("cp_plans_rate", area="E10000017",
                                              numerator=1631, denominator=245_633, value=None),
                          files.row(numerator=240, value=None))
    result = validate_file(path, ctx)
    assert result.report.issues == []
    assert result.frame["value"].round(2).tolist() == [66.4, 240.0]
    assert result.frame["source_cell"].tolist() == ["Data!E2", "Data!E3"]


def test_rounded_values_within_the_indicators_decimals_pass(files: Any,
                                                           ctx: LoadContext) -> None:
    path = files.template("v.xlsx", files.row("cp_plans_rate", area="E10000017",
                                              numerator=1631, denominator=245_633, value=66.4))
    assert validate_file(path, ctx).report.issues == []


def test_duplicate_names_every_row(files: Any, ctx: LoadContext) -> None:
    path = files.template("d.xlsx", files.row(), files.row(value=121), files.row(value=122))
    report = validate_file(path, ctx).report
    assert report.flatten(["row", "code"]) == [[3, "duplicate-row"], [4, "duplicate-row"]]
    assert "appears 3 times (rows 2, 3, 4)" in report.issues[0].message


def test_a_jump_on_the_same_quarter_a_year_before_is_warned(files: Any,
                                                            ctx: LoadContext) -> None:
    path = files.template("y.xlsx",
                          files.row("cp_plans_number", "E10000017", "Q4 2023/24", value=659),
                          files.row("cp_plans_number", "E10000017", "Q3 2024/25", value=1300),
                          files.row("cp_plans_number", "E10000017", "Q4 2024/25", value=1450))
    report = validate_file(path, ctx).report
    assert report.flatten(["row", "code"]) == [[4, "implausible-jump"]]
    assert "1,450 is 120% higher than 659 in Q4 2023/24, more than the 25% change" in \
        report.issues[0].message
