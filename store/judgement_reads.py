"""Reading stored judgements back as result columns: the statement that reads them (the
changes since earlier periods worked out in it), the comparator periods' labels and areas'
names looked up by id, and the codes decoded (:mod:`store.judgement_codes`). The RAG
reason is worded by the services from these fields.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Float, Select, and_, case, cast, literal, select, union_all

from store.judgement_codes import (
    AREAS,
    CODES,
    COUNTS,
    DERIVED,
    FLAGS,
    FROM_FIGURE,
    NUMBERS,
    PERIODS,
    RESULT_COLUMNS,
    SIGNIFICANCE,
    WORD_CODES,
    WORDS,
    decode,
)
from store.models import (
    CURRENT_FIGURE,
    Area,
    ComputedResult,
    JudgementRun,
    Observation,
    Period,
    Series,
)

#: The judged figure of a stored judgement: the current figure of its series, area and period.
JUDGED_FIGURE = and_(Observation.series_id == ComputedResult.series_id,
                     Observation.area_id == ComputedResult.area_id,
                     Observation.period_id == ComputedResult.period_id, CURRENT_FIGURE)


@functools.cache
def stored_select() -> Select[*tuple[Any, ...]]:
    """Stored judgements with their key as codes, their typed output (with the changes of
    :data:`~store.judgement_codes.DERIVED` and the judged figure's value), the period's label,
    type and dates, and the ids of comparator periods and areas (:func:`with_names` puts
    their labels and names in their place; :func:`expand_payload` decodes the codes).

    The comparator periods and areas are looked up afterwards rather than joined: with that
    many joins PostgreSQL keeps their written order, and would join every stored row before
    a caller's filter on ids. Built once: a statement is immutable, and building it costs
    more than running it for one scorecard.
    """
    table, figure = ComputedResult.__table__.c, Observation.__table__.c
    columns: list[Any] = [
        Series.indicator_id, Area.code.label("area_code"),
        Area.type.label("area_type"), Area.name.label("area_name"),
        Period.key.label("period_key"), Series.breakdown,
        JudgementRun.engine_version, JudgementRun.computed_at,
        Period.label.label("period_label"), Period.type.label("period_type"),
        Period.start_date.label("period_start"), Period.end_date.label("period_end"),
        *(derived(name) if name in DERIVED else
          figure[name].label(name) if name in FROM_FIGURE else
          cast(table[name], Float).label(name) if name in COUNTS else table[name]
          for name in ("significance", *NUMBERS, *CODES, *FLAGS, *WORDS, *PERIODS.values(),
                       *(i for _, i in AREAS.values())))]
    return (select(*columns).select_from(ComputedResult)
            .join(Series, Series.id == ComputedResult.series_id)
            .join(Area, Area.id == ComputedResult.area_id)
            .join(Period, Period.id == ComputedResult.period_id)
            .join(JudgementRun, JudgementRun.id == ComputedResult.run_id)
            .outerjoin(Observation, JUDGED_FIGURE))


def derived(column: str) -> Any:
    """The SQL working out the derived ``column`` (:data:`~store.judgement_codes.DERIVED`)
    from a stored judgement's fields and its figure's value, labelled ``column``: the value
    minus the earlier one (missing where either is), missing where the periods do not
    compare."""
    table = ComputedResult.__table__.c
    earlier, comparable = DERIVED[column]
    change = Observation.value - table[earlier]
    if comparable is not None:
        change = case((table[comparable].is_(False), None), else_=change)
    return change.label(column)


def with_names(conn: Connection, stored: pd.DataFrame) -> pd.DataFrame:
    """Rows of :func:`stored_select` with each comparator period's label and the region's
    and county's names in place of their ids, looked up in one small query, and the coded
    words (:data:`~store.judgement_codes.WORD_CODES`) as words."""
    period_ids, area_ids = list(PERIODS.values()), [i for _, i in AREAS.values()]
    labels, names = _lookup(conn, _held(stored, period_ids), _held(stored, area_ids))
    out = stored.drop(columns=[*period_ids, *area_ids])
    for column in WORD_CODES:  # inferred as a read of words would be (strings, or objects)
        if column in out:
            out[column] = pd.Series(decode(column, out[column]).tolist(), index=out.index)
    for label, column in PERIODS.items():
        out[label] = stored[column].map(labels).astype(object)
    for name, (_, column) in AREAS.items():
        out[name] = stored[column].map(names).astype(object)
    return out


def _held(stored: pd.DataFrame, columns: list[str]) -> list[int]:
    return sorted({int(i) for column in columns for i in stored[column].dropna()})


def _lookup(conn: Connection, period_ids: list[int], area_ids: list[int]
            ) -> tuple[dict[int, str], dict[int, str]]:
    """The labels of ``period_ids`` and the names of ``area_ids``."""
    if not period_ids and not area_ids:
        return {}, {}
    rows = conn.execute(union_all(
        select(literal("period").label("kind"), Period.id, Period.label.label("text"))
        .where(Period.id.in_(period_ids)),
        select(literal("area"), Area.id, Area.name).where(Area.id.in_(area_ids)))).all()
    found: dict[str, dict[int, str]] = {"period": {}, "area": {}}
    for kind, key, text in rows:
        found[kind][int(key)] = text
    return found["period"], found["area"]


def expand_payload(stored: pd.DataFrame) -> pd.DataFrame:
    """Stored judgements (:func:`store.queries.computed_results`) as result columns: codes
    decoded, ``significance`` as ``national_significance``, the period's end a date (its
    start an ISO day, as a result's)."""
    out = stored.copy()
    if out.empty:
        return out.drop(columns=["significance"], errors="ignore").assign(
            **{c: pd.Series(dtype=object) for c in RESULT_COLUMNS if c not in out.columns})
    for column in CODES:
        out[column] = decode(column, out[column])
    out = out.rename(columns={"significance": SIGNIFICANCE})
    out["period_start"] = [_day(d) for d in out["period_start"]]
    out["period_end"] = [_date(d) for d in out["period_end"]]
    return out


def _date(value: Any) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value.date() if isinstance(value, dt.datetime) else value  # type: ignore[no-any-return]


def _day(value: Any) -> str | None:
    day = _date(value)
    return None if day is None else day.isoformat()
