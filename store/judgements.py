"""Stored judgements: writing a recompute as typed rows, reading them back as result
columns, and what the store says about their freshness.

A judgement row keeps its key (area, indicator and breakdown as a series, period) and the
judgement's own output, typed as :mod:`store.judgement_codes` says, and points to the run
that stored it (:class:`~store.models.JudgementRun`: the engine version and the time).
Reading them back is :mod:`store.judgement_reads` (its functions are re-exported here); the
RAG reason is worded by the services from the stored fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Connection, bindparam, delete, func, insert, select, union_all

from store.bulk import insert_columns
from store.judgement_codes import (
    AREAS,
    CODES,
    COUNTS,
    FLAGS,
    PERIODS,
    SIGNIFICANCE,
    STORED_NUMBERS,
    WORD_CODES,
    WORDS,
    encode,
    flags,
    numbers,
    plain,
    whole_numbers,
)
from store.judgement_reads import expand_payload as expand_payload
from store.judgement_reads import stored_select as stored_select
from store.judgement_reads import with_names as with_names
from store.models import (
    CURRENT_FIGURE,
    Area,
    ComputedResult,
    FigureOrigin,
    JudgementRun,
    Observation,
    Period,
    Series,
    UploadBatch,
)
from store.series import of_indicators, series_ids

#: The columns that name one judgement.
KEYS = ("indicator_id", "area_code", "period_key", "breakdown")
#: Words stored as they are (the others are coded: :data:`WORD_CODES`).
PLAIN_WORDS = tuple(column for column in WORDS if column not in WORD_CODES)
#: Columns of a stored judgement row that hold its typed output (ids of periods and areas
#: included); :func:`stored_form` gives a fresh result in this form.
STORED_COLUMNS = (*WORD_CODES, *STORED_NUMBERS, *COUNTS, *CODES, *FLAGS, *PLAIN_WORDS,
                  *PERIODS.values(), *(stored for _, stored in AREAS.values()))


def stored_form(results: pd.DataFrame, period_ids: dict[str, int],
                area_ids: dict[str, int]) -> dict[str, list[Any]]:
    """The stored columns (:data:`STORED_COLUMNS`) of judgement ``results``, column by column:
    floats (the changes apart: they are worked out when read), whole numbers (counts and
    ranks), codes, flags and words,
    comparator periods as ids (``period_ids`` by label) and the region and county as area ids
    (``area_ids`` by code).

    Raises
    ------
    ValueError
        If a coded label is not in its vocabulary, or a comparator period is not stored.
    """
    frame = results.reindex(columns=[*STORED_NUMBERS, *COUNTS, *CODES, *FLAGS, *WORDS,
                                     SIGNIFICANCE, *PERIODS,
                                     *(code for code, _ in AREAS.values())])
    out: dict[str, list[Any]] = {
        column: encode(column, frame[SIGNIFICANCE if column == "significance" else column])
        for column in WORD_CODES}
    out |= {column: numbers(frame[column]) for column in STORED_NUMBERS}
    out |= {column: whole_numbers(frame[column]) for column in COUNTS}
    out |= {column: encode(column, frame[column]) for column in CODES}
    out |= {column: flags(frame[column]) for column in FLAGS}
    out |= {column: plain(frame[column]) for column in PLAIN_WORDS}
    for label, stored in PERIODS.items():
        out[stored] = _ids(frame[label], period_ids, label)
    for code, stored in AREAS.values():
        out[stored] = _ids(frame[code], area_ids, code)
    return out


def _ids(keys: pd.Series, ids: dict[str, int], column: str) -> list[int | None]:
    values = plain(keys)
    unknown = set(values) - set(ids) - {None}
    if unknown:
        key = next(key for key in values if key in unknown)
        raise ValueError(f"cannot store {column} {key!r}: the store holds no such one")
    return [None if key is None else ids[key] for key in values]


def replace_judgements(conn: Connection, indicator_ids: Sequence[str], results: pd.DataFrame,
                       engine_version: str) -> int:
    """Replace every stored judgement of ``indicator_ids`` with ``results`` (one row per
    indicator, area code, period key and breakdown) within the caller's transaction; how many
    rows were stored."""
    conn.execute(delete(ComputedResult).where(ComputedResult.series_id.in_(
        of_indicators(indicator_ids))))
    return _insert(conn, results, engine_version)


def replace_judgement_slices(conn: Connection, targets: pd.DataFrame, results: pd.DataFrame,
                             engine_version: str) -> int:
    """Replace the stored judgements of each target slice with ``results`` within the
    caller's transaction; how many rows were stored.

    ``targets`` has rows of ``indicator_id``, ``breakdown`` and ``area_code``, with
    ``from_end`` and optionally ``to_end``: the slice is that series' periods ending on or
    after ``from_end`` (and on or before ``to_end`` where given).
    ``results`` must hold every judgement of those slices (and nothing else).
    """
    if targets.empty:
        return 0
    area_ids = dict(conn.execute(select(Area.code, Area.id)).all())
    later = select(Period.id).where(Period.end_date >= bindparam("from_end"),
                                    Period.end_date <= bindparam("to_end"))
    stmt = delete(ComputedResult).where(
        ComputedResult.series_id == bindparam("series"),
        ComputedResult.area_id == bindparam("area"), ComputedResult.period_id.in_(later))
    bounded = targets.reindex(columns=["indicator_id", "breakdown", "area_code", "from_end",
                                       "to_end"]).astype(object)
    series = series_ids(conn, zip(bounded["indicator_id"], bounded["breakdown"], strict=True))
    conn.execute(stmt, [{"series": series[indicator_id, breakdown],
                         "area": area_ids[area_code], "from_end": from_end,
                         "to_end": dt.date.max if pd.isna(to_end) else to_end}
                        for indicator_id, breakdown, area_code, from_end, to_end
                        in bounded.itertuples(index=False, name=None)])
    return _insert(conn, results, engine_version)


def _insert(conn: Connection, results: pd.DataFrame, engine_version: str) -> int:
    """Insert ``results`` as stored judgements of one new run of ``engine_version``; how
    many."""
    if results.empty:
        return 0
    area_ids = dict(conn.execute(select(Area.code, Area.id)).all())
    period_ids = dict(conn.execute(select(Period.key, Period.id)).all())
    keys = results.reindex(columns=list(KEYS))
    typed = stored_form(results, _period_ids_by_label(conn), area_ids)
    run_id = conn.execute(insert(JudgementRun).values(engine_version=engine_version)
                          .returning(JudgementRun.id)).scalar_one()
    pairs = list(zip(keys["indicator_id"].tolist(), keys["breakdown"].tolist(), strict=True))
    series = series_ids(conn, pairs)
    return insert_columns(conn, ComputedResult, {
        "series_id": [series[pair] for pair in pairs],
        "area_id": [area_ids[code] for code in keys["area_code"].tolist()],
        "period_id": [period_ids[key] for key in keys["period_key"].tolist()],
        "run_id": [run_id] * len(keys),
        **{name: values for name, values in typed.items() if not _all_null(name, values)}})


def _all_null(column: str, values: list[Any]) -> bool:
    """Whether ``column`` is None on every row and stored as NULL when left out of an
    insert (it has no default): such a column is left out rather than bound row by row."""
    return (values.count(None) == len(values)
            and ComputedResult.__table__.c[column].default is None)


def _period_ids_by_label(conn: Connection) -> dict[str, int]:
    """A stored period of each label (periods of two types may share one)."""
    return dict(conn.execute(select(Period.label, func.min(Period.id))
                             .group_by(Period.label)).all())


def typed_form(conn: Connection, results: pd.DataFrame) -> pd.DataFrame:
    """Judgement ``results`` as they would be stored: their key (:data:`KEYS`) and
    :data:`STORED_COLUMNS`, to compare with :func:`typed_judgements`."""
    area_ids = dict(conn.execute(select(Area.code, Area.id)).all())
    typed = stored_form(results, _period_ids_by_label(conn), area_ids)
    keys = results.reindex(columns=list(KEYS)).reset_index(drop=True)
    return keys.assign(**{name: pd.Series(values, dtype=object)
                          for name, values in typed.items()})


def typed_judgements(conn: Connection, indicator_ids: Sequence[str]) -> pd.DataFrame:
    """The stored judgements of ``indicator_ids`` as stored: their key (:data:`KEYS`) and
    :data:`STORED_COLUMNS`."""
    table = ComputedResult.__table__.c
    stmt = (select(Series.indicator_id, Area.code.label("area_code"),
                   Period.key.label("period_key"), Series.breakdown,
                   *(table[name] for name in STORED_COLUMNS))
            .select_from(ComputedResult)
            .join(Area, Area.id == ComputedResult.area_id)
            .join(Period, Period.id == ComputedResult.period_id)
            .join(Series, Series.id == ComputedResult.series_id)
            .where(ComputedResult.series_id.in_(of_indicators(indicator_ids))))
    return pd.read_sql(stmt, conn)


def has_judgements(conn: Connection, indicator_ids: Sequence[str]) -> bool:
    """Whether any judgement is stored for one of ``indicator_ids``."""
    stmt = (select(ComputedResult.series_id)
            .where(ComputedResult.series_id.in_(of_indicators(indicator_ids))).limit(1))
    return conn.execute(stmt).first() is not None


def last_changed(conn: Connection) -> dict[str, dt.datetime | None]:
    """Per indicator with figures, when its figures last changed: the newest figure written or
    the newest rollback of a batch holding its figures."""
    changes = union_all(
        select(Series.indicator_id, func.max(FigureOrigin.created_at).label("at"))
        .select_from(Observation)
        .join(FigureOrigin, FigureOrigin.id == Observation.origin_id)
        .join(Series, Series.id == Observation.series_id)
        .group_by(Series.indicator_id),
        select(Series.indicator_id, func.max(UploadBatch.rolled_back_at).label("at"))
        .select_from(Observation)
        .join(UploadBatch, UploadBatch.id == Observation.batch_id)
        .join(Series, Series.id == Observation.series_id)
        .group_by(Series.indicator_id)).subquery()
    return dict(conn.execute(select(changes.c.indicator_id, func.max(changes.c.at))
                             .group_by(changes.c.indicator_id)).all())


def oldest_judgements(conn: Connection) -> dict[str, dt.datetime]:
    """Per indicator with judgements, when its oldest stored judgement was computed."""
    return dict(conn.execute(select(Series.indicator_id, func.min(JudgementRun.computed_at))
                             .select_from(ComputedResult)
                             .join(Series, Series.id == ComputedResult.series_id)
                             .join(JudgementRun, JudgementRun.id == ComputedResult.run_id)
                             .group_by(Series.indicator_id)).all())


def newest_judgements(conn: Connection) -> dict[str, dt.datetime]:
    """Per indicator with judgements, when its newest stored judgement was computed (a
    recompute may store only the slices a batch altered, leaving the rest as they were)."""
    return dict(conn.execute(select(Series.indicator_id, func.max(JudgementRun.computed_at))
                             .select_from(ComputedResult)
                             .join(Series, Series.id == ComputedResult.series_id)
                             .join(JudgementRun, JudgementRun.id == ComputedResult.run_id)
                             .group_by(Series.indicator_id)).all())


def judged_by_other_engine(conn: Connection, engine_version: str) -> set[str]:
    """Indicators with a judgement stored by another version of the engine."""
    return set(conn.execute(select(Series.indicator_id).distinct().where(
        Series.id.in_(select(ComputedResult.series_id).where(
            ComputedResult.run_id.in_(select(JudgementRun.id).where(
                JudgementRun.engine_version != engine_version)))))).scalars())


def indicators_with_figures(conn: Connection) -> set[str]:
    """Indicators with at least one current figure."""
    return set(conn.execute(select(Series.indicator_id).distinct().where(
        Series.id.in_(select(Observation.series_id).where(CURRENT_FIGURE)))).scalars())


def judged_indicators(conn: Connection, area_type: str, parent_code: str) -> set[str]:
    """Indicators with a stored judgement for an area of ``area_type`` within ``parent_code``
    (the districts of one county, say)."""
    stmt = (select(Series.indicator_id).distinct()
            .join(ComputedResult, ComputedResult.series_id == Series.id)
            .join(Area, Area.id == ComputedResult.area_id)
            .where(Area.type == area_type, Area.parent_code == parent_code))
    return set(conn.execute(stmt).scalars())
