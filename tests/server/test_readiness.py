"""Dash's first-request set-up, finished before the first request."""

from __future__ import annotations

from typing import Any

import dash
import pytest

from layouts._shell import page_scripts
from server.page_cache import ROUTER_OUTPUT
from server.readiness import finish_dash_setup, warm_pages
from settings import Settings

from ..conftest import fetched_status, running_app


def test_the_set_up_is_done_before_any_request(seed_store: Settings) -> None:
    with running_app(seed_store, login_disabled_as="viewer", secret_key="ready") as app:
        assert not any(app._got_first_request.values())
        assert ROUTER_OUTPUT not in app.callback_map
        finish_dash_setup(app)
        assert all(app._got_first_request.values())
        assert ROUTER_OUTPUT in app.callback_map
        assert "dash" in app.registered_paths
        finish_dash_setup(app)  # a second call changes nothing
        client = app.server.test_client()
        assert ROUTER_OUTPUT in client.get("/_dash-dependencies").get_data(as_text=True)
        scripts = page_scripts(client.get("/").get_data(as_text=True))
        assert len(scripts) > 2
        assert all(fetched_status(client, url) == 200 for url in scripts)


def test_a_set_up_left_pending_is_refused(seed_store: Settings) -> None:
    with running_app(seed_store, login_disabled_as="viewer", secret_key="ready") as app:
        hooks = app.server.before_request_funcs[None]
        hooks[:] = [hook for hook in hooks if getattr(hook, "__name__", "") != "router_sync"]
        with pytest.raises(RuntimeError, match="pages"):
            finish_dash_setup(app)


def test_every_page_open_to_all_readers_is_drawn_before_the_first_request(
        seed_store: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    with running_app(seed_store, login_disabled_as="viewer", secret_key="ready") as app:
        finish_dash_setup(app)
        drawn: list[str] = []
        for page in dash.page_registry.values():
            layout = page["layout"]
            if callable(layout):
                def counted(*args: Any, _path: str = page["path"], _layout: Any = layout,
                            **kwargs: Any) -> Any:
                    drawn.append(_path)
                    return _layout(*args, **kwargs)
                monkeypatch.setitem(page, "layout", counted)
        assert warm_pages(app) == []
        open_to_all = sorted(p["path"] for p in dash.page_registry.values()
                             if callable(p["layout"]) and not p.get("access"))
        assert sorted(drawn) == open_to_all and "/" in drawn and "/districts" in drawn
        assert "/admin" not in drawn


def test_a_page_that_cannot_be_drawn_early_is_left_to_its_first_request(
        seed_store: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    with running_app(seed_store, login_disabled_as="viewer", secret_key="ready") as app:
        finish_dash_setup(app)
        home = next(p for p in dash.page_registry.values() if p["path"] == "/")

        def broken(**_query: str) -> Any:
            raise RuntimeError("the store is away")
        monkeypatch.setitem(home, "layout", broken)
        assert warm_pages(app) == ["/"]

