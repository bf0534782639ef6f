"""Reading and checking scorecard definition files: good files parse, bad ones are refused
with every problem named by file, line, key and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.catalogue import load_catalogue
from domain.definition_checks import issue_text, parse_definition
from domain.periods import parse_period
from domain.vocabulary import PeriodType, RagRule

IDS = frozenset(load_catalogue())
DEMO = Path(__file__).parents[2] / "demo" / "data"

GOOD = """\
[scorecard]
partnership = "E10000017"
title = "Board scorecard"
first_quarter = "Q1 2016/17"
last_quarter = "Q4 2016/17"

[[theme]]
heading = "Keeping safe"

[[theme.row]]
indicator = "cla_rate"
rule = "benchmark"

[[theme.row]]
indicator = "tf_families_attached"
rule = "target"
tolerance = 430

[[theme.row.target]]
area = "E10000017"
period = "Q4 2016/17"
value = 4303
baseline_period = "Q4 2015/16"
baseline_value = 2000

[[theme]]
heading = "Doing well"

[[theme.row]]
indicator = "gcse_5ac_em"
"""


def test_a_good_file_reads_into_themes_rows_rules_and_targets() -> None:
    definition, report = parse_definition(GOOD, "board.toml", IDS)
    assert report.valid and definition is not None
    assert definition.partnership == "E10000017"
    assert [t.heading for t in definition.themes] == ["Keeping safe", "Doing well"]
    assert definition.indicator_ids == ["cla_rate", "tf_families_attached", "gcse_5ac_em"]
    row = definition.themes[0].rows[1]
    assert (row.rule, row.tolerance) == (RagRule.TARGET, 430)
    assert row.targets[0].baseline_period == parse_period("Q4 2015/16",
                                                          hint=PeriodType.FY_QUARTER)
    assert definition.themes[1].rows[0].rule is RagRule.NONE  # no rule: monitored only
    assert definition.applies_to(parse_period("Q3 2016/17", hint=PeriodType.FY_QUARTER))
    assert not definition.applies_to(parse_period("Q1 2017/18", hint=PeriodType.FY_QUARTER))


@pytest.mark.parametrize("path", sorted(DEMO.glob("*.toml")), ids=lambda p: p.name)
def test_the_demo_definitions_are_valid(path: Path) -> None:
    definition, report = parse_definition(path.read_text(encoding="utf-8"), path.name, IDS)
    assert report.errors == [] and definition is not None


BAD = """\
[scorecard]
partnership = "E07000117"
title = "Board"
first_quarter = "Q1 2016/17"
last_quarter = "Q4 2015/16"

[[theme]]
heading = "Keeping safe"

[[theme.row]]
indicator = "no_such_indicator"

[[theme.row]]
indicator = "cla_rate"
rule = "colour"

[[theme.row]]
indicator = "cla_rate"

[[theme.row]]
indicator = "cp_plans_rate"
rule = "target"
tolerance = -1

[[theme.row]]
indicator = "tf_pbr_claims"
rule = "target"

[[theme.row.target]]
area = "Lancashire"
period = "Q4 2016/17"
value = 1320

[[theme.row.target]]
area = "E10000017"
period = "Q4 2016/17"
value = 1320
baseline_period = "Q4 2017/18"
baseline_value = 10
"""


def test_every_problem_is_reported_with_its_line_and_key() -> None:
    definition, report = parse_definition(BAD, "bad.toml", IDS)
    assert definition is None
    assert report.flatten(["row", "column", "code"]) == [
        [2, "scorecard.partnership", "bad-partnership"],
        [5, "scorecard.last_quarter", "quarters-reversed"],
        [11, "theme[1].row[1].indicator", "unknown-indicator"],
        [15, "theme[1].row[2].rule", "unknown-rule"],
        [18, "theme[1].row[3].indicator", "duplicate-row"],
        [23, "theme[1].row[4].tolerance", "not-a-number"],
        [20, "theme[1].row[4].target", "target-rule-without-target"],
        [30, "theme[1].row[5].target[1].area", "bad-area"],
        [38, "theme[1].row[5].target[2].baseline_period", "baseline-after-target"],
    ]
    first = issue_text(report.errors[0])
    assert first.startswith("bad.toml, line 2, key scorecard.partnership: ")
    assert "use the council's code" in first


@pytest.mark.parametrize(("text", "code"), [
    ("[scorecard\n", "not-toml"),
    ('title = "x"\n', "no-scorecard-table"),
    ('[scorecard]\npartnership = "E10000017"\ntitle = "x"\nfirst_quarter = "Q1 2016/17"\n',
     "no-themes"),
    ('[scorecard]\npartnership = "E10000017"\ntitle = "x"\nfirst_quarter = "Q1 2016/17"\n'
     '[[theme]]\nheading = "A"\n', "empty-theme"),
])
def test_structural_problems_are_named(text: str, code: str) -> None:
    definition, report = parse_definition(text, "f.toml", IDS)
    assert definition is None and code in report.codes()


def test_the_readme_example_is_a_valid_definition() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    definition, report = parse_definition(example, "README.md", IDS)
    assert report.errors == [] and definition is not None
    assert definition.themes[0].rows[1].targets[0].baseline_value == 2900
