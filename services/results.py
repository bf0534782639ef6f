"""Computing and storing judgements, and reading them back for pages and exports.

Judgements are computed by :func:`indicators.judgements.compute_judgements` when data is loaded
(inside the transaction of each commit or rollback) and stored in ``computed_result`` stamped
with the engine version, so the screen, the exports and the API always agree.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson
import pandas as pd
from sqlalchemy import Connection, Engine, delete, insert, select

from domain.catalogue import Indicator, load_catalogue
from domain.periods import parse_period
from indicators.judgements import ENGINE_VERSION, compute_judgements
from store import queries
from store.locks import serialise_writes
from store.models import Area, ComputedResult, Period

NATIONAL_CODE = "E92000001"
#: The statistical-neighbour model used for neighbour averages (DfE's current model).
NEIGHBOUR_MODEL = "dfe_sn_2025"
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
    "national_significance", "regional_significance", "county_significance",
    "neighbour_significance", "trend", "trend_chi2", "rank", "rank_of", "rank_group",
    "quartile", "rag", "rag_reason", "region_name", "county_name",
)


@functools.lru_cache(maxsize=1)
def catalogue() -> dict[str, Indicator]:
    """The indicator catalogue, read once per process."""
    return load_catalogue()


@functools.lru_cache(maxsize=1)
def scorecard_catalogue() -> pd.DataFrame:
    """The whole catalogue as a frame, built once per process (do not mutate it)."""
    return catalogue_frame(catalogue())


def catalogue_frame(indicators: Mapping[str, Indicator]) -> pd.DataFrame:
    """The catalogue as the frame :func:`compute_judgements` expects."""
    rows = []
    for ind in indicators.values():
        break_start = _series_break_start(ind)
        rows.append({
            "indicator_id": ind.id, "title": ind.title, "short_title": ind.short_title,
            "outcome": ind.outcome.value, "display_order": ind.display_order,
            "polarity": ind.polarity.value, "value_type": ind.value_type.value,
            "multiplier": float(ind.multiplier), "unit_label": ind.unit_label,
            "decimals": int(ind.decimals), "ci_method": ind.ci_method.value,
            "benchmark_confidence": ind.benchmark_confidence.value,
            "comparators": tuple(c.value for c in ind.comparators),
            "rag_rule": ind.rag_rule.value, "catalogue_target": ind.target,
            "target_tolerance": ind.target_tolerance, "series_break_start": break_start,
            "numerator_indicator": ind.numerator_indicator,
        })
    return pd.DataFrame(rows)


def _series_break_start(indicator: Indicator) -> dt.date | None:
    """First day of the period from which the series is not comparable with earlier ones."""
    if not indicator.series_break:
        return None
    return parse_period(indicator.series_break, hint=indicator.period_type).start


def geography_frame(conn: Connection) -> pd.DataFrame:
    """Each area's England, region and county comparator codes, from the area hierarchy."""
    areas = queries.areas(conn)
    by_code = areas.set_index("code")
    parents = by_code["parent_code"].to_dict()
    types = by_code["type"].to_dict()
    names = by_code["name"].to_dict()

    def ancestor(code: str, wanted: str) -> str | None:
        seen = 0
        current = parents.get(code)
        while current and seen < 6:
            if types.get(current) == wanted:
                return str(current)
            current, seen = parents.get(current), seen + 1
        return None

    rows = []
    for code in by_code.index:
        region = ancestor(code, "region")
        county = ancestor(code, "county")
        rows.append({"area_code": code, "area_name": names[code],
                     "national_code": NATIONAL_CODE if code != NATIONAL_CODE else None,
                     "region_code": region, "region_name": names.get(region),
                     "county_code": county, "county_name": names.get(county)})
    return pd.DataFrame(rows)


def neighbour_frame(conn: Connection, model: str = NEIGHBOUR_MODEL) -> pd.DataFrame:
    rel = queries.relationships(conn, relationship="statistical_neighbour", model=model)
    return rel.rename(columns={"parent_code": "area_code", "child_code": "neighbour_code"})[
        ["area_code", "neighbour_code"]]


def with_dependents(indicator_ids: Iterable[str]) -> list[str]:
    """``indicator_ids`` and every indicator whose numerator one of them is (their judgements
    change with it), sorted."""
    wanted = set(indicator_ids)
    wanted |= {ind.id for ind in catalogue().values() if ind.numerator_indicator in wanted}
    return sorted(wanted)


def judge(conn: Connection, indicator_ids: Sequence[str],
          replacements: pd.DataFrame | None = None) -> pd.DataFrame:
    """Judgements for ``indicator_ids`` from the store (optionally with planned rows swapped in).

    The counts named as their numerators are read too, for the intervals they give.
    """
    wanted = set(indicator_ids)
    numerators = {catalogue()[i].numerator_indicator for i in wanted if i in catalogue()}
    read = sorted(wanted | {i for i in numerators if i is not None})
    observations = queries.observations(conn, indicator_ids=read)
    if replacements is not None and not replacements.empty:
        area_types = queries.areas(conn).set_index("code")["type"]
        observations = _swap_in(observations, replacements, area_types)
    cat = catalogue_frame({k: v for k, v in catalogue().items() if k in set(read)})
    judged = compute_judgements(observations, cat, geography_frame(conn), neighbour_frame(conn))
    if judged.empty or set(read) == wanted:
        return judged
    return judged[judged["indicator_id"].isin(wanted)].reset_index(drop=True)


def _swap_in(observations: pd.DataFrame, planned: pd.DataFrame,
             area_types: pd.Series) -> pd.DataFrame:
    """The stored observations with the planned rows in place of the ones they revise."""
    keys = ["indicator_id", "area_code", "period_key", "breakdown"]
    incoming = planned.copy()
    incoming["area_type"] = [area_types.get(code, "other_la") for code in incoming["area_code"]]
    columns = [c for c in observations.columns if c in incoming.columns]
    if observations.empty:
        return incoming.loc[:, columns].reset_index(drop=True)
    kept = observations.merge(incoming[keys], on=keys, how="left", indicator=True)
    kept = kept[kept["_merge"] == "left_only"].drop(columns="_merge")
    return pd.concat([kept, incoming[columns]], ignore_index=True)


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


def _indicator_ids(changed_keys: pd.DataFrame | Iterable[str] | None) -> list[str]:
    """The indicators whose judgements ``changed_keys`` touches, with their dependents."""
    if changed_keys is None:
        ids = sorted(catalogue())
    elif isinstance(changed_keys, pd.DataFrame):
        ids = sorted(set(changed_keys["indicator_id"])) if not changed_keys.empty else []
    else:
        ids = sorted(set(changed_keys))
    return with_dependents(ids)


def refresh_results(engine: Engine, changed_keys: pd.DataFrame | Iterable[str] | None = None
                    ) -> int:
    """Recompute and store, in one transaction under the store's write lock, the judgements
    of every indicator touched by ``changed_keys`` (see :func:`store_judgements`)."""
    if not _indicator_ids(changed_keys):
        return 0
    with engine.begin() as conn:
        serialise_writes(conn)
        return store_judgements(conn, changed_keys)


def store_judgements(conn: Connection,
                     changed_keys: pd.DataFrame | Iterable[str] | None = None) -> int:
    """Recompute and store the judgements of every indicator touched by ``changed_keys``
    within the caller's transaction (which holds the write lock); how many were stored.

    ``changed_keys`` is a frame with an ``indicator_id`` column, an iterable of indicator ids,
    or ``None`` for every indicator. The whole indicator is recomputed (all areas and periods)
    because a new England or neighbour figure changes other areas' judgements, and so is every
    indicator whose numerator a changed count is.
    """
    ids = _indicator_ids(changed_keys)
    if not ids:
        return 0
    results = judge(conn, ids)
    area_ids = dict(conn.execute(select(Area.code, Area.id)).all())
    period_ids = dict(conn.execute(select(Period.key, Period.id)).all())
    conn.execute(delete(ComputedResult).where(ComputedResult.indicator_id.in_(ids)))
    key_columns = ["indicator_id", "area_code", "period_key", "breakdown", "rag",
                   "national_significance", "direction"]
    keys = results.reindex(columns=key_columns)
    records = [{
        "indicator_id": indicator_id, "area_id": area_ids[area_code],
        "period_id": period_ids[period_key], "breakdown": breakdown,
        "engine_version": ENGINE_VERSION, "payload_json": body, "rag": rag,
        "significance": significance, "direction": direction,
    } for (indicator_id, area_code, period_key, breakdown, rag, significance, direction),
        body in zip(keys.itertuples(index=False, name=None), payloads(results), strict=True)]
    for start in range(0, len(records), 5000):
        conn.execute(insert(ComputedResult), records[start:start + 5000])
    return len(records)


def rag_flips(conn: Connection, planned: pd.DataFrame) -> pd.DataFrame:
    """Which stored RAG ratings an upload would change (for the preview)."""
    columns = ["indicator_id", "area_code", "period_key", "breakdown", "period_label",
               "old_rag", "new_rag"]
    changed = planned[planned["change"] != "unchanged"] if "change" in planned else planned
    ids = with_dependents(set(changed["indicator_id"]) & set(catalogue()))
    if changed.empty or not ids:
        return pd.DataFrame(columns=columns)
    keys = ["indicator_id", "area_code", "period_key", "breakdown"]
    after = judge(conn, ids, replacements=changed)[[*keys, "period_label", "rag"]]
    before = queries.computed_results(conn, indicator_ids=ids)[[*keys, "rag"]]
    merged = after.merge(before, on=keys, how="left", suffixes=("_new", "_old"))
    merged = merged.rename(columns={"rag_new": "new_rag", "rag_old": "old_rag"})
    flipped = merged[merged["old_rag"].fillna("none") != merged["new_rag"]].copy()
    flipped["old_rag"] = flipped["old_rag"].astype(object).where(flipped["old_rag"].notna(),
                                                                None)
    return flipped.loc[:, columns].reset_index(drop=True)


def results_for_area(conn: Connection, area_code: str) -> pd.DataFrame:
    """Every stored judgement for one area, payload expanded into columns."""
    stored = queries.computed_results(conn, area_codes=[area_code])
    return expand_payload(stored)


def expand_rows(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Stored judgement rows (``store.queries.latest_computed_rows``) with payloads expanded."""
    drop = {"payload_json", "rag", "significance", "direction"}
    records = [{**{k: v for k, v in row.items() if k not in drop},
                **orjson.loads(row["payload_json"])} for row in rows]
    out = pd.DataFrame.from_records(records, columns=None if records else [
        "indicator_id", "as_at", *PAYLOAD_COLUMNS])
    out["period_end"] = [dt.date.fromisoformat(d) if d else None for d in out["period_end"]]
    return out


def expand_payload(stored: pd.DataFrame) -> pd.DataFrame:
    if stored.empty:
        return stored.assign(**{c: pd.Series(dtype=object) for c in PAYLOAD_COLUMNS})
    base = stored.drop(columns=["payload_json", "rag", "significance", "direction"])
    records = [{**row, **orjson.loads(body)} for row, body in
               zip(base.to_dict("records"), stored["payload_json"], strict=True)]
    out = pd.DataFrame.from_records(records, index=stored.index)
    out["period_end"] = [dt.date.fromisoformat(d) if d else None for d in out["period_end"]]
    return out

