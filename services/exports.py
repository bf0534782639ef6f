"""Exports of the scorecard, built from the same stored judgements the pages show.

This module reads the store and assembles a :class:`~exports.content.BoardContent`; the pure
builders in :mod:`exports` turn it into CSV, a workbook or the PDF board pack.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from domain.errors import NotFoundError
from domain.periods import Period as Quarter
from exports.content import (
    BoardContent,
    PackMeta,
    narrative_records,
    plain,
    rows_from_table,
    series_records,
)
from exports.csv import csv_bytes, header_rows, neutralise_formula
from indicators.headline import exceptions, rag_counts
from indicators.narrative import outcome_summaries
from services.commentary import approved_for_pack
from services.export_formats import FORMATS, export_format
from services.indicator_view import local_series
from services.partnerships import partnership_of, require_partnership_area
from services.restatements import restatements
from services.scorecard import latest_area_quarter, reporting_quarter, scorecard_view
from services.stored_judgements import stored_results
from settings import Settings
from store import queries
from store.engine import Connection, open_engine
from store.models import utcnow

__all__ = ["FORMATS", "ExportFile", "export_data", "export_scorecard", "header_block",
           "live_content",
           "neutralise_formula", "write_csv", "write_export"]


@dataclass(frozen=True)
class ExportFile:
    """A rendered export with the file name and media type it is served under."""

    data: bytes
    filename: str
    media_type: str
    pages: int | None = None


def header_block(settings: Settings, area_name: str, quarter_label: str,
                 produced: dt.date | None = None) -> list[list[str]]:
    """The CSV header lines for a scorecard export."""
    return header_rows(sensitivity=settings.sensitivity,
                       title=f"CYPP performance scorecard: {area_name}", period=quarter_label,
                       produced=produced or dt.date.today())


def write_csv(frame: pd.DataFrame, path: Path, header: list[list[str]]) -> Path:
    """Write ``frame`` under its ``header`` lines to ``path`` (folders made); the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_bytes(frame, header))
    return path


def _batches(conn: Connection, area_code: str, period_keys: list[str]
             ) -> tuple[tuple[int, ...], str | None]:
    """The upload batches behind the area's current figures, and the latest upload time."""
    if not period_keys:
        return (), None
    rows = queries.batches_behind(conn, area_code, sorted(set(period_keys)))
    latest = max((at for _, at in rows if at is not None), default=None)
    return (tuple(batch_id for batch_id, _ in rows),
            latest.replace(microsecond=0).isoformat() if latest else None)


def _series(conn: Connection, area_code: str, indicator_ids: list[str], end: dt.date
            ) -> dict[str, tuple[dict[str, object], ...]]:
    if not indicator_ids:
        return {}
    results = stored_results(queries.computed_results(conn, area_codes=[area_code],
                                                      indicator_ids=indicator_ids))
    out = {}
    for indicator_id in indicator_ids:
        rows = results[(results["indicator_id"] == indicator_id)
                       & (results["breakdown"] == "all")]
        local = local_series(rows, end)
        national = rows.drop_duplicates("period_label").set_index("period_label")
        local["national_value"] = local["period_label"].map(national["national_value"])
        out[indicator_id] = series_records(local)
    return out


def marking(conn: Connection, settings: Settings, area_code: str) -> str:
    """The sensitivity marking printed on an area's exports: its partnership's (the profile's
    ``sensitivity``), else the site's setting."""
    profile = partnership_of(conn, area_code)
    return profile.sensitivity if profile is not None else settings.sensitivity


def live_content(conn: Connection, settings: Settings, area_code: str, quarter: Quarter,
                 produced: dt.datetime | None = None) -> BoardContent:
    """Everything the board pack shows for an area and quarter, from live stored data."""
    view = scorecard_view(conn, area_code, quarter)
    before = scorecard_view(conn, area_code, quarter.previous()).table
    table = view.table
    stamp = (produced or utcnow()).replace(microsecond=0)
    keys = [str(k) for k in table["period_key"].dropna()] if not table.empty else []
    batch_ids, as_at = _batches(conn, area_code, keys)
    found = exceptions(table) if not table.empty else table
    exception_ids = [str(i) for i in found.get("indicator_id", pd.Series(dtype=object))]
    restated = restatements(conn, area_code, quarter, table) if not table.empty else None
    meta = PackMeta(area_code=area_code, area_name=view.area_name, area_type=view.area_type,
                    period_key=quarter.key, period_label=quarter.label,
                    produced=stamp.isoformat(), data_as_at=as_at, batch_ids=batch_ids,
                    sensitivity=marking(conn, settings, area_code))
    return BoardContent(
        meta=meta, rows=rows_from_table(table),
        counts=tuple({str(k): plain(v) for k, v in r.items()}
                     for r in rag_counts(table, before).to_dict("records"))
        if not table.empty else (),
        exceptions=tuple(exception_ids),
        narrative=narrative_records(outcome_summaries(table)) if not table.empty else (),
        commentary=tuple(approved_for_pack(conn, area_code, quarter.key)),
        series=_series(conn, area_code, exception_ids, quarter.end),
        restatements=tuple({str(k): plain(v) for k, v in r.items()}
                           for r in restated.to_dict("records")) if restated is not None
        else ())


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text).strip("-").lower()


def export_scorecard(conn: Connection, settings: Settings, area_code: str, quarter: Quarter,
                     file_format: str) -> ExportFile:
    """The live scorecard for an area and quarter as CSV, a workbook or the PDF pack; a
    Board pack format only for an area of a partnership
    (:class:`~services.partnerships.ReadOnlyAreaError` for a council outside every
    partnership, whose figures are shown for comparison only)."""
    chosen = export_format(file_format)
    if chosen.board_pack:
        require_partnership_area(conn, area_code, refused="a Board pack")
    content = live_content(conn, settings, area_code, quarter)
    name = f"scorecard-{_slug(content.meta.area_name)}-{_slug(content.meta.period_label)}"
    rendered = chosen.render(content, None)
    return ExportFile(rendered.data, f"{name}.{chosen.extension}", chosen.media_type,
                      rendered.pages)


def export_data(settings: Settings, area_code: str, period: str | None,
                file_format: str) -> bytes:
    """The export's bytes; without ``period``, for the quarter of the latest figure held for
    the area.

    Raises
    ------
    NotFoundError
        If no ``period`` is given and the store holds no figure for the area.
    """
    with open_engine(settings) as engine, engine.connect() as conn:
        quarter = (reporting_quarter(period) if period
                   else latest_area_quarter(conn, area_code))
        if quarter is None:
            raise NotFoundError(f"The store holds no figures for {area_code!r}; load some, or "
                                "give --period.")
        return export_scorecard(conn, settings, area_code, quarter, file_format).data


def write_export(settings: Settings, area_code: str, period: str | None, file_format: str,
                 out: Path) -> Path:
    """``scorecard export --out FILE``: write the export to ``out``."""
    data = export_data(settings, area_code, period, file_format)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out
