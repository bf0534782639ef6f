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
               table_id: str, row_header: str | None = None) -> html.Table:
    """``frame`` as a table of ``columns`` (column, header); ``row_header`` cells are <th>."""
    header = html.Thead(html.Tr([html.Th(name, scope="col") for _col, name in columns]))
    rows = []
    for record in frame.to_dict("records"):
        cells = [html.Th(_cell(record.get(col)), scope="row") if col == row_header
                 else html.Td(_cell(record.get(col))) for col, _name in columns]
        rows.append(html.Tr(cells))
    if not rows:
        rows = [html.Tr(html.Td("No figures.", colSpan=len(columns)))]
    return html.Table([html.Caption(caption), header, html.Tbody(rows)], id=table_id,
                      className="data-table")
