"""The "tartan rug" for the Compare page: indicators (rows) by districts (columns).

Each cell is coloured by its comparison with the council and also carries its value and a symbol
(▲ better or higher, ● similar, ▼ worse or lower, – not compared), so colour is never the only
carrier of meaning; the colour bar names every colour. Pure: a :class:`RugView` in, a figure
and table cells out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import html

from domain.url_state import page_href
from layouts._components import symbol_text
from layouts._district_figures import (
    DAGGER,
    SIGNIFICANCE_STYLE,
    apply_layout,
    value_text,
)
from layouts._districts_components import county_words
from services.compare_view import RugView

#: Rug categories in colour-bar order: the comparisons, then the council's own column, worded
#: with ``{council}`` for its name. (Reversed, so that the colour bar reads "Better" at the top.)
CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("County", "{council} (the comparator)", "#f3f2f1"),
    *reversed([(label, words, colour)
               for label, (words, colour, _s) in SIGNIFICANCE_STYLE.items()]),
)


def council_name(rug: RugView) -> str:
    """The name of the council the rug compares with ("the council" without a partnership)."""
    return rug.council.name if rug.council else "the council"
_CODE = {label: index for index, (label, _w, _c) in enumerate(CATEGORIES)}


def _colourscale() -> list[list[object]]:
    steps: list[list[object]] = []
    count = len(CATEGORIES)
    for index, (_label, _words, colour) in enumerate(CATEGORIES):
        steps += [[index / count, colour], [(index + 1) / count, colour]]
    return steps


#: A cell's hover: area (column), indicator and period (row), then value and comparison.
HOVER = "%{x}, %{y}: %{customdata}<extra></extra>"


def row_label(title: str, period: str, illustrative: bool = False) -> str:
    """An indicator's row name; a dagger marks a row holding illustrative figures."""
    return f"{title}{DAGGER if illustrative else ''} ({period})"


def _illustrative(cells: pd.DataFrame) -> bool:
    return bool(cells["illustrative"].fillna(False).astype(bool).any())


def rug_grid(rug: RugView) -> tuple[list[str], list[str], np.ndarray, list[list[str]],
                                    list[list[str]]]:
    """(row labels, column labels, category codes, cell texts, hover details).

    A hover detail is the cell's value and comparison only; the figure names the area and
    the row from its axes (:data:`HOVER`), so no name is sent once per cell.
    """
    council = council_name(rug)
    words_of = county_words(council)
    columns = [name for _code, name in rug.columns] + [council]
    labels, codes, texts, hovers = [], [], [], []
    for row in rug.rows:
        ind = row.indicator
        labels.append(row_label(ind.short_title, row.period_label, _illustrative(row.cells)))
        cells = row.cells.set_index("area_code")
        code_row, text_row, hover_row = [], [], []
        for code, _name in rug.columns:
            cell = cells.loc[code] if code in cells.index else None
            label = "Not compared" if cell is None else str(cell["significance"] or
                                                              "Not compared")
            symbol, words, _tone = words_of.get(label, words_of["Not compared"])
            value = value_text(None if cell is None else cell["value"], ind)
            code_row.append(_CODE.get(label, _CODE["Not compared"]))
            text_row.append(f"{value} {symbol}")
            hover_row.append(f"{value}, {words}")
        county = row.county
        county_text = value_text(county.value if county else None, ind)
        code_row.append(_CODE["County"])
        text_row.append(county_text)
        hover_row.append(county_text)
        codes.append(code_row)
        texts.append(text_row)
        hovers.append(hover_row)
    return labels, columns, np.array(codes, dtype=float), texts, hovers


def rug_figure(rug: RugView) -> go.Figure:
    """The rating grid (areas by indicators) as a heatmap figure."""
    labels, columns, codes, texts, hovers = rug_grid(rug)
    count = len(CATEGORIES)
    figure = go.Figure(go.Heatmap(
        z=codes, x=columns, y=labels, text=texts, texttemplate="%{text}", customdata=hovers,
        hovertemplate=HOVER, colorscale=_colourscale(), zmin=-0.5, zmax=count - 0.5,
        xgap=2, ygap=2, textfont={"size": 12},
        colorbar={"tickvals": list(range(count)),
                  "ticktext": [w.format(council=council_name(rug)) for _l, w, _c in CATEGORIES],
                  "thickness": 14, "len": 1.0,
                  "title": {"text": f"Compared with {council_name(rug)}"}}))
    figure.update_xaxes(side="top", tickangle=-35, showgrid=False)
    figure.update_yaxes(autorange="reversed", showgrid=False)
    figure.update_yaxes(automargin=True)
    return apply_layout(figure, max(260, 40 * len(labels) + 200),
                        margin={"l": 8, "r": 8, "t": 150, "b": 24})


def rug_table_frame(rug: RugView) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """The rug as table cells: indicator links as row headers, value and comparison per cell."""
    columns = [("indicator", "Indicator (period)")] + [
        (f"a{i}", name) for i, (_code, name) in enumerate(rug.columns)] + [
        ("county", council_name(rug))]
    words_of = county_words(council_name(rug))
    records = []
    for row in rug.rows:
        ind = row.indicator
        cells = row.cells.set_index("area_code")
        record: dict[str, object] = {"indicator": html.A(
            row_label(ind.short_title, row.period_label, _illustrative(row.cells)),
            href=page_href("/districts", indicator=ind.id,
                           view=None if rug.view == "districts" else rug.view,
                           area=rug.council.council if rug.council else None))}
        for i, (code, _name) in enumerate(rug.columns):
            cell = cells.loc[code] if code in cells.index else None
            label = "Not compared" if cell is None else str(cell["significance"])
            symbol, words, tone = words_of.get(label, words_of["Not compared"])
            value = value_text(None if cell is None else cell["value"], ind,
                               False if cell is None else cell["illustrative"])
            record[f"a{i}"] = html.Span([value, html.Br(), symbol_text(symbol, words, tone)])
        record["county"] = value_text(row.county.value if row.county else None, ind,
                                      row.county.illustrative if row.county else False)
        records.append(record)
    return pd.DataFrame(records, columns=[c for c, _n in columns]), columns
