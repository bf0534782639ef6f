"""Graphs load the partial plotly.js bundle: the right version, every trace type the pages
and exports draw, served at Dash's own address, offline and cacheable."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pytest
from dash import Dash
from plotly.offline import get_plotlyjs_version

from server.plotly_bundle import (
    BUNDLE,
    DASH_PLOTLY_PATH,
    MAP_PROJECTIONS,
    TRACE_TYPES,
    bundle_bytes,
)
from settings import Settings

from ..conftest import running_app

REPO = Path(__file__).resolve().parents[2]
FULL_PLOTLY = 4_000_000


@pytest.fixture(scope="module")
def app(seed_store: Settings) -> Iterator[Dash]:
    with running_app(seed_store, login_disabled_as="viewer", secret_key="bundle") as app:
        yield app


def _registered_traces(text: str) -> set[str]:
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', text))


def _drawn_traces() -> set[str]:
    """Trace types named in product code: ``go.Bar(...)`` calls and ``"type": "bar"`` dicts."""
    found: set[str] = set()
    for folder in ("layouts", "exports", "services", "indicators"):
        for path in (REPO / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                        and node.value.id == "go"
                        and node.attr.lower() in _plotly_trace_names()):
                    found.add(node.attr.lower())
                if isinstance(node, ast.Dict):
                    for key, value in zip(node.keys, node.values, strict=True):
                        if (isinstance(key, ast.Constant) and key.value == "type"
                                and isinstance(value, ast.Constant)
                                and value.value in _plotly_trace_names()):
                            found.add(str(value.value))
    return found


@lru_cache(maxsize=1)
def _plotly_trace_names() -> set[str]:
    import plotly.graph_objects as go
    from plotly.basedatatypes import BaseTraceType
    return {name.lower() for name in dir(go)
            if isinstance(getattr(go, name), type) and issubclass(getattr(go, name), BaseTraceType)}


def test_bundle_is_the_plotly_version_the_python_package_writes_figures_for() -> None:
    text = bundle_bytes()[:400].decode("utf-8")
    assert f"plotly.js v{get_plotlyjs_version()} " in text


def test_bundle_holds_exactly_the_trace_types_listed() -> None:
    assert _registered_traces(BUNDLE.read_text(encoding="utf-8")) == set(TRACE_TYPES)


def test_product_code_draws_no_trace_type_missing_from_the_bundle() -> None:
    drawn = _drawn_traces()
    assert {"scatter", "bar", "choropleth"} <= drawn  # the scan finds the known figures
    assert drawn <= set(TRACE_TYPES), f"rebuild tools/plotly-bundle with {drawn - set(TRACE_TYPES)}"


def test_graphs_load_the_partial_bundle_from_dashs_address(app: Dash) -> None:
    response = app.server.test_client().get("/" + DASH_PLOTLY_PATH)
    assert response.status_code == 200
    assert response.mimetype == "application/javascript"
    body = response.get_data()
    assert body == bundle_bytes()
    assert len(body) < FULL_PLOTLY / 2
    assert response.cache_control.max_age and response.headers["ETag"]


def test_an_unchanged_bundle_is_not_sent_again(app: Dash) -> None:
    client = app.server.test_client()
    etag = client.get("/" + DASH_PLOTLY_PATH).headers["ETag"]
    again = client.get("/" + DASH_PLOTLY_PATH, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""


def test_maps_use_only_projections_the_bundle_keeps() -> None:
    source = "\n".join(path.read_text(encoding="utf-8")
                       for path in (REPO / "layouts").rglob("*.py"))
    used = set(re.findall(r'projection_type\s*=\s*"([a-z ]+)"', source))
    used |= set(re.findall(r'"projection":\s*\{\s*"type":\s*"([a-z ]+)"', source))
    assert used, "the districts map names its projection"
    assert used <= set(MAP_PROJECTIONS)
