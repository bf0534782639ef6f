"""The Scorecard, Summary and Indicator pages through Dash's router, without a browser.

Each page is drawn by the router callback exactly as the browser asks for it, on the small
seed store; a failing page shows a plain message, never a stack trace.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from dash import Dash
from flask.testing import FlaskClient

from app import create_app
from server.testing import page_draw_body
from settings import Settings

router_request = page_draw_body


@pytest.fixture
def client(app: Dash) -> FlaskClient:
    return app.server.test_client()


def draw(client: FlaskClient, path: str, search: str = "") -> str:
    response = client.post("/_dash-update-component", json=router_request(path, search))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return json.dumps(response.get_json())


def test_scorecard_for_q3(client: FlaskClient) -> None:
    body = draw(client, "/", "?area=E10000017&period=Q3-2016-17")
    assert "Lancashire: Q3 2016/17" in body
    assert "1,631" in body and "1,734" in body
    assert "Exceptions: worse than England and worsening" in body
    assert "5-in-1 vaccination by first birthday" in body  # worse than England, worsening


def test_district_scorecard_says_its_figures_are_illustrative(client: FlaskClient) -> None:
    body = draw(client, "/", "?area=E07000123&period=Q3-2016-17")
    assert "Preston: Q3 2016/17" in body
    assert "Illustrative: modelled, not published" in body
    assert "County" in body


def test_summary_and_indicator_pages(client: FlaskClient) -> None:
    summary = draw(client, "/summary", "?period=Q3-2016-17")
    assert ("The number of children on child protection plans at the end of quarter three "
            "2016/17 (1,631) had reduced") in summary
    indicator = draw(client, "/indicator", "?id=cp_plans_rate&period=Q3-2016-17")
    assert "indicator-series-table" in indicator and "indicator-districts-table" in indicator


@pytest.mark.parametrize(("path", "search"), [
    ("/", "?area=E10000017&period=Q3+2016%2F17"),
    ("/summary", "?period=Q3%2B2016%2F17"),
    ("/indicator", "?id=cp_plans_rate&period=Q3%25202016%252F17"),
])
def test_a_page_draw_resolves_its_url_state_once_in_any_spelling(
        client: FlaskClient, monkeypatch: pytest.MonkeyPatch, path: str, search: str) -> None:
    data = sys.modules["layouts._data"]
    real = data._resolve
    calls: list[object] = []

    def counting(*args: Any) -> Any:
        calls.append(args)
        return real(*args)
    monkeypatch.setattr(data, "_resolve", counting)
    body = draw(client, path, search)
    assert "Q3 2016/17" in body and "cannot be shown" not in body
    assert len(calls) == 1


@pytest.mark.parametrize(("path", "search", "message"), [
    ("/", "?area=nowhere", "There is no area with code"),
    ("/", "?period=Q9-2016-17", "is not a reporting quarter"),
    ("/indicator", "?id=nope", "There is no indicator"),
    ("/indicator", "?id=cla_rate&id=cp_plans_rate", "2 different values for 'indicator'"),
    ("/no-such-page", "", "Page not found"),
])
def test_bad_urls_are_explained(client: FlaskClient, path: str, search: str,
                                message: str) -> None:
    assert message in draw(client, path, search)


def test_a_failing_page_shows_a_message_not_a_stack_trace(
        client: FlaskClient, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(sys.modules["layouts.home"], "scorecard_content", broken)
    response = client.post("/_dash-update-component", json=router_request("/", "?period=x"))
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Something went wrong while updating this page" in body
    assert "secret internal detail" not in body and "Traceback" not in body
    assert "Callback failed" in caplog.text


def test_a_district_viewer_sees_only_their_own_district(seed_store: Settings) -> None:
    viewer = create_app(seed_store.with_overrides(login_disabled_as="district_viewer:E07000117",
                                                  secret_key="page-tests"))
    try:
        client = viewer.server.test_client()
        body = draw(client, "/indicator", "?id=cp_plans_rate&area=E10000017&period=Q3-2016-17")
        assert "Burnley \u2020" in body or "Burnley \\u2020" in body
        assert "Preston \u2020" not in body and "Preston \\u2020" not in body
        assert "Preston (district)" not in body
        scorecard = draw(client, "/", "?area=E10000017&period=Q3-2016-17")
        assert "Burnley (district)" in scorecard and "Chorley (district)" not in scorecard
    finally:
        viewer.server.extensions["scorecard_engine"].dispose()


def test_pages_offer_downloads_that_work(client: FlaskClient) -> None:
    quarter = "period=Q3+2016%2F17"
    scorecard = draw(client, "/", "?area=E10000017&period=Q3-2016-17")
    indicator = draw(client, "/indicator", "?id=cp_plans_rate&period=Q3-2016-17")
    districts = draw(client, "/districts", "?indicator=cp_plans_rate&district=E07000123")
    links = {
        scorecard: [f"/api/exports/scorecard.{ext}?area=E10000017&{quarter}"
                    for ext in ("xlsx", "csv")],
        indicator: [f"/api/exports/indicator/cp_plans_rate.{ext}?area=E10000017&{quarter}"
                    for ext in ("png", "svg", "csv")],
        districts: ["/api/exports/districts/cp_plans_rate.csv?period=",
                    f"/api/exports/scorecard.xlsx?area=E07000123&{quarter}"],
    }
    for body, hrefs in links.items():
        for href in hrefs:
            assert href in body
    assert "Build the board pack (PDF)" in scorecard
    for href in (links[scorecard][0], links[indicator][2], links[districts][1]):
        response = client.get(href)
        assert response.status_code == 200, href
        assert "attachment" in response.headers["Content-Disposition"]
    assert client.get(links[scorecard][0]).data.startswith(b"PK")


def test_a_viewer_reads_commentary_but_has_no_form(client: FlaskClient) -> None:
    body = draw(client, "/indicator", "?id=cp_plans_rate&period=Q3-2016-17")
    assert "Commentary and actions" in body and "No commentary for this quarter yet." in body
    assert "Save commentary" not in body


def save_commentary(client: FlaskClient, context: dict[str, str], narrative: str,
                    action: str) -> dict[str, Any]:
    """Press "Save commentary" the way the browser posts it."""
    fields = {"commentary-narrative": narrative, "commentary-action": action,
              "commentary-owner": "Head of Safeguarding", "commentary-due": "2017-03-31"}
    response = client.post("/_dash-update-component", json={
        "output": "..commentary-list.children...commentary-message.children..",
        "outputs": [{"id": "commentary-list", "property": "children"},
                    {"id": "commentary-message", "property": "children"}],
        "inputs": [{"id": "commentary-save", "property": "n_clicks", "value": 1}],
        "state": [{"id": "commentary-context", "property": "data", "value": context},
                  *({"id": k, "property": "value", "value": v} for k, v in fields.items())],
        "changedPropIds": ["commentary-save.n_clicks"]})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return dict(response.get_json())


def test_an_officer_writes_commentary_on_the_indicator_page(
        seed_store: Settings, tmp_path: Path) -> None:
    copy = tmp_path / "store.db"
    shutil.copy(seed_store.database_url.removeprefix("sqlite:///"), copy)
    officer = create_app(seed_store.with_overrides(
        database_url=f"sqlite:///{copy}", login_disabled_as="performance_officer",
        secret_key="page-tests"))
    try:
        client = officer.server.test_client()
        search = "?id=cp_plans_rate&period=Q3-2016-17"
        assert "Save commentary" in draw(client, "/indicator", search)
        hostile = "<script>window.__pwned=1</script> Plans fell after the review"
        context = {"indicator": "cp_plans_rate", "area": "E10000017",
                   "period": "fy_quarter:2016-10-01:2016-12-31"}
        saved = json.dumps(save_commentary(client, context, hostile, "Audit step-downs"))
        assert "awaiting approval" in saved.lower() and "Audit step-downs" in saved
        assert "goes into the board pack once an approver approves it" in saved
        page = draw(client, "/indicator", search)
        assert json.dumps(hostile)[1:-1] in page  # a text child, never markup
        assert "Awaiting approval" in page
        bad = json.dumps(save_commentary(client, context, "   ", ""))
        assert "narrative" in bad.lower()
    finally:
        officer.server.extensions["scorecard_engine"].dispose()
    approver = create_app(seed_store.with_overrides(
        database_url=f"sqlite:///{copy}", login_disabled_as="approver", secret_key="page-tests"))
    try:
        client = approver.server.test_client()
        page = draw(client, "/indicator", search)
        assert "Approve this commentary" in page
        output = next(k for k in approver.callback_map
                      if k.startswith("..commentary-list.children@"))
        index = int(re.findall(r'"type": "commentary-approve", "index": (\d+)', page)[0])
        response = client.post("/_dash-update-component", json={
            "output": output,
            "outputs": [{"id": i, "property": p}
                        for i, p in re.findall(r"(commentary-\w+)\.(children@\w+)", output)],
            "inputs": [[{"id": {"type": "commentary-approve", "index": index},
                         "property": "n_clicks", "value": 1}]],
            "state": [{"id": "commentary-context", "property": "data", "value": context}],
            "changedPropIds": [json.dumps({"index": index, "type": "commentary-approve"},
                                          separators=(",", ":")) + ".n_clicks"]})
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        approved = response.get_data(as_text=True)
        assert '"Approved."' in approved and "approved by test-approver" in approved
    finally:
        approver.server.extensions["scorecard_engine"].dispose()


def freeze_body(meeting: str, context: dict[str, str]) -> dict[str, Any]:
    """Press "Freeze this scorecard for the Board" the way the browser posts it."""
    return {
        "output": "..snapshot-list.children...snapshot-approval-message.children..",
        "outputs": [{"id": "snapshot-list", "property": "children"},
                    {"id": "snapshot-approval-message", "property": "children"}],
        "inputs": [{"id": "snapshot-approval-freeze", "property": "n_clicks", "value": 1}],
        "state": [{"id": "snapshot-approval-context", "property": "data", "value": context},
                  {"id": "snapshot-approval-meeting", "property": "value", "value": meeting}],
        "changedPropIds": ["snapshot-approval-freeze.n_clicks"]}


def test_an_approver_freezes_the_scorecard_for_a_board(seed_store: Settings,
                                                       tmp_path: Path) -> None:
    copy = tmp_path / "store.db"
    shutil.copy(seed_store.database_url.removeprefix("sqlite:///"), copy)
    context = {"area": "E10000017", "period": "fy_quarter:2016-10-01:2016-12-31"}
    search = "?area=E10000017&period=Q3-2016-17"
    # Each app takes Dash's registered callbacks at its first request: build them in turn.
    viewer = create_app(seed_store.with_overrides(
        database_url=f"sqlite:///{copy}", login_disabled_as="viewer", secret_key="page-tests"))
    reader = viewer.server.test_client()
    before = draw(reader, "/", search)
    approver = create_app(seed_store.with_overrides(
        database_url=f"sqlite:///{copy}", login_disabled_as="approver", secret_key="page-tests"))
    try:
        chair = approver.server.test_client()
        assert "Board snapshots" in before and "No Board has been sent the Q3 2016/17" in before
        assert "snapshot-approval-freeze" not in before
        assert reader.post("/_dash-update-component",
                           json=freeze_body("2017-03-14", context)).status_code == 403
        assert "snapshot-approval-freeze" in draw(chair, "/", search)
        refused = chair.post("/_dash-update-component", json=freeze_body("", context))
        assert "Enter the date of the Board meeting first." in refused.get_data(as_text=True)
        frozen = chair.post("/_dash-update-component", json=freeze_body("2017-03-14", context))
        assert "Frozen for the 14 March 2017 Board" in frozen.get_data(as_text=True)
        after = draw(reader, "/", search)  # the viewer's cached page is drawn again
        assert "Papers for the 14 March 2017 Board" in after and "frozen by test-approver" in after
        href = re.findall(r'"(/api/exports/snapshots/\d+\.pdf)"', after)[0]
        pack = reader.get(href)
        assert pack.status_code == 200 and pack.data.startswith(b"%PDF")
    finally:
        viewer.server.extensions["scorecard_engine"].dispose()
        approver.server.extensions["scorecard_engine"].dispose()
