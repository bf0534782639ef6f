"""Shared page pieces: URL state, pickers, the dashboard key, RAG cells, states, charts.

Stable API used by every page (the Districts, Compare and Upload pages import it too):

* URL state (links, quarters in URLs) is :mod:`domain.url_state`'s.
* Pickers: :func:`area_options`, :func:`period_options`; :func:`select_field` inside
  :func:`picker_form` (a GET form: the choice is the URL) with :func:`nav_heading`; or
  :func:`picker` (a ``dcc.Dropdown`` for callbacks) with :func:`search_string`.
* Cells: :func:`rag_cell`, :func:`tip`, :func:`symbol_text`, :func:`dashboard_key`.
* States: :func:`empty_state`, :func:`error_state`, :func:`illustrative_notice`, :func:`loading`.
* Charts: :func:`chart_with_table` (every chart comes with its table alternative).
* Caching: :func:`plain` (a component tree as the dicts Dash sends, for cached content).

Colour is never the only carrier of meaning: each coloured element has a symbol and words, and
each explanation is reachable by hover, keyboard focus and screen readers (``aria-describedby``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import groupby
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html
from dash.development.base_component import Component
from plotly.basedatatypes import BaseFigure

from domain.periods import Period
from domain.url_state import period_param
from indicators.display import UPDATED_SYMBOL, rag_parts
from layouts._markup import Markup, markup
from layouts._tables import data_table

#: Words for area types; a partnership's council is stored as a ``county`` whatever its kind.
AREA_TYPE_WORDS = {"county": "council", "other_la": "council", "district": "district",
                   "footprint": "footprint", "team": "social care team", "region": "region",
                   "england": "country"}


#: ``dcc.Input(type=DATE_INPUT)``: the browser's date picker. Dash passes the type through to
#: the page, but its typed signature lists only its documented types, which omit "date".
DATE_INPUT: Any = "date"


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as dicts keyed by column name (the frames pages read have text columns)."""
    return [{str(key): value for key, value in row.items()} for row in frame.to_dict("records")]


def attrs(values: dict[str, str]) -> Any:
    """HTML attributes whose names Python keywords cannot spell (``aria-*``, ``data-*``).

    Dash components take them as keyword arguments, ``html.Div(**attrs({"aria-live":
    "polite"}))``; typed as ``Any`` because the components' signatures name only the props a
    Python identifier can spell.
    """
    return values


# --- Caching ---------------------------------------------------------------------------------

def plain(node: Any) -> Any:
    """A component tree as the plain dicts Dash sends to the browser.

    Pages cache this form of their content: it pickles small and serialises with the standard
    library's C encoder, so a cached page is not rebuilt component by component.
    """
    if isinstance(node, Component):
        data = node.to_plotly_json()
        return {**data, "props": {k: plain(v) for k, v in data["props"].items()}}
    if isinstance(node, BaseFigure):  # validated once, when the page is built
        return node.to_plotly_json()
    if isinstance(node, list | tuple):
        return [plain(item) for item in node]
    return node


# --- Pickers ---------------------------------------------------------------------------------

def area_options(areas: pd.DataFrame,
                 partnerships: Mapping[str, str] | None = None) -> list[dict[str, str]]:
    """Picker options from ``store.queries.areas`` rows: county first, then districts...

    With ``partnerships`` (each partnership's name by its council's code) every option also
    names its ``group``: "<name> partnership" for the council and the areas under it, in the
    partnerships' order, then "Other councils" (councils outside every partnership), then
    "Other areas"; :func:`select_field` shows each as an optgroup.
    """
    order = {"county": 0, "other_la": 0, "district": 1, "footprint": 2, "team": 3}
    rows = areas[areas["type"].isin(list(order))].copy()
    rows["rank"] = rows["type"].map(order)
    councils = list(partnerships or {})
    home = rows["code"].where(rows["code"].isin(councils), rows["parent_code"]) \
        if "parent_code" in rows else rows["code"]
    outside = len(councils) + rows["rank"].gt(0).astype(int)  # councils, then other areas
    rows["group"] = home.map({c: i for i, c in enumerate(councils)}).fillna(outside)
    rows = rows.sort_values(["group", "rank", "name"])
    options = [{"label": f"{name} ({AREA_TYPE_WORDS.get(str(kind), str(kind))})",
                "value": str(code)}
               for code, name, kind in zip(rows["code"], rows["name"], rows["type"], strict=True)]
    if partnerships is None:
        return options
    names = [f"{partnerships[c]} partnership" for c in councils] + ["Other councils",
                                                                    "Other areas"]
    return [{**option, "group": names[int(group)]}
            for option, group in zip(options, rows["group"], strict=True)]


def period_options(quarters: Iterable[Period]) -> list[dict[str, str]]:
    """Picker options for reporting quarters, valued as links write them."""
    return [{"label": q.label, "value": period_param(q)} for q in quarters]


def picker(component_id: str, label: str, options: Sequence[dict[str, str]],
           value: str | None) -> html.Div:
    """A labelled single-choice ``dcc.Dropdown`` for pages that redraw through a callback.

    Dash 4's dropdown hides its keyboard focus proxy from assistive technology and names the
    button by its value only; ``assets/dropdown_a11y.js`` names both after this label. Prefer
    :func:`select_field` in a :func:`picker_form` where the choice only changes the URL.
    """
    return html.Div([
        html.Label(label, htmlFor=component_id, id=f"{component_id}-label",
                   className="picker-label"),
        dcc.Dropdown(list(options), value, id=component_id, clearable=False,
                     searchable=True, className="picker-dropdown"),
    ], className="picker")


def select_field(field_id: str, name: str, label: str, options: Sequence[dict[str, str]],
                 value: str | None) -> Markup:
    """A labelled native ``<select>``: announced, keyboard-operable and printable everywhere.

    Consecutive options naming the same ``group`` sit in one ``<optgroup>`` of that label.
    Sent as :class:`~layouts._markup.Markup` (a form field that only changes the URL needs no
    component per option)."""
    choices: list[Any] = []
    for group, members in groupby(options, key=lambda o: o.get("group")):
        items = [html.Option(o["label"], value=o["value"], selected=o["value"] == value)
                 for o in members]
        choices += [html.Optgroup(items, label=group)] if group else items
    return markup(html.Div([
        html.Label(label, htmlFor=field_id, className="picker-label"),
        html.Select(choices, id=field_id, name=name, className="picker-select"),
    ], className="picker"))


def picker_form(form_id: str, action: str, fields: Sequence[Any],
                submit_label: str = "Show", hidden: dict[str, str] | None = None,
                toggle_label: str = "Change area or quarter") -> html.Form:
    """A GET form whose fields become the page's query string, so every view is a URL.

    Submitting loads the new address like any link: for pages as large as the scorecard a
    fresh load is several times faster than Dash redrawing the page in place, and it works
    the same with or without script. ``assets/scorecard.js`` then moves focus to the new
    page's :func:`nav_heading`. ``hidden`` adds fixed parameters (e.g. the indicator id).
    On a phone the fields sit behind a ``toggle_label`` button (:func:`phone_toggle`).
    """
    extra = [dcc.Input(type="hidden", name=k, value=v) for k, v in (hidden or {}).items()]
    return html.Form([*extra,
                      phone_toggle(toggle_label, f"{form_id}-fields", f"{form_id}-toggle"),
                      html.Div([*fields,
                                html.Button(submit_label, type="submit", id=f"{form_id}-submit",
                                            className="button")],
                               id=f"{form_id}-fields", className="picker-fields")],
                     id=form_id, action=action, method="get", className="pickers",
                     **attrs({"data-dash-nav": "true"}))


def phone_toggle(label: str, controls: str, toggle_id: str) -> html.Button:
    """A button, shown on phones only, that shows or hides what follows it (ids ``controls``).

    ``assets/phone_toggle.js`` flips its ``aria-expanded``; on a phone the stylesheet hides
    the button's following siblings while it is ``false``. Wider screens hide the button and
    always show the rest.
    """
    return html.Button(label, type="button", id=toggle_id, className="phone-toggle",
                       **attrs({"aria-expanded": "false", "aria-controls": controls}))


def nav_heading(text: str, heading_id: str, level: int = 2) -> Any:
    """The heading naming what the page shows; focus lands here after a picker form."""
    tag = {1: html.H1, 2: html.H2, 3: html.H3}[level]
    return tag(text, id=heading_id, tabIndex="-1", className="nav-heading",
               **attrs({"data-nav-focus": "true"}))


# --- Cells with explanations ------------------------------------------------------------------

def symbol_mark(symbol: str) -> Any:
    """The attribute that draws ``symbol`` before an element's words (``assets/style.css``
    shows it, hidden from screen readers, which read the words): no span per symbol."""
    return attrs({"data-symbol": symbol} if symbol else {})


def tip(trigger: Any, text: str, tip_id: str, class_name: str = "",
        symbol: str = "") -> html.Span:
    """``trigger`` (with ``symbol`` drawn before it) that shows ``text`` on hover and focus,
    and names it to screen readers.

    One focusable span holds the trigger and the explanation (hidden until hover or focus),
    with no wrapper per part, so a table of ratings stays small.
    """
    parts = trigger if isinstance(trigger, list) else [trigger]
    return html.Span([*parts, html.Span(text, id=tip_id, role="tooltip", className="tip-text")],
                     tabIndex="0", className=f"tip {class_name}".strip(),
                     **attrs({"aria-describedby": tip_id, **symbol_mark(symbol)}))


def rag_cell(rag: str, reason: str, tip_id: str) -> html.Span:
    """A RAG rating as colour, symbol and word, explained by its stored reason."""
    symbol, word = rag_parts(rag)
    return tip(word, reason or "No reason recorded.", tip_id, f"rag rag-{rag or 'grey'}",
               symbol)


def symbol_text(symbol: str, words: str, tone: str, class_name: str = "") -> html.Span:
    """A coloured symbol with its words beside it (the words carry the meaning)."""
    if not symbol and not words:
        return html.Span()
    return html.Span(words, className=f"tone tone-{tone} {class_name}".strip(),
                     **symbol_mark(symbol))


def updated_mark(updated: bool) -> html.Span:
    """The "updated this quarter" star (drawn by the stylesheet), with words for screen
    readers."""
    if not updated:
        return html.Span("not updated", className="visually-hidden")
    return html.Span(html.Span("updated this quarter", className="visually-hidden"),
                     className="updated", title="Updated this quarter",
                     **symbol_mark(UPDATED_SYMBOL))


KEY_ITEMS = (
    (UPDATED_SYMBOL, "updated this quarter", "neutral"),
    ("\u25b2", "improved (rose, high is good)", "good"),
    ("\u25bc", "improved (fell, low is good)", "good"),
    ("\u25b2", "worsened (rose, low is good)", "bad"),
    ("\u25bc", "worsened (fell, high is good)", "bad"),
    ("\u25b2 \u25bc", "increased or decreased (no judgement)", "neutral"),
    ("\u25b6", "same as previous", "neutral"),
    ("\u25cf", "significantly better than England", "good"),
    ("\u25cf", "similar to England", "similar"),
    ("\u25cf", "significantly worse than England", "bad"),
    ("\u25cf", "higher or lower than England (no judgement)", "neutral"),
)


def dashboard_key(key_id: str = "dashboard-key") -> html.Section:
    """The seed's dashboard key, with RAG ratings; every symbol is spelt out."""
    items = [html.Li(symbol_text(s, w, t)) for s, w, t in KEY_ITEMS]
    rags = [html.Li(html.Span(rag_parts(r)[1], className=f"rag rag-{r}",
                              **symbol_mark(rag_parts(r)[0])))
            for r in ("green", "amber", "red", "grey")]
    return html.Section([
        html.H2("Dashboard key", id=f"{key_id}-title"),
        html.Ul(items, className="key-list"),
        html.P("Ratings (focus or hover on a rating to read why it was given):",
               className="key-note"),
        html.Ul(rags, className="key-list"),
    ], id=key_id, className="dashboard-key", **attrs({"aria-labelledby": f"{key_id}-title"}))


# --- States ----------------------------------------------------------------------------------

def empty_state(title: str, message: str, actions: Any = None) -> html.Section:
    """A titled message for a page with nothing to show yet, with optional actions."""
    return html.Section([html.H2(title), html.P(message), actions or ""],
                        className="empty-state", role="status")


def error_state(title: str, message: str) -> html.Section:
    """A plain explanation in place of content; never a stack trace."""
    return html.Section([html.H2(title), html.P(message)], className="error-state",
                        role="alert")


def illustrative_notice(note: str = "Illustrative: modelled, not published") -> html.P:
    """The visible warning every page showing modelled figures carries."""
    return html.P([html.Strong("Illustrative figures. "),
                   f"Figures marked \u2020 are {note[:1].lower()}{note[1:]}."],
                  className="notice notice-illustrative", role="note")


def loading(children: Any, component_id: str) -> dcc.Loading:
    """Content that shows a spinner while its callback runs (slow pickers, large areas)."""
    return dcc.Loading(html.Div(children, id=component_id, **attrs({"aria-live": "polite"})),
                       type="default", delay_show=300, className="loading")


# --- Charts ----------------------------------------------------------------------------------

GRAPH_CONFIG: dcc.Graph.Config = {"displayModeBar": False, "responsive": True, "displaylogo": False}


def chart_with_table(figure: go.Figure, table: pd.DataFrame, columns: Sequence[tuple[str, str]],
                     title: str, component_id: str, summary: str = "",
                     table_open: bool = False) -> html.Figure:
    """A chart, a sentence saying what it shows, and the same figures as a table.

    The table sits in a ``<details>`` element (open when ``table_open``), printed open; it
    is sent as :class:`~layouts._markup.Markup`, so its cells hold plain HTML elements (links
    as ``html.A``).
    """
    return html.Figure([
        html.Figcaption([html.H3(title, className="chart-title"),
                         html.P(summary, className="chart-summary") if summary else ""]),
        html.Div(dcc.Graph(figure=figure, id=component_id, config=GRAPH_CONFIG,
                           className="chart"), role="img",
                 **attrs({"aria-label": f"Chart: {title}. {summary} The same figures are in the "
                                  "table below."})),
        html.Details([html.Summary(f"Show the figures as a table: {title}"),
                      markup(data_table(table, columns, f"{title}: figures",
                                        f"{component_id}-table"))],
                     className="table-alternative", open=table_open),
    ], className="chart-figure")
