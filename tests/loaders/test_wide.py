"""Wide sheets read through the Mapping sheet: the seed's district tables and LAIT-style years."""

from __future__ import annotations

from typing import Any

from loaders import LoadContext, validate_file

MAPPING_HEAD = ["sheet", "indicator_id", "kind", "area_column", "header_row", "columns", "rows",
                "period", "breakdown", "years", "total_area"]
# Seed 002, "Number of Families Attached" (as at 31 December 2016).
TROUBLED_FAMILIES = [
    ["TFU families attached at 31 December 2016"],
    [None, "LP Agency", None, "Total Attached"],
    [None, "WPEHS", "CSC", None],
    ["Burnley", 212, 155, 367], ["Hyndburn", 185, 150, 335], ["Pendle", 164, 161, 325],
    ["Ribble Valley", 28, 25, 53], ["Rossendale", 129, 106, 235], ["Chorley", 153, 145, 298],
    ["Preston", 260, 250, 510], ["South Ribble", 110, 111, 221],
    ["West Lancashire", 143, 113, 256], ["Fylde", 102, 50, 152], ["Lancaster", 242, 179, 421],
    ["Wyre", 151, 96, 247], ["Lancashire", "1,879", "1,541", "3,420"],
]


def test_seed_district_table_loads_by_breakdown_and_total(files: Any, ctx: LoadContext) -> None:
    mapping = [MAPPING_HEAD,
               ["TF", "tf_families_attached", "value", "A", 3, "B:C", None, "At 31 Dec 2016",
                "header"],
               ["TF", "tf_families_attached", "value", "A", 2, "D", "4:16", "At 31 Dec 2016"]]
    result = validate_file(files.xlsx("tf.xlsx", {"TF": TROUBLED_FAMILIES,
                                                  "Mapping": mapping}), ctx)
    assert result.report.issues == [] and result.file_format == "wide-xlsx"
    frame = result.frame.set_index(["area_code", "breakdown"])
    assert len(frame) == 39
    assert frame.loc[("E07000117", "wpehs"), "value"] == 212
    assert frame.loc[("E10000017", "all"), "value"] == 3420
    assert frame.loc[("E10000017", "csc"), "source_cell"] == "TF!C16"
    assert set(frame["period_label"]) == {"At 31 Dec 2016"}


def test_districts_that_do_not_sum_to_the_county_are_warned(files: Any,
                                                           ctx: LoadContext) -> None:
    table = [row[:] for row in TROUBLED_FAMILIES]
    table[3][3] = 368  # Burnley's total one too many
    mapping = [MAPPING_HEAD, ["TF", "tf_families_attached", "value", "A", 2, "D", "4:16",
                              "At 31 Dec 2016"]]
    result = validate_file(files.xlsx("tf.xlsx", {"TF": table, "Mapping": mapping}), ctx)
    assert result.report.flatten(["sheet", "row", "column", "code"]) == [
        ["TF", 16, "D (Total Attached)", "districts-do-not-sum"]]
    assert "the 12 districts add up to 3,421 but Lancashire is 3,420" in \
        result.report.issues[0].message


def test_lait_style_years_across_the_top(files: Any, ctx: LoadContext) -> None:
    sheet = [["Children looked after rate per 10,000"], ["LA", 2022, 2023, 2024],
             ["Lancashire", 74, 73, 68], ["Blackpool", 200, 210, "x"], ["England", 70, 71, 70]]
    mapping = [MAPPING_HEAD, ["LAIT", "cla_rate", "value", "A", 2, None, None, None, None,
                              "ending March"]]
    result = validate_file(files.xlsx("lait.xlsx", {"LAIT": sheet, "Mapping": mapping}), ctx)
    assert result.report.issues == []
    frame = result.frame
    assert sorted(set(frame["period_label"])) == ["Q4 2021/22", "Q4 2022/23", "Q4 2023/24"]
    blackpool = frame[(frame["area_code"] == "E06000009")
                      & (frame["period_label"] == "Q4 2023/24")]
    assert blackpool[["status", "source_cell"]].values.tolist() == [["not_available",
                                                                      "LAIT!D4"]]


def test_numerator_and_denominator_blocks_make_one_figure(files: Any, ctx: LoadContext) -> None:
    counts = [["Area", "Q2 2016/17", "Q3 2016/17"], ["Burnley", 240, 250]]
    population = [["Area", "Q2 2016/17", "Q3 2016/17"], ["Burnley", 18_900, 18_900]]
    mapping = [MAPPING_HEAD, ["Counts", "cla_rate", "numerator", "A", 1],
               ["Population", "cla_rate", "denominator", "A", 1]]
    result = validate_file(files.xlsx("parts.xlsx", {
        "Counts": counts, "Population": population, "Mapping": mapping}), ctx)
    assert result.report.issues == []
    frame = result.frame
    assert frame[["numerator", "denominator"]].values.tolist() == [[240, 18_900],
                                                                   [250, 18_900]]
    assert frame["value"].round(1).tolist() == [127.0, 132.3]


def test_total_row_stands_for_the_declared_area(files: Any, ctx: LoadContext) -> None:
    sheet = [["District", "At 31 Dec 2016"], ["Burnley", 10], ["Total", 10]]
    mapping = [MAPPING_HEAD, ["S", "tf_pbr_claims", "value", "A", 1, None, None, None, None,
                              None, "E10000017"]]
    result = validate_file(files.xlsx("t.xlsx", {"S": sheet, "Mapping": mapping}), ctx)
    assert result.frame["area_code"].tolist() == ["E07000117", "E10000017"]


def test_mapping_problems_name_the_mapping_row(files: Any, ctx: LoadContext) -> None:
    sheet = [["Area", "Q2 2016/17"], ["Burnley", 1]]
    mapping = [MAPPING_HEAD,
               ["S", "cla_rat", "value", "A", 1],
               ["S", "cla_rate", "value", "1A", 1],
               ["S", "cla_rate", "value", "A", None],
               ["S", "cla_rate", "value", "A", 1, "C:A"],
               ["S", "cla_rate", "value", "A", 1, None, None, "Q9 2016"],
               ["S", "cla_rate", "value", "A", 1, None, None, None, None, "fiscal"],
               ["S", "cla_rate", "value", "A", 1, None, None, None, None, None, "Nowhere"]]
    result = validate_file(files.xlsx("m.xlsx", {"S": sheet, "Mapping": mapping}), ctx)
    assert result.report.flatten(["sheet", "row", "code"]) == [
        ["Mapping", row, "bad-mapping"] for row in range(2, 9)]
    assert "did you mean 'cla_rate'" in result.report.issues[0].message


def test_mapping_sheet_without_its_headings(files: Any, ctx: LoadContext) -> None:
    result = validate_file(files.xlsx("m.xlsx", {"S": [["a"]], "Mapping": [["what", "ever"]]}),
                           ctx)
    assert result.report.flatten(["sheet", "row", "code"]) == [["Mapping", 1, "bad-mapping"]]
