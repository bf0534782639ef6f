"""Crafted addresses and page-router requests, as an attacker sends them, for every role: no
spelling of an area (percent-encoding, double encoding, case, spaces, repeated parameters),
renamed router property or href reads anything outside the account's rights, and the same
requests spelt plainly still work. Fixtures and the read test: ``_crafted``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from domain.roles import Role

from ._callbacks import router_body
from ._crafted import (  # noqa: F401 (the fixtures app, client and store)
    CHORLEY_SHOWN,
    OTHER,
    OWN,
    PERIOD,
    REFUSED,
    app_fixture,
    client_fixture,
    names_other,
    post,
    reads_other,
    store_fixture,
)

READERS_OF_EVERY_AREA = [Role.VIEWER, Role.PERFORMANCE_OFFICER, Role.APPROVER, Role.ADMIN]


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
    ("pathname /admin/scorecard-definition", router_body("/admin/scorecard-definition"),
     Role.ADMIN),
    ("search holding the definition editor", router_body("/", "/admin/scorecard-definition"),
     Role.ADMIN),
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
