"""A grid of small charts as plain figure data: the axes, domains and titles plotly's
``make_subplots(shared_xaxes=True, shared_yaxes="all")`` lays out, written directly.

Building the grid with ``make_subplots`` and ``update_xaxes`` validates every axis of every
cell property by property, which made the districts page's trends chart the slowest part of
drawing it; here the same layout is a few dicts.
"""

from __future__ import annotations

from typing import Any


def cell_axes(index: int) -> tuple[str, str]:
    """The (x, y) axis references of the ``index``-th cell (0 is the top-left)."""
    suffix = "" if index == 0 else str(index + 1)
    return f"x{suffix}", f"y{suffix}"


def _span(start: float, end: float) -> list[float]:
    return [round(max(start, 0.0), 10), round(min(end, 1.0), 10)]


def grid_layout(titles: list[str], columns: int, x_axis: dict[str, Any],
                horizontal_gap: float = 0.03, vertical_gap: float = 0.09,
                title_font: dict[str, Any] | None = None) -> dict[str, Any]:
    """Layout entries for ``titles`` cells, ``columns`` to a row, filled row by row from the
    top left: each cell's axes (``x_axis`` settings on every x axis), every x axis matched
    with its column's bottom cell's and every y axis with the bottom-left cell's (its tick
    labels on the left column only), and each title centred above its cell."""
    rows = max(1, -(-len(titles) // columns))
    width = (1 - horizontal_gap * (columns - 1)) / columns
    height = (1 - vertical_gap * (rows - 1)) / rows
    bottom_left = (rows - 1) * columns
    layout: dict[str, Any] = {}
    annotations = []
    for index in range(rows * columns):
        row, column = divmod(index, columns)
        x_name, y_name = (f"{letter}axis{cell_axes(index)[0][1:]}" for letter in "xy")
        left = column * (width + horizontal_gap)
        top = 1 - row * (height + vertical_gap)
        x_ref, y_ref = cell_axes(index)
        x: dict[str, Any] = {"anchor": y_ref, "domain": _span(left, left + width), **x_axis}
        y: dict[str, Any] = {"anchor": x_ref, "domain": _span(top - height, top)}
        if row != rows - 1:
            x["matches"] = cell_axes(bottom_left + column)[0]
        if index != bottom_left:
            y["matches"] = cell_axes(bottom_left)[1]
        if column:
            y["showticklabels"] = False
        layout[x_name], layout[y_name] = x, y
        if index < len(titles):
            annotations.append({"text": titles[index], "x": round(left + width / 2, 10),
                                "y": round(top, 10),
                                "xref": "paper", "yref": "paper", "xanchor": "center",
                                "yanchor": "bottom", "showarrow": False,
                                "font": title_font or {"size": 16}})
    layout["annotations"] = annotations
    return layout
