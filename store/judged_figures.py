"""The current figures a judgement reads, as few fields as it needs and each period's
fields converted once per period rather than once per figure (a whole recompute reads every
figure of the indicators it judges).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Connection, select

from store.models import Observation, Period
from store.queries import observations_stmt

#: What a judgement reads of each current figure (the observation input of
#: :func:`indicators.judgements.compute_judgements`), its period's fields apart: those are
#: read once per period, not converted row by row. Chosen by name from the fields of
#: :func:`store.queries.observations_stmt`, so both read a figure alike.
FIGURE_FIELDS = ("indicator_id", "area_code", "area_type", "breakdown", "numerator",
                 "denominator", "value", "lower_ci", "upper_ci", "ci_level", "ci_source",
                 "target", "status", "value_note", "illustrative")
#: The period fields of a judged figure, in the order :func:`store.queries.observations`
#: gives them (after the area's type).
PERIOD_FIELDS = ("period_key", "period_type", "period_start", "period_end", "period_label")


def judged_observations(conn: Connection, indicator_ids: Sequence[str] | None = None,
                        area_codes: Sequence[str] | None = None) -> pd.DataFrame:
    """The current figures' fields a judgement reads, as :func:`store.queries.observations`
    gives them (same rows, order and values), without the fields no judgement reads."""
    full = observations_stmt(indicator_ids, area_codes)
    fields = [column for column in full.selected_columns if column.key in FIGURE_FIELDS]
    frame = pd.read_sql(full.with_only_columns(*fields, Observation.period_id), conn)
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
    frame = frame.drop(columns="period_id")
    position = list(frame.columns).index("area_type") + 1
    for offset, column in enumerate(PERIOD_FIELDS):
        frame.insert(position + offset, column, periods[column].take(at).set_axis(frame.index))
    return frame
