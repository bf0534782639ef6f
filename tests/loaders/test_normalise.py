"""Cell conversion: numbers as officers type them, statuses, flags, breakdowns and dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from loaders import LoadContext, validate_file
from loaders.values import parse_number, wrong_decimal_mark


@pytest.mark.parametrize(("text", "expected"), [
    ("1,734", 1734.0), (" 12 ", 12.0), ("48.2%", 48.2), ("£1,200", 1200.0), (7, 7.0),
    ("c", "suppressed"), ("*", "suppressed"), ("<5", "suppressed"), ("-", "not_available"),
    ("x", "not_available"), ("..", "not_available"), ("n/a", "not_available"),
    ("abc", None), ("inf", None), (True, None), ("1.2.3", None), ("63,5", None),
    ("1,63", None), ("1,6310", None), (",5", None), ("1.631,5", None), ("-1,631.5", -1631.5),
])
def testparse_number(text: Any, expected: Any) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("63,5", 63.5), ("1.631,5", 1631.5), ("1.631", None), ("1.631.000", 1631000.0),
    ("1 631,5", 1631.5),
    ("-0,25", -0.25), ("48,2%", 48.2), ("12.5", None), ("1,2,3", None), ("c", "suppressed"),
])
def test_parse_number_with_decimal_commas(text: str, expected: Any) -> None:
    assert parse_number(text, ",") == expected


@pytest.mark.parametrize(("text", "decimal", "wrong"), [
    ("63,5", ".", True), ("1.631,5", ".", True), ("1,631", ".", False), ("lots", ".", False),
    ("12.5", ",", True), ("1.631", ",", True), ("63,5", ",", False), ("1,2,3", ",", False),
    (635, ".", False),
])
def test_wrong_decimal_mark(text: Any, decimal: str, wrong: bool) -> None:
    assert wrong_decimal_mark(text, decimal) is wrong


@pytest.mark.parametrize(("status", "stored"), [
    (None, "final"), ("Provisional", "provisional"), ("Not available", "not_available"),
    ("not-comparable", "not_comparable"), ("REVISED", "revised")])
def test_status_words(files: Any, ctx: LoadContext, status: Any, stored: str) -> None:
    value = None if stored == "not_available" else 120
    result = validate_file(files.template("s.xlsx", files.row(status=status, value=value)), ctx)
    assert result.report.issues == [] and result.frame["status"].tolist() == [stored]


def test_breakdown_words(files: Any, ctx: LoadContext) -> None:
    path = files.template("b.xlsx", *[files.row("cp_plans_by_category", area="E10000017",
                                                breakdown=b, value=100 + i)
                                      for i, b in enumerate(["Emotional", "NEGLECT", "Total",
                                                             None])])
    result = validate_file(path, ctx)
    assert result.frame["breakdown"].tolist() == ["emotional", "neglect", "all", "all"]
    assert result.report.flatten(["row", "code"]) == [[5, "duplicate-row"]]


def test_date_cells_are_the_period_containing_them(files: Any, ctx: LoadContext) -> None:
    path = files.template("d.xlsx", files.row("tf_pbr_claims", period=dt.datetime(2016, 12, 31),
                                              value=10),
                          files.row(period=dt.date(2016, 8, 15)))
    result = validate_file(path, ctx)
    assert result.report.issues == []
    assert result.frame["period_label"].tolist() == ["At 31 Dec 2016", "Q2 2016/17"]


def test_every_cell_problem_of_a_row_is_reported_at_once(files: Any, ctx: LoadContext) -> None:
    path = files.template("many.xlsx", files.row(indicator="nope", area="Nowhere",
                                                 period="someday", value="lots",
                                                 status="maybe"))
    assert validate_file(path, ctx).report.flatten(["column", "code"]) == [
        ["indicator_id", "unknown-indicator"], ["area_code", "unknown-area"],
        ["period", "unparseable-period"], ["value", "not-a-number"],
        ["status", "invalid-choice"]]


def test_messages_read_as_the_issue_asks(files: Any, ctx: LoadContext) -> None:
    path = files.template("m.xlsx", files.row("care_leavers_eet", numerator=320,
                                              denominator=250, value=None))
    messages = [i.message for i in validate_file(path, ctx).report.issues]
    assert messages[0].startswith("Burnley, Care leavers in education or work, Q2 2016/17: "
                                  "numerator 320 is larger than denominator 250")
