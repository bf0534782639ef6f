"""Pages, callback answers and JavaScript bundles are compressed for clients that accept it,
sent as they are to clients that do not, and keep their security headers either way."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from typing import Any

import brotli
import pytest
from dash import Dash
from flask.testing import FlaskClient

from layouts._shell import page_scripts
from server.compression import BundleCache, cache_key
from server.testing import page_draw_body
from settings import Settings

from ..conftest import running_app

PLOTLY = "/_dash-component-suites/plotly/package_data/plotly.min.js"
CALLBACK = "/_dash-update-component"


@pytest.fixture(scope="module")
def app(seed_store: Settings) -> Iterator[Dash]:
    with running_app(seed_store, login_disabled_as="admin", secret_key="compression") as app:
        yield app


@pytest.fixture
def client(app: Dash) -> FlaskClient:
    """A client signed in as an administrator (every page and callback is open to it)."""
    return app.server.test_client()


def _decoded(response: Any) -> bytes:
    body: bytes = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    if encoding == "br":
        return bytes(brotli.decompress(body))
    if encoding == "gzip":
        return gzip.decompress(body)
    assert encoding is None, encoding
    return body


def _draw(client: FlaskClient, accept: str | None, path: str = "/districts") -> Any:
    headers = {"Accept-Encoding": accept} if accept is not None else {}
    return client.post(CALLBACK, json=page_draw_body(path), headers=headers)


def _bundle_url(client: FlaskClient) -> str:
    scripts = page_scripts(client.get("/").get_data(as_text=True))
    return next(url for url in scripts if "/_dash-component-suites/dash/dash_table/" in url)


@pytest.mark.parametrize("accept, expected", [("br, gzip", "br"), ("gzip", "gzip"),
                                              ("gzip, deflate, br", "br")])
def test_a_callback_answer_is_compressed_when_accepted(client: FlaskClient, accept: str,
                                                       expected: str) -> None:
    plain = _draw(client, None)
    packed = _draw(client, accept)
    assert plain.status_code == packed.status_code == 200
    assert packed.headers["Content-Encoding"] == expected
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert len(packed.get_data()) * 4 < len(plain.get_data())
    assert json.loads(_decoded(packed)) == json.loads(plain.get_data())


@pytest.mark.parametrize("accept", [None, "identity", "compress"])
def test_a_callback_answer_is_plain_when_compression_is_not_accepted(
        client: FlaskClient, accept: str | None) -> None:
    response = _draw(client, accept)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert json.loads(response.get_data())["response"]


def test_the_page_cache_keeps_the_plain_answer(client: FlaskClient) -> None:
    """A compressed answer is not what a later, plain request is served from the cache (the
    Compare page is drawn first here, compressed, so that answer is the one cached)."""
    first = _draw(client, "br", "/compare")
    again = _draw(client, None, "/compare")
    assert first.headers["Content-Encoding"] == "br"
    assert "Content-Encoding" not in again.headers
    assert json.loads(again.get_data()) == json.loads(_decoded(first))


@pytest.mark.parametrize("which", ["plotly", "table"])
def test_bundles_are_compressed_when_accepted_and_plain_otherwise(client: FlaskClient,
                                                                  which: str) -> None:
    url = PLOTLY if which == "plotly" else _bundle_url(client)
    plain = client.get(url)
    packed = client.get(url, headers={"Accept-Encoding": "gzip, br"})
    packed_again = client.get(url, headers={"Accept-Encoding": "gzip, br"})
    gzipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "br"
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert _decoded(packed) == _decoded(packed_again) == _decoded(gzipped) == plain.get_data()
    assert len(packed.get_data()) * 2 < len(plain.get_data())
    assert plain.headers["Content-Type"] == packed.headers["Content-Type"]


def test_compressed_answers_keep_the_security_headers(client: FlaskClient) -> None:
    plain = client.get("/")
    packed = client.get("/", headers={"Accept-Encoding": "br"})
    assert packed.headers["Content-Encoding"] == "br"
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options",
                   "Referrer-Policy", "Cross-Origin-Opener-Policy", "Cache-Control"):
        assert packed.headers[header] == plain.headers[header], header
    assert _decoded(packed).decode().startswith("<!DOCTYPE html>")


def test_only_bundles_are_kept_compressed() -> None:
    cache = BundleCache()
    bundle, answer = f"br;GET {PLOTLY}", f"br;POST {CALLBACK}"
    cache.set(bundle, b"bundle")
    cache.set(answer, b"answer")
    assert cache.get(bundle) == b"bundle"
    assert cache.get(answer) is None
    assert cache.get(f"gzip;GET {PLOTLY}") is None


def test_the_cache_key_names_method_path_and_query(app: Dash) -> None:
    from flask import request
    with app.server.test_request_context(f"{PLOTLY}?v=1", method="GET"):
        assert cache_key(request) == f"GET {PLOTLY}?v=1"
