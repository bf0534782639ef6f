"""A page's chart drawn as SVG on the server, for the painted page (:mod:`layouts._static_html`).

The renderer draws charts with plotly.js, which runs only once about 2 MB of script has loaded;
until then, and without JavaScript, a chart would be an empty box. :func:`figure_svg` draws the
same figure (its plotly form, as the page sends it) as static SVG: axes with plotly's tick
choices, lines, markers and error bars, bars, heatmap cells with their texts, map areas and
their labels, reference lines, annotations, the legend and the colour bar, with each mark's
hover text as its tooltip. It draws only what the pages' figures use (:mod:`layouts._figures`
and its siblings); anything else it leaves out rather than guess.

The drawing is ``WIDTH`` wide (wider where a heatmap's cells need it) at the figure's own
height, and scales down, keeping its shape, to narrower boxes (``assets/style_screens.css``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from layouts._svg_axes import colour_range, items, number
from layouts._svg_cartesian import AXIS_KEY, TICK, Axes, Box, axis_svg, position
from layouts._svg_geo import GEO_TRACES, GeoJSON, geo_svg
from layouts._svg_marks import (
    label,
    legend,
    legend_svg,
    line_attributes,
    scale_colour,
    text_width,
)
from layouts._svg_traces import bar_svg, heatmap_svg, scatter_svg

WIDTH = 760
GRAPH_HEIGHT = 450


def _merged(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merged(out[key], value) if isinstance(value, Mapping) and isinstance(
            out.get(key), Mapping) else value
    return out


def _layout(figure: Mapping[str, Any]) -> dict[str, Any]:
    """The figure's layout over its template's, the template's axes applied to every axis."""
    layout = dict(figure.get("layout") or {})
    template = dict(((layout.pop("template", None) or {}).get("layout")) or {})
    names = {k for k in layout if AXIS_KEY.match(k)} | {"xaxis", "yaxis"}
    for trace in figure.get("data") or []:
        for letter in "xy":
            ref = str(trace.get(f"{letter}axis") or letter)
            names.add(f"{letter}axis{ref[1:]}")
    for name in names:
        template[name] = _merged(template.get(name[0] + "axis", {}), layout.get(name, {}))
    return _merged(template, {k: v for k, v in layout.items() if k not in names})


def _legend_entries(layout: Mapping[str, Any],
                    traces: Sequence[Mapping[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    entries: list[tuple[str, dict[str, Any]]] = []
    groups: set[str] = set()
    for trace in traces:
        kind = trace.get("type") or "scatter"
        shown = trace.get("showlegend", kind not in ("heatmap", "choropleth"))
        group = str(trace.get("legendgroup") or "")
        if not shown or not trace.get("name") or (group and group in groups):
            continue
        if group:
            groups.add(group)
        entries.append((str(trace["name"]), dict(trace)))
    if layout.get("showlegend") is False or (len(entries) < 2 and not layout.get("showlegend")):
        return []
    return entries


def _grid_width(traces: Sequence[Mapping[str, Any]], size: float) -> int:
    """The width a heatmap needs for its cells' texts and its row names to fit side by side."""
    needed = 0.0
    for trace in traces:
        if trace.get("type") != "heatmap":
            continue
        columns = max((len(items(row)) for row in items(trace.get("z"))), default=0)
        texts = [str(t) for row in items(trace.get("text")) for t in items(row)]
        cell = max((text_width(t, float((trace.get("textfont") or {}).get("size") or 12))
                    for t in texts), default=40) + 10
        names = max((text_width(str(y), size) for y in items(trace.get("y"))), default=0)
        needed = max(needed, names + 16 + columns * cell + _colourbar_width(trace, size))
    return int(needed)


def _colourbar(traces: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    for trace in traces:
        if trace.get("type") in ("heatmap", "choropleth") and trace.get("showscale", True):
            return trace
    return None


def _colourbar_width(trace: Mapping[str, Any], size: float) -> float:
    bar = trace.get("colorbar") or {}
    words = [str(t) for t in items(bar.get("ticktext"))] or ["0000"]
    title = str((bar.get("title") or {}).get("text") or "")
    return 10 + float(bar.get("thickness") or 30) + 6 + max(
        max(text_width(w, size) for w in words), text_width(title, size) - 20)


def _colourbar_svg(trace: Mapping[str, Any], left: float, top: float, bottom: float,
                   size: float) -> str:
    bar = trace.get("colorbar") or {}
    thick = float(bar.get("thickness") or 30)
    title = str((bar.get("title") or {}).get("text") or "")
    top += size * 2 if title else 0
    low, high = colour_range(trace)
    span = (high - low) or 1.0
    scale = trace.get("colorscale") or []
    steps = 40
    out = [label(left, top - size, title, size)] if title else []
    for step in range(steps):
        y0 = bottom - (bottom - top) * (step + 1) / steps
        out.append(f'<rect x="{left:.1f}" y="{y0:.1f}" width="{thick:g}" '
                   f'height="{(bottom - top) / steps + 0.5:.1f}" '
                   f'fill="{escape(scale_colour(scale, (step + 0.5) / steps))}"/>')
    out.append(f'<rect x="{left:.1f}" y="{top:.1f}" width="{thick:g}" height="'
               f'{bottom - top:.1f}"{line_attributes("#505a5f", 1)}/>')
    ticks = items(bar.get("tickvals"))
    words = items(bar.get("ticktext"))
    if not ticks:
        ticks = [low + span * i / 4 for i in range(5)]
        words = [f"{t:.3g}" for t in ticks]
    for value, word in zip(ticks, words, strict=False):
        at = number(value)
        if at is not None:
            y = bottom - (at - low) / span * (bottom - top)
            out.append(label(left + thick + 6, y, word, size))
    return "".join(out)


def _text_box(layout: Mapping[str, Any], note: Mapping[str, Any], axes: Axes,
              box: Box, size: float) -> str:
    x = position(str(note.get("xref") or "paper"), note.get("x"), "x", axes, box)
    y = position(str(note.get("yref") or "paper"), note.get("y"), "y", axes, box)
    if x is None or y is None:
        return ""
    anchor = {"left": "start", "right": "end"}.get(str(note.get("xanchor")), "middle")
    baseline = {"bottom": "auto", "top": "hanging"}.get(str(note.get("yanchor")), "middle")
    font = note.get("font") or {}
    return label(x, y - (2 if baseline == "auto" else 0), note.get("text"),
                 float(font.get("size") or size), str(font.get("color") or ""), anchor, baseline)


def _shape(shape: Mapping[str, Any], axes: Axes,
           box: Box) -> str:
    if shape.get("type", "line") != "line":
        return ""
    found = [position(str(shape.get(f"{letter}ref") or "paper"), shape.get(f"{letter}{n}"),
                      letter, axes, box) for n in "01" for letter in "xy"]
    ends = [end for end in found if end is not None]
    if len(ends) < 4:
        return ""
    line = shape.get("line") or {}
    return ('<path d="M{:.1f},{:.1f}L{:.1f},{:.1f}"'.format(*ends)
            + line_attributes(str(line.get("color") or "#444"), float(line.get("width") or 2),
                              line.get("dash")) + "/>")


def _margins(layout: Mapping[str, Any], axes: Axes, traces: Sequence[Mapping[str, Any]],
             width: float, height: float, size: float) -> list[float]:
    """[left, top, right, bottom] margins, grown as plotly's automargin grows them."""
    margin = layout.get("margin") or {}
    left, top, right, bottom = (float(margin.get(k, d)) for k, d in
                                (("l", 80), ("t", 100), ("r", 80), ("b", 80)))
    trial = (left, top, width - right, height - bottom)
    for name in axes.names():
        axis = layout.get(name) or {}
        if not axis.get("automargin") or not axis.get("showticklabels", True):
            continue
        ticks = axes.scale(name, trial).ticks()
        titled = bool((axis.get("title") or {}).get("text"))
        extra = (size * 1.3 + float((axis.get("title") or {}).get("standoff") or 10)) \
            if titled else 0
        if name[0] == "y" and (axis.get("domain") or [0])[0] <= 0.01:
            widest = max((text_width(t, size) for _p, t in ticks), default=0)
            left = max(left, widest + TICK + 8 + extra)
        elif name[0] == "x" and axis.get("side") != "top":
            bottom = max(bottom, size * 1.4 + TICK + 4 + extra)
    bar = _colourbar(traces)
    if bar is not None:
        right += _colourbar_width(bar, size)
    axes.scales.clear()
    return [left, top, right, bottom]


def figure_svg(figure: Mapping[str, Any], width: int = WIDTH,
               geojson: GeoJSON | None = None) -> str:
    """``figure`` (a plotly figure as plain data) as an SVG element; ``geojson`` reads a
    boundary file a map names by its address."""
    layout = _layout(figure)
    traces = [t for t in figure.get("data") or [] if t.get("visible", True) is True]
    height = float(layout.get("height") or GRAPH_HEIGHT)
    font = layout.get("font") or {}
    size, ink = float(font.get("size") or 12), str(font.get("color") or "#444")
    flat = [t for t in traces if t.get("type") not in GEO_TRACES]
    axes = Axes(layout, flat)
    width = max(width, _grid_width(flat, size))
    left, top, right, bottom = _margins(layout, axes, traces, width, height, size)
    key = layout.get("legend") or {}
    rows, legend_height = legend(_legend_entries(layout, traces), left, width - left - 8, size)
    high = float(key.get("y", 1.02)) >= 1
    noted = any(str(n.get("yanchor")) == "bottom" and number(n.get("y")) == 1
                for n in layout.get("annotations") or [])
    if legend_height and high:
        top = max(top, legend_height + (size * 1.4 if noted else 8) + 4)
    elif legend_height:
        bottom = max(bottom, legend_height + 8)
    box = (left, top, width - right, height - bottom)
    grids, lines, marks = [], [], []
    for name in axes.names() if flat else []:
        grid, line = axis_svg(name, axes, box, size, ink)
        grids.append(grid)
        lines.append(line)
    draw = {"scatter": scatter_svg, "bar": bar_svg, "heatmap": heatmap_svg}
    for trace in flat:
        drawer = draw.get(str(trace.get("type") or "scatter"))
        if drawer is not None:
            marks.append(drawer(trace, axes.scale(f"xaxis{str(trace.get('xaxis') or 'x')[1:]}",
                                                  box),
                                axes.scale(f"yaxis{str(trace.get('yaxis') or 'y')[1:]}", box)))
    marks.append(geo_svg([t for t in traces if t.get("type") in GEO_TRACES], box, size, geojson))
    marks += [_shape(s, axes, box) for s in layout.get("shapes") or []]
    marks += [_text_box(layout, n, axes, box, size) for n in layout.get("annotations") or []]
    if legend_height:
        start = top - legend_height - (size * 1.4 if noted else 8) if high else height - \
            legend_height - 4
        marks.append(legend_svg(rows, start, size))
    bar = _colourbar(traces)
    if bar is not None:
        marks.append(_colourbar_svg(bar, width - right + 10, top, height - bottom, size))
    family = escape(str(font.get("family") or "Arial, sans-serif"))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="painted-chart" viewBox="0 0 '
            f'{width} {height:g}" width="100%" style="max-width: {width}px" '
            f'font-family="{family}" fill="{escape(ink)}" aria-hidden="true">'
            f'<rect width="{width}" height="{height:g}" fill="'
            f'{escape(str(layout.get("paper_bgcolor") or "white"))}"/>'
            + "".join(grids + marks + lines) + "</svg>")
