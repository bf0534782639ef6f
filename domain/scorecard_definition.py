"""A partnership's Board scorecard, as data: which indicators, in which order, under which
theme headings, judged by which rule, against which targets, for which plan years.

A definition is written as a TOML file (read with the standard library's :mod:`tomllib`)::

    [scorecard]
    partnership = "E10000000"          # the upper-tier local authority the partnership is keyed by
    title = "CYPP performance scorecard 2016/17"
    first_quarter = "Q1 2016/17"       # first reporting quarter it applies to
    last_quarter = "Q4 2016/17"        # optional: last one (open-ended without it)

    [[theme]]
    heading = "Outcome one - to feel safe"

    [[theme.row]]
    indicator = "cp_plans_rate"        # an id of indicator_catalogue.csv
    rule = "benchmark"                 # a RagRule: benchmark, target, trend, rank, comparator, none

    [[theme.row]]
    indicator = "tf_families_attached"
    rule = "target"
    tolerance = 430                    # amber band, in the indicator's units

    [[theme.row.target]]
    area = "E10000000"                 # whose target: a county target is never a district's
    period = "Q4 2016/17"              # the reporting quarter the target is due
    value = 4303
    baseline_period = "Q4 2015/16"     # optional trajectory: from this baseline, linearly
    baseline_value = 2900              # to the target by the reporting quarter

Parsing and checking are in :mod:`domain.definition_checks`; this module holds the records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from domain.periods import Period
from domain.vocabulary import RagRule

#: An upper-tier local authority code (county, metropolitan district, London borough, unitary).
PARTNERSHIP_CODE = re.compile(r"^E(06|08|09|10)\d{6}$")
#: Any area's ONS code (a target may be a district's).
AREA_CODE = re.compile(r"^[EWSN]\d{8}$")


@dataclass(frozen=True)
class Target:
    """One area's target for one reporting quarter, with an optional straight-line trajectory
    from a baseline figure."""

    area_code: str
    period: Period
    value: float
    baseline_period: Period | None = None
    baseline_value: float | None = None

    def document(self) -> dict[str, Any]:
        out: dict[str, Any] = {"area": self.area_code, "period": self.period.label,
                               "value": self.value}
        if self.baseline_period is not None and self.baseline_value is not None:
            out["baseline_period"] = self.baseline_period.label
            out["baseline_value"] = self.baseline_value
        return out


@dataclass(frozen=True)
class DefinitionRow:
    """One row of the Board's table: the indicator, its RAG rule and the rule's parameters."""

    indicator_id: str
    rule: RagRule
    tolerance: float | None = None
    targets: tuple[Target, ...] = ()

    def document(self) -> dict[str, Any]:
        out: dict[str, Any] = {"indicator": self.indicator_id, "rule": self.rule.value}
        if self.tolerance is not None:
            out["tolerance"] = self.tolerance
        if self.targets:
            out["target"] = [t.document() for t in self.targets]
        return out


@dataclass(frozen=True)
class Theme:
    """A theme heading and its rows, in order."""

    heading: str
    rows: tuple[DefinitionRow, ...]


@dataclass(frozen=True)
class ScorecardDefinition:
    """The Board scorecard of one partnership for the plan year(s) it covers."""

    partnership: str
    title: str
    first_quarter: Period
    last_quarter: Period | None
    themes: tuple[Theme, ...]

    def applies_to(self, quarter: Period) -> bool:
        """True when ``quarter`` is within the plan years this definition covers."""
        if quarter.end < self.first_quarter.end:
            return False
        return self.last_quarter is None or quarter.end <= self.last_quarter.end

    @property
    def rows(self) -> list[tuple[str, DefinitionRow]]:
        """Every (theme heading, row) in order."""
        return [(theme.heading, row) for theme in self.themes for row in theme.rows]

    @property
    def indicator_ids(self) -> list[str]:
        return [row.indicator_id for _, row in self.rows]

    @property
    def plan_years(self) -> str:
        """"Q1 2016/17 to Q4 2016/17" or "from Q1 2024/25"."""
        if self.last_quarter is None:
            return f"from {self.first_quarter.label}"
        return f"{self.first_quarter.label} to {self.last_quarter.label}"

    def document(self) -> dict[str, Any]:
        """The definition as the TOML document it is read from (for export and storage)."""
        head: dict[str, Any] = {"partnership": self.partnership, "title": self.title,
                                "first_quarter": self.first_quarter.label}
        if self.last_quarter is not None:
            head["last_quarter"] = self.last_quarter.label
        return {"scorecard": head,
                "theme": [{"heading": t.heading, "row": [r.document() for r in t.rows]}
                          for t in self.themes]}

    def with_rows(self, ordered: list[tuple[str, DefinitionRow]]) -> ScorecardDefinition:
        """A copy holding ``ordered`` (theme heading, row) pairs, grouped by heading in the
        order the headings first appear."""
        headings: dict[str, list[DefinitionRow]] = {}
        for heading, row in ordered:
            headings.setdefault(heading, []).append(row)
        themes = tuple(Theme(h, tuple(rows)) for h, rows in headings.items())
        return ScorecardDefinition(self.partnership, self.title, self.first_quarter,
                                   self.last_quarter, themes)

    def moved(self, indicator_id: str, step: int) -> ScorecardDefinition:
        """A copy with the row of ``indicator_id`` moved ``step`` places within its theme
        (-1 up, +1 down); unchanged at the theme's edge or for an indicator it lacks."""
        themes = []
        for theme in self.themes:
            rows = list(theme.rows)
            ids = [r.indicator_id for r in rows]
            if indicator_id in ids:
                at = ids.index(indicator_id)
                to = at + step
                if 0 <= to < len(rows):
                    rows[at], rows[to] = rows[to], rows[at]
            themes.append(Theme(theme.heading, tuple(rows)))
        return replace(self, themes=tuple(themes))

    def with_rule(self, indicator_id: str, rule: RagRule, tolerance: float | None,
                  target: Target | None = None) -> ScorecardDefinition:
        """A copy whose row of ``indicator_id`` has ``rule`` and ``tolerance``, and ``target``
        in place of that row's target for the same area and period (the rest kept)."""
        themes = []
        for theme in self.themes:
            rows = []
            for row in theme.rows:
                if row.indicator_id == indicator_id:
                    targets = row.targets
                    if target is not None:
                        kept = tuple(t for t in targets if (t.area_code, t.period)
                                     != (target.area_code, target.period))
                        targets = (*kept, target)
                    row = DefinitionRow(indicator_id, rule, tolerance, targets)
                rows.append(row)
            themes.append(Theme(theme.heading, tuple(rows)))
        return replace(self, themes=tuple(themes))
