"""The cartesian frame of the painted charts (:mod:`layouts._svg_chart`): every axis of a
figure scaled into its plot area (subplot domains, matched axes, reversed and category axes),
positions in data, axis-domain and paper coordinates, and each axis drawn with its line,
ticks, tick labels, grid and title.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from layouts._svg_axes import Scale, data_range, date_ms, items, kind_of, number
from layouts._svg_marks import label, line_attributes, text_width

AXIS_KEY = re.compile(r"^([xy])axis(\d*)$")
TICK = 5
Box = tuple[float, float, float, float]  # left, top, right, bottom in pixels


def _axis_values(trace: Mapping[str, Any], letter: str) -> tuple[list[Any], list[float]]:
    """A trace's values on its ``letter`` axis, and the extents its error bars reach."""
    kind = trace.get("type") or "scatter"
    values = items(trace.get(letter))
    if kind == "heatmap" and not values:
        rows = items(trace.get("z"))
        values = list(range(len(rows[0]) if letter == "x" and rows else len(rows)))
    errors = trace.get(f"error_{letter}") or {}
    extents: list[float] = []
    if errors and errors.get("visible", True):
        plus = items(errors.get("array"))
        minus = items(errors.get("arrayminus")) if errors.get("symmetric") is False else plus
        for index, value in enumerate(values):
            at = number(value)
            if at is not None:
                extents += [at + (number(plus[index]) or 0) if index < len(plus) else at,
                            at - (number(minus[index]) or 0) if index < len(minus) else at]
    return values, extents


class Axes:
    """Every cartesian axis of a figure, scaled into the plot area."""

    def __init__(self, layout: Mapping[str, Any], traces: Sequence[Mapping[str, Any]]) -> None:
        self.layout = layout
        self.values: dict[str, list[Any]] = {}
        self.extents: dict[str, list[float]] = {}
        self.padded: set[str] = set()
        self.zero: set[str] = set()
        for trace in traces:
            for letter in "xy":
                name = self.root(f"{letter}axis{str(trace.get(f'{letter}axis') or letter)[1:]}")
                values, extents = _axis_values(trace, letter)
                self.values.setdefault(name, []).extend(values)
                self.extents.setdefault(name, []).extend(extents)
                kind = trace.get("type") or "scatter"
                value_letter = "x" if trace.get("orientation") == "h" else "y"
                if kind == "bar" and letter == value_letter:
                    self.zero.add(name)
                elif kind == "scatter" and "markers" in str(trace.get("mode") or "markers"):
                    self.padded.add(name)
        for shape in layout.get("shapes") or []:
            for letter in "xy":
                ref = str(shape.get(f"{letter}ref") or "")
                if AXIS_KEY.match(ref[:1] + "axis" + ref[1:]) and " " not in ref:
                    name = self.root(f"{letter}axis{ref[1:]}")
                    self.extents.setdefault(name, []).extend(
                        v for v in (number(shape.get(f"{letter}0")),
                                    number(shape.get(f"{letter}1"))) if v is not None)
        self.scales: dict[str, Scale] = {}
        self.ranges: dict[str, tuple[str, list[str], float, float]] = {}

    def root(self, name: str) -> str:
        seen = {name}
        while (match := (self.layout.get(name) or {}).get("matches")) and \
                (lead := f"{name[0]}axis{str(match)[1:]}") not in seen:
            name = lead
            seen.add(name)
        return name

    def names(self) -> list[str]:
        found = {k for k in self.layout if AXIS_KEY.match(k)} | set(self.values)
        return sorted(found, key=lambda n: (n[0], int(n[5:] or 1)))

    def _range(self, name: str, axis: Mapping[str, Any]) -> tuple[str, list[str], float, float]:
        """(kind, categories, low, high) of an axis, shared by every axis matching it."""
        root = self.root(name)
        if root in self.ranges:
            return self.ranges[root]
        raw = self.values.get(root, [])
        kind = str(axis.get("type") or kind_of(raw))
        categories: list[str] = []
        if kind == "category":
            ordered = [str(c) for c in items(axis.get("categoryarray"))] \
                if axis.get("categoryorder") == "array" else []
            categories = list(dict.fromkeys(ordered + [str(v) for v in raw if v is not None]))
            low, high = -0.5, len(categories) - 0.5
        else:
            read = date_ms if kind == "date" else number
            found = [v for v in map(read, raw) if v is not None] + self.extents.get(root, [])
            low, high = data_range(found, root in self.padded, root in self.zero)
            if isinstance(axis.get("range"), list) and len(axis["range"]) == 2:
                low, high = (read(v) or 0.0 for v in axis["range"])
        self.ranges[root] = (kind, categories, low, high)
        return self.ranges[root]

    def scale(self, name: str, box: Box) -> Scale:
        if name in self.scales:
            return self.scales[name]
        axis = self.layout.get(name) or {}
        kind, categories, low, high = self._range(name, axis)
        domain = axis.get("domain") or [0, 1]
        left, top, right, bottom = box
        if name[0] == "x":
            start, end = left + domain[0] * (right - left), left + domain[1] * (right - left)
        else:
            start, end = bottom - domain[0] * (bottom - top), bottom - domain[1] * (bottom - top)
        if axis.get("autorange") == "reversed":
            start, end = end, start
        scale = Scale(kind, low, high, start, end, categories, str(axis.get("tickformat") or ""),
                      int(axis.get("nticks") or 0), name[0] == "y")
        self.scales[name] = scale
        return scale


def position(ref: str, value: Any, letter: str, axes: Axes,
              box: Box) -> float | None:
    left, top, right, bottom = box
    name = f"{letter}axis{ref.split(' ')[0][1:]}"
    if ref == "paper":
        at = number(value) or 0.0
        return left + at * (right - left) if letter == "x" else bottom - at * (bottom - top)
    scale = axes.scale(name, box)
    if ref.endswith(" domain"):
        share = number(value) or 0.0
        if letter == "x":
            return scale.start + share * (scale.end - scale.start)
        return max(scale.start, scale.end) - share * abs(scale.end - scale.start)
    return scale.position(value)


def axis_svg(name: str, axes: Axes, box: Box,
              size: float, ink: str) -> tuple[str, str]:
    """(grid lines, axis line with ticks, labels and title) of one axis."""
    axis = axes.layout.get(name) or {}
    scale = axes.scale(name, box)
    other = axes.scale(f"{'y' if name[0] == 'x' else 'x'}axis"
                       f"{str(axis.get('anchor') or '')[1:]}", box)
    lo, hi = sorted((other.start, other.end))
    colour = str(axis.get("linecolor") or ink)
    grid, out = [], []
    ticks = scale.ticks()
    top_side = axis.get("side") == "top"
    at = (lo if top_side else hi) if name[0] == "x" else lo
    pen = line_attributes(colour, 1)
    if axis.get("showline"):
        path = f"M{scale.start:.1f},{at:.1f}H{scale.end:.1f}" if name[0] == "x" else \
            f"M{at:.1f},{scale.start:.1f}V{scale.end:.1f}"
        out.append(f'<path d="{path}"{pen}/>')
    tick = TICK if axis.get("ticks") == "outside" else 0
    angle = float(axis.get("tickangle") or 0)
    for pixel, text in ticks:
        if axis.get("showgrid"):
            grid.append(f'<path d="M{pixel:.1f},{lo:.1f}V{hi:.1f}"' if name[0] == "x" else
                        f'<path d="M{lo:.1f},{pixel:.1f}H{hi:.1f}"')
            grid[-1] += line_attributes(str(axis.get("gridcolor") or "#e6e6e6"), 1) + "/>"
        if name[0] == "x":
            edge = at - tick if top_side else at + tick
            if tick:
                out.append(f'<path d="M{pixel:.1f},{at:.1f}V{edge:.1f}"{pen}/>')
            if axis.get("showticklabels", True):
                out.append(label(pixel, edge - 4, text, size, anchor="start", baseline="auto",
                                 rotate=angle) if top_side else
                           label(pixel, edge + 3, text, size, anchor="middle",
                                 baseline="hanging", rotate=angle))
        else:
            if tick:
                out.append(f'<path d="M{at - tick:.1f},{pixel:.1f}H{at:.1f}"{pen}/>')
            if axis.get("showticklabels", True):
                out.append(label(at - tick - 4, pixel, text, size, anchor="end"))
    title = (axis.get("title") or {}).get("text")
    if title:
        standoff = float((axis.get("title") or {}).get("standoff") or 10)
        if name[0] == "x":
            out.append(label((scale.start + scale.end) / 2, at + tick + size * 1.2 + standoff,
                             title, size, anchor="middle", baseline="hanging"))
        else:
            width = max((text_width(t, size) for _p, t in ticks), default=0)
            x = at - tick - 4 - width - standoff
            out.append(label(x, (scale.start + scale.end) / 2, title, size, anchor="middle",
                             rotate=-90))
    return "".join(grid), "".join(out)
