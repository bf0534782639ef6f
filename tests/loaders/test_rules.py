"""The rule registry: codes, severities and templates are consistent with the code using them."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from domain.vocabulary import Severity
from loaders.checks import CHECKS
from loaders.rules import RULES, make_issue, show

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "loaders").glob("*.py")), ROOT / "services" / "uploads.py"]


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_is_kebab_case_with_a_fillable_template(code: str) -> None:
    rule = RULES[code]
    assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", code)
    assert rule.severity in (Severity.ERROR, Severity.WARNING)
    assert rule.description
    sample = {name: 12 for name in _fields(rule.template)}
    issue = make_issue(code, **sample)
    assert issue.code == code and issue.severity is rule.severity and issue.message


def test_every_rule_is_used_and_every_used_code_is_a_rule() -> None:
    text = "\n".join(path.read_text() for path in SOURCES if path.name != "rules.py")
    quoted = set(re.findall(r'"([a-z]+(?:-[a-z0-9]+)+)"', text))
    raised = set(re.findall(r'(?:make_issue|\.add|\.add_all)\(\s*"([a-z-]+)"', text))
    assert set(RULES) <= quoted, "rules that no loader reports"
    assert raised <= set(RULES), "codes reported without a rule"
    assert set(CHECKS) <= set(RULES)


def test_message_starts_with_a_capital_when_there_is_no_location_prefix() -> None:
    issue = make_issue("no-value", sheet="Data", row=4, column="value")
    assert issue.message.startswith("There is no value")
    located = make_issue("no-value", where="Burnley, CLA, Q2 2016/17: ")
    assert located.message.startswith("Burnley, CLA, Q2 2016/17: there is no value")


def test_issue_value_is_shortened_but_text_is_kept_whole_elsewhere() -> None:
    issue = make_issue("text-too-long", cell="x" * 40_000, field="note", length=40_000,
                       limit=32_767)
    assert len(issue.value) == 200 and issue.value.endswith("\u2026")


@pytest.mark.parametrize(("value", "expected"), [
    (320.0, "320"), (1734, "1,734"), (245000.0, "245,000"), (66.5714, "66.5714"),
    (None, "blank"), (float("nan"), "blank"), (True, "TRUE"), ("a\nb", "a b"),
    ("y" * 80, "y" * 59 + "\u2026"),
])
def test_show_writes_figures_as_an_officer_would(value: object, expected: str) -> None:
    assert show(value) == expected
