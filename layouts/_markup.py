"""Static markup sent compactly: a tree of plain HTML elements as nested lists.

A Dash component costs about 80 bytes of ``type``/``namespace``/``props`` on top of what it
shows, so a scorecard of 50 rows of 13 cells is mostly that wrapping. Where a part of a page is
static (no ids that callbacks use, no event props), :func:`markup` turns its ``dash.html`` tree
into one :class:`Markup` component whose ``tree`` is ``[tag, {attributes}, child, ...]``: the
element's classes are written after its tag as CSS writes them (``"td.number"``), the
attributes dict is left out when empty, and a child is text or another such list.
``assets/markup.js`` draws exactly the same elements with React, text escaped as ever.

Only the tags and attributes listed here pass, links only to this site or over http(s); a
tree with anything else is refused while the page is built, so the browser side draws what a
test saw.
"""

from __future__ import annotations

import re
from typing import Any

from dash import html
from dash.development.base_component import Component

#: Namespace and type the browser side registers (``window.scorecard_markup.Markup``).
NAMESPACE = "scorecard_markup"
TAGS = frozenset({"a", "abbr", "br", "caption", "div", "em", "h2", "h3", "h4", "label", "li",
                  "ol", "optgroup", "option", "p", "section", "select", "span", "strong", "table",
                  "tbody", "td", "tfoot", "th", "thead", "tr", "ul"})
ATTRIBUTES = frozenset({"className", "colSpan", "href", "htmlFor", "id", "label", "name", "role",
                        "rowSpan", "scope", "selected", "tabIndex", "title", "value"})
#: Attributes that are on or off; only "on" is sent.
SWITCHES = frozenset({"selected"})
_PREFIXED = re.compile(r"^(data|aria)-[a-z][a-z-]*$")
_SAFE_HREF = re.compile(r"^(/|#|\?|https?://)")
_CLASS = re.compile(r"^[A-Za-z0-9_-]+$")


class Markup(Component):
    """Plain HTML elements as one component (see the module docstring for ``tree``)."""

    _children_props: list[str] = []
    _base_nodes = ["children"]
    _namespace = NAMESPACE
    _type = "Markup"
    tree: list[Any]

    def __init__(self, tree: list[Any], **kwargs: Any) -> None:
        self._prop_names = ["tree"]
        self._valid_wildcard_attributes: list[str] = []
        self.available_properties = ["tree"]
        self.available_wildcard_properties: list[str] = []
        super().__init__(tree=tree, **kwargs)


def _attribute(name: str, value: Any) -> tuple[str, Any]:
    if name not in ATTRIBUTES and not _PREFIXED.match(name):
        raise ValueError(f"Markup does not carry the attribute {name!r}.")
    if name == "href" and not _SAFE_HREF.match(str(value)):
        raise ValueError(f"Markup links only to this site or over http(s): {value!r}.")
    if (name in SWITCHES) != isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"Markup attribute {name!r} must be "
                         + ("on or off." if name in SWITCHES else "text or a number."))
    return name, value


def tree_of(node: Any) -> Any:
    """The compact tree of ``node``, a ``dash.html`` component (with its children), text or a
    number; children that are ``None`` or empty text are left out, as the browser shows
    nothing for them."""
    if isinstance(node, str):
        return node
    if isinstance(node, int | float) and not isinstance(node, bool):
        return str(node)
    if not isinstance(node, Component) or getattr(node, "_namespace", "") != \
            "dash_html_components":
        raise ValueError(f"Markup holds plain HTML elements only, not {type(node).__name__}.")
    tag = str(getattr(node, "_type", "")).lower()
    if tag not in TAGS:
        raise ValueError(f"Markup does not draw <{tag}>.")
    props = node.to_plotly_json()["props"]
    attributes = dict(_attribute(k, v) for k, v in props.items()
                      if k != "children" and v is not None and v is not False)
    classes = str(attributes.get("className", "")).split()
    if classes and all(_CLASS.match(name) for name in classes):
        del attributes["className"]
        tag = ".".join([tag, *classes])
    children = props.get("children")
    items = children if isinstance(children, list | tuple) else [children]
    kids = [tree_of(child) for child in items if child is not None and child != ""]
    return [tag, attributes, *kids] if attributes else [tag, *kids]


def markup(component: Component) -> Markup:
    """``component`` (a ``dash.html`` tree without callback ids) as one :class:`Markup`."""
    return Markup(tree_of(component))


def element_of(tree: list[Any]) -> tuple[str, dict[str, Any], list[Any]]:
    """One element of a compact tree: its tag, its attributes (its classes as
    ``className``) and its children."""
    tag, *classes = str(tree[0]).split(".")
    rest = tree[1:]
    attributes = rest.pop(0) if rest and isinstance(rest[0], dict) else {}
    if classes:
        attributes = {**attributes, "className": " ".join(classes)}
    return tag, attributes, rest


def components(tree: Any) -> Any:
    """The ``dash.html`` components ``tree`` draws, as the browser builds them: the inverse of
    :func:`tree_of`, for reading a built page on the server."""
    if not isinstance(tree, list):
        return tree
    tag, attributes, rest = element_of(tree)
    kids = [components(kid) for kid in rest]
    element = getattr(html, tag.capitalize())
    return element(kids[0] if len(kids) == 1 else kids or None, **attributes)
