"""The small-multiples grid is laid out exactly as plotly's ``make_subplots`` lays it out."""

from __future__ import annotations

import json
from typing import Any

import pytest
from plotly.subplots import make_subplots

from layouts._figure_grid import cell_axes, grid_layout

X_AXIS = {"showticklabels": True, "tickformat": "%Y", "nticks": 4}


def _rounded(value: Any) -> Any:
    return json.loads(json.dumps(value), parse_float=lambda text: round(float(text), 9))


@pytest.mark.parametrize(("count", "columns"), [(12, 4), (7, 4), (1, 4), (5, 2)])
def test_the_grid_matches_make_subplots(count: int, columns: int) -> None:
    titles = [f"Area {n}" for n in range(count)]
    rows = -(-count // columns)
    expected = make_subplots(rows=rows, cols=columns, subplot_titles=titles, shared_xaxes=True,
                             shared_yaxes="all", vertical_spacing=0.09, horizontal_spacing=0.03)
    expected.update_xaxes(**X_AXIS)
    wanted = {k: v for k, v in expected.to_plotly_json()["layout"].items() if k != "template"}
    assert _rounded(grid_layout(titles, columns, X_AXIS)) == _rounded(wanted)


def test_cells_are_numbered_from_the_top_left() -> None:
    assert cell_axes(0) == ("x", "y") and cell_axes(4) == ("x5", "y5")
