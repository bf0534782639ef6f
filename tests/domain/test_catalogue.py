"""Tests for the indicator catalogue: the real CSV, its checks, and its links to the open data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from domain.catalogue import (
    CATALOGUE_COLUMNS,
    DEFAULT_CATALOGUE_PATH,
    SEED_SCORECARD_INDICATORS,
    Indicator,
    InvalidCatalogueError,
    load_catalogue,
    read_catalogue,
)
from domain.catalogue_checks import PERIOD_LABELS
from domain.errors import CatalogueError
from domain.periods import parse_period
from domain.vocabulary import Comparator, PeriodType, Polarity, ValueType

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DATA = SHARED / "data"
LAIT_FILE = DATA / "lait_bds_csc_headline_by_la.csv"
FINGERTIPS_FILE = DATA / "fingertipsnext_nw_child_indicators_ci.csv"

# Every row title printed in the Q2 and Q3 2016/17 scorecards (seed 002), exactly as printed,
# including the PDF truncations ("i...", "p..."), mapped to the catalogue id it loads into.
SEED_ROW_TITLES: dict[str, str] = {
    "Number of cyp on child protection plans": "cp_plans_number",
    "No of referrals received by childrens social care due to domestic violence":
        "dv_referrals_csc",
    "No of domestic incidents involving children": "domestic_incidents_children",
    "Rate per 10000 population of cyp who are looked after": "cla_rate",
    "Number of cyp who are looked after": "cla_number",
    "No of cyp recorded as missing by the police": "missing_children_police",
    "Rate per 10000 population of cyp on child protection plans": "cp_plans_rate",
    "Percentage pupils gaining level 4 or above in reading writing and maths at KS2":
        "ks2_rwm_level4",
    "Percentage of pupils achieving five or more GCSEs A star to C inc E and M": "gcse_5ac_em",
    "Percentage of educational establishments rated as good or outstanding by Ofsted":
        "ofsted_good_outstanding",
    "Rate per 100000 of first time entrants to youth justice system": "fte_youth_justice_rate",
    "Percentage of CYP 0 19 living in poverty": "child_poverty_0_19",
    "Percentage of care leavers in employment education or training": "care_leavers_eet",
    "Percentage of care leavers in suitable accommodation": "care_leavers_suitable_accommodation",
    "Young people who are looked after achieving five A star C GCSEs inc E and M":
        "cla_gcse_5ac_em",
    "Percentage of primary pupils getting on with other children at school": "primary_getting_on",
    "Percentage of secondary pupils getting on with other children at school":
        "secondary_getting_on",
    "Percentage of primary pupils who enjoy taking part in after school activities":
        "primary_after_school_activities",
    "Percentage of secondary pupils who enjoy taking part in after school activities":
        "secondary_after_school_activities",
    "Percentage of primary pupils who are being bullied whilst at school":
        "primary_bullied_at_school",
    "Percentage of secondary pupils who are being bullied whilst at school":
        "secondary_bullied_at_school",
    "Percentage of primary pupils who are bullied on the way to or from school":
        "primary_bullied_journey",
    "Percentage of secondary pupils who are bullied on the way to or from school":
        "secondary_bullied_journey",
    "Rate of hospital admissions as a result of self harm per 100000 population of 10 24 years":
        "self_harm_admissions_10_24",
    "No cyp who are adopted": "children_adopted",
    "Percentage of parents smoking at time of delivering babies": "smoking_at_delivery",
    "Breastfeeding initiation rate": "breastfeeding_initiation",
    "Vaccination rate in children under one year 5 in 1 jab": "dtap_ipv_hib_12m",
    "Rate of conceptions in girls aged 15 to 17 per 1000 rolling average":
        "conceptions_15_17_quarterly",
    "Chlamydia diagnoses rate in 15 24 year olds p... 100000": "chlamydia_diagnoses_quarterly",
    # Q3 paper: truncated or changed rows
    "Percentage pupils gaining level 4 or above i... reading writing and maths at KS2":
        "ks2_rwm_level4",
    "Young people who are looked after achievi... five A star C GCSEs inc E and M":
        "cla_gcse_5ac_em",
    "Vaccination rate in children under one year ... in 1 jab": "dtap_ipv_hib_12m",
    "Chlamydia diagnoses rate in 15 24 year olds per 100000": "chlamydia_diagnoses",
}

VALID_ROW: dict[str, str] = {
    "id": "test_rate", "title": "Rate of children looked after per 10,000",
    "short_title": "Looked after rate", "outcome": "feel_safe", "display_order": "1",
    "cfw_outcomes": "1", "marmot_objectives": "A", "tf_criteria": "3",
    "polarity": "no_judgement", "value_type": "rate", "multiplier": "10000",
    "unit_label": "per 10,000 aged 0-17", "decimals": "1", "period_type": "fy_quarter",
    "ci_method": "byar_exact", "benchmark_method": "ci_overlap", "benchmark_confidence": "0.95",
    "comparators": "national;regional", "rag_rule": "none", "target": "",
    "target_tolerance": "", "additive": "false", "small_count_check": "true",
    "jump_threshold_pct": "25", "series_break": "", "breakdown_type": "", "lait_measure": "",
    "fingertips_id": "", "source": "DfE LAIT", "definition": "Children looked after per 10,000.",
}


def write_catalogue(tmp_path: Path, *rows: dict[str, str],
                    columns: tuple[str, ...] = CATALOGUE_COLUMNS) -> Path:
    """Write ``rows`` (each overriding :data:`VALID_ROW`) under a header of ``columns``."""
    path = tmp_path / "indicator_catalogue.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({**VALID_ROW, **row})
    return path


def matches_seed_title(printed: str, title: str) -> bool:
    """True when every piece of the printed text around '...' appears in ``title`` in order."""
    pieces = [piece.strip() for piece in printed.split("...")]
    if not title.startswith(pieces[0]):
        return False
    position = 0
    for piece in pieces:
        position = title.find(piece, position)
        if position < 0:
            return False
        position += len(piece)
    return True


@pytest.fixture(scope="module")
def catalogue() -> dict[str, Indicator]:
    return load_catalogue()


# ------------------------------------------------------------------------- the real catalogue

def test_real_catalogue_has_no_errors_or_warnings() -> None:
    indicators, report = read_catalogue(DEFAULT_CATALOGUE_PATH)
    assert report.issues == []
    assert report.rows_read == report.rows_valid == len(indicators)


def test_csv_header_is_the_documented_column_order() -> None:
    with DEFAULT_CATALOGUE_PATH.open(encoding="utf-8") as fh:
        assert tuple(next(csv.reader(fh))) == CATALOGUE_COLUMNS


def test_every_seed_row_title_maps_to_its_indicator(catalogue: dict[str, Indicator]) -> None:
    for printed, indicator_id in SEED_ROW_TITLES.items():
        assert indicator_id in catalogue, printed
        assert matches_seed_title(printed, catalogue[indicator_id].title), (printed, indicator_id)


def test_seed_scorecard_ids_exist_and_follow_seed_order(catalogue: dict[str, Indicator]) -> None:
    assert all(i in catalogue for i in SEED_SCORECARD_INDICATORS)
    assert SEED_SCORECARD_INDICATORS == tuple(dict.fromkeys(SEED_ROW_TITLES.values()))


def test_every_row_printed_in_the_seed_scorecards_is_listed() -> None:
    seeds = sorted((SHARED / "seeds").glob("002_*.txt"))
    if not seeds:
        pytest.skip("seed 002 is not available")
    printed: set[str] = set()
    in_dashboard = False
    for line in seeds[0].read_text(encoding="utf-8").splitlines():
        if line.startswith("Performance Dashboard Quarter"):
            in_dashboard = True
        elif line.startswith("Performance Summary"):
            in_dashboard = False
        fields = line.split("\t")
        if in_dashboard and len(fields) >= 12 and fields[2].strip():
            printed.add(fields[0].strip())
    printed.discard("Priority themes and indicators")
    assert len(printed) == len(SEED_ROW_TITLES)
    assert printed == set(SEED_ROW_TITLES)


@pytest.mark.parametrize(
    ("indicator_id", "polarity", "period_type", "value_type", "series_break"), [
    ("cp_plans_rate", Polarity.LOW_IS_GOOD, PeriodType.FY_QUARTER, ValueType.RATE, None),
    ("cla_number", Polarity.NO_JUDGEMENT, PeriodType.FY_QUARTER, ValueType.COUNT, None),
    ("domestic_incidents_children", Polarity.LOW_IS_GOOD, PeriodType.FY_QUARTER,
     ValueType.COUNT, None),
    ("ofsted_good_outstanding", Polarity.HIGH_IS_GOOD, PeriodType.SNAPSHOT,
     ValueType.PERCENTAGE, None),
    ("fte_youth_justice_rate", Polarity.LOW_IS_GOOD, PeriodType.ROLLING_12M, ValueType.RATE, None),
    ("child_poverty_0_19", Polarity.LOW_IS_GOOD, PeriodType.CAL_YEAR, ValueType.PERCENTAGE, None),
    ("ks2_rwm_level4", Polarity.HIGH_IS_GOOD, PeriodType.ACADEMIC_YEAR, ValueType.PERCENTAGE,
     "2015/16"),
    ("gcse_5ac_em", Polarity.HIGH_IS_GOOD, PeriodType.ACADEMIC_YEAR, ValueType.PERCENTAGE,
     "2016/17"),
    ("smoking_at_delivery", Polarity.LOW_IS_GOOD, PeriodType.FIN_YEAR, ValueType.PERCENTAGE, None),
    ("conceptions_15_17_quarterly", Polarity.LOW_IS_GOOD, PeriodType.CAL_QUARTER,
     ValueType.RATE, None),
    ("chlamydia_diagnoses_quarterly", Polarity.HIGH_IS_GOOD, PeriodType.CAL_QUARTER,
     ValueType.RATE, None),
    ("chlamydia_diagnoses", Polarity.HIGH_IS_GOOD, PeriodType.CAL_YEAR, ValueType.RATE, None),
    ("obesity_year6", Polarity.LOW_IS_GOOD, PeriodType.ACADEMIC_YEAR, ValueType.PERCENTAGE, None),
])
def test_decisions_on_ambiguous_rows(catalogue: dict[str, Indicator], indicator_id: str,
                                     polarity: Polarity, period_type: PeriodType,
                                     value_type: ValueType, series_break: str | None) -> None:
    indicator = catalogue[indicator_id]
    assert (indicator.polarity, indicator.period_type, indicator.value_type,
            indicator.series_break) == (polarity, period_type, value_type, series_break)


def test_programme_measures_and_breakdowns(catalogue: dict[str, Indicator]) -> None:
    attached = catalogue["tf_families_attached"]
    assert (attached.target, attached.breakdown_categories) == (4303, ("wpehs", "csc"))
    assert catalogue["tf_pbr_claims"].target == 1320
    assert catalogue["tf_eligible_not_attached"].breakdown_type == "caf_record"
    assert "education+worklessness" in catalogue["tf_criteria_cooccurrence"].breakdown_categories
    assert catalogue["cp_plans_by_category"].breakdown_categories == (
        "emotional", "neglect", "physical", "sexual", "multiple")


def test_indicator_helpers(catalogue: dict[str, Indicator]) -> None:
    cla = catalogue["cla_rate"]
    assert cla.is_rate and not cla.is_proportion and not cla.is_count
    assert Comparator.NATIONAL in cla.comparator_set
    assert cla.confidence_levels == (0.95,)
    assert cla.format_value(72.7) == "72.7"
    assert catalogue["cla_number"].unit_label == ""
    assert catalogue["care_leavers_eet"].format_value(48.2) == "48.2%"
    assert catalogue["cp_plans_number"].format_value(1734) == "1,734"
    assert catalogue["cp_plans_number"].format_value(None) == "\u2014"


def test_period_labels_agree_with_the_period_parser(catalogue: dict[str, Indicator]) -> None:
    for period_type, (_, example) in PERIOD_LABELS.items():
        assert parse_period(example, hint=period_type).type is period_type
    for indicator in catalogue.values():
        if indicator.series_break is not None:
            parse_period(indicator.series_break, hint=indicator.period_type)


# ------------------------------------------------------------------ links to the open data

def _column_values(path: Path, column: str) -> set[str]:
    if not path.exists():
        pytest.skip(f"{path.name} is not available")
    with path.open(encoding="utf-8", newline="") as fh:
        return {row[column] for row in csv.DictReader(fh)}


def test_every_lait_measure_exists_and_every_lait_measure_is_mapped(
        catalogue: dict[str, Indicator]) -> None:
    published = _column_values(LAIT_FILE, "Short Desc")
    mapped = {i.lait_measure for i in catalogue.values() if i.lait_measure}
    assert mapped <= published
    assert published <= mapped


def test_every_fingertips_id_exists_and_every_child_indicator_is_mapped(
        catalogue: dict[str, Indicator]) -> None:
    published = {int(v) for v in _column_values(FINGERTIPS_FILE, "IndicatorId")}
    mapped = {i.fingertips_id for i in catalogue.values() if i.fingertips_id is not None}
    # 90813 (hospital admissions for self-harm, 10-24) is in Fingertips' child and maternal
    # health profile but not in the north west extract.
    assert mapped - published == {90813}
    assert published - mapped == {92708}  # resident population: a denominator, not an indicator


def test_fingertips_metadata_agrees_except_documented_corrections(
        catalogue: dict[str, Indicator]) -> None:
    if not FINGERTIPS_FILE.exists():
        pytest.skip("Fingertips extract is not available")
    polarity = {"High is good": Polarity.HIGH_IS_GOOD, "Low is good": Polarity.LOW_IS_GOOD}
    value_type = {"Proportion": ValueType.PERCENTAGE, "Crude rate": ValueType.RATE}
    unlisted = {90813}  # not in the extract (see the test above)
    by_id = {i.fingertips_id: i for i in catalogue.values()
             if i.fingertips_id is not None and i.fingertips_id not in unlisted}
    with FINGERTIPS_FILE.open(encoding="utf-8", newline="") as fh:
        source = {int(r["IndicatorId"]): r for r in csv.DictReader(fh) if r["Polarity"]}
    corrected = {92033}  # Year 6 obesity is published as "High is good"
    borrowed = {92026: 92033}  # Reception obesity has no metadata; it follows Year 6
    assert set(source) | set(borrowed) >= set(by_id)
    for fid, indicator in by_id.items():
        meta = source[borrowed.get(fid, fid)]
        assert indicator.value_type is value_type[meta["ValueType"]], fid
        assert meta["BenchmarkComparisonMethod"].endswith("(95.0)")
        assert indicator.confidence_levels == (0.95,), fid
        if borrowed.get(fid, fid) not in corrected:
            assert indicator.polarity is polarity[meta["Polarity"]], fid
    assert by_id[92033].polarity is Polarity.LOW_IS_GOOD


# ------------------------------------------------------------------------- rejected catalogues

def test_valid_fixture_row_loads(tmp_path: Path) -> None:
    indicators, report = read_catalogue(write_catalogue(tmp_path, {}))
    assert report.issues == []
    assert indicators["test_rate"].comparators == (Comparator.NATIONAL, Comparator.REGIONAL)


def test_bad_polarity_names_line_column_value_and_choices(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path, {"id": "first"},
                           {"id": "second", "display_order": "2", "polarity": "up"})
    indicators, report = read_catalogue(path)
    assert report.flatten(["row", "column", "code"]) == [[3, "polarity", "unknown-polarity"]]
    issue = report.issues[0]
    assert (issue.file, issue.value) == ("indicator_catalogue.csv", "up")
    assert issue.message == "polarity 'up' is not one of high_is_good, low_is_good, no_judgement"
    assert list(indicators) == ["first"]


def test_unknown_period_type_is_rejected(tmp_path: Path) -> None:
    _, report = read_catalogue(write_catalogue(tmp_path, {"period_type": "quarterly"}))
    assert report.flatten(["row", "column", "code"]) == [[2, "period_type", "unknown-period-type"]]
    assert "fy_quarter, cal_quarter, fin_year" in report.issues[0].message


def test_duplicate_id_is_rejected_on_the_later_line(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path, {}, {"display_order": "2"}, {"display_order": "3"})
    indicators, report = read_catalogue(path)
    assert report.flatten(["row", "column", "code"]) == [
        [3, "id", "duplicate-id"], [4, "id", "duplicate-id"]]
    assert "already used on line 2" in report.issues[0].message
    assert list(indicators) == ["test_rate"]


@pytest.mark.parametrize(("override", "expected"), [
    ({"outcome": "be_wise"}, [["outcome", "unknown-outcome"]]),
    ({"value_type": "ratio"}, [["value_type", "unknown-value-type"]]),
    ({"ci_method": "exact"}, [["ci_method", "unknown-ci-method"]]),
    ({"benchmark_method": "quintiles"}, [["benchmark_method", "unknown-benchmark-method"]]),
    ({"benchmark_confidence": "95"}, [["benchmark_confidence", "unknown-benchmark-confidence"]]),
    ({"comparators": "national;world"}, [["comparators", "unknown-comparator"]]),
    ({"rag_rule": "red"}, [["rag_rule", "unknown-rag-rule"]]),
    ({"additive": "yes"}, [["additive", "invalid-boolean"]]),
    ({"jump_threshold_pct": "lots"}, [["jump_threshold_pct", "invalid-number"]]),
    ({"decimals": "1.5"}, [["decimals", "invalid-number"]]),
    ({"fingertips_id": "abc"}, [["fingertips_id", "invalid-number"]]),
    ({"target": "-3"}, [["target", "invalid-number"]]),
    ({"cfw_outcomes": "1;6"}, [["cfw_outcomes", "invalid-cfw-outcome"]]),
    ({"cfw_outcomes": ""}, [["cfw_outcomes", "invalid-cfw-outcome"]]),
    ({"marmot_objectives": "A;G"}, [["marmot_objectives", "invalid-marmot-objective"]]),
    ({"tf_criteria": "3;7"}, [["tf_criteria", "invalid-tf-criterion"]]),
    ({"tf_criteria": "3;3"}, [["tf_criteria", "invalid-tf-criterion"]]),
    ({"id": "CLA-rate"}, [["id", "invalid-id"]]),
    ({"title": ""}, [["title", "missing-value"]]),
    ({"short_title": "x" * 41}, [["short_title", "short-title-too-long"]]),
    ({"breakdown_type": "age"}, [["breakdown_type", "unknown-breakdown-type"]]),
    ({"multiplier": "10"}, [["multiplier", "invalid-multiplier"]]),
    ({"multiplier": "100"},
     [["multiplier", "invalid-multiplier"], ["unit_label", "unit-mismatch"]]),
    ({"unit_label": "per 1,000 aged 0-17"}, [["unit_label", "unit-mismatch"]]),
    ({"ci_method": "wilson"}, [["ci_method", "ci-method-mismatch"]]),
    ({"polarity": "low_is_good", "rag_rule": "target"}, [["target", "target-required"]]),
    ({"target_tolerance": "5"}, [["target_tolerance", "tolerance-without-target"]]),
    ({"rag_rule": "benchmark"}, [["rag_rule", "rag-needs-polarity"]]),
    ({"rag_rule": "typical_range", "value_type": "count", "multiplier": "1", "unit_label": "",
      "ci_method": "none", "benchmark_method": "none", "comparators": ""},
     [["rag_rule", "range-needs-rate"]]),
    ({"polarity": "low_is_good", "rag_rule": "benchmark", "benchmark_method": "none"},
     [["rag_rule", "rag-needs-benchmark"]]),
    ({"ci_method": "none"}, [["benchmark_method", "benchmark-needs-ci"]]),
    ({"comparators": ""}, [["comparators", "benchmark-needs-comparator"]]),
    ({"additive": "true"}, [["additive", "additive-not-count"]]),
    ({"series_break": "2016"}, [["series_break", "invalid-series-break"]]),
])
def test_bad_values_are_rejected(tmp_path: Path, override: dict[str, str],
                                 expected: list[list[str]]) -> None:
    indicators, report = read_catalogue(write_catalogue(tmp_path, override))
    assert report.flatten(["row", "column", "code"]) == [[2, *e] for e in expected]
    assert indicators == {}
    for issue in report.issues:
        assert issue.message.startswith(issue.column), issue.message


def test_a_rate_without_direction_may_be_read_against_similar_councils(tmp_path: Path
                                                                     ) -> None:
    indicators, report = read_catalogue(write_catalogue(tmp_path, {"rag_rule": "typical_range"}))
    assert report.issues == []
    assert indicators["test_rate"].rag_rule.value == "typical_range"


def test_every_issue_is_collected_in_one_pass(tmp_path: Path) -> None:
    path = write_catalogue(
        tmp_path,
        {"polarity": "up", "period_type": "weekly", "additive": "maybe"},
        {"id": "second", "display_order": "2", "rag_rule": "amber"},
    )
    _, report = read_catalogue(path)
    assert report.flatten(["row", "column", "code"]) == [
        [2, "polarity", "unknown-polarity"],
        [2, "period_type", "unknown-period-type"],
        [2, "additive", "invalid-boolean"],
        [3, "rag_rule", "unknown-rag-rule"],
    ]
    assert (report.rows_read, report.rows_valid) == (2, 0)


def test_missing_column_is_reported_on_the_header(tmp_path: Path) -> None:
    columns = tuple(c for c in CATALOGUE_COLUMNS if c != "definition")
    indicators, report = read_catalogue(write_catalogue(tmp_path, {}, columns=columns))
    assert report.flatten(["row", "column", "code"]) == [[1, "definition", "missing-column"]]
    assert indicators == {}


def test_extra_column_and_reordered_columns_warn_but_load(tmp_path: Path) -> None:
    columns = ("title", "id", *CATALOGUE_COLUMNS[2:])
    indicators, report = read_catalogue(write_catalogue(tmp_path, {}, columns=columns))
    assert report.flatten(["row", "column", "code", "severity"]) == [
        [1, "title", "column-order", "warning"]]
    assert report.valid and "test_rate" in indicators

    path = tmp_path / "indicator_catalogue.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\n", ",x\n", 1), encoding="utf-8")
    _, report = read_catalogue(path)
    assert ["unknown-column", "wrong-cell-count"] == sorted(report.codes())[-2:]


def test_framework_mismatch_is_a_warning(tmp_path: Path) -> None:
    indicators, report = read_catalogue(
        write_catalogue(tmp_path, {"cfw_outcomes": "5", "marmot_objectives": "F"}))
    assert report.flatten(["row", "column", "code", "severity"]) == [
        [2, "marmot_objectives", "framework-mismatch", "warning"],
        [2, "tf_criteria", "framework-mismatch", "warning"],
    ]
    assert "test_rate" in indicators


def test_line_numbers_follow_the_file_when_a_cell_spans_lines(tmp_path: Path) -> None:
    path = write_catalogue(
        tmp_path,
        {"definition": "First line.\nSecond line."},
        {"id": "second", "display_order": "2", "polarity": "up"},
    )
    _, report = read_catalogue(path)
    assert report.flatten(["row", "column", "code"]) == [[4, "polarity", "unknown-polarity"]]


def test_unreadable_and_empty_files_are_reported(tmp_path: Path) -> None:
    _, report = read_catalogue(tmp_path / "absent.csv")
    assert report.codes() == ["file-unreadable"]
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert read_catalogue(empty)[1].codes() == ["empty-file"]


def test_load_catalogue_raises_with_every_line_named(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path, {}, {"id": "second", "display_order": "2",
                                          "polarity": "up", "target": "lots"})
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    message = str(caught.value)
    assert str(path) in message
    assert "line 3, column 'polarity' [unknown-polarity]: polarity 'up' is not one of" in message
    assert "line 3, column 'target' [invalid-number]" in message
    assert isinstance(caught.value, InvalidCatalogueError)
    assert len(caught.value.report.errors) == 2


# ------------------------------------------------------------------------ numerator indicators

COUNT_ROW = {"id": "test_number", "title": "Children looked after", "display_order": "2",
             "value_type": "count", "multiplier": "1", "unit_label": "", "decimals": "0",
             "ci_method": "none", "benchmark_method": "none", "comparators": ""}


def test_rate_names_the_count_that_is_its_numerator(tmp_path: Path) -> None:
    indicators, report = read_catalogue(write_catalogue(
        tmp_path, {"numerator_indicator": "test_number"}, COUNT_ROW))
    assert report.issues == []
    assert indicators["test_rate"].numerator_indicator == "test_number"
    assert indicators["test_number"].numerator_indicator is None
    assert report.rows_valid == 2


@pytest.mark.parametrize(("rows", "code", "message"), [
    (({"numerator_indicator": "nothing_here"}, COUNT_ROW), "invalid-numerator-indicator",
     "numerator_indicator 'nothing_here' is not an indicator id in this catalogue"),
    (({"numerator_indicator": "test_number"}, {**COUNT_ROW, "period_type": "fin_year"}),
     "invalid-numerator-indicator", "is reported by fin_year, this indicator by fy_quarter"),
    (({"numerator_indicator": "test_other"}, {**VALID_ROW, "id": "test_other",
                                               "display_order": "3"}),
     "invalid-numerator-indicator", "has value_type 'rate'; it must name a count"),
    (({}, {**COUNT_ROW, "numerator_indicator": "test_rate"}), "numerator-needs-rate",
     "only rates and percentages have a numerator"),
    (({"numerator_indicator": "Test Number"}, COUNT_ROW), "invalid-id", "is not a snake_case"),
])
def test_numerator_indicator_must_name_a_count_of_the_same_periods(
        tmp_path: Path, rows: tuple[dict[str, str], ...], code: str, message: str) -> None:
    indicators, report = read_catalogue(write_catalogue(tmp_path, *rows))
    issue = next(i for i in report.errors if i.column == "numerator_indicator")
    assert issue.code == code and message in issue.message
    assert report.rows_valid == len(indicators) == 1


def test_real_catalogue_pairs_lait_rates_with_their_counts(
        catalogue: dict[str, Indicator]) -> None:
    pairs = {i.id: i.numerator_indicator for i in catalogue.values() if i.numerator_indicator}
    assert pairs["cp_plans_rate"] == "cp_plans_number"
    assert pairs["cla_rate"] == "cla_number"
    for rate, count in pairs.items():
        assert catalogue[count].is_count and catalogue[rate].lait_measure


def test_definitions_describe_the_indicator_not_the_demo(
        catalogue: dict[str, Indicator]) -> None:
    for indicator in catalogue.values():
        text = f"{indicator.definition} {indicator.source}".lower()
        assert "seed" not in text, indicator.id
        assert "lancashire" not in text, indicator.id


def test_every_indicator_has_a_release_cycle_and_lag(catalogue: dict[str, Indicator]) -> None:
    for indicator in catalogue.values():
        assert indicator.release_cycle is not None, indicator.id
        assert indicator.publication_lag_months is not None, indicator.id


def test_release_cycle_must_be_known(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path, {"release_cycle": "weekly"})
    _, report = read_catalogue(path)
    assert [i.code for i in report.errors] == ["unknown-release-cycle"]
    assert report.errors[0].column == "release_cycle"


def test_rated_indicators_with_a_comparator_have_a_rule(
        catalogue: dict[str, Indicator]) -> None:
    for indicator in catalogue.values():
        if indicator.polarity is not Polarity.NO_JUDGEMENT and (
                Comparator.NATIONAL in indicator.comparators or indicator.target is not None):
            assert indicator.rag_rule.value != "none", indicator.id
