"""The header names the partnership as its profile brands it."""

from __future__ import annotations

from dash import Dash

from layouts._site_owner import DEFAULT_OWNER, site_owner


def test_the_header_names_the_partnership_by_its_branding(app: Dash) -> None:
    with app.server.test_request_context("/"):
        assert site_owner() == "Lancashire Children and Young People's Partnership"
    layout = app.server.test_client().get("/_dash-layout").get_data(as_text=True)
    assert "Lancashire Children and Young People&#x27;s Partnership" in layout or \
        "Lancashire Children and Young People's Partnership" in layout


def test_outside_a_request_the_header_keeps_its_plain_words() -> None:
    assert site_owner() == DEFAULT_OWNER
