"""Series: an indicator's figures for one breakdown, the key figures and judgements share.

Writers turn (indicator, breakdown) pairs into series ids with :func:`series_ids` (adding the
series not yet stored); readers join :class:`~store.models.Series` for the indicator id and
breakdown, and filter by indicator through :func:`of_indicators`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, insert, select

from store.models import Series

__all__ = ["Series", "of_indicators", "series_ids"]


def series_ids(conn: Connection, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """The id of each (indicator id, breakdown) of ``pairs``, storing the series not yet
    stored, within the caller's transaction."""
    wanted = sorted(set(pairs))
    if not wanted:
        return {}
    found = _stored(conn, wanted)
    missing = [pair for pair in wanted if pair not in found]
    if missing:
        conn.execute(insert(Series), [{"indicator_id": indicator, "breakdown": breakdown}
                                      for indicator, breakdown in missing])
        found = _stored(conn, wanted)
    return found


def _stored(conn: Connection, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], int]:
    indicators = sorted({indicator for indicator, _ in pairs})
    rows = conn.execute(select(Series.indicator_id, Series.breakdown, Series.id)
                        .where(Series.indicator_id.in_(indicators))).all()
    wanted = set(pairs)
    return {(i, b): int(sid) for i, b, sid in rows if (i, b) in wanted}


def of_indicators(indicator_ids: Iterable[str], breakdowns: Iterable[str] | None = None
                  ) -> Any:
    """The ids of the series of ``indicator_ids`` (of ``breakdowns``, when given), as a
    subquery for ``series_id.in_(...)``: an index on the series id then finds their rows."""
    stmt = select(Series.id).where(Series.indicator_id.in_(list(indicator_ids)))
    if breakdowns is not None:
        stmt = stmt.where(Series.breakdown.in_(list(breakdowns)))
    return stmt


