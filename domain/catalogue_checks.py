"""Cell and row checks for ``indicator_catalogue.csv``.

The checks are data. :data:`COLUMN_CHECKS` maps each column to a parser from
:mod:`domain.catalogue_cells` that turns the cell text into a typed value or raises ``CellError``
with a kebab-case code. :data:`ROW_RULES` lists the rules that compare columns within one row.
:mod:`domain.catalogue` runs them all and collects every issue before it reports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations
from typing import Any

from domain.catalogue_cells import (
    Parser,
    choice_cell,
    identifier_cell,
    list_cell,
    listing,
    number_cell,
    optional_identifier_cell,
    text_cell,
    whole_cell,
)
from domain.vocabulary import (
    BenchmarkConfidence,
    CIMethod,
    Comparator,
    Outcome,
    PeriodType,
    Polarity,
    RagRule,
    ReleaseCycle,
    Severity,
    ValueType,
)

SHORT_TITLE_MAX = 40


class BenchmarkMethod(StrEnum):
    """How an area is compared with a benchmark value (METHODS.md section 3.1)."""

    CI_OVERLAP = "ci_overlap"
    NONE = "none"


TF_CRITERIA: dict[int, str] = {
    1: "crime_asb", 2: "education", 3: "children_need_help", 4: "worklessness",
    5: "domestic_abuse", 6: "health",
}
"""The six Troubled Families criteria, numbered as in the CFW outcomes framework (seed 003)."""

BREAKDOWN_CATEGORIES: dict[str, tuple[str, ...]] = {
    "cp_category": ("emotional", "neglect", "physical", "sexual", "multiple"),
    "lead_professional_agency": ("wpehs", "csc"),
    "caf_record": ("open_caf_record", "older_caf_record", "no_caf_record"),
    "tf_criterion": ("crime_asb", "education", "children_need_help_csc",
                     "children_need_help_wpehs", "worklessness", "domestic_abuse", "health"),
    "tf_criterion_pair": tuple(f"{a}+{b}" for a, b in combinations(TF_CRITERIA.values(), 2)),
    "sex": ("male", "female"),
}
"""Allowed ``breakdown_type`` values and the category labels each one's rows carry."""

CFW_FRAMEWORK: dict[int, tuple[frozenset[str], frozenset[int]]] = {
    1: (frozenset("ABCDEF"), frozenset({1, 3, 5})),
    2: (frozenset("BCD"), frozenset({1, 2, 3, 4, 5, 6})),
    3: (frozenset("ABC"), frozenset({1, 2, 4, 5, 6})),
    4: (frozenset("DF"), frozenset({1, 3, 5, 6})),
    5: (frozenset("ACDE"), frozenset({4, 5, 6})),
}
"""CFW outcome -> (Marmot objectives, Troubled Families criteria) it covers (seed 003 table)."""

PERIOD_LABELS: dict[PeriodType, tuple[str, str]] = {
    PeriodType.FY_QUARTER: (r"Q[1-4] \d{2}/\d{2}", "Q3 16/17"),
    PeriodType.CAL_QUARTER: (r"Q[1-4] \d{4}", "Q2 2015"),
    PeriodType.FIN_YEAR: (r"\d{4}/\d{2}", "2015/16"),
    PeriodType.ACADEMIC_YEAR: (r"\d{4}/\d{2}", "2014/15"),
    PeriodType.CAL_YEAR: (r"\d{4}", "2015"),
    PeriodType.ROLLING_12M: (r"[A-Z][a-z]{2} \d{2} - [A-Z][a-z]{2} \d{2}", "Jul 15 - Jun 16"),
    PeriodType.SNAPSHOT: (r"[Aa]t \S.*", "At December 16"),
    PeriodType.MONTH: (r"[A-Z][a-z]{2} \d{4}", "Dec 2016"),
}
"""Label pattern and example per period type, used to check ``series_break``."""

MULTIPLIERS: dict[ValueType, tuple[int, ...]] = {
    ValueType.COUNT: (1,), ValueType.PERCENTAGE: (100,), ValueType.RATE: (1000, 10000, 100000)}


RowCheck = Callable[[Mapping[str, Any]], "str | None"]


def _options(enum_cls: type[StrEnum]) -> dict[str, StrEnum]:
    return {member.value: member for member in enum_cls}


_BOOLEANS = {"true": True, "false": False}
_CODES = {str(n): n for n in CFW_FRAMEWORK}

COLUMN_CHECKS: dict[str, Parser] = {
    "id": identifier_cell,
    "title": text_cell(),
    "short_title": text_cell(max_len=SHORT_TITLE_MAX),
    "outcome": choice_cell(_options(Outcome), "unknown-outcome"),
    "display_order": whole_cell(minimum=1),
    "cfw_outcomes": list_cell(_CODES, "invalid-cfw-outcome", required=True),
    "marmot_objectives": list_cell({c: c for c in "ABCDEF"}, "invalid-marmot-objective"),
    "tf_criteria": list_cell({str(n): n for n in TF_CRITERIA}, "invalid-tf-criterion"),
    "polarity": choice_cell(_options(Polarity), "unknown-polarity"),
    "value_type": choice_cell(_options(ValueType), "unknown-value-type"),
    "multiplier": choice_cell({str(m): m for ms in MULTIPLIERS.values() for m in ms},
                              "invalid-multiplier"),
    "unit_label": text_cell(required=False, blank=""),
    "decimals": whole_cell(),
    "period_type": choice_cell(_options(PeriodType), "unknown-period-type"),
    "ci_method": choice_cell(_options(CIMethod), "unknown-ci-method"),
    "benchmark_method": choice_cell(_options(BenchmarkMethod), "unknown-benchmark-method"),
    "benchmark_confidence": choice_cell(_options(BenchmarkConfidence),
                                        "unknown-benchmark-confidence"),
    "comparators": list_cell(_options(Comparator), "unknown-comparator"),
    "rag_rule": choice_cell(_options(RagRule), "unknown-rag-rule"),
    "target": number_cell(),
    "target_tolerance": number_cell(),
    "additive": choice_cell(_BOOLEANS, "invalid-boolean"),
    "small_count_check": choice_cell(_BOOLEANS, "invalid-boolean"),
    "jump_threshold_pct": number_cell(required=True, positive=True),
    "series_break": text_cell(required=False),
    "breakdown_type": choice_cell({k: k for k in BREAKDOWN_CATEGORIES}, "unknown-breakdown-type",
                                  optional=True),
    "lait_measure": text_cell(required=False),
    "fingertips_id": whole_cell(minimum=1, required=False),
    "numerator_indicator": optional_identifier_cell,
    "source": text_cell(),
    "definition": text_cell(),
    # DfE Explore Education Statistics: the indicator column, and "column=option" filters
    # joined by ";" that pick the rows (e.g. "population_type=Children looked after ...").
    "ees_indicator": text_cell(required=False),
    "ees_filter": text_cell(required=False),
    # Blank: the cycle and lag follow from period_type (see indicators.currency).
    "release_cycle": choice_cell(_options(ReleaseCycle), "unknown-release-cycle", optional=True),
    "publication_lag_months": whole_cell(required=False),
}
"""Column name -> parser, in the catalogue's column order."""

CATALOGUE_COLUMNS: tuple[str, ...] = tuple(COLUMN_CHECKS)
#: Columns a catalogue may leave out (added later; absent means blank for every row).
OPTIONAL_COLUMNS: frozenset[str] = frozenset({"ees_indicator", "ees_filter"})
"""The catalogue's columns, in the order the CSV lists them."""


@dataclass(frozen=True)
class RowRule:
    """A rule across columns of one row. ``check`` returns a message, or ``None`` when it passes.

    The issue is reported on ``column``; the rule runs only when every column in ``needs`` parsed.
    """

    code: str
    column: str
    needs: tuple[str, ...]
    check: RowCheck
    severity: Severity = Severity.ERROR


def _when(fails: Callable[[Mapping[str, Any]], bool], template: str) -> RowCheck:
    """A check that formats ``template`` with the row's parsed values when ``fails`` is true."""
    return lambda r: template.format(**r) if fails(r) else None


def _ci_fits_value_type(r: Mapping[str, Any]) -> str | None:
    fits = {CIMethod.WILSON: (ValueType.PERCENTAGE,),
            CIMethod.BYAR_EXACT: (ValueType.COUNT, ValueType.RATE)}.get(r["ci_method"])
    if fits is None or r["value_type"] in fits:
        return None
    return (f"ci_method '{r['ci_method']}' does not fit value_type '{r['value_type']}'; "
            f"it suits {' or '.join(fits)}")


def _multiplier_fits(r: Mapping[str, Any]) -> str | None:
    allowed = MULTIPLIERS[r["value_type"]]
    if r["multiplier"] in allowed:
        return None
    return (f"multiplier '{r['multiplier']}' does not fit value_type '{r['value_type']}'; "
            f"expected {' or '.join(str(m) for m in allowed)}")


def _unit_fits(r: Mapping[str, Any]) -> str | None:
    unit, kind = r["unit_label"], r["value_type"]
    expected = {ValueType.COUNT: "", ValueType.PERCENTAGE: "%"}.get(kind)
    if expected is not None and unit != expected:
        return f"unit_label '{unit}' does not fit value_type '{kind}'; expected '{expected}'"
    prefix = f"per {r['multiplier']:,}"
    if kind is ValueType.RATE and not (unit == prefix or unit.startswith(prefix + " ")):
        return (f"unit_label '{unit}' does not fit multiplier {r['multiplier']}; "
                f"start it with '{prefix}'")
    return None


def _series_break_label(r: Mapping[str, Any]) -> str | None:
    pattern, example = PERIOD_LABELS[r["period_type"]]
    label = r["series_break"]
    if label is None or re.fullmatch(pattern, label):
        return None
    return f"series_break '{label}' is not a {r['period_type']} label like '{example}'"


def _framework(column: str, index: int) -> RowCheck:
    """Warn when ``column`` lists items that none of the row's CFW outcomes cover (seed 003)."""

    def check(r: Mapping[str, Any]) -> str | None:
        covered = sorted(set().union(*(CFW_FRAMEWORK[o][index] for o in r["cfw_outcomes"])),
                         key=str)
        outside = [v for v in r[column] if v not in covered]
        if not outside:
            return None
        return (f"{column} lists {listing(outside)}, which CFW outcome(s) "
                f"{listing(r['cfw_outcomes'])} do not cover (they cover {listing(covered)})")

    return check


_CI, _NONE = BenchmarkMethod.CI_OVERLAP, BenchmarkMethod.NONE
#: Rules that need no better or worse direction.
_UNDIRECTED = (RagRule.NONE, RagRule.TYPICAL_RANGE)

ROW_RULES: tuple[RowRule, ...] = (
    RowRule("target-required", "target", ("rag_rule", "target"), _when(
        lambda r: r["rag_rule"] is RagRule.TARGET and r["target"] is None,
        "target is empty but rag_rule is 'target'; give the target value")),
    RowRule("tolerance-without-target", "target_tolerance", ("target", "target_tolerance"), _when(
        lambda r: r["target_tolerance"] is not None and r["target"] is None,
        "target_tolerance '{target_tolerance:g}' is set but target is empty; "
        "the amber band needs a target")),
    RowRule("ci-method-mismatch", "ci_method", ("ci_method", "value_type"), _ci_fits_value_type),
    RowRule("invalid-multiplier", "multiplier", ("multiplier", "value_type"), _multiplier_fits),
    RowRule("unit-mismatch", "unit_label", ("unit_label", "value_type", "multiplier"), _unit_fits),
    RowRule("benchmark-needs-ci", "benchmark_method", ("benchmark_method", "ci_method"), _when(
        lambda r: r["benchmark_method"] is _CI and r["ci_method"] is CIMethod.NONE,
        "benchmark_method 'ci_overlap' needs a ci_method other than 'none'")),
    RowRule("benchmark-needs-comparator", "comparators", ("benchmark_method", "comparators"), _when(
        lambda r: r["benchmark_method"] is _CI and not r["comparators"],
        "comparators is empty but benchmark_method is 'ci_overlap'; list at least one")),
    RowRule("rag-needs-benchmark", "rag_rule", ("rag_rule", "benchmark_method"), _when(
        lambda r: r["rag_rule"] is RagRule.BENCHMARK and r["benchmark_method"] is _NONE,
        "rag_rule 'benchmark' needs benchmark_method 'ci_overlap'")),
    RowRule("rag-needs-polarity", "rag_rule", ("rag_rule", "polarity"), _when(
        lambda r: r["rag_rule"] not in _UNDIRECTED and r["polarity"] is Polarity.NO_JUDGEMENT,
        "rag_rule '{rag_rule}' needs a polarity; with 'no_judgement' use rag_rule "
        "'typical_range' or 'none'")),
    RowRule("range-needs-rate", "rag_rule", ("rag_rule", "value_type"), _when(
        lambda r: r["rag_rule"] is RagRule.TYPICAL_RANGE and r["value_type"] is ValueType.COUNT,
        "rag_rule 'typical_range' compares a figure with other councils' and a count is not "
        "comparable between areas; use a rate or percentage, or rag_rule 'none'")),
    RowRule("additive-not-count", "additive", ("additive", "value_type"), _when(
        lambda r: r["additive"] and r["value_type"] is not ValueType.COUNT,
        "additive is true but value_type is '{value_type}'; only counts add up")),
    RowRule("numerator-needs-rate", "numerator_indicator", ("numerator_indicator", "value_type"),
            _when(lambda r: r["numerator_indicator"] is not None
                  and r["value_type"] is ValueType.COUNT,
                  "numerator_indicator '{numerator_indicator}' is set but value_type is "
                  "'count'; only rates and percentages have a numerator")),
    RowRule("invalid-series-break", "series_break", ("series_break", "period_type"),
            _series_break_label),
    RowRule("framework-mismatch", "marmot_objectives", ("cfw_outcomes", "marmot_objectives"),
            _framework("marmot_objectives", 0), Severity.WARNING),
    RowRule("framework-mismatch", "tf_criteria", ("cfw_outcomes", "tf_criteria"),
            _framework("tf_criteria", 1), Severity.WARNING),
)
"""Cross-column rules, run in this order after the cell checks of a row."""


def numerator_reference_problem(row: Mapping[str, Any],
                                rows_by_id: Mapping[str, Mapping[str, Any]]) -> str | None:
    """Why a row's ``numerator_indicator`` cannot be its numerator, or ``None`` if it can.

    ``rows_by_id`` maps each valid catalogue id to its parsed row. The named indicator must
    exist, be a count, and have the same period type, so that its figure for an area and period
    is the numerator of this indicator's figure for the same area and period.
    """
    wanted = row.get("numerator_indicator")
    if wanted is None:
        return None
    other = rows_by_id.get(wanted)
    if other is None:
        return f"numerator_indicator '{wanted}' is not an indicator id in this catalogue"
    if other["value_type"] is not ValueType.COUNT:
        return (f"numerator_indicator '{wanted}' has value_type '{other['value_type']}'; "
                "it must name a count")
    if other["period_type"] is not row["period_type"]:
        return (f"numerator_indicator '{wanted}' is reported by {other['period_type']}, "
                f"this indicator by {row['period_type']}; they must match")
    return None
