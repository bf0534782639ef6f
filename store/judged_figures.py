"""The current figures a judgement reads, as few fields as it needs and each period's
fields converted once per period rather than once per figure (a whole recompute reads every
figure of the indicators it judges).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, and_, func, or_, select

from store.models import CURRENT_FIGURE, Area, Observation, Period, Series
from store.queries import observations_stmt
from store.series import of_indicators

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


@dataclass(frozen=True)
class HistoryWindow:
    """The figures judgements of periods ending on or after ``since`` read of a long history:
    every figure whose period ends on or after ``cutoff``, and the last ``figures`` (by period
    end, then start) of each series (area, indicator, breakdown and period type) before
    ``since``: of every series, or with ``continuing`` only of the series that have a figure
    ending on or after ``since`` (no judgement of a later period is made for the others, and
    their older figures reach no other series' judgement)."""

    since: dt.date
    cutoff: dt.date
    figures: int
    continuing: bool = True


def judged_observations(conn: Connection, indicator_ids: Sequence[str] | None = None,
                        area_codes: Sequence[str] | None = None,
                        window: HistoryWindow | None = None) -> pd.DataFrame:
    """The current figures' fields a judgement reads, as :func:`store.queries.observations`
    gives them (same rows, order and values), without the fields no judgement reads; with a
    ``window``, only the figures it keeps (chosen by the database, so a long history is
    never read whole)."""
    # The series and areas as lists of ids, not joins: the planner then reads an area's
    # figures through its index rather than scanning every figure.
    series = (None if indicator_ids is None
              else conn.execute(of_indicators(indicator_ids)).scalars().all())
    areas = (None if area_codes is None else conn.execute(
        select(Area.id).where(Area.code.in_(list(area_codes)))).scalars().all())
    full = observations_stmt()
    if series is not None:
        full = full.where(Observation.series_id.in_(list(series)))
    if areas is not None:
        full = full.where(Observation.area_id.in_(list(areas)))
    if window is not None:
        full = full.where(or_(Period.end_date >= window.cutoff,
                              Observation.id.in_(_last_before(window, series, areas))))
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


def latest_figure_ends(conn: Connection, indicator_ids: Sequence[str], since: dt.date
                       ) -> pd.DataFrame:
    """The series of ``indicator_ids`` with a current figure ending on or after ``since``,
    and the end of each one's latest: ``indicator_id``, ``breakdown``, ``area_code`` and
    ``latest_end``."""
    columns = ["indicator_id", "breakdown", "area_code", "latest_end"]
    if not indicator_ids:
        return pd.DataFrame(columns=columns)
    # The periods and every area are listed, as well as the series: each current figure is
    # then found by its whole key in the current figures' index, not by reading every figure
    # of the indicators (a national store's 372,000) to keep the recent ones.
    periods = select(Period.id).where(Period.end_date >= since)
    latest = (select(Observation.series_id, Observation.area_id,
                     func.max(Period.end_date).label("latest_end"))
              .join(Period, Period.id == Observation.period_id)
              .where(CURRENT_FIGURE, Observation.period_id.in_(periods),
                     Observation.area_id.in_(select(Area.id)),
                     Observation.series_id.in_(of_indicators(indicator_ids)))
              .group_by(Observation.series_id, Observation.area_id).subquery())
    stmt = (select(Series.indicator_id, Series.breakdown, Area.code, latest.c.latest_end)
            .join(Series, Series.id == latest.c.series_id)
            .join(Area, Area.id == latest.c.area_id))
    return pd.DataFrame(conn.execute(stmt).all(), columns=columns)


def _last_before(window: HistoryWindow, series: Sequence[int] | None,
                 areas: Sequence[int] | None) -> Any:
    """The ids of each series' last ``window.figures`` current figures ending before
    ``window.since`` (of the continuing series only, when the window says so), of the
    ``series`` and ``areas`` ids given (lists of numbers, not joins: PostgreSQL then plans
    the window over the rows it really reads)."""
    order = func.row_number().over(
        partition_by=(Observation.series_id, Observation.area_id, Period.type),
        order_by=(Period.end_date.desc(), Period.start_date.desc()))
    ranked = (select(Observation.id, order.label("place")).select_from(Observation)
              .join(Period, Period.id == Observation.period_id)
              .where(CURRENT_FIGURE, Period.end_date < window.since))
    if series is not None:
        ranked = ranked.where(Observation.series_id.in_(list(series)))
    if areas is not None:
        ranked = ranked.where(Observation.area_id.in_(list(areas)))
    if window.continuing:  # the (few) series with a later figure, joined rather than
        # looked up row by row
        found = (select(Observation.series_id, Observation.area_id, Period.type)
                 .join(Period, Period.id == Observation.period_id)
                 .where(CURRENT_FIGURE, Period.end_date >= window.since))
        if series is not None:
            found = found.where(Observation.series_id.in_(list(series)))
        if areas is not None:
            found = found.where(Observation.area_id.in_(list(areas)))
        later = found.distinct().subquery()
        ranked = ranked.join(later, and_(later.c.series_id == Observation.series_id,
                                         later.c.area_id == Observation.area_id,
                                         later.c.type == Period.type))
    places = ranked.subquery()
    return select(places.c.id).where(places.c.place <= window.figures)
