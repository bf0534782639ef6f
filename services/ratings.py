"""Keeping the stored judgements in step with the figures, and repairing a store where not.

Every commit and rollback recomputes its judgements inside its own transaction, so a store
written by this version never holds figures newer than their ratings. A store written
otherwise (an earlier version stopped between its commit and its recompute, or a judgement
engine upgrade) is repaired by :func:`repair_ratings` (run by ``scorecard init-db``) or, in
full, by :func:`recompute_all` (``scorecard recompute``).
"""

from __future__ import annotations

import pandas as pd

from indicators.judgements import ENGINE_VERSION
from services.catalogue import Indicators, given_or_shared
from services.results import judge, refresh_results
from store import judgements
from store.engine import Connection, Engine

KEYS = ["indicator_id", "area_code", "period_key", "breakdown"]


def stale_indicators(conn: Connection, *, indicators: Indicators = None) -> list[str]:
    """Indicators of ``indicators`` (by default the catalogue) whose stored judgements are
    older than their figures: a figure written or a batch rolled back after the judgements
    were last recomputed, figures with no judgement at all, or judgements made by another
    version of the engine.

    Each commit and rollback recomputes, in its own transaction, every judgement its figures
    can alter and no other (:mod:`services.judgement_scope`), so it is the newest judgement
    of an indicator, not its oldest, that says whether its last change was judged."""
    changed = judgements.last_changed(conn)
    computed = judgements.newest_judgements(conn)
    old_engine = judgements.judged_by_other_engine(conn, ENGINE_VERSION)
    current = judgements.indicators_with_figures(conn)
    stale = {i for i, at in changed.items()
             if at is not None and (i in computed and computed[i] < at)}
    stale |= current - set(computed)
    stale |= old_engine
    return sorted(stale & set(given_or_shared(indicators)))


def repair_ratings(engine: Engine, *, indicators: Indicators = None) -> int:
    """Recompute the judgements of every stale indicator (and its dependents); how many
    judgements were stored (0 when none was stale)."""
    with engine.connect() as conn:
        stale = stale_indicators(conn, indicators=indicators)
    return refresh_results(engine, stale, indicators=indicators) if stale else 0


def recompute_all(engine: Engine, *, indicators: Indicators = None) -> int:
    """Recompute every stored judgement from the current figures, in one transaction."""
    return refresh_results(engine, None, indicators=indicators)


def mismatched_indicators(conn: Connection, *, indicators: Indicators = None) -> list[str]:
    """Indicators whose stored judgements differ from a fresh full recompute (missing, extra
    or different rows); empty when the store is consistent."""
    ids = sorted(given_or_shared(indicators))
    fresh = judge(conn, ids, indicators=indicators, reasons=False)
    columns = [*KEYS, *judgements.STORED_COLUMNS]
    fresh_rows = (judgements.typed_form(conn, fresh) if not fresh.empty
                  else pd.DataFrame(columns=columns))
    stored = judgements.typed_judgements(conn, ids)
    merged = fresh_rows.merge(stored, on=KEYS, how="outer", suffixes=("_fresh", "_stored"),
                              indicator=True)
    differs = merged["_merge"].ne("both")
    for name in judgements.STORED_COLUMNS:
        ours = merged[f"{name}_fresh"].astype(object)
        theirs = merged[f"{name}_stored"].astype(object)
        differs |= ~((ours.isna() & theirs.isna()) | ours.eq(theirs))
    return sorted(set(merged.loc[differs, "indicator_id"]))
