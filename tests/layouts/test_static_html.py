"""The page painted as plain HTML: the same elements, escaped, with nothing that can run."""

from __future__ import annotations

from dash import dcc, html

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
