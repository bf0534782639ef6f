"""Stored judgements as the pages, exports and the API read them: the store's typed fields
(:mod:`store.judgements`) with each row's RAG reason worded from them, as when computed
(:func:`indicators.judgements.rag_reasons`), by the catalogue's units and rules.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from indicators.judgements import rag_reasons
from indicators.typical_range import RANGE_COLUMNS
from services.catalogue import Indicators, given_or_shared
from services.results import NATIONAL_CODE
from store import queries
from store.engine import Connection
from store.judgements import expand_payload

#: What the reason reads of each row's catalogue entry.
_CATALOGUE_FIELDS = ("title", "polarity", "unit_label", "decimals", "target_tolerance",
                     "rag_rule")
#: What the reason reads of each stored judgement (its indicator's entry aside).
_JUDGEMENT_FIELDS = ("indicator_id", "area_code", "value", "lower_ci", "upper_ci", "ci_level",
                     "national_value", "national_significance", "target_value", "trend",
                     "rank", "rank_of", "rank_group", "england_rank", "england_rank_of",
                     *RANGE_COLUMNS, "rag_rule_used")
#: Reasons already worded, by everything their wording reads; a page shown again (or by
#: another user) is not worded anew. Emptied when it reaches :data:`_WORDED_MAX` entries.
_worded: dict[tuple[Any, ...], str] = {}
_WORDED_MAX = 200_000


def with_reasons(results: pd.DataFrame, *, indicators: Indicators = None) -> pd.DataFrame:
    """``results`` (expanded stored judgements) with ``rag_reason``, worded as
    ``indicators`` (by default the catalogue) says each indicator is shown."""
    if results.empty:
        return results.assign(rag_reason=pd.Series(dtype=object))
    known = given_or_shared(indicators)
    entries = {ind.id: (ind.title, ind.polarity.value, ind.unit_label, int(ind.decimals),
                        ind.target_tolerance, ind.rag_rule.value) for ind in known.values()}
    fields = results.reindex(columns=list(_JUDGEMENT_FIELDS)).astype(object)
    fields = fields.where(fields.notna(), None)
    keys = [(*row, entries.get(row[0])) for row in fields.itertuples(index=False, name=None)]
    missing = [i for i, key in enumerate(keys) if key not in _worded]
    if missing:
        unworded = results.iloc[missing]
        ids = unworded["indicator_id"]
        frame = unworded.assign(
            national_code=pd.Series(NATIONAL_CODE, index=unworded.index, dtype=object),
            **{field: ids.map({key: entry[position] for key, entry in entries.items()})
               for position, field in enumerate(_CATALOGUE_FIELDS)})
        if len(_worded) + len(missing) > _WORDED_MAX:
            _worded.clear()
        _worded.update(zip((keys[i] for i in missing), rag_reasons(frame)["rag_reason"],
                           strict=True))
    return results.assign(rag_reason=[_worded[key] for key in keys])


def stored_results(stored: pd.DataFrame, *, indicators: Indicators = None) -> pd.DataFrame:
    """Stored judgements (:func:`store.queries.computed_results`) as result columns with
    their RAG reasons."""
    return with_reasons(expand_payload(stored), indicators=indicators)


def stored_rows(rows: pd.DataFrame, *, indicators: Indicators = None) -> pd.DataFrame:
    """Stored judgement rows (:func:`store.queries.latest_computed_rows`) as result columns
    with their RAG reasons."""
    return with_reasons(expand_payload(rows), indicators=indicators)


def results_for_area(conn: Connection, area_code: str) -> pd.DataFrame:
    """Every stored judgement for one area, as result columns with their RAG reasons."""
    return stored_results(queries.computed_results(conn, area_codes=[area_code]))
