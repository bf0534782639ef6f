"""Crafted callback requests for every role: board pack states naming another district (as
dicts, nested, encoded), renamed approve-button ids, forged outputs and inputs, and board pack
jobs and files whose requester may not (or no longer) see the area. Fixtures: ``_crafted``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from domain.roles import Role
from server import jobs
from server.testing import ensure_user
from store.models import Job

from ._callbacks import callback_body
from ._crafted import (  # noqa: F401 (the fixtures app, client and store)
    COUNTY,
    OTHER,
    OWN,
    REFUSED,
    app_fixture,
    client_fixture,
    post,
    store_fixture,
)

# --- Callbacks: dict states, renamed ids, forged outputs ----------------------------------

def _queued(store: Engine) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Job)).scalar_one())


PACK_STATES = [
    {"area": OTHER, "period": "Q3 2016/17"},
    {"area": "e07000118", "period": "Q3 2016/17"},
    {"area": "%4507000118", "period": "Q3 2016/17"},
    {"area": [OTHER], "period": "Q3 2016/17"},
    {"area": OWN, "period": "Q3 2016/17", "extra": {"nested": [OTHER]}},
    {OTHER: "area", "period": "Q3 2016/17"},
]


@pytest.mark.parametrize("state", PACK_STATES, ids=range(len(PACK_STATES)))
def test_board_pack_state_naming_another_district_queues_nothing(
        app: Dash, store: Engine, client: Callable[[Role | str], FlaskClient],
        state: dict[str, Any]) -> None:
    before = _queued(store)
    response = post(client(Role.DISTRICT_VIEWER),
                    callback_body(app, "scorecard-pack-build", [1], [state]))
    assert response.status_code in REFUSED
    assert _queued(store) == before


def _awaiting_commentary(store: Engine) -> int:
    from services.commentary import CommentaryDraft, add_commentary
    return add_commentary(store, CommentaryDraft(
        "cp_plans_rate", COUNTY, "fy_quarter:2016-10-01:2016-12-31", "Plans fell."),
        "test-performance-officer")


def _approve_body(app: Dash, commentary_id: int, type_: str = "commentary-approve"
                  ) -> dict[str, Any]:
    context = {"indicator": "cp_plans_rate", "area": COUNTY,
               "period": "fy_quarter:2016-10-01:2016-12-31"}
    body = callback_body(app, "commentary-approve",
                         [[({"type": "commentary-approve", "index": commentary_id}, 1)]],
                         [context])
    body["inputs"][0][0]["id"]["type"] = type_
    return body


def _approved_by(store: Engine, commentary_id: int) -> str | None:
    from store.models import Commentary
    with store.connect() as conn:
        return conn.execute(select(Commentary.approved_by)
                            .where(Commentary.id == commentary_id)).scalar_one()


@pytest.mark.parametrize("type_", ["commentary-approve", "commentary-x", "x", "upload-x"])
@pytest.mark.parametrize("role", [Role.DISTRICT_VIEWER, Role.VIEWER, Role.PERFORMANCE_OFFICER],
                         ids=lambda r: r.key)
def test_only_approvers_approve_commentary_whatever_the_button_id(
        app: Dash, store: Engine, client: Callable[[Role | str], FlaskClient], role: Role,
        type_: str) -> None:
    commentary_id = _awaiting_commentary(store)
    response = post(client(role), _approve_body(app, commentary_id, type_))
    assert response.status_code in REFUSED
    assert "Approved." not in response.get_data(as_text=True)
    assert _approved_by(store, commentary_id) is None


def test_an_approver_still_approves_commentary(
        app: Dash, store: Engine, client: Callable[[Role | str], FlaskClient]) -> None:
    commentary_id = _awaiting_commentary(store)
    response = post(client(Role.APPROVER), _approve_body(app, commentary_id))
    assert response.status_code == 200 and "Approved." in response.get_data(as_text=True)
    assert _approved_by(store, commentary_id) == "test-approver"


def _forged_outputs(app: Dash) -> list[tuple[str, dict[str, Any]]]:
    pack = callback_body(app, "scorecard-pack-build", [0], [{"area": OWN, "period": "x"}])
    admin = callback_body(app, "admin-role-save", [0, 0], ["nobody", "admin", None, 0])
    return [
        ("made-up output", {**pack, "output": "scorecard-made-up.children"}),
        ("admin output, reader inputs", {**pack, "output": admin["output"]}),
        ("reader output, admin inputs", {**admin, "output": pack["output"]}),
        ("clientside output", {**pack, "output": "_pages_dummy.children"}),
        ("output missing", {k: v for k, v in pack.items() if k != "output"}),
        ("inputs missing", {**pack, "inputs": []}),
        ("renamed state id", {**pack, "state": [{**pack["state"][0], "id": "x"}]}),
        ("renamed input property", {**pack, "inputs": [{**pack["inputs"][0],
                                                        "property": "value"}]}),
    ]


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.key)
def test_forged_callback_outputs_and_inputs_are_refused(
        app: Dash, client: Callable[[Role | str], FlaskClient], role: Role) -> None:
    for name, body in _forged_outputs(app):
        response = post(client(role), body)
        assert response.status_code in REFUSED, name
        assert role is Role.ADMIN or "admin-user" not in response.get_data(as_text=True)


# --- Board pack files: built and served only while the requester may see the area ----------

def _fetch(who: FlaskClient, url: str) -> tuple[int, bytes]:
    """Status and body of a file download (the file is closed afterwards)."""
    with who.get(url) as response:
        return response.status_code, response.get_data()


def _run(store: Engine, job_id: int) -> None:
    """Run a queued job here, as a ``scorecard worker`` would."""
    assert jobs.claim(store, job_id)
    jobs.run(store, job_id)


def _pack_job(app: Dash, store: Engine, who: FlaskClient, area: str) -> int:
    response = post(who, callback_body(app, "scorecard-pack-build", [1],
                                       [{"area": area, "period": "Q3 2016/17"}]))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    with store.connect() as conn:
        return int(conn.execute(select(func.max(Job.id))).scalar_one())


def test_a_district_viewer_still_builds_and_fetches_their_own_pack(
        app: Dash, store: Engine, client: Callable[[Role | str], FlaskClient]) -> None:
    viewer = client(Role.DISTRICT_VIEWER)
    job_id = _pack_job(app, store, viewer, OWN)
    _run(store, job_id)
    assert _fetch(viewer, f"/api/exports/jobs/{job_id}.pdf")[1].startswith(b"%PDF")


def test_a_pack_file_goes_only_to_its_requester_or_an_administrator(
        app: Dash, store: Engine, client: Callable[[Role | str], FlaskClient]) -> None:
    from services import accounts
    owner = client("pack-owner")
    job_id = _pack_job(app, store, owner, OTHER)
    _run(store, job_id)
    url = f"/api/exports/jobs/{job_id}.pdf"
    assert _fetch(owner, url)[1].startswith(b"%PDF")
    assert _fetch(client(Role.ADMIN), url)[1].startswith(b"%PDF")
    for role in (Role.DISTRICT_VIEWER, Role.VIEWER, Role.APPROVER):
        assert _fetch(client(role), url)[0] == 404
    with app.server.app_context():  # as the admin page does it, so sessions see it at once
        accounts.set_role(store, "pack-owner", Role.DISTRICT_VIEWER, area_code=OWN,
                          actor="test")
    status, data = _fetch(owner, url)
    assert status in (302, 401, 403, 404) and not data.startswith(b"%PDF")


def test_a_pack_is_not_built_once_its_requester_may_no_longer_see_the_area(
        app: Dash, store: Engine, client: Callable[[Role | str], FlaskClient]) -> None:
    from services import accounts
    ensure_user(store, Role.VIEWER, username="moved-viewer")
    job_id = _pack_job(app, store, client("moved-viewer"), OTHER)
    accounts.set_role(store, "moved-viewer", Role.DISTRICT_VIEWER, area_code=OWN, actor="test")
    _run(store, job_id)
    found = jobs.job_status(store, job_id)
    assert found is not None and found["status"] == "failed" and found["result"] is None


def test_a_pack_payload_naming_another_district_is_refused_when_it_runs(
        tmp_path: Path, store: Engine) -> None:
    from server.pack_jobs import PackRefused, build_board_pack
    requester = {"username": "test-district-viewer", "account": True}
    with pytest.raises(PackRefused):
        build_board_pack(store, {"area": OTHER, "period": "Q3 2016/17",
                                 "folder": str(tmp_path), "requester": requester},
                         lambda _fraction, _message: None)
    with pytest.raises(PackRefused):  # a payload that names nobody builds nothing
        build_board_pack(store, {"area": COUNTY, "period": "Q3 2016/17",
                                 "folder": str(tmp_path)}, lambda _fraction, _message: None)
    assert list(tmp_path.iterdir()) == []


# --- The scorecard definition editor: administrators only ---------------------------------

#: A draft for another partnership, so a save changes nothing the other tests read.
DRAFT_TOML = """[scorecard]
partnership = "E10000002"
title = "Crafted"
first_quarter = "Q1 2016/17"

[[theme]]
heading = "Safe"

[[theme.row]]
indicator = "cla_rate"
rule = "benchmark"
"""


def _definition_versions(store: Engine) -> int:
    from store.definitions import version_history
    with store.connect() as conn:
        return len(version_history(conn, "E10000002"))


def _editor_body(app: Dash, trigger: str) -> dict[str, Any]:
    body = callback_body(app, "admin-def-up", [1, 1, 1, 1],
                         ["cla_rate", "target", 1, 60,
                          {"toml": DRAFT_TOML, "quarter": "Q3 2016/17"}])
    body["changedPropIds"] = [f"{trigger}.n_clicks"]
    return body


@pytest.mark.parametrize("trigger", ["admin-def-save", "admin-def-apply", "admin-def-up"])
@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN], ids=lambda r: r.key)
def test_only_administrators_edit_or_save_the_scorecard_definition(
        app: Dash, store: Engine, client: Callable[[Role | str], FlaskClient], role: Role,
        trigger: str) -> None:
    before = _definition_versions(store)
    response = post(client(role), _editor_body(app, trigger))
    assert response.status_code in REFUSED
    assert "Saved as version" not in response.get_data(as_text=True)
    assert "Draft changed" not in response.get_data(as_text=True)
    assert _definition_versions(store) == before


def test_an_administrator_saves_the_definition_as_a_new_version(
        app: Dash, store: Engine, client: Callable[[Role | str], FlaskClient]) -> None:
    before = _definition_versions(store)
    changed = post(client(Role.ADMIN), _editor_body(app, "admin-def-apply"))
    assert changed.status_code == 200 and "Draft changed" in changed.get_data(as_text=True)
    saved = post(client(Role.ADMIN), _editor_body(app, "admin-def-save"))
    assert saved.status_code == 200 and "Saved as version" in saved.get_data(as_text=True)
    assert _definition_versions(store) == before + 1
