"""A drawn page as plain HTML, for the first paint before the browser has run any script.

The page frame and the page in it (``app.serve_layout`` with :mod:`server.first_draw`) are
sent as Dash components, which only Dash's renderer can draw, after about a megabyte of
script has run. :func:`static_html` writes the same tree, in the plain-dict form
:func:`layouts._components.plain` makes, as HTML the browser paints as soon as it reads it:

* ``dash.html`` elements become the same elements, with the attributes React would set;
* :class:`layouts._markup.Markup` trees become the elements ``assets/markup.js`` draws;
* ``dcc`` links become links; inputs, drop-downs and text areas show their current value;
* a chart is drawn as static SVG (:func:`layouts._svg_chart.figure_svg`) in a box of its
  height (``dash-graph``, as Dash draws it), so it reads before plotly.js has loaded, and
  without JavaScript; components that show nothing (stores, locations, timers) and any other
  component draw nothing.

Every text and attribute is escaped, and only attributes a page may carry are written
(no event handlers, no ``javascript:`` links), so the painted copy cannot run anything.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Mapping
from html import escape
from typing import Any

from domain.boundaries import BOUNDARIES_URL_PATH, district_boundaries
from layouts._markup import NAMESPACE as MARKUP_NAMESPACE
from layouts._markup import element_of
from layouts._svg_chart import GRAPH_HEIGHT, figure_svg

HTML_NAMESPACE = "dash_html_components"
CORE_NAMESPACE = "dash_core_components"
#: React prop names whose HTML attribute is spelled differently.
RENAMED = {"className": "class", "htmlFor": "for", "tabIndex": "tabindex", "colSpan": "colspan",
           "rowSpan": "rowspan", "maxLength": "maxlength", "readOnly": "readonly",
           "accessKey": "accesskey", "contentEditable": "contenteditable",
           "autoComplete": "autocomplete", "spellCheck": "spellcheck", "dateTime": "datetime",
           "encType": "enctype", "noValidate": "novalidate", "crossOrigin": "crossorigin"}
#: Attributes written as they are named (after :data:`RENAMED`).
ALLOWED = frozenset({
    "class", "id", "style", "title", "role", "lang", "dir", "hidden", "for", "tabindex",
    "colspan", "rowspan", "scope", "headers", "href", "target", "rel", "download", "src", "alt",
    "width", "height", "type", "name", "value", "placeholder", "disabled", "checked",
    "selected", "multiple", "required", "readonly", "maxlength", "min", "max", "step", "open",
    "method", "action", "autocomplete", "label", "datetime", "novalidate", "enctype", "accept",
    "spellcheck", "rows", "cols", "start", "reversed", "span", "abbr", "accesskey"})
_PREFIXED = re.compile(r"^(data|aria)-[a-z][a-z0-9-]*$")
_SAFE_URL = re.compile(r"^(/(?!/)|#|\?|https?://|mailto:)", re.IGNORECASE)
URL_ATTRIBUTES = frozenset({"href", "src", "action"})
VOID = frozenset({"area", "br", "col", "hr", "img", "input", "wbr"})
#: CSS properties React writes without a unit when given a number.
UNITLESS = frozenset({"flex", "flexGrow", "flexShrink", "fontWeight", "lineHeight", "opacity",
                      "order", "zIndex", "zoom", "gridRow", "gridColumn", "columnCount"})
#: Components that show nothing on the page.
INVISIBLE = frozenset({"Store", "Location", "Interval", "ConfirmDialog", "Download"})
log = logging.getLogger("scorecard.pages")


@functools.lru_cache(maxsize=1)
def _shipped_boundaries() -> Mapping[str, Any]:
    return district_boundaries()


def boundaries_at(address: str) -> Mapping[str, Any] | None:
    """The GeoJSON a map names by its address: the shipped district boundaries, or None."""
    return _shipped_boundaries() if address == BOUNDARIES_URL_PATH else None


def _chart(figure: Mapping[str, Any]) -> str:
    """The figure drawn as SVG; nothing (an empty box) if it cannot be drawn."""
    if not figure.get("data"):
        return ""
    try:
        return figure_svg(figure, geojson=boundaries_at)
    except Exception:  # noqa: BLE001 - the renderer still draws the chart
        log.warning("A chart could not be painted; its box stays empty", exc_info=True)
        return ""


def _css(style: dict[str, Any]) -> str:
    parts = []
    for name, value in style.items():
        if value is None or value == "":
            continue
        prop = re.sub(r"(?<!^)([A-Z])", r"-\1", name).lower()
        text = f"{value}px" if isinstance(value, int | float) and not isinstance(value, bool) \
            and value != 0 and name not in UNITLESS else str(value)
        parts.append(f"{prop}: {text}")
    return "; ".join(parts)


def _attributes(props: dict[str, Any]) -> str:
    written = []
    for key, value in props.items():
        if key == "children" or value is None or value is False:
            continue
        name = RENAMED.get(key, key)
        if name not in ALLOWED and not _PREFIXED.match(name):
            continue
        if name == "style":
            if not isinstance(value, dict) or not (value := _css(value)):
                continue
        elif name == "id" and not isinstance(value, str):
            continue  # pattern-matching ids: only the renderer needs them
        elif isinstance(value, dict | list):
            continue
        if name in URL_ATTRIBUTES and not _SAFE_URL.match(str(value)):
            continue
        written.append(f" {name}" if value is True else f' {name}="{escape(str(value))}"')
    return "".join(written)


def _element(tag: str, props: dict[str, Any], inner: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9]*", tag):
        return inner
    opening = f"<{tag}{_attributes(props)}>"
    return opening if tag in VOID else f"{opening}{inner}</{tag}>"


def _markup_tree(node: Any) -> str:
    """A :class:`layouts._markup.Markup` tree, as ``assets/markup.js`` draws it."""
    if not isinstance(node, list):
        return "" if node is None else escape(str(node))
    tag, attributes, kids = element_of(node)
    return _element(tag, attributes, "".join(_markup_tree(kid) for kid in kids))


def _chosen(options: Any, value: Any) -> str:
    """The labels of a drop-down's or radio list's chosen values."""
    values = value if isinstance(value, list) else [value]
    labels = []
    for option in options or []:
        item = option if isinstance(option, dict) else {"label": option, "value": option}
        if item.get("value") in values and item.get("value") is not None:
            labels.append(str(item.get("label", item.get("value"))))
    return ", ".join(labels)


def _core(kind: str, props: dict[str, Any]) -> str:
    """A ``dcc`` component as the browser would show it before anyone touches it."""
    children = static_html(props.get("children"))
    box = {"id": props.get("id"), "className": props.get("className"),
           "style": props.get("style")}
    if kind == "Link":
        return _element("a", {**box, "href": props.get("href"), "title": props.get("title")},
                        children)
    if kind == "Loading":
        return children
    if kind == "Graph":
        figure = props.get("figure") or {}
        height = (figure.get("layout") or {}).get("height") or GRAPH_HEIGHT
        classes = " ".join(filter(None, ["dash-graph", props.get("className")]))
        drawing = _chart(figure)
        style = {**({} if drawing else {"height": height}), **(props.get("style") or {})}
        return _element("div", {**box, "className": classes, "style": style}, drawing)
    if kind == "Dropdown":
        classes = " ".join(filter(None, ["painted-dropdown", props.get("className")]))
        text = _chosen(props.get("options"), props.get("value")) \
            or str(props.get("placeholder") or "")
        return _element("div", {**box, "className": classes}, escape(text))
    if kind == "RadioItems":
        items = "".join(_element("label", {}, _element("input", {
            "type": "radio", "disabled": True,
            "checked": (o.get("value") if isinstance(o, dict) else o) == props.get("value")},
            "") + escape(str(o.get("label") if isinstance(o, dict) else o)))
            for o in props.get("options") or [])
        return _element("div", box, items)
    if kind == "Input":
        return _element("input", {**box, "type": props.get("type") or "text",
                                  "name": props.get("name"), "value": props.get("value"),
                                  "placeholder": props.get("placeholder"),
                                  "readOnly": True}, "")
    if kind == "Textarea":
        return _element("textarea", {**box, "readOnly": True},
                        escape(str(props.get("value") or "")))
    return "" if kind in INVISIBLE else _element("div", box, children)


def static_html(node: Any) -> str:
    """``node`` (a plain-dict component tree, a list of them, text or a number) as HTML."""
    if node is None or isinstance(node, bool):
        return ""
    if isinstance(node, str | int | float):
        return escape(str(node))
    if isinstance(node, list | tuple):
        return "".join(static_html(item) for item in node)
    if not isinstance(node, dict) or "type" not in node:
        return ""
    props = node.get("props") or {}
    namespace, kind = node.get("namespace"), str(node.get("type"))
    if namespace == HTML_NAMESPACE:
        return _element(kind.lower(), props, static_html(props.get("children")))
    if namespace == MARKUP_NAMESPACE:
        return _markup_tree(props.get("tree"))
    if namespace == CORE_NAMESPACE:
        return _core(kind, props)
    return _element("div", {"id": props.get("id"), "className": props.get("className")}, "")
