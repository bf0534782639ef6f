"""Dash's first-request set-up, finished before the first request."""

from __future__ import annotations

import pytest

from server.page_cache import ROUTER_OUTPUT
from server.readiness import finish_dash_setup
from settings import Settings

from ..conftest import running_app


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
        page = client.get("/").get_data(as_text=True)
        start = page.index("/_dash-component-suites/dash/")
        assert client.get(page[start:page.index('"', start)]).status_code == 200


def test_a_set_up_left_pending_is_refused(seed_store: Settings) -> None:
    with running_app(seed_store, login_disabled_as="viewer", secret_key="ready") as app:
        hooks = app.server.before_request_funcs[None]
        hooks[:] = [hook for hook in hooks if getattr(hook, "__name__", "") != "router_sync"]
        with pytest.raises(RuntimeError, match="pages"):
            finish_dash_setup(app)
