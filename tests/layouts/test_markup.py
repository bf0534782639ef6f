"""Static markup as compact nested lists: the same elements, fewer bytes, nothing unsafe."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from dash import dcc, html

from layouts._components import attrs
from layouts._markup import ATTRIBUTES, TAGS, Markup, components, markup, tree_of

ROW = html.Tr([
    html.Th(html.A("Looked after children rate", href="/indicator?id=cla_rate",
                   className="row-link"), scope="row", className="indicator-name"),
    html.Td(["74.0", html.Span("(Q2 2016/17)", className="comparator-period")],
            **attrs({"data-label": "Current"})),
    html.Td(html.Span(["Red", html.Span("Worse than England.", id="why", role="tooltip")],
                      tabIndex="0", **attrs({"aria-describedby": "why",
                                             "data-symbol": "\u2716"}))),
    html.Td(None),
], className="scorecard-row")


def test_a_tree_lists_tags_attributes_and_children() -> None:
    tree = tree_of(ROW)
    assert tree[0] == "tr.scorecard-row"  # classes follow the tag, as CSS writes them
    assert tree[1] == ["th.indicator-name", {"scope": "row"},
                       ["a.row-link", {"href": "/indicator?id=cla_rate"},
                        "Looked after children rate"]]
    assert tree[2] == ["td", {"data-label": "Current"}, "74.0",
                       ["span.comparator-period", "(Q2 2016/17)"]]
    assert tree[4] == ["td"]  # no attributes, no children: the tag alone


def test_drawing_a_tree_gives_back_the_same_elements() -> None:
    drawn = components(tree_of(ROW))
    assert tree_of(drawn) == tree_of(ROW)
    assert isinstance(drawn, html.Tr) and isinstance(drawn.children[2].children, html.Span)
    assert (drawn.className, drawn.children[0].className) == ("scorecard-row", "indicator-name")
    assert drawn.children[0].scope == "row"


def test_a_class_css_cannot_write_after_a_tag_stays_an_attribute() -> None:
    assert tree_of(html.Span("x", className="w-1/2 wide")) == [
        "span", {"className": "w-1/2 wide"}, "x"]


def test_markup_weighs_a_fraction_of_the_components() -> None:
    rows = html.Tbody([ROW] * 40)
    as_components = len(json.dumps(rows.to_plotly_json(),
                                   default=lambda c: c.to_plotly_json()))
    as_markup = len(json.dumps(markup(rows).to_plotly_json()))
    assert as_markup < as_components / 2


@pytest.mark.parametrize("node", [
    dcc.Link("Districts", href="/districts"),  # a component the browser side cannot draw
    html.Script("alert(1)"),
    html.Iframe(src="https://example.org"),
    html.A("x", href="javascript:alert(1)"),
    html.Button("x", n_clicks=0),
    html.Div(style={"color": "red"}),
    html.Span(hidden=True),
])
def test_anything_but_plain_safe_elements_is_refused(node: Any) -> None:
    with pytest.raises(ValueError, match="Markup"):
        markup(node)


def test_the_browser_side_allows_what_the_server_allows() -> None:
    script = (Path(__file__).resolve().parents[2] / "assets" / "markup.js").read_text()
    found = re.search(r"var TAGS = \((.*?)\)\.split", script, re.DOTALL)
    assert found is not None
    assert set(re.sub(r'["+\s]+', " ", found.group(1)).split()) == TAGS
    found = re.search(r"var ATTRIBUTES = \[(.*?)\];", script, re.DOTALL)
    assert found is not None
    assert set(re.findall(r'"([A-Za-z]+)"', found.group(1))) == ATTRIBUTES
    assert "window.scorecard_markup = { Markup: Markup }" in script
    assert Markup(["p", "x"]).to_plotly_json()["namespace"] == "scorecard_markup"
