"""Crafted requests, as an attacker sends them, for every role: no spelling of an address,
renamed id or property, dict state, router href or forged callback reads anything outside the
signed-in account's rights, and the same requests spelt plainly still work.

The store is the page tests' seed (Lancashire and its districts, with figures); the district
viewer is Burnley's (E07000117), and every attack is on Chorley (E07000118). A read is judged
by what comes back: a refusal, or an answer that does not name Chorley.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select
from werkzeug.test import TestResponse

from app import create_app
from server import jobs
from server.roles import Role
from server.testing import csrf_headers, ensure_user, sign_in
from settings import Settings
from store.engine import make_engine
from store.models import Job

from ._callbacks import callback_body, router_body

OWN, OTHER, COUNTY = "E07000117", "E07000118", "E10000017"
PERIOD = "period=Q3-2016-17"
REFUSED = (400, 403)
CHORLEY = re.compile(r"Chorley(?!, South Ribble)")
#: Chorley as the area a page or file is about (headings "Chorley: Q3", "...: Chorley, Q3").
CHORLEY_SHOWN = re.compile(r"Chorley[:,] Q3|: Chorley")
READERS_OF_EVERY_AREA = [Role.VIEWER, Role.PERFORMANCE_OFFICER, Role.APPROVER, Role.ADMIN]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, seed_store: Settings) -> Iterator[Engine]:
    path = tmp_path_factory.mktemp("crafted") / "store.db"
    shutil.copy(seed_store.database_url.removeprefix("sqlite:///"), path)
    engine = make_engine(f"sqlite:///{path}")
    for role in Role:
        ensure_user(engine, role, area_code=OWN if role is Role.DISTRICT_VIEWER else None)
    ensure_user(engine, Role.VIEWER, username="pack-owner")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def app(store: Engine, seed_store: Settings, tmp_path_factory: pytest.TempPathFactory
        ) -> Iterator[Dash]:
    built = create_app(seed_store.with_overrides(
        database_url=store.url.render_as_string(hide_password=False), secret_key="crafted",
        login_rate_limit="1000 per minute", demo_login=False, jobs_mode="worker",
        export_dir=tmp_path_factory.mktemp("packs")))
    built.server.test_client().get("/healthz")  # take Dash's callbacks before another app
    yield built
    built.server.extensions["scorecard_engine"].dispose()


@pytest.fixture(scope="module")
def client(app: Dash) -> Callable[[Role | str], FlaskClient]:
    clients: dict[Role | str, FlaskClient] = {}

    def get(who: Role | str) -> FlaskClient:
        if who not in clients:
            clients[who] = app.server.test_client()
            sign_in(clients[who], who if isinstance(who, str)
                    else f"test-{who.key.replace('_', '-')}")
        return clients[who]
    return get


def post(client: FlaskClient, body: dict[str, Any]) -> TestResponse:
    return client.post("/_dash-update-component", json=body, headers=csrf_headers(client))


def reads_other(response: TestResponse, pattern: re.Pattern[str] | None = None) -> bool:
    """Whether an answer carries Chorley's figures: a text answer names it (``pattern``,
    by default anywhere), a file is served."""
    if response.status_code in (*REFUSED, 404):
        return False
    if response.mimetype in ("application/json", "text/csv", "text/html"):
        return bool((pattern or CHORLEY).search(response.get_data(as_text=True)))
    return response.status_code == 200


def names_other(text: str) -> bool:
    """Whether ``text`` names Chorley the district (not the footprint named after it)."""
    return bool(CHORLEY.search(text))


# --- Addresses: every spelling of an area, on every page and export -----------------------

#: (name, query naming Chorley, whether the pages read that as Chorley).
SPELLINGS = [
    ("plain", f"area={OTHER}", True),
    ("percent-encoded letter", "area=%4507000118", True),
    ("all percent-encoded", "area=%45%30%37%30%30%30%31%31%38", True),
    ("double-encoded", "area=%254507000118", False),
    ("lower case", "area=e07000118", True),
    ("encoded lower case", "area=%6507000118", True),
    ("plus signs", "area=+E07000118+", True),
    ("encoded spaces", "area=%20E07000118%09", True),
    ("encoded parameter name", "%61rea=E07000118", True),
    ("repeated, own first", f"area={OWN}&area={OTHER}", False),
    ("repeated, other first", f"area={OTHER}&area={OWN}", False),
]

Surface = Callable[[FlaskClient, str], TestResponse]
SURFACES: list[tuple[str, Surface]] = [
    ("scorecard page", lambda c, q: post(c, router_body("/", f"?{q}&{PERIOD}"))),
    ("indicator page", lambda c, q: post(c, router_body(
        "/indicator", f"?id=cp_plans_rate&{q}&{PERIOD}"))),
    ("summary page", lambda c, q: post(c, router_body("/summary", f"?{q}&{PERIOD}"))),
    ("page address", lambda c, q: c.get(f"/?{q}&{PERIOD}")),
    ("scorecard csv", lambda c, q: c.get(f"/api/exports/scorecard.csv?{q}&{PERIOD}")),
    ("scorecard xlsx", lambda c, q: c.get(f"/api/exports/scorecard.xlsx?{q}&{PERIOD}")),
    ("scorecard pdf", lambda c, q: c.get(f"/api/exports/scorecard.pdf?{q}&{PERIOD}")),
    ("indicator csv", lambda c, q: c.get(
        f"/api/exports/indicator/cp_plans_rate.csv?{q}&{PERIOD}")),
    ("indicator png", lambda c, q: c.get(
        f"/api/exports/indicator/cp_plans_rate.png?{q}&{PERIOD}")),
]
SURFACE_IDS = [s[0] for s in SURFACES]


@pytest.mark.parametrize(("surface", "ask"), SURFACES, ids=SURFACE_IDS)
@pytest.mark.parametrize(("spelling", "query", "_reads"), SPELLINGS, ids=[s[0] for s in SPELLINGS])
def test_a_district_viewer_reads_no_other_district_however_spelt(
        client: Callable[[Role | str], FlaskClient], surface: str, ask: Surface,
        spelling: str, query: str, _reads: bool) -> None:
    response = ask(client(Role.DISTRICT_VIEWER), query)
    assert response.status_code in REFUSED
    assert not reads_other(response)


OWN_SPELLINGS = [f"area={OWN}", "area=%4507000117", "area=e07000117", "area=+E07000117+",
                 f"area={OWN}&area={OWN}"]
TEXT_SURFACES = [s for s in SURFACES if s[0] in ("scorecard page", "indicator page",
                                                 "summary page", "scorecard csv",
                                                 "indicator csv")]


@pytest.mark.parametrize(("surface", "ask"), TEXT_SURFACES, ids=[s[0] for s in TEXT_SURFACES])
@pytest.mark.parametrize("query", OWN_SPELLINGS)
def test_a_district_viewer_reads_their_own_district_however_spelt(
        client: Callable[[Role | str], FlaskClient], surface: str, ask: Surface,
        query: str) -> None:
    response = ask(client(Role.DISTRICT_VIEWER), query)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Burnley" in text and not names_other(text)


@pytest.mark.parametrize("role", READERS_OF_EVERY_AREA, ids=lambda r: r.key)
@pytest.mark.parametrize(("spelling", "query", "reads"), SPELLINGS, ids=[s[0] for s in SPELLINGS])
def test_other_roles_read_any_district_as_the_pages_resolve_it(
        client: Callable[[Role | str], FlaskClient], role: Role, spelling: str, query: str,
        reads: bool) -> None:
    for surface, ask in SURFACES:
        if surface.endswith(("pdf", "png")) and spelling != "plain":
            continue  # drawing files is slow; the plain spelling shows they are served
        response = ask(client(role), query)
        assert response.status_code != 403, surface
        if surface == "page address":  # the page frame; the router draws the figures
            assert response.status_code == 200
        elif reads:
            assert response.status_code == 200 and reads_other(response, CHORLEY_SHOWN), \
                surface
        else:
            assert not reads_other(response, CHORLEY_SHOWN), surface


# --- The page router: renamed properties, hrefs and every page a value could draw ----------

def _router(inputs: list[tuple[str, str, Any]]) -> dict[str, Any]:
    body = router_body("/")
    body["inputs"] = [{"id": i, "property": p, "value": v} for i, p, v in inputs]
    return body


LOCATION = "_pages_location"
CHORLEY_SEARCH = f"?area={OTHER}&{PERIOD}"
ROUTER_AREA_ATTACKS = [
    ("search renamed title", _router([(LOCATION, "pathname", "/"),
                                      (LOCATION, "title", CHORLEY_SEARCH)])),
    ("search renamed hash", _router([(LOCATION, "pathname", "/"),
                                     (LOCATION, "hash", "#" + CHORLEY_SEARCH)])),
    ("search as href", _router([(LOCATION, "pathname", "/"),
                                (LOCATION, "href", "http://localhost/" + CHORLEY_SEARCH)])),
    ("search in the pathname", _router([(LOCATION, "pathname", "/" + CHORLEY_SEARCH),
                                        (LOCATION, "search", "")])),
    ("renamed location id", _router([("url", "pathname", "/"), ("url", "search",
                                                                CHORLEY_SEARCH)])),
    ("extra input", _router([(LOCATION, "pathname", "/"), (LOCATION, "search", ""),
                             (LOCATION, "search", CHORLEY_SEARCH)])),
    ("encoded search", router_body("/", "?area=%4507000118&" + PERIOD)),
]


@pytest.mark.parametrize(("name", "body"), ROUTER_AREA_ATTACKS,
                         ids=[a[0] for a in ROUTER_AREA_ATTACKS])
def test_router_tricks_draw_no_other_district(
        client: Callable[[Role | str], FlaskClient], name: str, body: dict[str, Any]) -> None:
    response = post(client(Role.DISTRICT_VIEWER), body)
    assert response.status_code in REFUSED
    assert not reads_other(response)


#: (name, router request, role the page it could draw needs)
ROUTER_PAGE_ATTACKS = [
    ("href /admin", _router([(LOCATION, "href", "/admin"), (LOCATION, "search", "")]),
     Role.ADMIN),
    ("href /admin only", _router([(LOCATION, "href", "/admin")]), Role.ADMIN),
    ("pathname /admin", router_body("/admin"), Role.ADMIN),
    ("pathname /admin/", router_body("/admin/"), Role.ADMIN),
    ("pathname //admin", router_body("//admin"), Role.ADMIN),
    ("pathname /admin?x=1", router_body("/admin?x=1"), Role.ADMIN),
    ("pathname as full URL", router_body("http://localhost/admin"), Role.ADMIN),
    ("search holding a path", router_body("/", "/admin"), Role.ADMIN),
    ("href /upload", _router([(LOCATION, "href", "/upload"), (LOCATION, "search", "")]),
     Role.PERFORMANCE_OFFICER),
    ("pathname /upload", router_body("/upload"), Role.PERFORMANCE_OFFICER),
]


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.key)
@pytest.mark.parametrize(("name", "body", "needed"), ROUTER_PAGE_ATTACKS,
                         ids=[a[0] for a in ROUTER_PAGE_ATTACKS])
def test_router_draws_admin_and_upload_only_for_their_roles(
        client: Callable[[Role | str], FlaskClient], role: Role, name: str,
        body: dict[str, Any], needed: Role) -> None:
    response = post(client(role), body)
    text = response.get_data(as_text=True)
    if role < needed:
        assert response.status_code in REFUSED
        assert "test-district-viewer" not in text and "Upload figures" not in text
    elif body == router_body("/admin") or body == router_body("/upload"):
        assert response.status_code == 200  # the plain request still works
        assert ("test-district-viewer" if needed is Role.ADMIN else "Upload figures") in text


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
    from server import accounts
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
    from server import accounts
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
