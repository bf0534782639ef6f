"""The page painted as plain HTML: the same elements, escaped, with nothing that can run."""

from __future__ import annotations

import pytest
from dash import dcc, html

from domain.boundaries import BOUNDARIES_URL_PATH
from layouts import _static_html
from layouts._components import plain
from layouts._markup import markup
from layouts._static_html import static_html


def test_elements_keep_their_attributes_and_escape_their_text() -> None:
    tree = html.Div([html.H1("Q3 <2016/17> & more", className="title"),
                     html.Label("Area", htmlFor="area", style={"marginTop": 4, "opacity": 0.5}),
                     html.Br()], id="page", **{"aria-live": "polite", "data-kind": "x"})
    painted = static_html(plain(tree))
    assert painted.startswith('<div id="page"') and painted.endswith("<br></div>")
    assert ' aria-live="polite"' in painted and ' data-kind="x"' in painted
    assert ('<h1 class="title">Q3 &lt;2016/17&gt; &amp; more</h1><label for="area" '
            'style="margin-top: 4px; opacity: 0.5">Area</label><br>') in painted


def test_nothing_that_runs_is_written() -> None:
    tree = html.Div([html.A("x", href="javascript:alert(1)"), html.A("y", href="/districts"),
                     html.Div(title='"><script>alert(1)</script>')], n_clicks=3)
    painted = static_html(plain(tree))
    assert "javascript:" not in painted and "n_clicks" not in painted
    assert "<script>" not in painted and "&lt;script&gt;" in painted
    assert '<a href="/districts">y</a>' in painted


def test_markup_trees_are_drawn_as_the_browser_draws_them() -> None:
    table = markup(html.Table(html.Tr([html.Td("1 < 2", className="number wide"),
                                       html.Td(html.A("Row", href="/indicator?id=a&b=c"))])))
    assert static_html(plain(table)) == (
        '<table><tr><td class="number wide">1 &lt; 2</td>'
        '<td><a href="/indicator?id=a&amp;b=c">Row</a></td></tr></table>')


def test_controls_show_their_values_and_charts_keep_their_place() -> None:
    tree = html.Div([
        dcc.Dropdown([{"label": "Burnley", "value": "E07000117"}], "E07000117", id="area"),
        dcc.Input(id="find", value="cla", placeholder="Find"),
        dcc.Graph(id="trend", figure={"data": [], "layout": {"height": 320}}),
        dcc.Store(id="kept", data={"secret": "not shown"}),
        dcc.Link("Districts", href="/districts"),
        dcc.Loading(html.P("Inside")),
    ])
    painted = static_html(plain(tree))
    assert '<div id="area" class="painted-dropdown">Burnley</div>' in painted
    assert 'value="cla"' in painted and "readonly" in painted
    assert '<div id="trend" class="dash-graph" style="height: 320px"></div>' in painted
    assert "secret" not in painted
    assert '<a href="/districts">Districts</a>' in painted and "<p>Inside</p>" in painted


def test_a_chart_is_painted_as_svg_in_its_box() -> None:
    figure = {"data": [{"type": "bar", "x": [3, 5], "y": ["Burnley", "Pendle"],
                        "orientation": "h"}], "layout": {"height": 300}}
    painted = static_html(plain(dcc.Graph(id="ranked", figure=figure)))
    assert painted.startswith('<div id="ranked" class="dash-graph"><svg ')
    assert 'class="painted-chart"' in painted and "Burnley" in painted
    assert "height: 300px" not in painted  # the drawing sizes its box


def test_a_chart_that_cannot_be_painted_keeps_an_empty_box(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def broken(*_args: object, **_kwargs: object) -> str:
        raise ValueError("no")
    monkeypatch.setattr(_static_html, "figure_svg", broken)
    figure = {"data": [{"type": "bar", "x": [3], "y": ["Burnley"]}], "layout": {"height": 300}}
    painted = static_html(plain(dcc.Graph(id="ranked", figure=figure)))
    assert painted == '<div id="ranked" class="dash-graph" style="height: 300px"></div>'
    assert "could not be painted" in caplog.text


def test_a_map_is_painted_from_the_boundaries_it_names() -> None:
    assert _static_html.boundaries_at(BOUNDARIES_URL_PATH) is not None
    assert _static_html.boundaries_at("/elsewhere.geojson") is None
