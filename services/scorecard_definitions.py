"""Use cases of a partnership's Board scorecard definition: load a file, show, export, edit,
and find the definition in force for an area and reporting quarter.

A file is read and checked by :func:`domain.definition_checks.parse_definition` against the
catalogue; only a definition without errors is stored, as the next version
(:mod:`store.definitions`), with an audit entry. Without a definition in force the scorecard
keeps the catalogue's rows, order and themes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from domain.definition_checks import issue_text, parse_definition
from domain.errors import NotFoundError, ScorecardError
from domain.periods import Period, period_containing
from domain.reports import ValidationReport
from domain.scorecard_definition import ScorecardDefinition, Target
from domain.vocabulary import PeriodType, RagRule
from services.catalogue import catalogue
from services.partnerships import partnership_code
from store import definitions
from store.definitions import NewVersion, StoredDefinition
from store.engine import Connection, Engine


class DefinitionRejectedError(ScorecardError):
    """A definition file or edit with errors; ``report`` lists every one."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(f"{issue_text(report.errors[0])} "
                         f"({len(report.errors)} error(s) in all)")
        self.report = report


@dataclass(frozen=True)
class DefinitionInForce:
    """A stored version and the definition it holds."""

    stored: StoredDefinition
    definition: ScorecardDefinition


def read_definition_text(text: str, name: str) -> tuple[ScorecardDefinition | None,
                                                        ValidationReport]:
    """Parse and check a definition against the catalogue; the report lists every problem."""
    return parse_definition(text, name, catalogue().keys())


def to_toml(definition: ScorecardDefinition) -> str:
    """The definition as a TOML file :func:`read_definition_text` reads back unchanged."""
    return tomli_w.dumps(definition.document())


def save_definition(engine: Engine, definition: ScorecardDefinition, user: str,
                    source: str) -> StoredDefinition:
    """Store ``definition`` as the next version of its partnership's definition (audited)."""
    new = NewVersion(partnership_code=definition.partnership,
                     first_quarter_key=definition.first_quarter.key,
                     first_quarter_end=definition.first_quarter.end,
                     last_quarter_end=(definition.last_quarter.end
                                       if definition.last_quarter else None),
                     title=definition.title, document=to_toml(definition), source=source)
    with engine.begin() as conn:
        return definitions.save_version(conn, new, user)


def load_definition_file(engine: Engine, path: Path, user: str) -> StoredDefinition:
    """Read, check and store the definition file at ``path``;
    :class:`DefinitionRejectedError` (nothing stored) when it has errors."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScorecardError(f"{path}: cannot read the file ({error}); give a UTF-8 TOML "
                             "file") from error
    definition, report = read_definition_text(text, path.name)
    if definition is None:
        raise DefinitionRejectedError(report)
    return save_definition(engine, definition, user, path.name)


def decode(stored: StoredDefinition) -> ScorecardDefinition:
    """The definition a stored version holds (checked again against today's catalogue)."""
    definition, report = read_definition_text(stored.document, f"stored version {stored.id}")
    if definition is None:
        raise DefinitionRejectedError(report)
    return definition


def definition_in_force(conn: Connection, area_code: str, quarter: Period
                        ) -> DefinitionInForce | None:
    """The definition of the area's partnership (:func:`services.partnerships.partnership_code`:
    its council, districts, footprints and teams share one) covering ``quarter``, or None
    (then the scorecard shows the catalogue's rows, order and themes)."""
    stored = definitions.in_force(conn, partnership_code(conn, area_code), quarter.end)
    return None if stored is None else DefinitionInForce(stored, decode(stored))


def require_in_force(conn: Connection, area_code: str, quarter: Period) -> DefinitionInForce:
    """As :func:`definition_in_force`; :class:`NotFoundError` naming the area and quarter."""
    found = definition_in_force(conn, area_code, quarter)
    if found is None:
        raise NotFoundError(f"No scorecard definition is in force for {area_code} in "
                            f"{quarter.label}; load one with `scorecard scorecard-def load`.")
    return found


def latest_definitions(conn: Connection, partnership: str | None = None
                       ) -> list[StoredDefinition]:
    """The newest version of every stored definition (of one partnership)."""
    return definitions.latest_versions(conn, partnership)


def history(conn: Connection, partnership: str) -> list[StoredDefinition]:
    """Every version of the partnership's definitions, newest first."""
    return definitions.version_history(conn, partnership)


def describe(found: DefinitionInForce) -> list[str]:
    """Lines for ``scorecard scorecard-def show``: the version, then themes and rows."""
    stored, definition = found.stored, found.definition
    lines = [f"{definition.title} ({definition.partnership}, {definition.plan_years}), "
             f"version {stored.version} saved by {stored.loaded_by} at "
             f"{stored.loaded_at:%Y-%m-%d %H:%M} from {stored.source or 'an edit'}"]
    number = 0
    for theme in definition.themes:
        lines.append(f"  {theme.heading}")
        for row in theme.rows:
            number += 1
            extra = f", tolerance {row.tolerance:g}" if row.tolerance is not None else ""
            targets = "; ".join(
                f"{t.area_code} {t.period.label} {t.value:g}"
                + (f" from {t.baseline_value:g} at {t.baseline_period.label}"
                   if t.baseline_period is not None and t.baseline_value is not None else "")
                for t in row.targets)
            lines.append(f"    {number:>2}. {row.indicator_id} [{row.rule.value}{extra}]"
                         + (f" targets: {targets}" if targets else ""))
    return lines


@dataclass(frozen=True)
class RowEdit:
    """One change to a row of a draft definition, as the admin page makes it: move it
    (``step`` -1 up, +1 down) or set its rule, tolerance and the partnership's year-end
    target for ``quarter`` (None keeps the targets as they are)."""

    indicator_id: str
    step: int = 0
    rule: str | None = None
    tolerance: float | None = None
    target: float | None = None


def year_end(quarter: Period) -> Period:
    """The last quarter (Q4) of the financial year ``quarter`` is in."""
    year = quarter.end.year + (1 if quarter.end.month > 3 else 0)
    return period_containing(PeriodType.FY_QUARTER, dt.date(year, 3, 31))


def edit_draft(text: str, edit: RowEdit, quarter: Period) -> str:
    """The draft TOML ``text`` with ``edit`` made; :class:`DefinitionRejectedError` when the
    draft or the result is not a valid definition (an unknown rule, a target rule without a
    target, ...)."""
    definition, report = read_definition_text(text, "the draft")
    if definition is None:
        raise DefinitionRejectedError(report)
    if edit.step:
        return to_toml(definition.moved(edit.indicator_id, edit.step))
    row = next((r for _, r in definition.rows if r.indicator_id == edit.indicator_id), None)
    if row is None:
        raise ScorecardError(f"{edit.indicator_id!r} is not a row of this definition; "
                             "choose one of its rows.")
    if edit.rule is not None and edit.rule not in {r.value for r in RagRule}:
        raise ScorecardError(f"{edit.rule!r} is not a RAG rule; choose one of "
                             f"{', '.join(r.value for r in RagRule)}.")
    rule = row.rule if edit.rule is None else RagRule(edit.rule)
    target = None if edit.target is None else Target(definition.partnership,
                                                     year_end(quarter), float(edit.target))
    tolerance = row.tolerance if edit.tolerance is None else float(edit.tolerance)
    changed = definition.with_rule(edit.indicator_id, rule, tolerance, target)
    checked, report = read_definition_text(to_toml(changed), "the edited definition")
    if checked is None:
        raise DefinitionRejectedError(report)
    return to_toml(checked)


def save_draft(engine: Engine, text: str, user: str) -> StoredDefinition:
    """Store the edited draft as the next version (audited under ``user``)."""
    definition, report = read_definition_text(text, "the draft")
    if definition is None:
        raise DefinitionRejectedError(report)
    return save_definition(engine, definition, user, "edited on the admin page")
