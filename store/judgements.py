"""Stored judgements: the payload format, writing a recompute, and what the store says about
their freshness.

A judgement row keeps its key (indicator, area, period, breakdown), the columns queried
directly (``rag``, ``significance``, ``direction``) and everything else a scorecard row or an
export needs as one JSON payload (:data:`PAYLOAD_COLUMNS`), stamped with the engine version
that computed it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import orjson
import pandas as pd
from sqlalchemy import Connection, bindparam, delete, func, select, union_all

from store.bulk import insert_rows
from store.models import Area, ComputedResult, Observation, Period, UploadBatch

#: Result columns stored in the JSON payload (everything a scorecard row or export needs).
PAYLOAD_COLUMNS = (
    "period_label", "period_type", "period_start", "period_end", "numerator", "denominator",
    "value", "lower_ci", "upper_ci", "ci_level", "ci_source", "lower_998", "upper_998",
    "status", "value_note", "illustrative", "target_value",
    "previous_period", "previous_value", "change", "direction", "comparable",
    "last_year_period", "last_year_value", "last_year_change",
    "national_value", "national_lower", "national_upper", "national_period",
    "regional_value", "regional_period", "county_value", "county_period",
    "neighbour_value", "neighbour_median", "neighbour_n", "neighbour_size", "neighbour_period",
    "neighbour_model",
    "national_significance", "regional_significance", "county_significance",
    "neighbour_significance", "trend", "trend_chi2", "rank", "rank_of", "rank_group",
    "quartile", "rag", "rag_reason", "region_name", "county_name",
    "england_rank", "england_rank_of", "england_quartile", "rag_rule_used",
    "range_low", "range_q1", "range_q3", "range_high", "range_n", "range_scope",
)
#: Columns of a stored row that the payload replaces when it is expanded.
_STORED_ONLY = ("payload_json", "rag", "significance", "direction")

#: orjson turns NaN into null and numpy scalars into numbers; dates go through ``_json_default``.
_PAYLOAD_OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_PASSTHROUGH_DATETIME


def _json_default(value: Any) -> Any:
    """JSON form of what orjson leaves to the caller: dates as ISO days, pandas' missing as null."""
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    raise TypeError(f"cannot store {type(value).__name__} in a judgement payload")


def payloads(results: pd.DataFrame) -> list[str]:
    """The JSON payload of each judgement row (:data:`PAYLOAD_COLUMNS`; missing ones null).

    Built column by column, so a national store's judgements serialise in about a second.
    """
    frame = results.reindex(columns=list(PAYLOAD_COLUMNS))
    columns = [frame[column].tolist() for column in PAYLOAD_COLUMNS]
    return [orjson.dumps(dict(zip(PAYLOAD_COLUMNS, values, strict=True)),
                         default=_json_default, option=_PAYLOAD_OPTIONS).decode()
            for values in zip(*columns, strict=True)]


def _period_ends(out: pd.DataFrame) -> pd.DataFrame:
    out["period_end"] = [dt.date.fromisoformat(d) if d else None for d in out["period_end"]]
    return out


def expand_rows(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Stored judgement rows (:func:`store.queries.latest_computed_rows`) with payloads
    expanded into columns."""
    records = [{**{k: v for k, v in row.items() if k not in _STORED_ONLY},
                **orjson.loads(row["payload_json"])} for row in rows]
    return _period_ends(pd.DataFrame.from_records(records, columns=None if records else [
        "indicator_id", "as_at", *PAYLOAD_COLUMNS]))


def expand_payload(stored: pd.DataFrame) -> pd.DataFrame:
    """Stored judgements (:func:`store.queries.computed_results`) with payloads expanded into
    columns."""
    if stored.empty:
        return stored.assign(**{c: pd.Series(dtype=object) for c in PAYLOAD_COLUMNS})
    base = stored.drop(columns=list(_STORED_ONLY))
    records = [{**row, **orjson.loads(body)} for row, body in
               zip(base.to_dict("records"), stored["payload_json"], strict=True)]
    return _period_ends(pd.DataFrame.from_records(records, index=stored.index))


def replace_judgements(conn: Connection, indicator_ids: Sequence[str], results: pd.DataFrame,
                       engine_version: str) -> int:
    """Replace every stored judgement of ``indicator_ids`` with ``results`` (one row per
    indicator, area code, period key and breakdown) within the caller's transaction; how many
    rows were stored."""
    conn.execute(delete(ComputedResult).where(ComputedResult.indicator_id.in_(
        list(indicator_ids))))
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
        ComputedResult.indicator_id == bindparam("indicator"),
        ComputedResult.breakdown == bindparam("slice_breakdown"),
        ComputedResult.area_id == bindparam("area"), ComputedResult.period_id.in_(later))
    bounded = targets.reindex(columns=["indicator_id", "breakdown", "area_code", "from_end",
                                       "to_end"]).astype(object)
    conn.execute(stmt, [{"indicator": indicator_id, "slice_breakdown": breakdown,
                         "area": area_ids[area_code], "from_end": from_end,
                         "to_end": dt.date.max if pd.isna(to_end) else to_end}
                        for indicator_id, breakdown, area_code, from_end, to_end
                        in bounded.itertuples(index=False, name=None)])
    return _insert(conn, results, engine_version)


def _insert(conn: Connection, results: pd.DataFrame, engine_version: str) -> int:
    """Insert ``results`` as stored judgements stamped ``engine_version``; how many."""
    area_ids = dict(conn.execute(select(Area.code, Area.id)).all())
    period_ids = dict(conn.execute(select(Period.key, Period.id)).all())
    key_columns = ["indicator_id", "area_code", "period_key", "breakdown", "rag",
                   "national_significance", "direction"]
    keys = results.reindex(columns=key_columns).astype(object)
    keys = keys.where(keys.notna(), None)  # NULL, not the text "NaN" some drivers write
    records = [{
        "indicator_id": indicator_id, "area_id": area_ids[area_code],
        "period_id": period_ids[period_key], "breakdown": breakdown,
        "engine_version": engine_version, "payload_json": body, "rag": rag,
        "significance": significance, "direction": direction,
    } for (indicator_id, area_code, period_key, breakdown, rag, significance, direction),
        body in zip(keys.itertuples(index=False, name=None), payloads(results), strict=True)]
    return insert_rows(conn, ComputedResult, records)


def has_judgements(conn: Connection, indicator_ids: Sequence[str]) -> bool:
    """Whether any judgement is stored for one of ``indicator_ids``."""
    stmt = (select(ComputedResult.id)
            .where(ComputedResult.indicator_id.in_(list(indicator_ids))).limit(1))
    return conn.execute(stmt).first() is not None


def last_changed(conn: Connection) -> dict[str, dt.datetime | None]:
    """Per indicator with figures, when its figures last changed: the newest figure written or
    the newest rollback of a batch holding its figures."""
    changes = union_all(
        select(Observation.indicator_id, func.max(Observation.created_at).label("at"))
        .group_by(Observation.indicator_id),
        select(Observation.indicator_id, func.max(UploadBatch.rolled_back_at).label("at"))
        .join(UploadBatch, UploadBatch.id == Observation.batch_id)
        .group_by(Observation.indicator_id)).subquery()
    return dict(conn.execute(select(changes.c.indicator_id, func.max(changes.c.at))
                             .group_by(changes.c.indicator_id)).all())


def oldest_judgements(conn: Connection) -> dict[str, dt.datetime]:
    """Per indicator with judgements, when its oldest stored judgement was computed."""
    return dict(conn.execute(select(ComputedResult.indicator_id,
                                    func.min(ComputedResult.computed_at))
                             .group_by(ComputedResult.indicator_id)).all())


def newest_judgements(conn: Connection) -> dict[str, dt.datetime]:
    """Per indicator with judgements, when its newest stored judgement was computed (a
    recompute may store only the slices a batch altered, leaving the rest as they were)."""
    return dict(conn.execute(select(ComputedResult.indicator_id,
                                    func.max(ComputedResult.computed_at))
                             .group_by(ComputedResult.indicator_id)).all())


def judged_by_other_engine(conn: Connection, engine_version: str) -> set[str]:
    """Indicators with a judgement stored by another version of the engine."""
    return set(conn.execute(select(ComputedResult.indicator_id).where(
        ComputedResult.engine_version != engine_version).distinct()).scalars())


def indicators_with_figures(conn: Connection) -> set[str]:
    """Indicators with at least one current figure."""
    return set(conn.execute(select(Observation.indicator_id)
                            .where(Observation.is_current.is_(True)).distinct()).scalars())


def judged_indicators(conn: Connection, area_type: str, parent_code: str) -> set[str]:
    """Indicators with a stored judgement for an area of ``area_type`` within ``parent_code``
    (the districts of one county, say)."""
    stmt = (select(ComputedResult.indicator_id).distinct()
            .join(Area, Area.id == ComputedResult.area_id)
            .where(Area.type == area_type, Area.parent_code == parent_code))
    return set(conn.execute(stmt).scalars())
