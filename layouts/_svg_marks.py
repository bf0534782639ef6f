"""The marks of the painted charts (:mod:`layouts._svg_chart`): text, markers, line dashes,
colour scales and the legend, written as SVG elements.

Every text a figure carries is escaped here; plotly's own markup in texts (``<br>`` for a new
line, ``<b>`` for bold) is read, and any other tag dropped, as plotly.js draws it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from html import escape
from typing import Any

#: Average advance of a character, in ems, for Arial (the pages' chart font).
_NARROW, _WIDE = frozenset("il.,:;'|!1 ()[]ftjrI"), frozenset("mwMW@%")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
DASHES = {"dot": "3,3", "dash": "9,9", "longdash": "15,6", "dashdot": "9,3,3,3",
          "longdashdot": "15,3,3,3"}
#: A symbol's outline for size 1 (a unit half-size), as plotly.js draws it.
_SHAPES = {
    "square": "M-1,-1H1V1H-1Z",
    "diamond": "M-1.3,0L0,-1.3L1.3,0L0,1.3Z",
    "triangle-up": "M-1.15,0.67H1.15L0,-1.33Z",
    "triangle-down": "M-1.15,-0.67H1.15L0,1.33Z",
    "x": "M-1,-1L1,1M1,-1L-1,1",
}


def text_width(text: str, size: float) -> float:
    """The width of ``text`` in pixels at ``size`` (an estimate for Arial)."""
    ems = sum(0.28 if c in _NARROW else 0.85 if c in _WIDE else
              0.67 if c.isupper() else 0.55 for c in text)
    return ems * size


def text_lines(text: Any) -> list[tuple[str, bool]]:
    """A plotly text as its lines: (plain text, bold)."""
    lines = []
    for part in _BREAK.split("" if text is None else str(text)):
        bold = part.strip().lower().startswith("<b>")
        lines.append((_TAG.sub("", part), bold))
    return lines


def label(x: float, y: float, text: Any, size: float, colour: str = "", anchor: str = "start",
          baseline: str = "middle", rotate: float = 0, bold: bool = False) -> str:
    """A text element: each of plotly's lines a line, centred on ``y`` as a block."""
    lines = text_lines(text)
    if not any(line for line, _b in lines):
        return ""
    height = size * 1.2
    first = {"middle": -(len(lines) - 1) * height / 2, "hanging": 0.0,
             "auto": -(len(lines) - 1) * height}.get(baseline, 0.0)
    heavy = ' font-weight="bold"'
    shift = {"middle": "0.35em", "hanging": "0.8em", "auto": "0"}.get(baseline, "0")
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{y + first + i * height:.1f}" dy="{shift}"'
        f'{heavy if bold or b else ""}>{escape(line)}</tspan>'
        for i, (line, b) in enumerate(lines))
    turn = f' transform="rotate({rotate:g} {x:.1f} {y:.1f})"' if rotate else ""
    fill = f' fill="{escape(colour)}"' if colour else ""
    return f'<text font-size="{size:g}" text-anchor="{anchor}"{fill}{turn}>{spans}</text>'


def tooltip(text: Any) -> str:
    """A mark's hover text (the browser's own tooltip)."""
    words = " ".join(line for line, _b in text_lines(text) if line)
    return f"<title>{escape(words)}</title>" if words else ""


def dash_array(dash: Any) -> str:
    """``stroke-dasharray`` for a plotly line dash."""
    pattern = DASHES.get(str(dash or "solid"), "")
    return f' stroke-dasharray="{pattern}"' if pattern else ""


def line_attributes(colour: str, width: float, dash: Any = None) -> str:
    """Stroke attributes of a plotly line."""
    return (f' fill="none" stroke="{escape(colour)}" stroke-width="{width:g}"'
            f"{dash_array(dash)}")


def marker(x: float, y: float, symbol: Any, size: float, colour: str,
           edge: str = "", edge_width: float = 0, hover: Any = None) -> str:
    """A plotly marker (``size`` is its diameter); ``-open`` symbols are outlines."""
    name = str(symbol or "circle")
    hollow = name.endswith("-open")
    name = name.removesuffix("-open")
    radius = size / 2
    stroke = edge or colour
    width = edge_width or (1.5 if hollow or name == "x" else 0)
    paint = (f' fill="{"none" if hollow or name == "x" else escape(colour)}"'
             f' stroke="{escape(stroke)}" stroke-width="{width:g}"')
    title = tooltip(hover)
    if name not in _SHAPES:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}"{paint}>{title}</circle>'
    scale = f"translate({x:.1f} {y:.1f}) scale({radius:.2f})"
    return (f'<path d="{_SHAPES[name]}" transform="{scale}" vector-effect="non-scaling-stroke"'
            f"{paint}>{title}</path>")


def _rgb(colour: str) -> tuple[float, float, float]:
    text = colour.strip().lower()
    if text.startswith("#") and len(text) in (4, 7):
        digits = text[1:] if len(text) == 7 else "".join(c * 2 for c in text[1:])
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    found = re.findall(r"[\d.]+", text)
    if text.startswith("rgb") and len(found) >= 3:
        return (float(found[0]), float(found[1]), float(found[2]))
    return {"white": (255, 255, 255), "black": (0, 0, 0)}.get(text, (128, 128, 128))


def scale_colour(colourscale: Sequence[Sequence[Any]], at: float) -> str:
    """The colour a plotly colour scale gives at ``at`` (0 to 1), interpolated."""
    stops = [(float(position), str(colour)) for position, colour in colourscale]
    if not stops:
        return "#b1b4b6"
    at = min(max(at, 0.0), 1.0)
    for (p0, c0), (p1, c1) in zip(stops, stops[1:], strict=False):
        if p0 <= at <= p1:
            if c0 == c1 or p1 == p0:
                return c1 if at == p1 and p1 != p0 else c0
            share = (at - p0) / (p1 - p0)
            mixed = [a + (b - a) * share for a, b in zip(_rgb(c0), _rgb(c1), strict=True)]
            return "rgb({},{},{})".format(*(round(v) for v in mixed))
    return stops[-1][1] if at >= stops[-1][0] else stops[0][1]


def ink_on(fill: str) -> str:
    """Black or white text, whichever reads on ``fill`` (relative luminance)."""
    red, green, blue = (c / 255 for c in _rgb(fill))
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
              for c in (red, green, blue)]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#0b0c0c" if luminance > 0.18 else "#ffffff"


def legend_sample(kind: str, trace: dict[str, Any], x: float, y: float) -> str:
    """The small drawing in front of a legend entry: a line, a marker or a swatch."""
    line = trace.get("line") or {}
    mark = trace.get("marker") or {}
    colour = str(line.get("color") or (mark.get("color") if isinstance(mark.get("color"), str)
                                       else "") or "#1d70b8")
    if kind in ("bar", "choropleth"):
        fill = colour if kind == "bar" else scale_colour(trace.get("colorscale") or [], 1.0)
        edge = (mark.get("line") or {}).get("color") or fill
        return (f'<rect x="{x + 10:.1f}" y="{y - 6:.1f}" width="12" height="12"'
                f' fill="{escape(str(fill))}" stroke="{escape(str(edge))}"/>')
    mode = str(trace.get("mode") or "lines+markers")
    out = ""
    if "lines" in mode:
        pen = line_attributes(colour, min(float(line.get("width") or 2), 3), line.get("dash"))
        out += f'<path d="M{x + 2:.1f},{y:.1f}h28"{pen}/>'
    if "markers" in mode:
        fill = str(mark["color"]) if isinstance(mark.get("color"), str) else colour
        out += marker(x + 16, y, mark.get("symbol"), min(float(mark.get("size") or 6), 12),
                      fill, str((mark.get("line") or {}).get("color") or ""))
    return out


def legend(entries: Sequence[tuple[str, dict[str, Any]]], left: float, width: float,
           size: float) -> tuple[list[list[tuple[str, dict[str, Any], float]]], float]:
    """Legend entries laid out in rows within ``width``: (rows of (name, trace, x), height)."""
    rows: list[list[tuple[str, dict[str, Any], float]]] = [[]]
    at = left
    for name, trace in entries:
        step = 40 + text_width(name, size) + 10
        if rows[-1] and at + step > left + width:
            rows.append([])
            at = left
        rows[-1].append((name, trace, at))
        at += step
    count = len(rows) if rows[0] else 0
    return rows, math.ceil(count * size * 1.45 + (6 if count else 0))


def legend_svg(rows: Sequence[Sequence[tuple[str, dict[str, Any], float]]], top: float,
               size: float) -> str:
    """The laid-out legend, its first row's middle ``size`` below ``top``."""
    out = []
    for number, row in enumerate(rows):
        y = top + 3 + size * 0.7 + number * size * 1.45
        for name, trace, x in row:
            out.append(legend_sample(str(trace.get("type") or "scatter"), trace, x, y))
            out.append(label(x + 40, y, name, size))
    return "".join(out)
