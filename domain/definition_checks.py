"""Reading and checking a scorecard definition file (:mod:`domain.scorecard_definition`).

Every problem is collected before the report returns (as the upload checks do): each issue
names the file, the line, the key (``theme[2].row[3].rule``) and what to do. A definition is
returned only when there is no error.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Collection
from typing import Any

from domain.errors import PeriodParseError
from domain.periods import Period
from domain.reports import ValidationIssue, ValidationReport
from domain.scorecard_definition import (
    AREA_CODE,
    PARTNERSHIP_CODE,
    DefinitionRow,
    ScorecardDefinition,
    Target,
    Theme,
)
from domain.url_state import parse_period_text
from domain.vocabulary import RagRule, Severity

_HEADERS = (("theme", re.compile(r"^\s*\[\[\s*theme\s*\]\]")),
            ("row", re.compile(r"^\s*\[\[\s*theme\s*\.\s*row\s*\]\]")),
            ("target", re.compile(r"^\s*\[\[\s*theme\s*\.\s*row\s*\.\s*target\s*\]\]")))


def _header_lines(text: str) -> dict[tuple[int, ...], int]:
    """Line number of each ``[[theme]]``, ``[[theme.row]]`` and ``[[theme.row.target]]``,
    keyed by its 1-based position (theme, row, target)."""
    lines: dict[tuple[int, ...], int] = {}
    theme = row = target = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if _HEADERS[0][1].match(line):
            theme, row, target = theme + 1, 0, 0
            lines[(theme,)] = number
        elif _HEADERS[1][1].match(line):
            row, target = row + 1, 0
            lines[(theme, row)] = number
        elif _HEADERS[2][1].match(line):
            target += 1
            lines[(theme, row, target)] = number
    return lines


class _Checker:
    """Collects issues for one file while its parts are read."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.report = ValidationReport()
        self.lines = _header_lines(text)
        self.text_lines = text.splitlines()
        self.scorecard_line = next((n for n, line in enumerate(text.splitlines(), 1)
                                    if line.strip().startswith("[scorecard]")), None)

    def line_of(self, where: tuple[int, ...], key: str) -> int | None:
        """The line of ``key``'s last name inside the table at ``where`` (the table's header
        line when the name is not written there)."""
        start = self.lines.get(where) if where else self.scorecard_line
        if start is None:
            return None
        name = re.compile(rf"^\s*{re.escape(key.rsplit('.', 1)[-1])}\s*=")
        for number in range(start + 1, len(self.text_lines) + 1):
            line = self.text_lines[number - 1]
            if line.lstrip().startswith("["):
                break
            if name.match(line):
                return number
        return start

    def error(self, code: str, where: tuple[int, ...], key: str, message: str,
              value: object = "") -> None:
        line = self.line_of(where, key)
        self.report.add(ValidationIssue(code, Severity.ERROR, message, file=self.file,
                                        row=line, column=key, value=str(value)[:80]))

    def text(self, table: dict[str, Any], name: str, where: tuple[int, ...], key: str,
             required: bool = True) -> str | None:
        value = table.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error("missing-text", where, f"{key}.{name}",
                       f"{key}.{name} must be non-empty text; write {name} = \"...\"", value)
            return None
        return value.strip()

    def number(self, table: dict[str, Any], name: str, where: tuple[int, ...], key: str,
               required: bool = True, minimum: float | None = None) -> float | None:
        value = table.get(name)
        if value is None and not required:
            return None
        number = (float(value) if isinstance(value, int | float)
                  and not isinstance(value, bool) else math.nan)
        if not math.isfinite(number) or (minimum is not None and number < minimum):
            floor = "" if minimum is None else f" of at least {minimum:g}"
            self.error("not-a-number", where, f"{key}.{name}",
                       f"{key}.{name} must be a number{floor}; got {value!r}", value)
            return None
        return number

    def quarter(self, table: dict[str, Any], name: str, where: tuple[int, ...], key: str,
                required: bool = True) -> Period | None:
        text = self.text(table, name, where, key, required)
        if text is None:
            return None
        try:
            return parse_period_text(text)
        except (PeriodParseError, ValueError):
            self.error("bad-quarter", where, f"{key}.{name}",
                       f"{key}.{name} {text!r} is not a reporting quarter; write it as "
                       "\"Q3 2016/17\"", text)
            return None


def issue_text(issue: ValidationIssue) -> str:
    """One line for an issue of a definition file: file, line, key and what to do."""
    where = [issue.file] if issue.file else []
    if issue.row is not None:
        where.append(f"line {issue.row}")
    if issue.column:
        where.append(f"key {issue.column}")
    return f"{', '.join(where)}: {issue.message}" if where else issue.message


def parse_definition(text: str, file: str, indicator_ids: Collection[str]
                     ) -> tuple[ScorecardDefinition | None, ValidationReport]:
    """Read a definition from TOML ``text`` (named ``file`` in messages), checking indicator
    ids against ``indicator_ids`` (the catalogue's). The definition is None on any error."""
    check = _Checker(file, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        check.report.add(ValidationIssue(
            "not-toml", Severity.ERROR, f"the file is not valid TOML ({error}); fix the syntax "
            "at that line", file=file, row=int(match.group(1)) if match else None))
        return None, check.report
    head = data.get("scorecard")
    if not isinstance(head, dict):
        check.error("no-scorecard-table", (), "scorecard",
                    "the file has no [scorecard] table; start it with [scorecard] and "
                    "partnership, title and first_quarter")
        head = {}
    partnership = check.text(head, "partnership", (), "scorecard")
    if partnership is not None and not PARTNERSHIP_CODE.match(partnership):
        check.error("bad-partnership", (), "scorecard.partnership",
                    f"scorecard.partnership {partnership!r} is not an upper-tier local "
                    "authority code; use the council's code (E06, E08, E09 or E10 and six digits)",
                    partnership)
    title = check.text(head, "title", (), "scorecard")
    first = check.quarter(head, "first_quarter", (), "scorecard")
    last = check.quarter(head, "last_quarter", (), "scorecard", required=False)
    if first is not None and last is not None and last.end < first.end:
        check.error("quarters-reversed", (), "scorecard.last_quarter",
                    f"scorecard.last_quarter {last.label} is before first_quarter "
                    f"{first.label}; swap them", last.label)
    themes = _themes(check, data.get("theme"), set(indicator_ids))
    check.report.rows_read = sum(len(t.rows) for t in themes)
    if not check.report.valid or partnership is None or title is None or first is None:
        return None, check.report
    check.report.rows_valid = check.report.rows_read
    return ScorecardDefinition(partnership, title, first, last, tuple(themes)), check.report


def _themes(check: _Checker, raw: object, known: set[str]) -> list[Theme]:
    if not isinstance(raw, list) or not raw:
        check.error("no-themes", (), "theme", "the definition has no theme; add a [[theme]] "
                    "with a heading and its [[theme.row]] rows")
        return []
    themes: list[Theme] = []
    seen_rows: dict[str, str] = {}
    seen_headings: set[str] = set()
    for t, table in enumerate(raw, start=1):
        key = f"theme[{t}]"
        heading = check.text(table, "heading", (t,), key) or ""
        if heading and heading in seen_headings:
            check.error("duplicate-theme", (t,), f"{key}.heading",
                        f"the heading {heading!r} appears twice; merge the two themes",
                        heading)
        seen_headings.add(heading)
        rows_raw = table.get("row")
        if not isinstance(rows_raw, list) or not rows_raw:
            check.error("empty-theme", (t,), key, f"{key} ({heading!r}) has no rows; add "
                        "[[theme.row]] entries under it or remove the theme", heading)
            continue
        rows: list[DefinitionRow] = []
        for r, row_table in enumerate(rows_raw, start=1):
            row = _row(check, row_table, (t, r), f"{key}.row[{r}]", known, seen_rows)
            if row is not None:
                rows.append(row)
        themes.append(Theme(heading, tuple(rows)))
    return themes


def _row(check: _Checker, table: dict[str, Any], where: tuple[int, int], key: str,
         known: set[str], seen: dict[str, str]) -> DefinitionRow | None:
    indicator = check.text(table, "indicator", where, key)
    ok = indicator is not None
    if indicator is not None and indicator not in known:
        check.error("unknown-indicator", where, f"{key}.indicator",
                    f"{key}.indicator {indicator!r} is not in the indicator catalogue; use an "
                    "id from indicator_catalogue.csv", indicator)
        ok = False
    elif indicator is not None and indicator in seen:
        check.error("duplicate-row", where, f"{key}.indicator",
                    f"{indicator!r} is already a row ({seen[indicator]}); an indicator is "
                    "shown once, so remove one of the two rows", indicator)
        ok = False
    elif indicator is not None:
        seen[indicator] = key
    rule_text = table.get("rule", RagRule.NONE.value)
    try:
        rule = RagRule(rule_text)
    except ValueError:
        check.error("unknown-rule", where, f"{key}.rule",
                    f"{key}.rule {rule_text!r} is not a RAG rule; use one of "
                    f"{', '.join(r.value for r in RagRule)}", rule_text)
        rule, ok = RagRule.NONE, False
    tolerance = check.number(table, "tolerance", where, key, required=False, minimum=0)
    if "tolerance" in table and tolerance is None:
        ok = False
    targets = _targets(check, table.get("target", []), where, key)
    if targets is None:
        ok = False
    elif rule is RagRule.TARGET and not targets:
        check.error("target-rule-without-target", where, f"{key}.target",
                    f"{key} uses the target rule but sets no target; add a "
                    "[[theme.row.target]] with area, period and value, or choose another rule",
                    indicator or "")
        ok = False
    if not ok or indicator is None or targets is None:
        return None
    return DefinitionRow(indicator, rule, tolerance, tuple(targets))


def _targets(check: _Checker, raw: object, where: tuple[int, int], key: str
             ) -> list[Target] | None:
    if not isinstance(raw, list):
        check.error("bad-target", where, f"{key}.target", f"{key}.target must be a list of "
                    "[[theme.row.target]] tables")
        return None
    targets: list[Target] = []
    seen: set[tuple[str, str]] = set()
    ok = True
    for k, table in enumerate(raw, start=1):
        at, tkey = (*where, k), f"{key}.target[{k}]"
        area = check.text(table, "area", at, tkey)
        if area is not None and not AREA_CODE.match(area):
            check.error("bad-area", at, f"{tkey}.area", f"{tkey}.area {area!r} is not an area "
                        "code; use the area's nine-character ONS code (a letter and eight digits)",
                        area)
            area = None
        period = check.quarter(table, "period", at, tkey)
        value = check.number(table, "value", at, tkey)
        base_period = check.quarter(table, "baseline_period", at, tkey, required=False)
        base_value = check.number(table, "baseline_value", at, tkey, required=False)
        if ("baseline_period" in table) != ("baseline_value" in table):
            check.error("half-trajectory", at, tkey, f"{tkey} gives only one of "
                        "baseline_period and baseline_value; a trajectory needs both")
            ok = False
        if base_period is not None and period is not None and base_period.end >= period.end:
            check.error("baseline-after-target", at, f"{tkey}.baseline_period",
                        f"{tkey}.baseline_period {base_period.label} is not before the target's "
                        f"period {period.label}; give an earlier baseline", base_period.label)
            ok = False
        if area is None or period is None or value is None:
            ok = False
            continue
        if (area, period.key) in seen:
            check.error("duplicate-target", at, tkey, f"{tkey} repeats the target for {area} "
                        f"in {period.label}; keep one", f"{area} {period.label}")
            ok = False
        seen.add((area, period.key))
        targets.append(Target(area, period, value, base_period, base_value))
    return targets if ok else None
