"""The key beside the districts map: each area's number on the map, its name and figure.

Area names do not fit inside small district boundaries, so the map marks each area with a
number above its value and this table, beside the map, names them (1, 2, ... in alphabetical
order, as :func:`layouts._map_numbers.map_numbers` gives them to both). Pure: frames in,
Dash components out.
"""

from __future__ import annotations

import pandas as pd
from dash import html

from layouts._district_figures import value_text
from layouts._districts_components import area_columns, county_comparison
from layouts._map_numbers import map_numbers
from layouts._markup import Markup, markup
from layouts._tables import data_table
from services.district_view import DistrictView

KEY_FIELDS = ("number", "area", "value", "comparison")


def map_key(view: DistrictView, table_id: str) -> Markup:
    """The numbered key to the map, one row per area, in number order (as one
    :class:`~layouts._markup.Markup`)."""
    areas = view.areas[view.areas["area_name"].notna()]
    numbers = map_numbers(areas["area_code"], areas["area_name"])
    frame = pd.DataFrame([{
        "number": numbers[str(row["area_code"])], "area": str(row["area_name"]),
        "value": value_text(row["value"], view.indicator, row["illustrative"]),
        "comparison": county_comparison(row["significance"], view.council_name),
    } for _i, row in areas.iterrows()], columns=list(KEY_FIELDS))
    frame = frame.sort_values("number")
    # The same column names as the area table under the map, so the county is named alike.
    names = {"number": "No.", **dict(area_columns(view.indicator))}
    return markup(html.Div(data_table(frame, [(field, names[field]) for field in KEY_FIELDS],
                                      "Key to the map: the areas by number", table_id,
                                      row_header="area"), className="map-key"))
