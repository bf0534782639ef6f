"""The cartesian traces of the painted charts (:mod:`layouts._svg_chart`): scatter (lines,
markers, error bars), bars (with error bars) and heatmap cells with their texts, each placed
on its axes' :class:`layouts._svg_axes.Scale`.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from layouts._svg_axes import Scale, colour_range, items, number
from layouts._svg_marks import ink_on as ink_for
from layouts._svg_marks import label, line_attributes, marker, scale_colour, tooltip

DEFAULT_COLOUR = "#1d70b8"


def _colour_of(trace: Mapping[str, Any]) -> str:
    colour = (trace.get("line") or {}).get("color") or (trace.get("marker") or {}).get("color")
    return str(colour) if isinstance(colour, str) else DEFAULT_COLOUR


def _nth(values: list[Any], index: int, default: Any = None) -> Any:
    return values[index] if index < len(values) else default


def _error_bars(trace: Mapping[str, Any], letter: str, points: list[tuple[float, float, Any]],
                along: Scale) -> str:
    """Error bars on ``letter`` for each (x, y, value) point, capped as plotly draws them."""
    errors = trace.get(f"error_{letter}") or {}
    if not errors or errors.get("visible", True) is False:
        return ""
    plus = items(errors.get("array"))
    minus = items(errors.get("arrayminus")) if errors.get("symmetric") is False else plus
    cap = float(errors.get("width") or 4)
    stroke = line_attributes(str(errors.get("color") or _colour_of(trace)),
                             float(errors.get("thickness") or 2))
    out = []
    for index, (x, y, value) in enumerate(points):
        up, down = number(_nth(plus, index)), number(_nth(minus, index))
        at = number(value)
        if at is None or (up is None and down is None):
            continue
        high = along.position(at + (up or 0.0))
        low = along.position(at - (down or 0.0))
        if high is None or low is None:
            continue
        if letter == "y":
            out.append(f'<path d="M{x:.1f},{low:.1f}V{high:.1f}M{x - cap:.1f},{low:.1f}'
                       f'h{2 * cap:.1f}M{x - cap:.1f},{high:.1f}h{2 * cap:.1f}"{stroke}/>')
        else:
            out.append(f'<path d="M{low:.1f},{y:.1f}H{high:.1f}M{low:.1f},{y - cap:.1f}'
                       f'v{2 * cap:.1f}M{high:.1f},{y - cap:.1f}v{2 * cap:.1f}"{stroke}/>')
    return "".join(out)


def scatter_svg(trace: Mapping[str, Any], x_scale: Scale, y_scale: Scale) -> str:
    """A scatter trace: its line (broken at gaps), error bars, then markers."""
    xs, ys = items(trace.get("x")), items(trace.get("y"))
    hovers = items(trace.get("hovertext")) or items(trace.get("text"))
    mode = str(trace.get("mode") or "lines+markers")
    points = []
    for index, (x, y) in enumerate(zip(xs, ys, strict=False)):
        px, py = x_scale.position(x), y_scale.position(y)
        points.append(None if px is None or py is None else (px, py, y, _nth(hovers, index)))
    line = trace.get("line") or {}
    colour = _colour_of(trace)
    out = []
    if "lines" in mode:
        path, pen = [], "M"
        for point in points:
            if point is None:
                pen = "M"
                continue
            path.append(f"{pen}{point[0]:.1f},{point[1]:.1f}")
            pen = "L"
        if path:
            out.append(f'<path d="{"".join(path)}"'
                       f'{line_attributes(colour, float(line.get("width") or 2), line.get("dash"))}'
                       ' stroke-linejoin="round"/>')
    placed = [(p[0], p[1], p[2]) for p in points if p is not None]
    out.append(_error_bars(trace, "y", placed, y_scale))
    if "markers" in mode:
        mark = trace.get("marker") or {}
        fills = items(mark.get("color")) if isinstance(mark.get("color"), list) else []
        edge = mark.get("line") or {}
        for index, point in enumerate(points):
            if point is None:
                continue
            fill = str(_nth(fills, index) or (mark.get("color") if not fills else None)
                       or colour)
            out.append(marker(point[0], point[1], mark.get("symbol"),
                              float(mark.get("size") or 6), fill, str(edge.get("color") or ""),
                              float(edge.get("width") or 0), point[3]))
    return "".join(out)


def bar_svg(trace: Mapping[str, Any], x_scale: Scale, y_scale: Scale) -> str:
    """A bar trace (either orientation) from zero, with its error bars."""
    across = trace.get("orientation") == "h"
    value_scale, category_scale = (x_scale, y_scale) if across else (y_scale, x_scale)
    values = items(trace.get("x" if across else "y"))
    categories = items(trace.get("y" if across else "x"))
    hovers = items(trace.get("hovertext")) or items(trace.get("text"))
    mark = trace.get("marker") or {}
    fills = items(mark.get("color")) if not isinstance(mark.get("color"), str) else []
    edge = mark.get("line") or {}
    edge_width = number(edge.get("width", 1)) or 0.0
    stroke = (f' stroke="{escape(str(edge.get("color")))}" stroke-width="{edge_width:g}"'
              if edge.get("color") and edge_width else "")
    thick = category_scale.step_pixels() * 0.8
    zero = value_scale.position(0.0) or value_scale.start
    out, points = [], []
    for index, (value, category) in enumerate(zip(values, categories, strict=False)):
        middle, end = category_scale.position(category), value_scale.position(value)
        if middle is None or end is None:
            continue
        fill = str(_nth(fills, index) or mark.get("color") or DEFAULT_COLOUR)
        if across:
            box = (min(zero, end), middle - thick / 2, abs(end - zero), thick)
            points.append((end, middle, value))
        else:
            box = (middle - thick / 2, min(zero, end), thick, abs(end - zero))
            points.append((middle, end, value))
        out.append('<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"'.format(*box)
                   + f' fill="{escape(fill)}"{stroke}>{tooltip(_nth(hovers, index))}</rect>')
    out.append(_error_bars(trace, "x" if across else "y", points, value_scale))
    return "".join(out)


def _hover(template: str, values: Mapping[str, Any]) -> str:
    text = template.split("<extra>")[0]
    for key, value in values.items():
        text = text.replace("%{" + key + "}", "" if value is None else str(value))
    return text


def heatmap_svg(trace: Mapping[str, Any], x_scale: Scale, y_scale: Scale) -> str:
    """A heatmap's cells, coloured by the trace's colour scale, with their texts."""
    rows = [items(row) for row in items(trace.get("z"))]
    xs = items(trace.get("x")) or list(range(len(rows[0]) if rows else 0))
    ys = items(trace.get("y")) or list(range(len(rows)))
    texts = [items(row) for row in items(trace.get("text"))]
    custom = [items(row) for row in items(trace.get("customdata"))]
    low, high = colour_range(trace)
    span = (high - low) or 1.0
    width = x_scale.step_pixels() - float(trace.get("xgap") or 0)
    height = y_scale.step_pixels() - float(trace.get("ygap") or 0)
    size = float((trace.get("textfont") or {}).get("size") or 12)
    template = str(trace.get("hovertemplate") or "%{x}, %{y}: %{z}")
    out = []
    for i, (y, row) in enumerate(zip(ys, rows, strict=False)):
        for j, (x, value) in enumerate(zip(xs, row, strict=False)):
            cx, cy, z = x_scale.position(x), y_scale.position(y), number(value)
            if cx is None or cy is None or z is None:
                continue
            fill = scale_colour(trace.get("colorscale") or [], (z - low) / span)
            text = _nth(_nth(texts, i, []), j)
            hover = _hover(template, {"x": x, "y": y, "z": value, "text": text,
                                      "customdata": _nth(_nth(custom, i, []), j)})
            out.append(f'<rect x="{cx - width / 2:.1f}" y="{cy - height / 2:.1f}" '
                       f'width="{width:.1f}" height="{height:.1f}" fill="{escape(fill)}">'
                       f"{tooltip(hover)}</rect>")
            if text is not None:
                out.append(label(cx, cy, text, size, ink_for(fill), "middle"))
    return "".join(out)
