"""Charts painted as SVG on the server draw the figures the pages send, readably and safely."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import plotly.graph_objects as go
import pytest

from domain.boundaries import BOUNDARIES_URL_PATH, district_boundaries, district_centroids
from layouts._compare_figures import rug_figure, rug_grid
from layouts._district_figures import district_map, ranked_bars, trend_multiples
from layouts._figures import series_figure
from layouts._svg_chart import WIDTH, figure_svg
from services.catalogue import catalogue
from services.compare_view import rug_view
from services.district_view import district_view
from settings import Settings
from store.engine import make_engine

from .test_figures import COMPARATORS, QUARTERS

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def views(seed_store: Settings) -> Iterator[dict[str, Any]]:
    engine = make_engine(seed_store.database_url)
    with engine.connect() as conn:
        yield {"rate": district_view(conn, catalogue()["cp_plans_rate"]),
               "rug": rug_view(conn)}
    engine.dispose()


def _drawn(figure: go.Figure | dict[str, Any]) -> ET.Element:
    data = figure.to_plotly_json() if isinstance(figure, go.Figure) else figure
    text = figure_svg(data, geojson=lambda address: district_boundaries()
                      if address == BOUNDARIES_URL_PATH else None)
    return ET.fromstring(text)  # well-formed XML: every text escaped


def _texts(svg: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in svg.iter(f"{SVG}text")]


def _tips(svg: ET.Element) -> list[str]:
    return [node.text or "" for node in svg.iter(f"{SVG}title")]


def test_a_series_draws_its_points_intervals_axes_and_legend() -> None:
    svg = _drawn(series_figure(QUARTERS, COMPARATORS, "Lancashire", "per 10,000", 1, "rate"))
    tips = _tips(svg)
    assert [t for t in tips if t.startswith("Q")] == ["Q1 2016/17: 63.7", "Q2 2016/17: 70.6",
                                                       "Q3 2016/17: 66.4"]
    texts = _texts(svg)
    assert "per 10,000" in texts and "End of period" in texts
    assert any(t.startswith("Lancashire (quarterly") for t in texts)
    assert any(t.startswith("England") for t in texts)
    ticks = [(float(node[0].get("y") or 0), float(t)) for node, t in zip(
        svg.iter(f"{SVG}text"), texts, strict=True) if re.fullmatch(r"\d+", t)]
    assert len(ticks) >= 3
    assert [value for _y, value in sorted(ticks)] == sorted((v for _y, v in ticks), reverse=True)


def _bars(svg: ET.Element) -> list[tuple[str, float, float, float]]:
    return [((node.findtext(f"{SVG}title") or "").split(":")[0], float(node.get("y") or 0),
             float(node.get("x") or 0), float(node.get("width") or 0))
            for node in svg.iter(f"{SVG}rect") if node.find(f"{SVG}title") is not None]


def test_ranked_bars_run_from_zero_in_the_figure_order(views: dict[str, Any]) -> None:
    figure = ranked_bars(views["rate"])
    bars = _bars(_drawn(figure))
    order = [name.rstrip(" \u2020") for name in figure.layout.yaxis.categoryarray]
    assert [name for name, *_ in sorted(bars, key=lambda bar: bar[1])] == order
    values = {trace_name: value for trace in figure.data
              for trace_name, value in zip(trace.hovertext, trace.x, strict=True)}
    by_name = {name: width for name, _y, _x, width in bars}
    assert len({round(x) for _n, _y, x, _w in bars}) == 1  # every bar starts at zero
    first, last = sorted(values.items(), key=lambda item: item[1])[::len(values) - 1]
    ratio = by_name[first[0].split(":")[0]] / by_name[last[0].split(":")[0]]
    assert ratio == pytest.approx(first[1] / last[1], rel=0.02)


def test_the_map_draws_every_district_in_its_colour_with_its_number(
        views: dict[str, Any]) -> None:
    figure = district_map(views["rate"], BOUNDARIES_URL_PATH, district_centroids())
    svg = _drawn(figure)
    areas = [node for node in svg.iter(f"{SVG}path") if node.get("fill-rule") == "evenodd"]
    assert len(areas) == 12
    colours = {trace.colorscale[0][1] for trace in figure.data if trace.type == "choropleth"}
    assert {node.get("fill") for node in areas} == colours
    labels = [node for node in svg.iter(f"{SVG}text") if node.get("text-anchor") == "middle"
              and len(node) == 2 and node[0].get("font-weight") == "bold"]
    assert sorted(int(node[0].text or 0) for node in labels) == list(range(1, 13))
    coordinates = [float(c) for node in areas
                   for c in re.findall(r"-?\d+\.\d", node.get("d") or "")]
    assert min(coordinates) >= 0 and max(coordinates) <= WIDTH


def test_the_rug_draws_a_cell_per_area_and_indicator_with_its_text(
        views: dict[str, Any]) -> None:
    labels, columns, _codes, texts, _hovers = rug_grid(views["rug"])
    svg = _drawn(rug_figure(views["rug"]))
    cells = [node for node in svg.iter(f"{SVG}rect") if node.find(f"{SVG}title") is not None]
    assert len(cells) == len(labels) * len(columns)
    drawn = _texts(svg)
    assert all(text in drawn for row in texts for text in row)
    width = float((svg.get("viewBox") or "").split()[2])
    assert width / len(columns) > max(len(t) for row in texts for t in row) * 5


def test_small_multiples_title_every_area_and_label_the_left_column(
        views: dict[str, Any]) -> None:
    svg = _drawn(trend_multiples(views["rate"]))
    texts = _texts(svg)
    assert all(name in texts for name in views["rate"].areas["area_name"])
    lines = [node for node in svg.iter(f"{SVG}path")
             if node.get("stroke") == "#1d70b8" and "L" in (node.get("d") or "")]
    assert len(lines) == 12
    width = float((svg.get("viewBox") or "").split()[2])
    y_labels = [node for node in svg.iter(f"{SVG}text") if node.get("text-anchor") == "end"]
    assert y_labels and all(float(node[0].get("x") or 0) < width / 4 for node in y_labels)


def test_hostile_names_are_written_as_text_and_markup_is_read_as_plotly_reads_it() -> None:
    figure = {"data": [{"type": "bar", "x": [1, 2], "y": ["<script>alert(1)</script>", "a&b"],
                        "orientation": "h", "name": '"><img src=x onerror=alert(1)>',
                        "hovertext": ["<b>x</b> & y", "z"]},
                       {"type": "scatter", "x": [1], "y": ["a&b"], "name": "second"}],
              "layout": {"title": {"text": "t"}, "yaxis": {"title": {"text": "<i>&</i>"}}}}
    text = figure_svg(figure)
    assert "<script" not in text and "<img" not in text and "onerror=alert(1)>" not in text
    svg = ET.fromstring(text)
    assert "alert(1)" in _texts(svg) and "a&b" in _texts(svg)  # tags dropped, as plotly.js
    assert "x & y" in _tips(svg)
    hostile = '#fff" onload="alert(1)'
    painted = figure_svg({"data": [
        {"type": "bar", "x": [1], "y": ["a"], "marker": {"color": hostile,
                                                        "line": {"color": hostile}}},
        {"type": "scatter", "x": [1], "y": ["a"], "line": {"color": hostile},
         "marker": {"color": hostile, "symbol": "diamond"}, "name": "b"}],
        "layout": {"shapes": [{"type": "line", "x0": 1, "x1": 1, "y0": 0, "y1": 1,
                               "xref": "x", "yref": "y domain", "line": {"color": hostile}}]}})
    assert 'onload="' not in painted and ET.fromstring(painted) is not None


def test_unknown_traces_and_empty_figures_draw_an_empty_frame() -> None:
    svg = _drawn({"data": [{"type": "pie", "values": [1, 2]}], "layout": {"height": 200}})
    assert svg.get("viewBox") == f"0 0 {WIDTH} 200"
    assert not list(svg.iter(f"{SVG}title"))
    assert _drawn({"data": [], "layout": {}}).get("viewBox") == f"0 0 {WIDTH} 450"
