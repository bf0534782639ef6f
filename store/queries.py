"""Read queries, built as typed ``select()`` objects and returned as DataFrames.

Every function takes an open connection: the caller opens it at the edge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Connection, case, func, literal, select, tuple_, union_all

from store.figure_codes import figure_word
from store.judgement_reads import stored_select, with_names
from store.models import (
    CURRENT_FIGURE,
    Area,
    AreaRelationship,
    AuditLog,
    ComputedResult,
    FigureOrigin,
    IndicatorRow,
    Observation,
    Period,
    Series,
    UploadBatch,
    ValidationIssueRow,
)
from store.series import of_indicators

#: The key of a stored judgement (its primary key, in its order).
JUDGEMENT_KEY = (ComputedResult.area_id, ComputedResult.series_id, ComputedResult.period_id)

OBSERVATION_FIELDS = (
    Observation.id.label("observation_id"),
    Series.indicator_id,
    Area.code.label("area_code"),
    Area.name.label("area_name"),
    Area.type.label("area_type"),
    Period.key.label("period_key"),
    Period.type.label("period_type"),
    Period.start_date.label("period_start"),
    Period.end_date.label("period_end"),
    Period.label.label("period_label"),
    Series.breakdown,
    Observation.numerator,
    Observation.denominator,
    Observation.value,
    Observation.lower_ci,
    Observation.upper_ci,
    Observation.ci_level,
    figure_word("ci_source"),
    Observation.target,
    figure_word("status"),
    Observation.value_note,
    FigureOrigin.source,
    Observation.illustrative,
    Observation.batch_id,
    case((FigureOrigin.sheet.is_(None), Observation.cell),
         else_=FigureOrigin.sheet + "!" + Observation.cell).label("source_cell"),
    Observation.is_current,
    Observation.supersedes_id,
    Observation.superseded_at,
    FigureOrigin.created_at,
)


def observations_stmt(indicator_ids: Sequence[str] | None = None,
                      area_codes: Sequence[str] | None = None,
                      breakdowns: Sequence[str] | None = None,
                      current_only: bool = True) -> Any:
    """The ``select()`` behind :func:`observations`, for callers that add to it."""
    stmt = (select(*OBSERVATION_FIELDS).select_from(Observation)
            .join(Series, Series.id == Observation.series_id)
            .join(Area, Area.id == Observation.area_id)
            .join(Period, Period.id == Observation.period_id)
            .outerjoin(FigureOrigin, FigureOrigin.id == Observation.origin_id))
    if current_only:
        stmt = stmt.where(CURRENT_FIGURE)
    if indicator_ids is not None:
        stmt = stmt.where(Observation.series_id.in_(of_indicators(indicator_ids, breakdowns)))
    elif breakdowns is not None:
        stmt = stmt.where(Series.breakdown.in_(list(breakdowns)))
    if area_codes is not None:
        stmt = stmt.where(Area.code.in_(list(area_codes)))
    return stmt.order_by(Series.indicator_id, Area.code, Period.end_date, Period.start_date)


def observations(conn: Connection, indicator_ids: Sequence[str] | None = None,
                 area_codes: Sequence[str] | None = None,
                 breakdowns: Sequence[str] | None = None,
                 current_only: bool = True) -> pd.DataFrame:
    """Observations joined to area and period, oldest period first."""
    frame = pd.read_sql(observations_stmt(indicator_ids, area_codes, breakdowns, current_only),
                        conn)
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def observation_history(conn: Connection, indicator_id: str, area_code: str, period_key: str,
                        breakdown: str = "all") -> pd.DataFrame:
    """Every version of one figure, oldest first, with the batch that loaded each."""
    stmt = (observations_stmt([indicator_id], [area_code], [breakdown], current_only=False)
            .add_columns(UploadBatch.file_name, UploadBatch.status.label("batch_status"),
                         UploadBatch.uploaded_at)
            .join(UploadBatch, UploadBatch.id == Observation.batch_id)
            .where(Period.key == period_key)
            .order_by(None).order_by(Observation.id))
    return pd.read_sql(stmt, conn)


def areas(conn: Connection, types: Sequence[str] | None = None) -> pd.DataFrame:
    """Areas (of ``types``, when given) with their parent and DfE number, by type and name."""
    stmt = select(Area.code, Area.name, Area.type, Area.parent_code, Area.dfe_la_number)
    if types is not None:
        stmt = stmt.where(Area.type.in_(list(types)))
    return pd.read_sql(stmt.order_by(Area.type, Area.name), conn)


def relationships(conn: Connection, relationship: str | None = None,
                  model: str | None = None, parent_codes: Sequence[str] | None = None
                  ) -> pd.DataFrame:
    """Area relationships (statistical neighbours and the like), by parent and rank."""
    stmt = select(AreaRelationship.parent_code, AreaRelationship.child_code,
                  AreaRelationship.relationship, AreaRelationship.model, AreaRelationship.rank,
                  AreaRelationship.closeness)
    if relationship is not None:
        stmt = stmt.where(AreaRelationship.relationship == relationship)
    if model is not None:
        stmt = stmt.where(AreaRelationship.model == model)
    if parent_codes is not None:
        stmt = stmt.where(AreaRelationship.parent_code.in_(list(parent_codes)))
    return pd.read_sql(stmt.order_by(AreaRelationship.parent_code, AreaRelationship.rank), conn)


def batches(conn: Connection) -> pd.DataFrame:
    """Every upload batch, newest first."""
    stmt = select(UploadBatch).order_by(UploadBatch.id.desc())
    return pd.read_sql(stmt, conn)


def batch_issues(conn: Connection, batch_id: int) -> pd.DataFrame:
    """The validation issues stored with batch ``batch_id``, in the order found."""
    stmt = (select(ValidationIssueRow.code, ValidationIssueRow.severity,
                   ValidationIssueRow.sheet, ValidationIssueRow.row, ValidationIssueRow.column,
                   ValidationIssueRow.value, ValidationIssueRow.message)
            .where(ValidationIssueRow.batch_id == batch_id).order_by(ValidationIssueRow.id))
    return pd.read_sql(stmt, conn)


def audit_log(conn: Connection, limit: int = 500) -> pd.DataFrame:
    """The newest ``limit`` audit rows, newest first."""
    stmt = select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
    return pd.read_sql(stmt, conn)


def _computed_select() -> Any:
    return stored_select()


def computed_results(conn: Connection, area_codes: Sequence[str] | None = None,
                     period_keys: Sequence[str] | None = None,
                     indicator_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Stored judgements with their typed fields, joined to area code and period key (see
    :func:`store.judgements.stored_select`)."""
    stmt = _computed_select()
    if area_codes is not None:
        stmt = stmt.where(Area.code.in_(list(area_codes)))
    if period_keys is not None:
        stmt = stmt.where(Period.key.in_(list(period_keys)))
    if indicator_ids is not None:
        stmt = stmt.where(ComputedResult.series_id.in_(of_indicators(indicator_ids)))
    return with_names(conn, pd.read_sql(stmt, conn))


def latest_computed_rows(conn: Connection, area_code: str, ends: Sequence[dt.date],
                         breakdown: str = "all") -> pd.DataFrame:
    """For each date in ``ends`` and each indicator, the judgement of the latest period ending
    on or before that date, in one round trip; ``as_at`` holds the date's position in ``ends``.

    What a scorecard as at each date shows, read without the area's whole history (the
    scorecard page's hot path), with the columns of :func:`computed_results`.
    """
    parts = []
    for position, end in enumerate(ends):
        ranked = (select(*JUDGEMENT_KEY, func.row_number().over(
            partition_by=ComputedResult.series_id,
            order_by=(Period.end_date.desc(), Period.start_date.desc())).label("position"))
            .join(Area, Area.id == ComputedResult.area_id)
            .join(Period, Period.id == ComputedResult.period_id)
            .where(Area.code == area_code,
                   ComputedResult.series_id.in_(select(Series.id).where(
                       Series.breakdown == breakdown)),
                   Period.end_date <= end)
            .subquery())
        latest = select(*(ranked.c[column.key] for column in JUDGEMENT_KEY)).where(
            ranked.c.position == 1)
        parts.append(_computed_select().add_columns(literal(position).label("as_at"))
                     .where(tuple_(*JUDGEMENT_KEY).in_(latest)))
    result = conn.execute(union_all(*parts))
    return with_names(conn, pd.DataFrame.from_records(list(result),
                                                      columns=list(result.keys())))


def store_counts(conn: Connection) -> dict[str, int]:
    """Row counts shown on the empty-store page and by `scorecard status`."""
    def count(model: type) -> int:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())
    current = conn.execute(select(func.count()).select_from(Observation)
                           .where(CURRENT_FIGURE)).scalar_one()
    return {"areas": count(Area), "indicators": count(IndicatorRow),
            "observations": int(current), "batches": count(UploadBatch)}




def batches_behind(conn: Connection, area_code: str, period_keys: Sequence[str]
                   ) -> list[tuple[int, dt.datetime | None]]:
    """The upload batches holding the area's current figures for ``period_keys``, each with
    its upload time, by batch id."""
    stmt = (select(Observation.batch_id, func.max(UploadBatch.uploaded_at))
            .join(Area, Area.id == Observation.area_id)
            .join(Period, Period.id == Observation.period_id)
            .join(UploadBatch, UploadBatch.id == Observation.batch_id)
            .where(Area.code == area_code, CURRENT_FIGURE,
                   Period.key.in_(list(period_keys)))
            .group_by(Observation.batch_id).order_by(Observation.batch_id))
    return [(int(batch_id), at) for batch_id, at in conn.execute(stmt)]


def area_name_type(conn: Connection, area_code: str) -> tuple[str, str] | None:
    """The name and type of the area ``area_code``, or None when there is no such area."""
    row = conn.execute(select(Area.name, Area.type).where(Area.code == area_code)).first()
    return None if row is None else (str(row.name), str(row.type))


def period_ends(conn: Connection, period_type: str | None = None,
                area_code: str | None = None) -> list[dt.date]:
    """The end date of every stored period (of ``period_type``, when given; with a current
    figure for ``area_code``, when given)."""
    stmt = select(Period.end_date)
    if period_type is not None:
        stmt = stmt.where(Period.type == period_type)
    if area_code is not None:
        stmt = stmt.where(Period.id.in_(
            select(Observation.period_id).join(Area, Area.id == Observation.area_id)
            .where(Area.code == area_code, CURRENT_FIGURE,
                   Observation.value.is_not(None))))
    return list(conn.execute(stmt).scalars())


def period_end_dates(conn: Connection, keys: Sequence[str]) -> dict[str, dt.date]:
    """The end date of each period in ``keys`` (those the store holds)."""
    if not keys:
        return {}
    rows = conn.execute(select(Period.key, Period.end_date).where(Period.key.in_(list(keys))))
    return {key: end for key, end in rows.all()}


def figure_counts(conn: Connection, indicator_ids: Sequence[str]) -> dict[str, int]:
    """How many current figures each of ``indicator_ids`` has (those with none are left out)."""
    stmt = (select(Series.indicator_id, func.count()).select_from(Observation)
            .join(Series, Series.id == Observation.series_id)
            .where(CURRENT_FIGURE, Observation.series_id.in_(of_indicators(indicator_ids)))
            .group_by(Series.indicator_id))
    return {str(indicator): int(count) for indicator, count in conn.execute(stmt).all()}
