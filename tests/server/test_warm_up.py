"""Drawing the busiest pages while a worker starts fills the caches their readers use."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from dash import Dash

from app import create_app
from layouts import _data
from server.testing import page_draw_body
from server.warm_up import WARM_PATHS, warm_pages
from settings import Settings


@pytest.fixture
def fresh_app(seed_store: Settings) -> Iterator[Dash]:
    """An app of its own over the seed store (its cache starts empty), read by a viewer."""
    built = create_app(seed_store.with_overrides(login_disabled_as="viewer",
                                                 secret_key="warm-up-tests"))
    yield built
    built.server.extensions["scorecard_engine"].dispose()


def test_the_default_pages_are_served_from_what_starting_computed(
        fresh_app: Dash, monkeypatch: pytest.MonkeyPatch) -> None:
    assert warm_pages(fresh_app) == list(WARM_PATHS)

    def no_more(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the scorecard was computed again")
    monkeypatch.setattr(_data, "scorecard_view", no_more)
    client = fresh_app.server.test_client()
    for path in ("/", "/summary"):
        response = client.post("/_dash-update-component", json=page_draw_body(path))
        assert response.status_code == 200
        assert "the scorecard was computed again" not in response.get_data(as_text=True)
        assert "Something went wrong" not in response.get_data(as_text=True)


def test_a_page_that_fails_to_draw_does_not_stop_the_start(
        fresh_app: Dash, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("the store is unreachable")
    monkeypatch.setattr(_data, "store_has_figures", broken)
    drawn = warm_pages(fresh_app)
    assert "/" not in drawn and "/summary" not in drawn
