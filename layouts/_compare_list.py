"""The Compare grid as a ranked list, for screens too narrow for the grid (phones).

One block per indicator: its areas ranked best first (highest first where higher is neither
good nor bad; areas without a figure last), each with its value and its comparison with the
county in a symbol and words, then the county's own figure. The stylesheet shows this list
instead of the grid below 640 px. Pure: a :class:`RugView` in, Dash components out.
"""

from __future__ import annotations

import pandas as pd
from dash import html

from domain.url_state import page_href
from domain.vocabulary import Polarity
from layouts._compare_figures import row_label
from layouts._components import symbol_text
from layouts._district_figures import value_text
from layouts._districts_components import county_words
from layouts._markup import Markup, markup
from services.compare_view import RugRow, RugView


def ranked_cells(row: RugRow) -> pd.DataFrame:
    """The row's area cells, best first by the indicator's polarity (missing values last)."""
    cells = row.cells.assign(value=pd.to_numeric(row.cells["value"], errors="coerce"))
    ascending = row.indicator.polarity == Polarity.LOW_IS_GOOD
    return cells.sort_values(["value", "area_name"], ascending=[ascending, True],
                             na_position="last").reset_index(drop=True)


def _illustrative(cells: pd.DataFrame) -> bool:
    return bool(cells["illustrative"].fillna(False).astype(bool).any())


def _item(cell: pd.Series, row: RugRow, words_of: dict[str, tuple[str, str, str]]) -> html.Li:
    label = str(cell["significance"]) if pd.notna(cell["significance"]) else "Not compared"
    symbol, words, tone = words_of.get(label, words_of["Not compared"])
    value = value_text(None if pd.isna(cell["value"]) else cell["value"], row.indicator,
                       bool(cell["illustrative"]) if pd.notna(cell["illustrative"]) else False)
    return html.Li([html.Span(str(cell["area_name"]), className="rug-area"), " ",
                    html.Strong(value), " ", symbol_text(symbol, words, tone)])


def rug_list(rug: RugView, county_name: str) -> Markup:
    """Every indicator's areas, ranked, with the county's figure (``county_name``) after; sent
    as one :class:`~layouts._markup.Markup`, since a phone shows it instead of the grid."""
    blocks = []
    words_of = county_words(county_name)
    for index, row in enumerate(rug.rows):
        ind = row.indicator
        heading_id = f"compare-list-{index}"
        county = value_text(row.county.value if row.county else None, ind,
                            row.county.illustrative if row.county else False)
        order = ("highest first" if ind.polarity == Polarity.NO_JUDGEMENT
                 else "best first")
        blocks.append(html.Section([
            html.H3(html.A(row_label(ind.short_title, row.period_label,
                                     _illustrative(row.cells)),
                           href=page_href("/districts", indicator=ind.id,
                                          view=None if rug.view == "districts" else rug.view)),
                    id=heading_id),
            html.P(f"Ranked {order}. {county_name}: {county}.", className="rug-county"),
            html.Ol([_item(cell, row, words_of) for _i, cell in ranked_cells(row).iterrows()]),
        ], className="rug-list-item", **{"aria-labelledby": heading_id}))  # type: ignore[arg-type]
    return markup(html.Div(blocks, className="rug-list"))
