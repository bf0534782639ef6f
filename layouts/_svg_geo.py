"""The map of the painted charts (:mod:`layouts._svg_chart`): ``choropleth`` areas and
``scattergeo`` labels on a Mercator projection fitted to the areas drawn, as plotly.js draws a
``geo`` subplot with ``fitbounds="locations"`` and no base map.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from html import escape
from typing import Any

from layouts._svg_axes import colour_range, items, number
from layouts._svg_marks import label, scale_colour, tooltip

GeoJSON = Callable[[str], Mapping[str, Any] | None]
Box = tuple[float, float, float, float]  # left, top, right, bottom in pixels
GEO_TRACES = frozenset({"choropleth", "scattergeo"})


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    latitude = max(min(lat, 85.0), -85.0)
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


def _rings(geometry: Mapping[str, Any]) -> Iterator[list[Any]]:
    coordinates = geometry.get("coordinates") or []
    if geometry.get("type") == "Polygon":
        yield from coordinates
    elif geometry.get("type") == "MultiPolygon":
        for polygon in coordinates:
            yield from polygon


def _feature_key(feature: Mapping[str, Any], path: str) -> str:
    found: Any = feature
    for part in path.split("."):
        found = found.get(part) if isinstance(found, Mapping) else None
    return "" if found is None else str(found)


def _collection(trace: Mapping[str, Any], geojson: GeoJSON | None) -> Mapping[str, Any]:
    source = trace.get("geojson")
    if isinstance(source, Mapping):
        return source
    return (geojson(str(source)) if geojson and source else None) or {}


def _areas(trace: Mapping[str, Any],
           geojson: GeoJSON | None) -> list[tuple[list[list[Any]], str, str]]:
    """(rings, fill, hover text) of each located area of a choropleth trace."""
    key = str(trace.get("featureidkey") or "id")
    features = {_feature_key(f, key): f for f in _collection(trace, geojson).get("features", [])}
    locations, values = items(trace.get("locations")), items(trace.get("z"))
    hovers = items(trace.get("hovertext")) or items(trace.get("text"))
    found = [number(v) for v in values]
    low, high = colour_range(trace)
    span = high - low
    out = []
    for index, location in enumerate(locations):
        feature = features.get(str(location))
        if feature is None:
            continue
        value = found[index] if index < len(found) else None
        at = 0.0 if value is None or not span else (value - low) / span
        fill = scale_colour(trace.get("colorscale") or [], at) if value is not None \
            else "#ffffff"
        out.append((list(_rings(feature.get("geometry") or {})), fill,
                    hovers[index] if index < len(hovers) else ""))
    return out


def geo_svg(traces: Sequence[Mapping[str, Any]], box: Box, size: float,
            geojson: GeoJSON | None) -> str:
    """Every geo trace of a figure, drawn in ``box``."""
    shapes = [(trace, _areas(trace, geojson)) for trace in traces
              if trace.get("type") == "choropleth"]
    labels = [trace for trace in traces if trace.get("type") == "scattergeo"]
    points = [_mercator(float(lon), float(lat)) for _t, areas in shapes
              for rings, _f, _h in areas for ring in rings for lon, lat, *_ in ring]
    for trace in labels:
        points += [_mercator(lon, lat) for lon, lat in zip(
            map(number, items(trace.get("lon"))), map(number, items(trace.get("lat"))),
            strict=False) if lon is not None and lat is not None]
    if not points:
        return ""
    left, top, right, bottom = box
    x0, x1 = min(p[0] for p in points), max(p[0] for p in points)
    y0, y1 = min(p[1] for p in points), max(p[1] for p in points)
    scale = min((right - left) / ((x1 - x0) or 1), (bottom - top) / ((y1 - y0) or 1))
    mid_x, mid_y = (left + right) / 2, (top + bottom) / 2

    def place(lon: float, lat: float) -> tuple[float, float]:
        x, y = _mercator(lon, lat)
        return mid_x + (x - (x0 + x1) / 2) * scale, mid_y - (y - (y0 + y1) / 2) * scale

    out = []
    for trace, areas in shapes:
        edge = (trace.get("marker") or {}).get("line") or {}
        stroke = (f' stroke="{escape(str(edge.get("color", "#ffffff")))}"'
                  f' stroke-width="{number(edge.get("width", 1)) or 0:g}"')
        for rings, fill, hover in areas:
            path = "".join("M" + "L".join("{:.1f},{:.1f}".format(*place(p[0], p[1]))
                                          for p in ring) + "Z" for ring in rings)
            out.append(f'<path d="{path}" fill="{escape(fill)}" fill-rule="evenodd"{stroke}>'
                       f"{tooltip(hover)}</path>")
    for trace in labels:
        font = trace.get("textfont") or {}
        colours = items(font.get("color")) or ["#0b0c0c"]
        for index, (lon, lat, text) in enumerate(zip(
                items(trace.get("lon")), items(trace.get("lat")), items(trace.get("text")),
                strict=False)):
            if number(lon) is None or number(lat) is None:
                continue
            x, y = place(float(lon), float(lat))
            colour = str(colours[index] if index < len(colours) else colours[0])
            out.append(label(x, y, text, float(font.get("size") or size), colour, "middle"))
    return "".join(out)
