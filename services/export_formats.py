"""The one registry of board-pack file formats: media type, file extension and renderer.

Live exports (:mod:`services.exports`), Board snapshots (:mod:`services.snapshots`) and the
download routes all look a format up here, so adding a format is one entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from exports.charts import Chart, trend_chart
from exports.content import BoardContent
from exports.csv import csv_bytes, header_rows
from exports.pdf import render_pdf
from exports.tables import csv_frame
from exports.xlsx import build_workbook


@dataclass(frozen=True)
class Rendered:
    """A rendered file, and its page count where the format has pages."""

    data: bytes
    pages: int | None = None


@dataclass(frozen=True)
class ExportFormat:
    """``render(content, content_hash)`` gives the same bytes for the same content and hash
    (``content_hash`` is printed in the file when given: a snapshot's hash). A
    ``board_pack`` format is the pack a partnership's Board reads: it is made only for an
    area of a partnership (:func:`services.partnerships.require_partnership_area`)."""

    media_type: str
    extension: str
    render: Callable[[BoardContent, str | None], Rendered]
    board_pack: bool = False


def content_csv_header(content: BoardContent, content_hash: str | None = None
                       ) -> list[list[str]]:
    """The header lines of the board pack's CSV: sensitivity, title, period, provenance."""
    meta = content.meta
    extra = [f"Approval: {meta.approval}"]
    if content_hash:
        extra.append(f"Content hash (SHA-256): {content_hash}")
    return header_rows(sensitivity=meta.sensitivity,
                       title=f"CYPP performance scorecard: {meta.area_name}",
                       period=meta.period_label, produced=meta.produced_at.date(),
                       source=meta.source, extra=extra)


def exception_charts(content: BoardContent, file_format: str = "svg") -> dict[str, Chart]:
    """The trend chart of each exception indicator, drawn from the content's series."""
    charts = {}
    for indicator_id in content.exceptions:
        row: Mapping[str, object] = content.row(indicator_id) or {}
        charts[indicator_id] = trend_chart(
            content.series.get(indicator_id, ()), title=str(row.get("title", indicator_id)),
            area_name=content.meta.area_name, decimals=row.get("decimals"),
            value_type=str(row.get("value_type")), unit=str(row.get("unit_label") or ""),
            file_format=file_format)
    return charts


def _pdf(content: BoardContent, content_hash: str | None) -> Rendered:
    rendered = render_pdf(content, exception_charts(content), content_hash)
    return Rendered(rendered.data, rendered.pages)


def _xlsx(content: BoardContent, content_hash: str | None) -> Rendered:
    return Rendered(build_workbook(content, content_hash))


def _csv(content: BoardContent, content_hash: str | None) -> Rendered:
    return Rendered(csv_bytes(csv_frame(content), content_csv_header(content, content_hash)))


#: File format name -> how it is served and rendered.
FORMATS: dict[str, ExportFormat] = {
    "csv": ExportFormat("text/csv; charset=utf-8", "csv", _csv),
    "xlsx": ExportFormat("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         "xlsx", _xlsx),
    "pdf": ExportFormat("application/pdf", "pdf", _pdf, board_pack=True),
}


def export_format(name: str) -> ExportFormat:
    """The registered format ``name``.

    Raises
    ------
    ValueError
        If no format of that name is registered.
    """
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"file_format must be one of {sorted(FORMATS)}, not {name!r}."
                         ) from None


def render(content: BoardContent, file_format: str, content_hash: str | None = None
           ) -> Rendered:
    """``content`` rendered as ``file_format`` (see :class:`ExportFormat`)."""
    return export_format(file_format).render(content, content_hash)
