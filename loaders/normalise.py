"""Candidate frame -> observation frame: resolve ids, read periods and figures, cell by cell.

Every cell problem becomes an issue with its location; nothing stops at the first one. Look-ups
run once per distinct value (a 100,000-row file has a few hundred distinct periods and areas),
numbers are converted column-wise, and only the odd cells are handled one by one, so a clean
file costs little more than reading it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from domain.errors import PeriodParseError
from domain.periods import Period, parse_period
from domain.reports import ValidationIssue
from domain.vocabulary import ObservationStatus, PeriodType, ValueType
from loaders.frame import (
    CANDIDATE_FIELDS,
    FIELD_WORDS,
    NUMBER_FIELDS,
    RowIssues,
    Shown,
    Where,
    either,
)
from loaders.reference import LoadContext
from loaders.rules import show
from loaders.values import blank_text, missing, read_numbers

PERIOD_WORDS: dict[PeriodType, tuple[str, str]] = {
    PeriodType.FY_QUARTER: ("financial-year quarters", "Q2 2016/17"),
    PeriodType.CAL_QUARTER: ("calendar quarters", "Q2 2015"),
    PeriodType.FIN_YEAR: ("financial years", "2015/16"),
    PeriodType.ACADEMIC_YEAR: ("academic years", "2014/15"),
    PeriodType.CAL_YEAR: ("calendar years", "2015"),
    PeriodType.ROLLING_12M: ("rolling 12-month periods", "Jul 2015 - Jun 2016"),
    PeriodType.SNAPSHOT: ("snapshot dates", "At 31 Mar 2016"),
    PeriodType.MONTH: ("months", "Dec 2016"),
}
STATUS_ALIASES = {"notavailable": "not_available", "notcomparable": "not_comparable"}
FLAG_WORDS = {"yes": True, "y": True, "true": True, "1": True, "1.0": True, "no": False,
              "n": False, "false": False, "0": False, "0.0": False}
ALL_WORDS = frozenset({"", "all", "total", "persons", "all persons", "headline"})
TEXT_LIMITS = {"note": 32_767, "source": 200, "breakdown": 80}
WITHHELD = (ObservationStatus.SUPPRESSED.value, ObservationStatus.NOT_AVAILABLE.value)
PeriodResult = tuple[Period | None, str, str]


@dataclass
class Normalised:
    """The observation frame, the cell issues, and the message prefix of each row."""

    frame: pd.DataFrame
    issues: list[ValidationIssue]
    where: Where


def _word(value: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(value).strip().lower())


def _mapped(series: pd.Series, convert: Callable[[Any], Any]) -> np.ndarray:
    """``convert`` applied once per distinct non-blank value; None where blank."""
    present = series[series.notna()]
    lookup = {value: convert(value) for value in pd.unique(present)}
    out = np.full(len(series), None, dtype=object)
    out[series.notna().to_numpy()] = [lookup[v] for v in present.tolist()]
    return out


#: The candidate fields a row's label is worded from where they were not resolved.
LABEL_FIELDS = ("area", "indicator", "period")


class _Normaliser:
    def __init__(self, candidates: pd.DataFrame, ctx: LoadContext) -> None:
        self.raw = candidates.reset_index(drop=True)
        for field in CANDIDATE_FIELDS:
            if field not in self.raw:
                self.raw[field] = None
        self.ctx = ctx
        self.ind = _mapped(self.raw["indicator"], ctx.resolve_indicator)
        self.area = _mapped(self.raw["area"], ctx.resolve_area)
        cache: dict[tuple[Hashable, Any], PeriodResult] = {}
        self.period: list[PeriodResult] = []
        for raw, ind in zip(self.raw["period"].tolist(), self.ind, strict=True):
            key = (raw if isinstance(raw, Hashable) else str(raw), ind)
            if key not in cache:
                cache[key] = self._period(raw, ind)
            self.period.append(cache[key])
        self._labels: dict[tuple[Any, ...], str] = {}

    def _period(self, raw: Any, ind: str | None) -> PeriodResult:
        if missing(raw):
            return None, "missing-value", ""
        raw = raw.strip() if isinstance(raw, str) else raw
        kind = self.ctx.catalogue[ind].period_type if ind else None
        try:
            return parse_period(raw, kind), "", ""
        except PeriodParseError as error:
            if kind is None:
                return None, "unparseable-period", str(error)
            try:
                parse_period(raw)
            except PeriodParseError as plain:
                return None, "unparseable-period", str(plain)
            return None, "period-type-mismatch", str(error)

    def where(self, i: int) -> str:
        """"Burnley, CP rate, Q2 2016/17: " for row ``i`` (raw text where not resolved)."""
        period = self.period[i][0]
        key = (self.area[i], self.ind[i], period)
        if key not in self._labels:
            parts = [self.ctx.area_names.get(self.area[i]) if self.area[i]
                     else self.raw["area"].iat[i],
                     self.ctx.catalogue[self.ind[i]].short_title if self.ind[i]
                     else self.raw["indicator"].iat[i],
                     period.label if period is not None else self.raw["period"].iat[i]]
            text = ", ".join(show(p) for p in parts if not missing(p))
            self._labels[key] = f"{text}: " if text else ""
        return self._labels[key]


#: The rule for a figure written with the decimal mark the file does not use.
WRONG_MARK_RULES = {".": "decimal-comma", ",": "decimal-point"}


def normalise(candidates: pd.DataFrame, ctx: LoadContext, file: str,
              decimal: str = ".") -> Normalised:
    """Resolve and convert a candidate frame into the store's observation columns.

    ``decimal`` is the decimal mark of the file's figures ("," in a semicolon-separated CSV).

    The frame also carries ``_sheet``, ``_row``, ``_col_*``, ``_published`` (when the reader
    set it) and ``_bad`` (True on rows with a cell error).
    """
    norm = _Normaliser(candidates, ctx)
    raw = norm.raw
    sink = RowIssues(raw, file, norm.where)
    _identity_issues(norm, sink)
    out = pd.DataFrame({"indicator_id": norm.ind, "area_code": norm.area})
    # Rows of one raw period and indicator share one parsed result: each is worded once.
    worded: dict[int, tuple[Any, ...]] = {}
    values = []
    for result in norm.period:
        fields = worded.get(id(result))
        if fields is None:
            period = result[0]
            fields = worded[id(result)] = (
                (None,) * 5 if period is None else
                (period.key, period.type.value, period.start, period.end, period.label))
        values.append(fields)
    for index, name in enumerate(("period_key", "period_type", "period_start", "period_end",
                                  "period_label")):
        out[name] = pd.Series([v[index] for v in values], dtype=object)
    token_status = np.full(len(raw), None, dtype=object)
    for field in NUMBER_FIELDS:
        numbers, bad, wrong_mark, status = read_numbers(raw[field], decimal)
        cells = raw[field].to_numpy(dtype=object)
        word = FIELD_WORDS.get(field, field)
        sink.add_all("not-a-number", bad, field, cells, field=word, found=Shown(cells))
        sink.add_all(WRONG_MARK_RULES[decimal], wrong_mark, field, cells, field=word,
                     found=Shown(cells))
        negative = numbers < 0
        sink.add_all("negative-value", negative, field, numbers, field=word,
                     found=Shown(numbers))
        numbers[negative] = np.nan
        out[field] = numbers
        token_status = np.where(pd.isna(token_status), status, token_status)
    _texts(raw, out, sink, ctx)
    _status(raw, out, token_status, sink)
    _breakdowns(raw, out, sink, ctx)
    _fill_values(out, sink, ctx)
    ci = out["lower_ci"].notna() & out["upper_ci"].notna()
    out["ci_source"] = either(ci.to_numpy(), "published", "none")
    out["ci_level"] = out["ci_level"].fillna(0.95).where(ci)
    out["source_cell"] = raw["_cell"].to_numpy() if "_cell" in raw else None
    for column in [c for c in raw.columns if c.startswith("_") and c != "_cell"]:
        out[column] = raw[column].array  # as held (a location column stays a category)
    out["_bad"] = sink.flagged
    norm.raw = norm.raw.loc[:, list(LABEL_FIELDS)]  # all ``where`` reads of the candidates
    return Normalised(out, sink.issues, norm.where)


def _identity_issues(norm: _Normaliser, sink: RowIssues) -> None:
    raw, ctx = norm.raw, norm.ctx
    for field, resolved, code, suggest in (
            ("indicator", norm.ind, "unknown-indicator", ctx.suggest_indicator),
            ("area", norm.area, "unknown-area", ctx.suggest_area)):
        cells = raw[field].to_numpy(dtype=object)
        expected = ("every row needs an indicator id" if field == "indicator"
                    else "every row needs an area code")
        suggestions: dict[Any, str] = {}
        for position in (int(p) for p in np.flatnonzero(pd.isna(resolved))):
            cell = cells[position]
            if cell is None or pd.isna(cell) or blank_text(cell):
                sink.add("missing-value", position, field, field=field, expected=expected)
                continue
            if cell not in suggestions:
                suggestions[cell] = suggest(cell)
            sink.add(code, position, field, cell, found=show(cell),
                     suggestion=suggestions[cell])
    for row, (period, code, reason) in enumerate(norm.period):
        if period is not None:
            continue
        if code == "missing-value":
            sink.add(code, row, "period", field="period",
                     expected="every row needs a period such as 'Q2 2016/17'")
        elif code == "period-type-mismatch":
            ind = ctx.catalogue[norm.ind[row]]
            words, example = PERIOD_WORDS[ind.period_type]
            sink.add(code, row, "period", raw["period"].iat[row], reason=reason,
                     indicator=ind.short_title, expected=words, example=example)
        else:
            sink.add(code, row, "period", raw["period"].iat[row], reason=reason)


def _texts(raw: pd.DataFrame, out: pd.DataFrame, sink: RowIssues, ctx: LoadContext) -> None:
    for field, column in (("note", "value_note"), ("source", "source")):
        text = _mapped(raw[field], lambda c: None if blank_text(c) else
                       c if isinstance(c, str) else show(c, 10**6))
        lengths = np.array([len(t) if t else 0 for t in text]) if raw[field].notna().any() \
            else np.zeros(len(raw), dtype=int)
        sink.add_all("text-too-long", lengths > TEXT_LIMITS[field], field, text, field=field,
                     length=lengths, limit=TEXT_LIMITS[field])
        out[column] = text
    sources = {i: ind.source for i, ind in ctx.catalogue.items()}
    out["source"] = out["source"].fillna(out["indicator_id"].map(sources))


def _status(raw: pd.DataFrame, out: pd.DataFrame, token_status: np.ndarray,
            sink: RowIssues) -> None:
    valid = {s.value for s in ObservationStatus}
    words = _mapped(raw["status"], lambda c: None if blank_text(c) else
                    STATUS_ALIASES.get(_word(c).replace("_", ""), _word(c)))
    bad = np.array([w is not None and w not in valid for w in words], dtype=bool)
    cells = raw["status"].to_numpy(dtype=object)
    sink.add_all("invalid-choice", bad, "status", cells, field="status", found=Shown(cells),
                 choices=", ".join(sorted(valid)))
    words[bad] = None
    status = np.where(pd.isna(words), token_status, words)
    status[pd.isna(status)] = ObservationStatus.FINAL.value  # one word, not one per row
    out["status"] = status
    flags = _mapped(raw["illustrative"], lambda f: None if blank_text(f) else
                    FLAG_WORDS.get(str(f).strip().lower(), "bad"))
    bad_flag = np.array([f == "bad" for f in flags], dtype=bool)
    cells = raw["illustrative"].to_numpy(dtype=object)
    sink.add_all("invalid-choice", bad_flag, "illustrative", cells, field="illustrative",
                 found=Shown(cells), choices="yes, no")
    out["illustrative"] = np.array([f is True for f in flags], dtype=bool)


def _breakdowns(raw: pd.DataFrame, out: pd.DataFrame, sink: RowIssues,
                ctx: LoadContext) -> None:
    words = _mapped(raw["breakdown"], lambda c: "all" if str(c).strip().lower() in ALL_WORDS
                    else _word(c))
    words[pd.isna(words)] = "all"
    out["breakdown"] = words
    cells = raw["breakdown"].to_numpy(dtype=object)
    lengths = np.array([len(w) for w in words])
    long = lengths > TEXT_LIMITS["breakdown"]
    sink.add_all("text-too-long", long, "breakdown", cells, field="breakdown",
                 length=lengths, limit=TEXT_LIMITS["breakdown"])
    wanted = (words != "all") & ~long & out["indicator_id"].notna().to_numpy()
    for position in (int(p) for p in np.flatnonzero(wanted)):
        ind = ctx.catalogue[str(out["indicator_id"].iat[position])]
        if words[position] not in ind.breakdown_categories:
            sink.add("unknown-breakdown", position, "breakdown", cells[position],
                     found=show(cells[position]),
                     choices=", ".join(("all", *ind.breakdown_categories)))


def _fill_values(out: pd.DataFrame, sink: RowIssues, ctx: LoadContext) -> None:
    """Compute missing values from the fraction, clear withheld figures, flag empty rows."""
    cat = ctx.catalogue
    types = out["indicator_id"].map({i: ind.value_type.value for i, ind in cat.items()})
    multiplier = out["indicator_id"].map({i: float(ind.multiplier) for i, ind in cat.items()})
    num, den, value = out["numerator"], out["denominator"], out["value"]
    fraction = types.isin([ValueType.PERCENTAGE.value, ValueType.RATE.value]).to_numpy()
    fill = value.isna() & num.notna() & den.gt(0) & fraction
    out.loc[fill, "value"] = num[fill] / den[fill] * multiplier[fill]
    count = value.isna() & num.notna() & (types == ValueType.COUNT.value)
    out.loc[count, "value"] = num[count]
    withheld = out["status"].isin(WITHHELD).to_numpy()
    figures = out.loc[:, ["numerator", "denominator", "value"]].notna().any(axis=1).to_numpy()
    status = out["status"].to_numpy(dtype=object)
    sink.add_all("suppressed-with-figures", withheld & figures, "status", status, status=status)
    out.loc[withheld, ["numerator", "denominator", "value", "lower_ci", "upper_ci"]] = np.nan
    empty = (~withheld & out["value"].isna().to_numpy() & out["indicator_id"].notna().to_numpy()
             & ~sink.flagged)
    sink.add_all("no-value", empty, "value")
