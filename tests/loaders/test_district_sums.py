"""Districts against their county: counts add up, rates pool, with the store's figures."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from domain.catalogue import Indicator
from loaders import LoadContext, validate_file
from loaders.district_sums import FIGURE_COLUMNS, district_gaps
from loaders.reference import STORED_COLUMNS

LANCASHIRE = "E10000017"
DISTRICTS = tuple(f"E070001{n}" for n in range(17, 29))
Q4 = "fy_quarter:2025-01-01:2025-03-31"
#: Lancashire's 895 CP plans shared among the 12 districts.
SHARES = (107, 54, 36, 72, 98, 81, 134, 27, 54, 72, 72, 88)
POPULATIONS = (17_000, 19_000, 14_000, 18_000, 26_000, 19_000, 32_000, 12_000, 21_000, 22_000,
               23_000, 22_600)


def stored_districts(indicator: str = "cp_plans_number", values: tuple[int, ...] = SHARES
                     ) -> pd.DataFrame:
    """The store's figures for Lancashire's districts in Q4 2024/25, and the county's."""
    rows = [[indicator, area, Q4, "all", float(v), None, None]
            for area, v in zip(DISTRICTS, values, strict=True)]
    rows.append([indicator, LANCASHIRE, Q4, "all", float(sum(values)), None, None])
    return pd.DataFrame(rows, columns=STORED_COLUMNS)


def test_the_shares_add_up_to_the_county() -> None:
    assert sum(SHARES) == 895 and len(SHARES) == len(DISTRICTS)


def test_a_county_count_that_breaks_the_sum_is_warned_with_the_gap(
        files: Any, ctx: LoadContext) -> None:
    ctx.previous = stored_districts()
    path = files.template("c.xlsx", files.row("cp_plans_number", LANCASHIRE, "Q4 2024/25",
                                              value=1450))
    issues = validate_file(path, ctx).report.issues
    sums = [i for i in issues if i.code == "districts-do-not-sum"]
    assert [(i.row, i.column, i.severity.value) for i in sums] == [(2, "value", "warning")]
    assert sums[0].message.startswith(
        "Lancashire, Children on child protection plans, Q4 2024/25: the 12 districts add up "
        "to 895 but Lancashire is 1,450, a gap of 555; ")


def test_a_county_count_that_still_adds_up_is_not_warned(files: Any, ctx: LoadContext) -> None:
    ctx.previous = stored_districts(values=(*SHARES[:-1], SHARES[-1] - 5))
    path = files.template("c.xlsx", files.row("cp_plans_number", LANCASHIRE, "Q4 2024/25",
                                              value=890))
    assert "districts-do-not-sum" not in validate_file(path, ctx).report.codes()


def test_a_district_revision_that_breaks_the_stored_county_is_warned(
        files: Any, ctx: LoadContext) -> None:
    ctx.previous = stored_districts()
    path = files.template("d.xlsx", files.row("cp_plans_number", DISTRICTS[0], "Q4 2024/25",
                                              value=117))
    sums = [i for i in validate_file(path, ctx).report.issues
            if i.code == "districts-do-not-sum"]
    assert [i.row for i in sums] == [2]
    assert "the 12 districts add up to 905 but Lancashire is 895, a gap of 10" in \
        sums[0].message


def test_missing_districts_are_named_only_when_those_given_exceed_the_county(
        files: Any, ctx: LoadContext) -> None:
    stored = stored_districts()
    ctx.previous = stored[~stored["area_code"].isin(DISTRICTS[-2:])]
    below = files.template("b.xlsx", files.row("cp_plans_number", LANCASHIRE, "Q4 2024/25",
                                               value=900))
    assert "districts-do-not-sum" not in validate_file(below, ctx).report.codes()
    above = files.template("a.xlsx", files.row("cp_plans_number", LANCASHIRE, "Q4 2024/25",
                                               value=700))
    sums = [i for i in validate_file(above, ctx).report.issues
            if i.code == "districts-do-not-sum"]
    assert "the 10 districts add up to 735 but Lancashire is 700, a gap of 35 " \
        "(no figure for West Lancashire, Wyre)" in sums[0].message


def rate_rows(files: Any, county_value: float, indicator: str = "cp_plans_rate",
              districts: int = 12) -> list[list[Any]]:
    """County and district rate rows with numerators and denominators for Q4 2024/25."""
    rows = [files.row(indicator, area, "Q4 2024/25", numerator=n, denominator=d, value=None)
            for area, n, d in list(zip(DISTRICTS, SHARES, POPULATIONS, strict=True))[:districts]]
    rows.append(files.row(indicator, LANCASHIRE, "Q4 2024/25", value=county_value))
    return rows


@pytest.mark.parametrize(("county_value", "warned"), [(36.4, False), (38.0, True)])
def test_district_rates_pool_to_the_county_within_rounding(
        files: Any, ctx: LoadContext, county_value: float, warned: bool) -> None:
    assert round(895 / sum(POPULATIONS) * 10_000, 1) == 36.4
    path = files.template("r.xlsx", *rate_rows(files, county_value))
    sums = [i for i in validate_file(path, ctx).report.issues
            if i.code == "districts-do-not-sum"]
    assert bool(sums) is warned
    if warned:
        assert sums[0].row == 14
        assert "the 12 districts pool to 36.44 but Lancashire is 38, a gap of 1.56" in \
            sums[0].message


def test_rates_with_districts_missing_are_not_pooled(files: Any, ctx: LoadContext) -> None:
    path = files.template("r.xlsx", *rate_rows(files, 60.0, districts=11))
    assert "districts-do-not-sum" not in validate_file(path, ctx).report.codes()


def test_district_gaps_is_driven_by_the_catalogue(catalogue: dict[str, Indicator]) -> None:
    figures = pd.concat([stored_districts("cp_plans_number"),
                         stored_districts("cla_rate")], ignore_index=True)
    figures.loc[figures["area_code"] == LANCASHIRE, "value"] = 1.0
    figures = figures.assign(position=0.0).loc[:, FIGURE_COLUMNS]
    parents = dict.fromkeys(DISTRICTS, LANCASHIRE)
    gaps = district_gaps(figures, parents, catalogue)
    assert gaps[["indicator_id", "county", "method", "total", "gap"]].values.tolist() == [
        ["cp_plans_number", LANCASHIRE, "sum", 895.0, 894.0]]
