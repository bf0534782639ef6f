"""A web process picks up catalogue changes another process stored."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from dash import Dash
from sqlalchemy import Engine

from services.catalogue import catalogue, forget_site_entries, merged_catalogue
from store.catalogue_entries import Entry, save_entry


@pytest.fixture(autouse=True)
def _shipped_catalogue() -> Iterator[None]:
    yield
    forget_site_entries()


def test_a_request_brings_the_catalogue_in_step(make_app: Callable[..., Dash],
                                                seeded_engine: Engine) -> None:
    app = make_app()
    cells = {"fingertips_id": "20201"}
    merged = merged_catalogue([Entry("breastfeeding_initiation", "map", cells, 1, "admin")])
    save_entry(seeded_engine, "breastfeeding_initiation", "map", cells, "admin",
               merged["breastfeeding_initiation"])
    assert catalogue()["breastfeeding_initiation"].fingertips_id is None
    app.server.test_client().get("/login")
    assert catalogue()["breastfeeding_initiation"].fingertips_id == 20201
    app.server.extensions["scorecard_engine"].dispose()
