"""The current figures a judgement reads, as few fields as it needs and each period's
fields converted once per period rather than once per figure (a whole recompute reads every
figure of the indicators it judges).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Connection, select

from store.models import Area, Observation, Period

#: What a judgement reads of each current figure (the observation input of
#: :func:`indicators.judgements.compute_judgements`), its period's fields apart: those are
#: read once per period (:func:`judged_observations`), not converted row by row.
JUDGED_FIELDS = (
    Observation.indicator_id,
    Area.code.label("area_code"),
    Area.type.label("area_type"),
    Observation.period_id,
    Observation.breakdown,
    Observation.numerator,
    Observation.denominator,
    Observation.value,
    Observation.lower_ci,
    Observation.upper_ci,
    Observation.ci_level,
    Observation.ci_source,
    Observation.target,
    Observation.status,
    Observation.value_note,
    Observation.illustrative,
)
#: The period fields of a judged figure, in the order :func:`store.queries.observations` gives them.
_PERIOD_FIELDS = ("period_key", "period_type", "period_start", "period_end", "period_label")


def judged_observations(conn: Connection, indicator_ids: Sequence[str] | None = None,
                        area_codes: Sequence[str] | None = None) -> pd.DataFrame:
    """The current figures' fields a judgement reads, as :func:`store.queries.observations`
    gives them (same rows, order and values), without the fields no judgement reads."""
    stmt = (select(*JUDGED_FIELDS)
            .join(Area, Area.id == Observation.area_id)
            .join(Period, Period.id == Observation.period_id)
            .where(Observation.is_current.is_(True)))
    if indicator_ids is not None:
        stmt = stmt.where(Observation.indicator_id.in_(list(indicator_ids)))
    if area_codes is not None:
        stmt = stmt.where(Area.code.in_(list(area_codes)))
    stmt = stmt.order_by(Observation.indicator_id, Area.code, Period.end_date,
                         Period.start_date)
    frame = pd.read_sql(stmt, conn)
    periods = pd.read_sql(select(Period.id, Period.key.label("period_key"),
                                 Period.type.label("period_type"),
                                 Period.start_date.label("period_start"),
                                 Period.end_date.label("period_end"),
                                 Period.label.label("period_label"))
                          .where(Period.id.in_(sorted(set(frame["period_id"].tolist())))),
                          conn)
    for column in ("period_start", "period_end"):
        periods[column] = pd.to_datetime(periods[column]).dt.date
    at = pd.Index(periods["id"]).get_indexer(frame["period_id"])
    position = list(frame.columns).index("period_id")
    frame = frame.drop(columns="period_id")
    for offset, column in enumerate(_PERIOD_FIELDS):
        frame.insert(position + offset, column,
                     periods[column].take(at).set_axis(frame.index))
    return frame
