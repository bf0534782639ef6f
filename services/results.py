"""Recomputing the stored judgements, and judging planned figures for an upload's preview.

Judgements are computed by :func:`indicators.judgements.compute_judgements` when data is loaded
(inside the transaction of each commit or rollback) and stored in ``computed_result`` stamped
with the engine version, so the screen, the exports and the API always agree. The typed
form they are stored in belongs to :mod:`store.judgements`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pandas as pd

from domain.areas import NEIGHBOUR_MODELS
from indicators.judgements import ENGINE_VERSION, compute_judgements
from services.catalogue import Indicators, catalogue_frame, given_or_shared, with_dependents
from services.judgement_scope import (
    Scope,
    history_window,
    judgement_scope,
    targeted,
    trim_history,
)
from store import queries
from store.engine import Connection, Engine
from store.judged_figures import judged_observations, latest_figure_ends
from store.judgements import replace_judgement_slices, replace_judgements
from store.locks import serialise_writes

NATIONAL_CODE = "E92000001"
#: DfE's current statistical-neighbour model (the neighbour group areas are ranked in).
NEIGHBOUR_MODEL = "dfe_sn_2025"
#: Changed figures whose judgements read more than this share of the store's areas have their
#: indicators recomputed whole (one read and one delete are then cheaper than slices).
SCOPE_SHARE = 0.5
#: Most figures judged at once when whole indicators are recomputed (a part's judgements
#: are written before the next part is read: a national store's load stays within memory).
PART_FIGURES = 25_000
#: The columns that name one figure.
KEY_COLUMNS = ("indicator_id", "area_code", "period_key", "breakdown")


def geography_frame(conn: Connection) -> pd.DataFrame:
    """Each area's England, region and county comparator codes, from the area hierarchy.

    England's own national code is England's: its judgements know it as the benchmark (and
    never compare it with itself, see :func:`indicators._comparators.with_comparator`)."""
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
                     "national_code": NATIONAL_CODE,
                     "region_code": region, "region_name": names.get(region),
                     "county_code": county, "county_name": names.get(county)})
    return pd.DataFrame(rows)


def neighbour_frame(conn: Connection, model: str | None = None) -> pd.DataFrame:
    """Each area's statistical neighbours (``area_code``, ``neighbour_code``, ``model``,
    ``valid_from``, ``valid_to``) in ``model``, or in every DfE model with the dates each was
    in force: a figure is compared with the list in force at its period's end, and the
    earliest list stands for every period before it (see :data:`domain.areas.NEIGHBOUR_MODELS`).
    """
    rel = queries.relationships(conn, relationship="statistical_neighbour", model=model)
    frame = rel.rename(columns={"parent_code": "area_code", "child_code": "neighbour_code"})[
        ["area_code", "neighbour_code", "model"]]
    earliest = min(NEIGHBOUR_MODELS, key=lambda key: NEIGHBOUR_MODELS[key].valid_from)
    starts = {key: None if key == earliest else m.valid_from
              for key, m in NEIGHBOUR_MODELS.items()}
    ends = {key: m.valid_to for key, m in NEIGHBOUR_MODELS.items()}
    return frame.assign(valid_from=frame["model"].map(starts),
                        valid_to=frame["model"].map(ends))


@dataclass(frozen=True)
class Comparators:
    """The comparator frames every judgement reads: :func:`geography_frame` and
    :func:`neighbour_frame` (read once for all the indicators a recompute judges)."""

    geography: pd.DataFrame
    neighbours: pd.DataFrame


def comparators(conn: Connection) -> Comparators:
    """The store's comparator frames."""
    return Comparators(geography_frame(conn), neighbour_frame(conn))


@dataclass(frozen=True)
class Judging:
    """What judging some indicators reads from the store, read: calling it judges them
    (without the store, so a caller may write other judgements meanwhile)."""

    observations: pd.DataFrame
    catalogue: pd.DataFrame
    frames: Comparators
    wanted: frozenset[str]
    reasons: bool
    only: pd.Series | None = None

    def __call__(self) -> pd.DataFrame:
        return compute_judgements(self.observations, self.catalogue, self.frames.geography,
                                  self.frames.neighbours, reasons=self.reasons,
                                  judged=self.wanted, only=self.only)


def judge(conn: Connection, indicator_ids: Sequence[str],
          replacements: pd.DataFrame | None = None, *, indicators: Indicators = None,
          area_codes: Sequence[str] | None = None, since: dt.date | None = None,
          frames: Comparators | None = None, reasons: bool = True,
          targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Judgements for ``indicator_ids`` from the store (optionally with planned rows swapped in),
    as ``indicators`` (by default the catalogue) defines them, judging only the figures of
    ``area_codes`` when given, and only what judgements of periods ending on or after
    ``since`` read (see :mod:`services.judgement_scope`), against ``frames`` (by default read
    from the store). Without ``reasons`` the RAG reasons are not worded (a store keeps the
    fields they are worded from, not the sentence). With ``targets`` (a scope's, see
    :class:`services.judgement_scope.Scope`) only the targets' figures are judged, the
    others read being their history and comparators.

    The counts named as their numerators are read too, for the intervals they give.
    """
    return read_judging(conn, indicator_ids, replacements, indicators=indicators,
                        area_codes=area_codes, since=since, frames=frames, reasons=reasons,
                        targets=targets)()


def read_judging(conn: Connection, indicator_ids: Sequence[str],
                 replacements: pd.DataFrame | None = None, *, indicators: Indicators = None,
                 area_codes: Sequence[str] | None = None, since: dt.date | None = None,
                 frames: Comparators | None = None, reasons: bool = True,
                 targets: pd.DataFrame | None = None) -> Judging:
    """What :func:`judge` reads from the store, read (the judging itself left to the call)."""
    known = given_or_shared(indicators)
    wanted = set(indicator_ids)
    numerators = {known[i].numerator_indicator for i in wanted if i in known}
    read = sorted(wanted | {i for i in numerators if i is not None})
    planned = replacements if replacements is not None and not replacements.empty else None
    window = None if since is None else history_window(since, continuing=planned is None)
    observations = judged_observations(conn, indicator_ids=read, area_codes=area_codes,
                                       window=window)
    if planned is not None:
        area_types = queries.areas(conn).set_index("code")["type"]
        observations = _swap_in(observations, planned, area_types)
        if since is not None:  # the planned figures may continue a series
            observations = trim_history(observations, since)
    cat = catalogue_frame({k: v for k, v in known.items() if k in set(read)})
    only = None if targets is None else targeted(observations, targets)
    return Judging(observations, cat, frames or comparators(conn), frozenset(wanted), reasons,
                   only)


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


def _indicator_ids(changed_keys: pd.DataFrame | Iterable[str] | None,
                   indicators: Indicators) -> list[str]:
    """The indicators whose judgements ``changed_keys`` touches, with their dependents."""
    if changed_keys is None:
        ids = sorted(given_or_shared(indicators))
    elif isinstance(changed_keys, pd.DataFrame):
        ids = (sorted(changed_keys["indicator_id"].unique().tolist())
               if not changed_keys.empty else [])
    else:
        ids = sorted(set(changed_keys))
    return with_dependents(ids, indicators)


def refresh_results(engine: Engine, changed_keys: pd.DataFrame | Iterable[str] | None = None,
                    *, indicators: Indicators = None) -> int:
    """Recompute and store, in one transaction under the store's write lock, the judgements
    of every indicator touched by ``changed_keys`` (see :func:`store_judgements`)."""
    if not _indicator_ids(changed_keys, indicators):
        return 0
    with engine.begin() as conn:
        serialise_writes(conn)
        return store_judgements(conn, changed_keys, indicators=indicators)


def store_judgements(conn: Connection,
                     changed_keys: pd.DataFrame | Iterable[str] | None = None, *,
                     indicators: Indicators = None) -> int:
    """Recompute and store the judgements of every indicator touched by ``changed_keys``
    within the caller's transaction (which holds the write lock); how many were stored.

    ``changed_keys`` is a frame of changed figures (``indicator_id``, ``area_code``,
    ``period_key``, ``breakdown``), an iterable of indicator ids, or ``None`` for every
    indicator. For a frame, only the judgements those figures can alter are recomputed, from
    just the figures that judge them (:mod:`services.judgement_scope`), unless they reach so
    many areas that recomputing whole indicators is cheaper. Otherwise every judgement of the
    indicators is recomputed (all areas and periods), with every indicator whose numerator a
    changed count is. ``indicators`` (by default the catalogue) says which indicators there
    are and how each is judged.
    """
    ids = _indicator_ids(changed_keys, indicators)
    if not ids:
        return 0
    scope = _scope(conn, changed_keys, ids, indicators)
    if scope is None:
        return _replace_whole(conn, ids, indicators)
    judged = judge(conn, ids, indicators=indicators, area_codes=scope.read_areas,
                   since=min(scope.targets["from_end"], default=None), reasons=False,
                   targets=scope.targets)
    return replace_judgement_slices(conn, scope.targets, judged, ENGINE_VERSION)


def parts(counts: Mapping[str, int], most: int) -> list[list[str]]:
    """The indicators of ``counts`` (id -> figures) in parts of at most ``most`` figures each
    (an indicator with more is a part of its own), in id order."""
    out: list[list[str]] = []
    size = 0
    for indicator_id in sorted(counts):
        if not out or size + counts[indicator_id] > most:
            out.append([])
            size = 0
        out[-1].append(indicator_id)
        size += counts[indicator_id]
    return out


def _replace_whole(conn: Connection, ids: Sequence[str], indicators: Indicators) -> int:
    """Recompute and store every judgement of ``ids``, :data:`PART_FIGURES` figures at a
    time (at most two parts held at once), so memory stays bounded however large the store;
    indicators without figures lose their judgements. How many were stored.

    A part is read, then judged while the one before it is written: the writing thread has
    the connection to itself meanwhile, and waits on the database (or SQLite's own work)
    without holding the interpreter's lock."""
    frames = comparators(conn)
    counts = queries.figure_counts(conn, ids)
    stored = replace_judgements(conn, sorted(set(ids) - set(counts)), pd.DataFrame(),
                                ENGINE_VERSION) if set(ids) - set(counts) else 0
    previous: tuple[list[str], pd.DataFrame] | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="judgement-writer") as writer:
        for part in parts(counts, PART_FIGURES):
            judging = read_judging(conn, part, indicators=indicators, frames=frames,
                                   reasons=False)  # nothing else uses the connection now
            written = (writer.submit(replace_judgements, conn, *previous, ENGINE_VERSION)
                       if previous is not None else None)
            previous = None
            judged = judging()  # while the part before is written
            del judging
            if written is not None:
                stored += written.result()
            previous = (part, judged)
    if previous is not None:
        stored += replace_judgements(conn, *previous, ENGINE_VERSION)
    return stored


def _scope(conn: Connection, changed_keys: object, ids: Sequence[str], indicators: Indicators,
           ends: dict[str, dt.date] | None = None) -> Scope | None:
    """What ``changed_keys`` can alter, when they are figures of at most :data:`SCOPE_SHARE`
    of the store's areas; otherwise None (recompute whole indicators). The figures a scope
    reads are trimmed to the periods its judgements need, so reading many areas' recent
    figures stays cheaper than recomputing whole indicators.
    ``ids`` are the indicators judged (the changed ones and their dependents); ``ends`` gives
    the end of each period key not yet stored (a preview's new periods)."""
    if not isinstance(changed_keys, pd.DataFrame) or not set(KEY_COLUMNS) <= set(
            changed_keys.columns):
        return None
    areas = queries.areas(conn)
    if changed_keys["area_code"].nunique() > SCOPE_SHARE * len(areas):
        return None
    stored = queries.period_end_dates(conn, sorted(set(changed_keys["period_key"])))
    period_ends = {**(ends or {}), **stored}
    changed = changed_keys.assign(latest_end=changed_keys["period_key"].map(period_ends))
    latest = pd.concat([latest_figure_ends(conn, ids,
                                           min(period_ends.values(), default=dt.date.min)),
                        changed.loc[:, ["indicator_id", "breakdown", "area_code",
                                        "latest_end"]]], ignore_index=True)
    return judgement_scope(changed_keys, period_ends, geography_frame(conn),
                           neighbour_frame(conn),
                           dict(zip(areas["code"], areas["type"], strict=True)),
                           given_or_shared(indicators), latest)


def rag_flips(conn: Connection, planned: pd.DataFrame, *, indicators: Indicators = None
              ) -> pd.DataFrame:
    """Which stored RAG ratings an upload would change (for the preview), judged as
    ``indicators`` (by default the catalogue) defines them."""
    columns = ["indicator_id", "area_code", "period_key", "breakdown", "period_label",
               "old_rag", "new_rag"]
    changed = planned[planned["change"] != "unchanged"] if "change" in planned else planned
    ids = with_dependents(set(changed["indicator_id"]) & set(given_or_shared(indicators)),
                          indicators)
    if changed.empty or not ids:
        return pd.DataFrame(columns=columns)
    keys = list(KEY_COLUMNS)
    ends = dict(zip(changed["period_key"], changed["period_end"], strict=True))
    scope = _scope(conn, changed, ids, indicators, ends=ends)
    if scope is None:
        after = judge(conn, ids, replacements=changed, indicators=indicators, reasons=False)
        before = queries.computed_results(conn, indicator_ids=ids)[[*keys, "rag"]]
    else:  # only the judgements the upload can alter, as for its commit
        after = judge(conn, ids, replacements=changed, indicators=indicators,
                      area_codes=scope.read_areas,
                      since=min(scope.targets["from_end"], default=None), reasons=False,
                      targets=scope.targets)
        before = queries.computed_results(conn, area_codes=scope.read_areas,
                                          indicator_ids=ids)[[*keys, "rag"]]
    after = after[[*keys, "period_label", "rag"]]
    merged = after.merge(before, on=keys, how="left", suffixes=("_new", "_old"))
    merged = merged.rename(columns={"rag_new": "new_rag", "rag_old": "old_rag"})
    flipped = merged[merged["old_rag"].fillna("none") != merged["new_rag"]].copy()
    flipped["old_rag"] = flipped["old_rag"].astype(object).where(flipped["old_rag"].notna(),
                                                                None)
    return flipped.loc[:, columns].reset_index(drop=True)

