"""Shared page pieces: URL state, pickers, cells that explain themselves, chart + table."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html
from plotly.utils import PlotlyJSONEncoder

from domain.periods import parse_period
from layouts._components import (
    area_options,
    chart_with_table,
    dashboard_key,
    period_options,
    picker_form,
    rag_cell,
    select_field,
)
from layouts._markup import Markup, components
from layouts._tables import data_table


def walk(component: object) -> list[object]:
    """Every node of a component tree, :class:`Markup` drawn as the browser draws it."""
    if isinstance(component, Markup):
        component = components(component.tree)
    found = [component]
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found += walk(child)
    return found


def test_area_and_period_options() -> None:
    areas = pd.DataFrame({"code": ["E07000123", "E10000017", "E92000001", "CFW-PRE"],
                          "name": ["Preston", "Lancashire", "England", "Preston"],
                          "type": ["district", "county", "england", "footprint"]})
    assert [o["label"] for o in area_options(areas)] == [
        "Lancashire (council)", "Preston (district)", "Preston (footprint)"]
    quarter = parse_period("Q3 2016/17", hint="fy_quarter")
    assert period_options([quarter]) == [{"label": "Q3 2016/17", "value": "Q3-2016-17"}]


def test_area_picker_is_grouped_by_partnership() -> None:
    areas = pd.DataFrame({
        "code": ["E07000123", "E10000017", "E06000008", "BWD-N", "CFW-PRE", "E06000009",
                 "E10000016", "OLD-1"],
        "name": ["Preston", "Lancashire", "Blackburn with Darwen", "North", "Preston",
                 "Blackpool", "Kent", "Old locality"],
        "type": ["district", "county", "other_la", "district", "footprint", "other_la",
                 "county", "district"],
        "parent_code": ["E10000017", "E12000002", "E12000002", "E06000008", "E10000017",
                        "E12000002", "E12000008", None]})
    options = area_options(areas, {"E06000008": "Blackburn with Darwen",
                                   "E10000017": "Lancashire"})
    assert [(o["group"], o["label"]) for o in options] == [
        ("Blackburn with Darwen partnership", "Blackburn with Darwen (council)"),
        ("Blackburn with Darwen partnership", "North (district)"),
        ("Lancashire partnership", "Lancashire (council)"),
        ("Lancashire partnership", "Preston (district)"),
        ("Lancashire partnership", "Preston (footprint)"),
        ("Other councils", "Blackpool (council)"),
        ("Other councils", "Kent (council)"),
        ("Other areas", "Old locality (district)")]
    field = components(select_field("x-area", "area", "Area", options, "E07000123").tree)
    groups = [p for p in walk(field) if isinstance(p, html.Optgroup)]
    assert [g.label for g in groups] == ["Blackburn with Darwen partnership",
                                         "Lancashire partnership", "Other councils",
                                         "Other areas"]
    assert [o.children for o in groups[1].children] == [
        "Lancashire (council)", "Preston (district)", "Preston (footprint)"]
    chosen = [o for o in walk(field)
              if isinstance(o, html.Option) and getattr(o, "selected", False)]
    assert [o.value for o in chosen] == ["E07000123"]


def test_picker_form_is_a_labelled_get_form() -> None:
    form = picker_form("x-form", "/", [select_field("x-area", "area", "Area",
                                                    [{"label": "A", "value": "a"},
                                                     {"label": "B", "value": "b"}], "b")],
                       hidden={"id": "cla_rate"})
    assert (form.method, form.action) == ("get", "/")
    assert '"namespace": "scorecard_markup"' in json.dumps(form, cls=PlotlyJSONEncoder), \
        "a field is sent as one compact component"
    parts = walk(form)
    labels = [p for p in parts if isinstance(p, html.Label)]
    assert labels[0].htmlFor == "x-area"
    options = [p for p in parts if isinstance(p, html.Option)]
    assert [getattr(o, "selected", False) for o in options] == [False, True]
    hidden = [p for p in parts if isinstance(p, dcc.Input)]
    assert (hidden[0].name, hidden[0].value) == ("id", "cla_rate")


def test_rag_cell_explains_itself_to_screen_readers() -> None:
    cell = rag_cell("red", "Red: worse than England.", "tip-1")
    assert cell.tabIndex == "0"
    assert cell.to_plotly_json()["props"]["aria-describedby"] == "tip-1"
    tip = [p for p in walk(cell) if getattr(p, "id", None) == "tip-1"][0]
    assert tip.role == "tooltip" and tip.children == "Red: worse than England."
    assert cell.children[0] == "Red"
    assert cell.to_plotly_json()["props"]["data-symbol"]  # drawn by the stylesheet, not read


def test_dashboard_key_spells_out_every_symbol() -> None:
    text = str(dashboard_key())
    for words in ("updated this quarter", "improved", "worsened", "same as previous",
                  "significantly better than England", "similar to England", "Not rated"):
        assert words in text


def test_every_chart_comes_with_its_table() -> None:
    frame = pd.DataFrame({"period": ["Q3 2016/17"], "value": ["66.4"]})
    figure = chart_with_table(go.Figure(), frame, [("period", "Period"), ("value", "Value")],
                              "Over time", "x-chart")
    parts = walk(figure)
    assert any(isinstance(p, dcc.Graph) for p in parts)
    table = [p for p in parts if isinstance(p, html.Table)][0]
    assert table.id == "x-chart-table"
    assert "66.4" in str(table)


def test_data_table_has_headers_with_scope_and_an_empty_message() -> None:
    table = data_table(pd.DataFrame(columns=["a"]), [("a", "A")], "Caption", "t")
    parts = walk(table)
    assert [p.scope for p in parts if isinstance(p, html.Th)] == ["col"]
    assert "No figures." in str(table)


def test_picker_form_fields_sit_behind_a_phone_button() -> None:
    form = picker_form("x-form", "/", [select_field("x-area", "area", "Area",
                                                    [{"label": "A", "value": "a"}], "a")],
                       toggle_label="Change area")
    toggle = [p for p in walk(form) if isinstance(p, html.Button) and p.type == "button"][0]
    props = toggle.to_plotly_json()["props"]
    assert (toggle.children, props["aria-expanded"]) == ("Change area", "false")
    fields = [p for p in walk(form) if getattr(p, "id", None) == props["aria-controls"]][0]
    assert any(isinstance(p, html.Select) for p in walk(fields))
    assert form.children.index(toggle) < form.children.index(fields)
