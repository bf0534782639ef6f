"""The performance summary: improving and declining indicators and sentences in the seed's style.

Generated from the stored scorecard table, never typed in, so the words always match the
figures. The style follows the seed's performance summary (seed 002), e.g. "The number of
children on child protection plans at the end of quarter three 2016/17 (1,631) had reduced
when compared to the end of the previous quarter (1,734)."
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from domain.periods import parse_period
from domain.vocabulary import PeriodType
from indicators.currency import OUT_OF_DATE
from indicators.definition_rows import themes_in_order
from indicators.display import format_value, is_missing

QUARTER_WORDS = {"1": "one", "2": "two", "3": "three", "4": "four"}
QUARTERLY = {PeriodType.FY_QUARTER.value, PeriodType.CAL_QUARTER.value}
YEARLY = {PeriodType.FIN_YEAR.value, PeriodType.ACADEMIC_YEAR.value, PeriodType.CAL_YEAR.value}
#: Words for each significance label, as the seed writes them.
SIGNIFICANCE_PHRASES = {"Better": "significantly better than", "Worse": "significantly worse than",
                        "Higher": "significantly higher than", "Lower": "significantly lower than",
                        "Similar": "similar to"}


@dataclass(frozen=True)
class OutcomeSummary:
    """One outcome theme of the performance summary."""

    outcome: str
    label: str
    improving: list[str] = field(default_factory=list)
    declining: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an abbreviation ("CSC")."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def subject(row: Mapping[str, Any]) -> str:
    """"The number of children on child protection plans", "The care leavers ... rate"."""
    name = _lower_first(str(row.get("short_title") or row.get("title") or "this indicator"))
    if "rate" in name.split():
        return f"The {name}"
    kind = {"count": "The number of", "rate": "The rate of",
            "percentage": "The percentage for"}.get(str(row.get("value_type")), "The figure for")
    return f"{kind} {name}"


def period_phrase(label: Any, period_type: Any) -> str:
    """"quarter three 2016/17", "the 2015/16 academic year", "between Jul 2015 and Jun 2016"."""
    text = str(label)
    kind = str(period_type)
    if kind in QUARTERLY and text[:1] == "Q" and text[1:2] in QUARTER_WORDS:
        return f"quarter {QUARTER_WORDS[text[1]]}{text[2:]}"
    if kind == PeriodType.ACADEMIC_YEAR.value:
        return f"the {text.replace(' (academic)', '')} academic year"
    if kind == PeriodType.ROLLING_12M.value and " - " in text:
        start, end = text.split(" - ", 1)
        return f"the year {start} to {end}"
    if kind == PeriodType.SNAPSHOT.value:
        return text[:1].lower() + text[1:]
    return text


def _is_step_before(previous: Any, current: Any, period_type: Any) -> bool:
    try:
        now = parse_period(str(current), hint=PeriodType(str(period_type)))
        before = parse_period(str(previous), hint=PeriodType(str(period_type)))
    except ValueError:
        return False
    return now.previous() == before


def _previous_phrase(row: Mapping[str, Any], at_end: bool) -> str:
    kind = str(row.get("period_type"))
    previous, current = row.get("previous_period"), row.get("period_label")
    if _is_step_before(previous, current, kind) and (kind in QUARTERLY or kind in YEARLY):
        unit = "quarter" if kind in QUARTERLY else "year"
        return f"the end of the previous {unit}" if at_end else f"the previous {unit}"
    phrase = period_phrase(previous, kind)
    return f"the figure {phrase}" if phrase.startswith("at ") else phrase


def _at_end(row: Mapping[str, Any]) -> bool:
    """Counts of children at the end of a period ("at the end of the quarter" in the definition)."""
    return "at the end of the" in str(row.get("definition") or "").lower()


def _figure(row: Mapping[str, Any], value: Any, with_unit: bool = False) -> str:
    text = format_value(value, row.get("decimals"), str(row.get("value_type")))
    unit = str(row.get("unit_label") or "")
    if with_unit and row.get("value_type") == "rate" and unit:
        text = f"{text} {unit}"
    return text


def change_sentence(row: Mapping[str, Any]) -> str | None:
    """How the latest figure moved since the previous period, or None without both figures."""
    value, previous, change = row.get("value"), row.get("previous_value"), row.get("change")
    if is_missing(value) or is_missing(row.get("period_label")):
        return None
    at_end = _at_end(row)
    phrase = period_phrase(row["period_label"], row.get("period_type"))
    # A snapshot's phrase carries its own preposition: "at 31 Mar 2016", never "in at ...".
    when = phrase if phrase.startswith("at ") else (
        ("at the end of " if at_end else "in ") + phrase)
    opening = f"{subject(row)} {when} ({_figure(row, value, with_unit=True)})"
    if is_missing(previous) or is_missing(change) or row.get("comparable") is False:
        return f"{opening} cannot be compared with an earlier figure."
    moved = float(change)  # type: ignore[arg-type]  # checked not missing above
    verb = "had increased" if moved > 0 else "had reduced" if moved < 0 else "was unchanged"
    sentence = (f"{opening} {verb} when compared to {_previous_phrase(row, at_end)} "
                f"({_figure(row, previous)})")
    judgement = {"improved": ", an improvement", "worsened": ", a decline"}
    return sentence + judgement.get(str(row.get("direction")), "") + "."


def comparator_sentence(row: Mapping[str, Any]) -> str | None:
    """How the figure compares with England, the region and statistical neighbours."""
    comparators = (("national", "England"),
                   ("regional", f"the {row['region_name']} region" if row.get("region_name")
                    else "the region"),
                   ("neighbour", "statistical neighbours"))
    by_phrase: dict[str, list[str]] = {}
    unjudged: list[str] = []
    for kind, name in comparators:
        value = row.get(f"{kind}_value")
        if is_missing(value):
            continue
        period = row.get(f"{kind}_period")
        when = "" if is_missing(period) or period == row.get("period_label") else f" in {period}"
        figure = f"{name} ({_figure(row, value)}{when})"
        phrase = SIGNIFICANCE_PHRASES.get(str(row.get(f"{kind}_significance")))
        if phrase:
            by_phrase.setdefault(phrase, []).append(figure)
        else:
            unjudged.append(figure)
    parts = [f"{phrase} {_and(figures)}" for phrase, figures in by_phrase.items()]
    if parts:
        sentence = f"It was {_and(parts)}."
        return sentence + (f" For comparison: {_and(unjudged)}." if unjudged else "")
    return f"For comparison: {_and(unjudged)}." if unjudged else None


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def outcome_summaries(table: pd.DataFrame) -> list[OutcomeSummary]:
    """Per outcome theme: improving and declining indicators and a paragraph per indicator."""
    summaries = []
    for outcome, label in themes_in_order(table):
        rows = table[table["outcome"] == outcome]
        if rows.empty:
            continue
        records: list[dict[str, Any]] = [
            {str(k): v for k, v in r.items()} for r in rows.to_dict("records")]
        names = [str(r.get("short_title") or r["title"]) for r in records]
        # An out-of-date figure is neither improving nor declining this quarter.
        directions = ["" if r.get("currency") == OUT_OF_DATE else str(r.get("direction"))
                      for r in records]
        paragraphs = []
        for record in records:
            sentences = [s for s in (change_sentence(record), comparator_sentence(record)) if s]
            if record.get("currency") == OUT_OF_DATE:
                sentences.append(f"(The latest available figure is for "
                                 f"{record.get('period_label')}; it is out of date for this "
                                 "quarter.)")
            if record.get("illustrative") is True:
                sentences.append(f"({record.get('value_note') or 'Illustrative figure'}.)")
            if sentences:
                paragraphs.append(" ".join(sentences))
        summaries.append(OutcomeSummary(
            outcome, label,
            [n for n, d in zip(names, directions, strict=True) if d == "improved"],
            [n for n, d in zip(names, directions, strict=True) if d == "worsened"],
            paragraphs))
    return summaries
