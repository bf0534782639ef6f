"""What a Fingertips file says about one of its indicators, for adding it to the catalogue.

:func:`describe_fingertips` reads the indicator's rows (any Fingertips layout the loaders
recognise) and works out the catalogue cells the file can support:

- ``title``: the file's indicator name (its unit suffix kept, as Fingertips writes it);
- ``value_type`` and ``multiplier``: from the figures themselves where counts and
  denominators are published (the median of value / (count / denominator) is 100 for a
  percentage, 1,000, 10,000 or 100,000 for a rate), else from the name ("rate/100,000",
  "per 1,000", "%"), else a count;
- ``polarity``: from the "Compared to England" judgements. An area judged "Better" above
  England's value means high is good, below it low is good; the majority decides. Without
  Better/Worse judgements (only Higher/Lower, or none) it is ``no_judgement``;
- ``period_type``: a calendar year ("2015") or a financial year ("2015/16", or the first year
  of a pooled "2015/16 - 17/18");
- ``ci_method``: ``published`` when the file has 95% limits, else ``none``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from domain.errors import ScorecardError
from loaders.columns import find_header, header_key, matched_frame
from loaders.readers import read_csv
from loaders.safety import FileLimits

RATE_MULTIPLIERS = (1000, 10000, 100000)
_PER = re.compile(r"(?:/|per\s+)(1,?000|10,?000|100,?000)\b", re.IGNORECASE)
_ENGLAND = "E92000001"
_COMPARED = "comparedtoenglandvalueorpercentiles"


class DescribeError(ScorecardError):
    """The file does not describe the indicator (not a Fingertips file, or not its id)."""


@dataclass(frozen=True)
class FingertipsDescription:
    """The catalogue cells a Fingertips file supports for one indicator, and what it holds."""

    fingertips_id: int
    title: str
    value_type: str
    multiplier: int
    unit_label: str
    polarity: str
    period_type: str
    ci_method: str
    periods: tuple[str, ...]
    rows: int


def describe_fingertips(path: Path, fingertips_id: int, file_name: str | None = None
                        ) -> FingertipsDescription:
    """Describe indicator ``fingertips_id`` from the Fingertips CSV at ``path``."""
    name = file_name or path.name
    read = read_csv(path, name, FileLimits())
    if read.issues or not read.sheets:
        reason = read.issues[0].message if read.issues else "it has no rows"
        raise DescribeError(f"{name} could not be read: {reason}")
    sheet = read.sheets[0]
    found = find_header(sheet.head(10))
    if found is None or found[0] != "fingertips":
        raise DescribeError(f"{name} is not a Fingertips export: it has no 'Indicator ID', "
                            "'Area Code', 'Time period' and 'Value' columns.")
    match = found[1]
    data = matched_frame(sheet.rows, match)
    compared = next((i for i, h in enumerate(match.headers) if header_key(h) == _COMPARED),
                    None)
    if compared is not None:
        data["compared"] = [r[compared] if compared < len(r) else None
                            for r in sheet.rows[match.row:] if any(c is not None for c in r)]
    ids = data["indicator_id"].map(lambda v: str(v).strip().split(".")[0])
    rows = data[ids == str(fingertips_id)]
    if rows.empty:
        listed = ", ".join(sorted(ids.unique())[:10])
        raise DescribeError(f"{name} holds no rows of Fingertips indicator {fingertips_id} "
                            f"(column '{match.label('indicator_id')}' holds {listed}).")
    if "category" in rows:
        headline = rows[rows["category"].isna()]
        rows = headline if not headline.empty else rows
    title = " ".join(str(rows["indicator_name"].dropna().iloc[0]).split()) if (
        "indicator_name" in rows and rows["indicator_name"].notna().any()) else (
        f"Fingertips indicator {fingertips_id}")
    value_type, multiplier = _value_type(rows, title)
    unit = {"percentage": "%", "count": ""}.get(value_type, f"per {multiplier:,}")
    periods = tuple(dict.fromkeys(str(y).strip() for y in rows["year"].dropna()))
    period_type = "fin_year" if any("/" in p for p in periods) else "cal_year"
    has_ci = "lower_ci" in rows and rows["lower_ci"].notna().any()
    return FingertipsDescription(
        fingertips_id=fingertips_id, title=title, value_type=value_type,
        multiplier=multiplier, unit_label=unit, polarity=_polarity(rows),
        period_type=period_type, ci_method="published" if has_ci else "none",
        periods=periods, rows=len(rows))


def _numbers(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series.astype("string").str.replace(",", "", regex=False),
                         errors="coerce")


def _value_type(rows: pd.DataFrame, title: str) -> tuple[str, int]:
    """("percentage", 100), ("rate", 1000 | 10000 | 100000) or ("count", 1)."""
    if {"numerator", "denominator"} <= set(rows.columns):
        value, count, base = (_numbers(rows[c]) for c in ("value", "numerator",
                                                          "denominator"))
        ratio = (value / (count / base)).replace([float("inf")], float("nan")).dropna()
        ratio = ratio[ratio > 0]
        if len(ratio) >= 3:
            scale = float(ratio.median())
            nearest = min((100, *RATE_MULTIPLIERS), key=lambda m: abs(m - scale) / m)
            if abs(nearest - scale) / nearest < 0.05:
                return ("percentage", 100) if nearest == 100 else ("rate", nearest)
    per = _PER.search(title)
    if per:
        return "rate", int(per.group(1).replace(",", ""))
    if "%" in title or re.search(r"\b(percentage|proportion)\b", title, re.IGNORECASE):
        return "percentage", 100
    return "count", 1


def _polarity(rows: pd.DataFrame) -> str:
    """high_is_good, low_is_good or no_judgement, from Better/Worse against England."""
    if "compared" not in rows:
        return "no_judgement"
    values = _numbers(rows["value"])
    england = rows.assign(v=values)[rows["area_code"] == _ENGLAND].drop_duplicates(
        "year").set_index("year")["v"]
    verdict = rows["compared"].astype("string").str.strip().str.lower()
    votes = 0
    for year, value, word in zip(rows["year"], values, verdict, strict=True):
        if word not in ("better", "worse") or year not in england or pd.isna(value):
            continue
        above = value > england[year]
        votes += 1 if above == (word == "better") else -1
    return "high_is_good" if votes > 0 else "low_is_good" if votes < 0 else "no_judgement"
