"""Adding indicators to the catalogue and mapping them to published sources, per site.

The shipped ``indicator_catalogue.csv`` is never edited by a site: an added indicator or a
mapping is stored as a versioned entry (:mod:`store.catalogue_entries`) and merged into the
catalogue the process reads (:func:`services.catalogue.use_site_entries`). Every change is
checked against the whole merged catalogue first, so an entry that would make it invalid is
refused with the catalogue's own messages and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from domain.catalogue import Indicator
from domain.catalogue_checks import SHORT_TITLE_MAX
from domain.errors import CatalogueError
from loaders.fingertips_meta import FingertipsDescription, describe_fingertips
from services.catalogue import catalogue, merged_catalogue, use_site_entries
from store.catalogue_entries import Entry, current_entries, save_entry
from store.engine import Engine

#: The catalogue cells a ``map`` entry may set.
MAPPING_COLUMNS = ("fingertips_id", "lait_measure", "ees_indicator", "ees_filter")
MAPPING_FRAME_COLUMNS = ["indicator_id", "title", *MAPPING_COLUMNS, "origin"]


def _slug(title: str, taken: set[str]) -> str:
    """A snake_case id from a title, unique among ``taken``: "campylobacter_incidence_rate"."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    base = "_".join(words)[:50].strip("_") or "indicator"
    base = base if base[0].isalpha() else f"i_{base}"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}_{n}", n + 1
    return slug


def fingertips_cells(description: FingertipsDescription, known: dict[str, Indicator],
                     outcome: str, indicator_id: str | None = None,
                     file_name: str = "the Fingertips API") -> dict[str, str]:
    """Every catalogue cell of a new indicator described by a Fingertips file.

    What the file says (name, unit, value type, polarity, period type, whether limits are
    published) is taken from ``description``; the outcome is the caller's; the CFW outcome is
    the commonest among that outcome's indicators and the display order follows them.
    """
    peers = [ind for ind in known.values() if ind.outcome.value == outcome]
    cfw = Counter(code for ind in peers for code in ind.cfw_outcomes).most_common(1)
    has_ci = description.ci_method != "none"
    judged = has_ci and description.polarity != "no_judgement"
    title = description.title
    return {
        "id": indicator_id or _slug(title, set(known)), "title": title,
        "short_title": title if len(title) <= SHORT_TITLE_MAX
        else title[:SHORT_TITLE_MAX - 3].rstrip() + "...",
        "outcome": outcome,
        "display_order": str(max((ind.display_order for ind in peers), default=0) + 1),
        "cfw_outcomes": str(cfw[0][0]) if cfw else "1", "marmot_objectives": "",
        "tf_criteria": "", "polarity": description.polarity,
        "value_type": description.value_type, "multiplier": str(description.multiplier),
        "unit_label": description.unit_label,
        "decimals": "0" if description.value_type == "count" else "1",
        "period_type": description.period_type, "ci_method": description.ci_method,
        "benchmark_method": "ci_overlap" if has_ci else "none",
        "benchmark_confidence": "0.95",
        "comparators": "national;regional" if has_ci else "",
        "rag_rule": "benchmark" if judged else "none", "target": "", "target_tolerance": "",
        "additive": "true" if description.value_type == "count" else "false",
        "small_count_check": "true", "jump_threshold_pct": "25", "series_break": "",
        "breakdown_type": "", "lait_measure": "",
        "fingertips_id": str(description.fingertips_id), "numerator_indicator": "",
        "source": "OHID Fingertips",
        "definition": f"{title} (Fingertips {description.fingertips_id}), added from "
        f"{file_name} on {dt.date.today():%d %B %Y}: name, unit, value type and polarity "
        "as the file gives them.",
        "ees_indicator": "", "ees_filter": "",
    }


def add_indicator(engine: Engine, cells: dict[str, str], user: str) -> Indicator:
    """Store a new indicator's catalogue row for this site; the indicator as read back."""
    use_site_entries(engine)
    indicator_id = cells["id"]
    if indicator_id in catalogue():
        raise CatalogueError(f"Indicator '{indicator_id}' is already in the catalogue; map it "
                             "with `scorecard catalogue map` instead.")
    fid = cells.get("fingertips_id")
    clash = next((i for i in catalogue().values() if fid and str(i.fingertips_id) == fid), None)
    if clash is not None:
        raise CatalogueError(f"Fingertips indicator {fid} is already mapped to '{clash.id}'.")
    return _save(engine, Entry(indicator_id, "add", cells, 0, user))


def map_indicator(engine: Engine, indicator_id: str, mapping: dict[str, str],
                  user: str) -> Indicator:
    """Set mapping cells (``fingertips_id``, ``ees_indicator``, ...) of an indicator."""
    use_site_entries(engine)
    unknown = sorted(set(mapping) - set(MAPPING_COLUMNS))
    if unknown:
        raise CatalogueError(f"{', '.join(unknown)} cannot be mapped; only "
                             f"{', '.join(MAPPING_COLUMNS)}.")
    if indicator_id not in catalogue():
        raise CatalogueError(f"There is no indicator '{indicator_id}' in the catalogue; "
                             "list them with `scorecard catalogue list`.")
    with engine.connect() as conn:
        earlier = next((e for e in current_entries(conn)
                        if e.indicator_id == indicator_id and e.kind == "map"), None)
    cells = {**(earlier.cells if earlier else {}), **mapping}
    return _save(engine, Entry(indicator_id, "map", cells, 0, user))


def _save(engine: Engine, entry: Entry) -> Indicator:
    with engine.connect() as conn:
        entries = [e for e in current_entries(conn)
                   if (e.indicator_id, e.kind) != (entry.indicator_id, entry.kind)]
    merged = merged_catalogue([*entries, entry])  # raises, naming each error, when invalid
    save_entry(engine, entry.indicator_id, entry.kind, entry.cells, entry.created_by,
               merged[entry.indicator_id])
    use_site_entries(engine)
    return merged[entry.indicator_id]


def mappings(engine: Engine) -> pd.DataFrame:
    """Every indicator with its source mappings and where it comes from (shipped, added or
    mapped by the site), in catalogue order."""
    use_site_entries(engine)
    with engine.connect() as conn:
        origin = {e.indicator_id: ("added" if e.kind == "add" else "mapped")
                  for e in current_entries(conn)}
    rows = [{"indicator_id": ind.id, "title": ind.title,
             **{c: getattr(ind, c) for c in MAPPING_COLUMNS},
             "origin": origin.get(ind.id, "shipped")} for ind in catalogue().values()]
    frame = pd.DataFrame(rows, columns=MAPPING_FRAME_COLUMNS)
    return frame.astype({"fingertips_id": "Int64"})


def describe_file(path: Path, fingertips_id: int, file_name: str | None = None
                  ) -> FingertipsDescription:
    """The description of a Fingertips indicator read from a file (see
    :func:`loaders.fingertips_meta.describe_fingertips`)."""
    return describe_fingertips(path, fingertips_id, file_name)
