"""The Admin page's published sources: the last pulls, the mappings, and mapping an id."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine

from domain.roles import Role
from server.testing import csrf_headers
from services.catalogue import catalogue, forget_site_entries
from store.pull_runs import finish_run, start_run
from tests.server._callbacks import callback_body, router_body
from tests.server.conftest import app, client_as, make_app, seeded_engine  # noqa: F401


@pytest.fixture(autouse=True)
def _shipped_catalogue() -> Iterator[None]:
    yield
    forget_site_entries()


def test_admin_page_lists_runs_and_maps_an_id(
        app: Dash, seeded_engine: Engine,  # noqa: F811 (fixtures imported above)
        client_as: Callable[[Role | None], FlaskClient]) -> None:  # noqa: F811
    run = start_run(seeded_engine, "fingertips", "scheduled")
    finish_run(seeded_engine, run, "unchanged", "No figure changed (12 unchanged)", 12)
    client = client_as(Role.ADMIN)
    page = client.post("/_dash-update-component", json=router_body("/admin"),
                       headers=csrf_headers(client))
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Published sources" in text and "No figure changed (12 unchanged)" in text
    assert "self_harm_admissions_10_24" in text and "90813" in text

    body = callback_body(app, "admin-map-save", [1],
                         ["breastfeeding_initiation", 20201, None, None])
    saved = client.post("/_dash-update-component", json=body, headers=csrf_headers(client))
    assert saved.status_code == 200
    assert "breastfeeding_initiation mapped: fingertips_id 20201" in saved.get_data(
        as_text=True)
    assert catalogue()["breastfeeding_initiation"].fingertips_id == 20201
