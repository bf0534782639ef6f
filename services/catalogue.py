"""The indicator catalogue, read once per process, and the frame the judgement engine takes.

Every use case and page asks :func:`catalogue` rather than reading the catalogue file again.
The catalogue is the shipped ``indicator_catalogue.csv`` with the site's own additions and
mappings (stored in the ``catalogue_entry`` table) merged in: :func:`use_site_entries` reads
them from the store and, when they changed, drops the cached copy so the next call rebuilds it.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from domain.catalogue import (
    CATALOGUE_COLUMNS,
    DEFAULT_CATALOGUE_PATH,
    Indicator,
    InvalidCatalogueError,
    load_catalogue,
    read_catalogue_text,
)
from domain.periods import parse_period
from store.catalogue_entries import Entry, current_entries
from store.engine import Engine

#: The indicators a use case works with, when given; None means the whole catalogue.
Indicators = Mapping[str, Indicator] | None


#: The site's current catalogue entries, as :func:`use_site_entries` last read them.
_site: list[Entry] = []


@functools.lru_cache(maxsize=1)
def catalogue() -> dict[str, Indicator]:
    """The indicator catalogue, read once per process (with the site's entries merged in)."""
    if not _site:
        return load_catalogue()
    return merged_catalogue(_site)


def merged_text(entries: Sequence[Entry], path: Path = DEFAULT_CATALOGUE_PATH) -> str:
    """The catalogue CSV text with ``entries`` applied: an ``add`` appends (or replaces) the
    indicator's row, a ``map`` sets its mapping cells."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or [])
        rows = {row["id"]: row for row in reader}
    columns += [c for c in CATALOGUE_COLUMNS if c not in columns]
    for entry in entries:
        if entry.kind == "add":
            rows[entry.indicator_id] = {**dict.fromkeys(columns, ""), **entry.cells}
        elif entry.indicator_id in rows:
            rows[entry.indicator_id].update(entry.cells)
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows.values())
    return out.getvalue()


def merged_catalogue(entries: Sequence[Entry]) -> dict[str, Indicator]:
    """The catalogue with ``entries`` applied; raises
    :class:`~domain.catalogue.InvalidCatalogueError` naming each error when it is invalid."""
    indicators, report = read_catalogue_text(merged_text(entries), "the site catalogue")
    if not report.valid:
        raise InvalidCatalogueError(DEFAULT_CATALOGUE_PATH, report)
    return indicators


def forget_site_entries() -> None:
    """Go back to the shipped catalogue until :func:`use_site_entries` is next called."""
    if _site:
        _site.clear()
        catalogue.cache_clear()
        scorecard_catalogue.cache_clear()


def use_site_entries(engine: Engine) -> None:
    """Read the site's catalogue entries from the store; rebuild the cached catalogue when
    they differ from those it was built with."""
    with engine.connect() as conn:
        entries = current_entries(conn)
    if entries != _site:
        _site[:] = entries
        catalogue.cache_clear()
        scorecard_catalogue.cache_clear()


@functools.lru_cache(maxsize=1)
def scorecard_catalogue() -> pd.DataFrame:
    """The whole catalogue as a frame, built once per process (do not mutate it)."""
    return catalogue_frame(catalogue())


def catalogue_frame(indicators: Mapping[str, Indicator]) -> pd.DataFrame:
    """The catalogue as the frame :func:`indicators.judgements.compute_judgements` expects."""
    rows = []
    for ind in indicators.values():
        rows.append({
            "indicator_id": ind.id, "title": ind.title, "short_title": ind.short_title,
            "outcome": ind.outcome.value, "display_order": ind.display_order,
            "polarity": ind.polarity.value, "value_type": ind.value_type.value,
            "multiplier": float(ind.multiplier), "unit_label": ind.unit_label,
            "decimals": int(ind.decimals), "ci_method": ind.ci_method.value,
            "benchmark_confidence": ind.benchmark_confidence.value,
            "comparators": tuple(c.value for c in ind.comparators),
            "rag_rule": ind.rag_rule.value, "catalogue_target": ind.target,
            "target_tolerance": ind.target_tolerance,
            "series_break_start": _series_break_start(ind),
            "numerator_indicator": ind.numerator_indicator,
            "release_cycle": ind.release_cycle.value if ind.release_cycle else None,
            "publication_lag_months": ind.publication_lag_months,
        })
    return pd.DataFrame(rows)


def _series_break_start(indicator: Indicator) -> dt.date | None:
    """First day of the period from which the series is not comparable with earlier ones."""
    if not indicator.series_break:
        return None
    return parse_period(indicator.series_break, hint=indicator.period_type).start


def given_or_shared(indicators: Indicators) -> Mapping[str, Indicator]:
    """``indicators`` when a use case was given them, else the catalogue read once."""
    return catalogue() if indicators is None else indicators


def with_dependents(indicator_ids: Iterable[str], indicators: Indicators = None) -> list[str]:
    """``indicator_ids`` and every indicator of ``indicators`` (by default the catalogue)
    whose numerator one of them is (their judgements change with it), sorted."""
    known = given_or_shared(indicators)
    wanted = set(indicator_ids)
    wanted |= {ind.id for ind in known.values() if ind.numerator_indicator in wanted}
    return sorted(wanted)
