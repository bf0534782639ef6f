"""Figures and tables of the Districts and Compare pages, built from the seeded store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest
from dash import html

from domain.boundaries import (
    BOUNDARIES_PATH,
    BOUNDARY_ATTRIBUTION,
    district_boundaries,
    district_centroids,
)
from layouts._compare_figures import CATEGORIES, rug_figure, rug_grid, rug_table_frame
from layouts._district_figures import (
    DAGGER,
    district_map,
    funnel_plot,
    ordered,
    ranked_bars,
    trend_multiples,
)
from layouts._districts_components import (
    area_table_frame,
    attribution,
    county_comparison,
    funnel_table_frame,
    trend_table_frame,
)
from services.catalogue import catalogue
from services.compare_view import RugView, rug_view
from services.district_view import DistrictView, district_view
from settings import Settings
from store.engine import make_engine

SHARED_BOUNDARIES = (Path(__file__).resolve().parents[3] / "shared" / "data"
                     / "ons_lad_may2024_bsc_lancashire12.geojson")


@pytest.fixture(scope="module")
def views(seed_store: Settings) -> Iterator[dict[str, Any]]:
    engine = make_engine(seed_store.database_url)
    with engine.connect() as conn:
        yield {
            "rate": district_view(conn, catalogue()["cp_plans_rate"]),
            "count": district_view(conn, catalogue()["cp_plans_number"]),
            "footprints": district_view(conn, catalogue()["cla_rate"], None, "footprints"),
            "rug": rug_view(conn),
        }
    engine.dispose()


def test_boundaries_are_the_ons_file_unchanged_with_the_districts() -> None:
    if SHARED_BOUNDARIES.exists():
        assert BOUNDARIES_PATH.read_bytes() == SHARED_BOUNDARIES.read_bytes()
    collection = district_boundaries()
    codes = sorted(f["properties"]["LAD24CD"] for f in collection["features"])
    assert codes == [f"E070001{n}" for n in range(17, 29)]
    assert district_centroids()["E07000123"] == pytest.approx((-2.7, 53.8), abs=0.2)
    assert "OGL v3.0" in BOUNDARY_ATTRIBUTION and "Crown copyright" in BOUNDARY_ATTRIBUTION
    assert attribution().children == BOUNDARY_ATTRIBUTION


def test_map_draws_the_boundaries_without_a_base_map(views: dict[str, Any]) -> None:
    view: DistrictView = views["rate"]
    figure = district_map(view, district_boundaries(), district_centroids())
    shapes = [t for t in figure.data if isinstance(t, go.Choropleth)]
    assert shapes and all(t.featureidkey == "properties.LAD24CD" for t in shapes)
    assert sorted(c for t in shapes for c in t.locations) == sorted(view.areas["area_code"])
    assert {t.name for t in shapes} <= {"Better than Lancashire", "Similar to Lancashire",
                                        "Worse than Lancashire"}
    geo = figure.layout.geo
    assert (geo.visible, geo.fitbounds) == (False, "locations")
    labels = next(t for t in figure.data if isinstance(t, go.Scattergeo))
    assert len(labels.text) == 12 and all(text.endswith(DAGGER) for text in labels.text)
    assert "cdn" not in json.dumps(figure.to_plotly_json()["layout"])


def test_map_of_counts_is_shaded_by_value(views: dict[str, Any]) -> None:
    figure = district_map(views["count"], district_boundaries(), district_centroids())
    shapes = [t for t in figure.data if isinstance(t, go.Choropleth)]
    assert len(shapes) == 1 and shapes[0].colorscale is not None
    assert max(shapes[0].z) == views["count"].areas["value"].max()


def test_group_map_colours_each_district_by_its_group(views: dict[str, Any]) -> None:
    view: DistrictView = views["footprints"]
    figure = district_map(view, district_boundaries(), district_centroids())
    located = [c for t in figure.data if isinstance(t, go.Choropleth) for c in t.locations]
    assert len(located) == 12
    labels = next(t for t in figure.data if isinstance(t, go.Scattergeo))
    assert len(labels.text) == 5


def test_bars_run_best_first_with_intervals_and_the_county_line(views: dict[str, Any]) -> None:
    view: DistrictView = views["rate"]
    figure = ranked_bars(view)
    order = list(figure.layout.yaxis.categoryarray)
    best = ordered(view.areas, "low_is_good")["area_name"].iloc[0]
    assert order[0] == f"{best}{DAGGER}"
    assert figure.layout.yaxis.autorange == "reversed"
    assert all(bar.error_x.visible for bar in figure.data)
    assert any("Lancashire" in a.text for a in figure.layout.annotations)
    counts = ranked_bars(views["count"])
    assert not counts.layout.shapes, "a county total is not drawn against district counts"


def test_funnel_plot_has_both_limit_pairs_and_every_area(views: dict[str, Any]) -> None:
    view: DistrictView = views["rate"]
    assert view.funnel is not None
    figure = funnel_plot(view.funnel, view.indicator)
    names = {t.name for t in figure.data}
    assert {"95% limits", "99.8% limits"} <= names
    points = sum(len(t.x) for t in figure.data if t.mode == "markers")
    assert points == 12
    table = funnel_table_frame(view.funnel, view.indicator)
    assert len(table) == 12 and set(table["position"]) <= {
        "above the 99.8% limit", "above the 95% limit", "below the 99.8% limit",
        "below the 95% limit", "within the limits"}


def test_trends_one_panel_per_area_beside_the_county(views: dict[str, Any]) -> None:
    figure = trend_multiples(views["rate"])
    titles = [a.text for a in figure.layout.annotations]
    assert titles[:2] == ["Burnley", "Chorley"] and len(titles) == 12
    assert sum(t.name == "Lancashire" for t in figure.data) == 12
    counts = trend_multiples(views["count"])
    assert not any(t.name == "Lancashire" for t in counts.data)
    frame, columns = trend_table_frame(views["rate"])
    assert frame["area"].iloc[-1] == "Lancashire"
    assert [name for _c, name in columns][1:] == ["Q2 2016/17", "Q3 2016/17"]


def test_area_table_writes_the_comparison_in_words(views: dict[str, Any]) -> None:
    frame = area_table_frame(views["rate"])
    assert len(frame) == 12
    assert all(isinstance(cell, html.Span) for cell in frame["comparison"])
    words = [str(cell.children) for cell in frame["comparison"]]
    assert all(w.endswith("Lancashire") or w == "not compared" for w in words)
    assert frame["area"].str.endswith(DAGGER).all()
    assert frame["interval"].str.contains(" to ").all()
    assert frame["rank"].iloc[0] == "1 of 12"
    assert area_table_frame(views["count"])["rank"].eq("").all()


@pytest.mark.parametrize(("label", "words"), [("Better", "better than Lancashire"),
                                               ("Lower", "lower than Lancashire"),
                                               (None, "not compared")])
def test_county_comparison_has_symbol_and_words(label: str | None, words: str) -> None:
    span = county_comparison(label, "Lancashire")
    assert span.children == words
    assert span.to_plotly_json()["props"]["data-symbol"]  # drawn beside the words


def test_rug_grid_codes_texts_and_table(views: dict[str, Any]) -> None:
    rug: RugView = views["rug"]
    labels, columns, codes, texts, hovers = rug_grid(rug)
    assert columns[-1] == "Lancashire" and len(columns) == 13
    assert labels[1].startswith("Looked after children rate") and DAGGER in labels[1]
    county_code = [c[0] for c in CATEGORIES].index("County")
    assert (codes[:, -1] == county_code).all()
    assert all(t.split(" ")[-1] in {"\u25b2", "\u25bc", "\u25cf", "\u2013"}
               for row in texts for t in row[:-1])
    assert "compared" in hovers[0][0] or "Lancashire" in hovers[0][0]
    figure = rug_figure(rug)
    heatmap = figure.data[0]
    assert list(heatmap.colorbar.ticktext) == [
        words.format(council="Lancashire") for _l, words, _c in CATEGORIES]
    frame, table_columns = rug_table_frame(rug)
    assert len(frame) == len(rug.rows) and len(table_columns) == 14
    link = frame["indicator"].iloc[1]
    assert link.href == "/districts?indicator=cla_rate&area=E10000017"


def test_rug_hover_names_area_and_row_from_the_axes(views: dict[str, Any]) -> None:
    """Each cell's hover reads "area, indicator (period): value, comparison", but only the
    value and comparison travel per cell: the area and row come from the axes."""
    rug: RugView = views["rug"]
    heatmap = rug_figure(rug).data[0]
    assert heatmap.hovertemplate == "%{x}, %{y}: %{customdata}<extra></extra>"
    details = [str(d) for row in heatmap.customdata for d in row]
    assert details and not any(name in d for d in details for name in heatmap.x[:-1])
    assert all(len(d) < 40 for d in details)
