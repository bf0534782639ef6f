"""Download links and the "restated since the <date> Board" marker, for any page to drop in.

Downloads are plain ``<a href download>`` links to the ``/api/exports/`` routes
(:mod:`server.downloads`): they work with the keyboard, without JavaScript, and can be
bookmarked. The commentary panel lives in :mod:`layouts._commentary` and is re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

import pandas as pd
from dash import html

from domain.periods import Period
from exports.tables import restatement_text
from layouts._commentary import commentary_panel
from layouts._components import attrs, records, symbol_mark

__all__ = ["commentary_panel", "download_links", "restatement_marker", "restatement_markers"]

#: kind -> (path template, [(extension, link text)]).
DOWNLOADS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    # The PDF pack is built as a background job (layouts._board_pack), not a link.
    "scorecard": ("/api/exports/scorecard.{ext}", [
        ("xlsx", "Scorecard workbook (Excel)"), ("csv", "Scorecard table (CSV)")]),
    "indicator": ("/api/exports/indicator/{indicator_id}.{ext}", [
        ("png", "Chart image (PNG)"), ("svg", "Chart image (SVG)"), ("csv", "Figures (CSV)")]),
    "districts": ("/api/exports/districts/{indicator_id}.{ext}", [
        ("png", "Chart image (PNG)"), ("svg", "Chart image (SVG)"),
        ("csv", "District figures (CSV)")]),
    "snapshot": ("/api/exports/snapshots/{snapshot_id}.{ext}", [
        ("pdf", "Board pack as circulated (PDF)"), ("xlsx", "Workbook as circulated (Excel)"),
        ("csv", "Table as circulated (CSV)")]),
}
PATH_PARAMS = ("indicator_id", "snapshot_id")


def _query_value(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value.label if isinstance(value, Period) else str(value)


def download_href(kind: str, ext: str, **params: Any) -> str:
    """The route for one download, e.g. ``/api/exports/scorecard.pdf?area=...&period=...``."""
    template, _links = DOWNLOADS[kind]
    path = template.format(ext=ext, **{k: quote(str(params.get(k, "")), safe="")
                                       for k in PATH_PARAMS})
    query = {k: v for k, value in params.items()
             if k not in PATH_PARAMS and (v := _query_value(value)) is not None}
    return f"{path}?{urlencode(query)}" if query else path


def download_links(kind: str, title: str = "Download", extra: Any = None,
                   **params: Any) -> html.Div:
    """Download links for ``kind`` ("scorecard", "indicator", "districts", "snapshot").

    ``params`` are the page's own: ``area``, ``period`` (a :class:`Period` or a label),
    ``indicator_id``, ``view``, ``snapshot_id``; ``extra`` goes under the links (the scorecard
    page's board-pack builder).

    >>> download_links("scorecard", area="E10000016", period="Q3 2016/17")  # doctest: +SKIP
    """
    if kind not in DOWNLOADS:
        raise ValueError(f"kind must be one of {sorted(DOWNLOADS)}, not {kind!r}.")
    _template, links = DOWNLOADS[kind]
    heading_id = f"{kind}-downloads-title"
    items = [html.Li(html.A(text, href=download_href(kind, ext, **params), download="",
                            className="download-link",
                            id=f"{kind}-download-{ext}")) for ext, text in links]
    return html.Div([
        html.H2(title, id=heading_id, className="downloads-title"),
        html.Ul(items, className="download-links"),
        extra,
    ], className="downloads", role="region", **attrs({"aria-labelledby": heading_id}))


def restatement_marker(item: Mapping[str, Any]) -> html.Span:
    """The marker for one restated figure: "Restated since the 14 March 2017 Board: was ..."."""
    text = restatement_text(item)
    return html.Span(text, className="restated", title=text, **symbol_mark("\u21bb"))


def restatement_markers(frame: pd.DataFrame, indicator_id: str, column: str = "current"
                        ) -> list[html.Span]:
    """Markers for one scorecard cell from :func:`services.restatements.restatements`."""
    if frame is None or frame.empty:
        return []
    rows = frame[(frame["indicator_id"] == indicator_id) & (frame["column"] == column)]
    return [restatement_marker(r) for r in records(rows)]
