"""Plain, accessible HTML tables: a caption, column headers with scope, text cells.

Used for every table alternative to a chart and for simple listings. Cells hold text (numbers
already formatted) or Dash components; nothing typed by a user is rendered as HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from dash import html

from indicators.display import is_missing


def _cell(value: Any) -> Any:
    if isinstance(value, html.Span | html.A | html.Div) or hasattr(value, "_prop_names"):
        return value
    return "" if is_missing(value) else str(value)


def data_table(frame: pd.DataFrame, columns: Sequence[tuple[str, str]], caption: str,
               table_id: str, row_header: str | None = None, *,
               stacked: bool = False) -> html.Table:
    """``frame`` as a table of ``columns`` (column, header); ``row_header`` cells are <th>.

    A ``stacked`` table is read on a phone as one card per row, each cell under its column's
    name (its ``data-label``), rather than scrolled sideways: for listings whose cells hold
    sentences, which a narrow column would stretch down the page a word to a line.
    """
    header = html.Thead(html.Tr([html.Th(name, scope="col") for _col, name in columns]))
    rows = []
    for record in frame.to_dict("records"):
        cells = [html.Th(_cell(record.get(col)), scope="row", **_label(name, stacked))
                 if col == row_header
                 else html.Td(_cell(record.get(col)), **_label(name, stacked))
                 for col, name in columns]
        rows.append(html.Tr(cells))
    if not rows:
        rows = [html.Tr(html.Td("No figures.", colSpan=len(columns)))]
    return html.Table([html.Caption(caption), header, html.Tbody(rows)], id=table_id,
                      className="data-table stacked-table" if stacked else "data-table")


def _label(name: str, stacked: bool) -> Any:
    """The attribute naming a stacked table's cell (``data-label``; none when not stacked),
    typed as ``Any`` as :func:`layouts._components.attrs` is: the cells' signatures name only
    the props a Python identifier can spell."""
    return {"data-label": name} if stacked else {}
