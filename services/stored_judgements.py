"""Stored judgements as the pages, exports and the API read them: the store's typed fields
(:mod:`store.judgements`) with each row's RAG reason worded from them, as when computed
(:func:`indicators.judgements.rag_reasons`), by the catalogue's units and rules.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from indicators.judgements import rag_reasons
from services.catalogue import Indicators, given_or_shared
from services.results import NATIONAL_CODE
from store import queries
from store.engine import Connection
from store.judgements import expand_payload, expand_rows

#: What the reason reads of each row's catalogue entry.
_CATALOGUE_FIELDS = ("title", "polarity", "unit_label", "decimals", "target_tolerance",
                     "rag_rule")


def with_reasons(results: pd.DataFrame, *, indicators: Indicators = None) -> pd.DataFrame:
    """``results`` (expanded stored judgements) with ``rag_reason``, worded as
    ``indicators`` (by default the catalogue) says each indicator is shown."""
    if results.empty:
        return results.assign(rag_reason=pd.Series(dtype=object))
    known = given_or_shared(indicators)
    entries = {ind.id: (ind.title, ind.polarity.value, ind.unit_label, int(ind.decimals),
                        ind.target_tolerance, ind.rag_rule.value) for ind in known.values()}
    ids = results["indicator_id"]
    national = pd.Series(NATIONAL_CODE, index=results.index, dtype=object)
    frame = results.assign(
        national_code=national.where(results["area_code"].ne(NATIONAL_CODE), None),
        **{field: ids.map({key: entry[position] for key, entry in entries.items()})
           for position, field in enumerate(_CATALOGUE_FIELDS)})
    return results.assign(rag_reason=rag_reasons(frame)["rag_reason"])


def stored_results(stored: pd.DataFrame, *, indicators: Indicators = None) -> pd.DataFrame:
    """Stored judgements (:func:`store.queries.computed_results`) as result columns with
    their RAG reasons."""
    return with_reasons(expand_payload(stored), indicators=indicators)


def stored_rows(rows: list[dict[str, Any]], *, indicators: Indicators = None) -> pd.DataFrame:
    """Stored judgement rows (:func:`store.queries.latest_computed_rows`) as result columns
    with their RAG reasons."""
    return with_reasons(expand_rows(rows), indicators=indicators)


def results_for_area(conn: Connection, area_code: str) -> pd.DataFrame:
    """Every stored judgement for one area, as result columns with their RAG reasons."""
    return stored_results(queries.computed_results(conn, area_codes=[area_code]))
