"""Clicks on the districts page's map and chart, as a Board member and as a district viewer:
a district the user may not open is answered with a sentence and never reaches the server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dash import Dash
from dash.exceptions import PreventUpdate

from layouts import _district_clicks as clicks
from settings import Settings
from tests.layouts.conftest import seed_app
from tests.server._callbacks import callback_body

PRESTON = "E07000123"
BURNLEY = "E07000117"
STATE = {"indicator": "cla_rate", "period": "Q3 2016/17", "view": "districts",
         "area": "E10000017"}


@pytest.fixture(scope="module")
def district_app(seed_store: Settings) -> Iterator[Dash]:
    yield from seed_app(seed_store, f"district_viewer:{PRESTON}")


def test_a_board_member_may_open_every_district(app: Dash) -> None:
    with app.server.test_request_context("/districts"):
        rules = clicks.click_rules("E10000017")
    assert PRESTON in rules["open"] and BURNLEY in rules["open"]
    assert rules["refusal"] == ""


def test_a_district_viewer_is_told_which_district_they_can_view(district_app: Dash) -> None:
    from layouts import districts
    with district_app.server.test_request_context("/districts"):
        rules = clicks.click_rules("E10000017")
        page = districts.layout()
        stores = [c for c in page.children if getattr(c, "id", None) == clicks.CLICK_RULES]
    assert rules["open"] == [PRESTON]
    assert rules["refusal"].startswith("You can view Preston only")
    assert stores and stores[0].data == rules


def test_no_server_callback_is_sent_a_map_or_chart_click(district_app: Dash) -> None:
    """The clicked point (naming any district) goes to the browser's own function only; the
    server hears of a district only once the user may open it."""
    heard = {key: {(i["id"], i["property"]) for i in entry["inputs"] + entry["state"]}
             for key, entry in district_app.callback_map.items()}
    in_browser = [key for key, entry in district_app.callback_map.items()
                  if entry.get("callback") is None]
    assert [key for key in in_browser if (clicks.MAP, "clickData") in heard[key]] == [
        f"..{clicks.PICKED}.data...{clicks.CLICK_NOTE}.children.."]
    for key, inputs in heard.items():
        if key not in in_browser:
            assert not {(clicks.MAP, "clickData"), (clicks.BARS, "clickData")} & inputs, key


def test_the_own_district_opens_and_another_is_refused_quietly(district_app: Dash) -> None:
    with district_app.server.test_request_context("/_dash-update-component", method="POST"):
        assert clicks.open_district(PRESTON, STATE) == (
            "?indicator=cla_rate&period=Q3+2016%2F17&district=" + PRESTON + "&area=E10000017")
        with pytest.raises(PreventUpdate):
            clicks.open_district(BURNLEY, STATE)
        with pytest.raises(PreventUpdate):
            clicks.open_district(None, STATE)
    client = district_app.server.test_client()
    answer = client.post("/_dash-update-component",
                         json=callback_body(district_app, clicks.PICKED, [PRESTON], [STATE]))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert f"district={PRESTON}" in answer.get_data(as_text=True)
