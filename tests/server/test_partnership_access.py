"""An account limited to one partnership: crafted requests for another partnership's areas are
refused; its own partnership, England and the other comparators are not."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine, insert, update

from domain.roles import Role
from server.testing import ensure_user, sign_in
from services.accounts import AccountError, create_user
from store.models import Area
from tests._partnership import LOCALITY, UNITARY, with_unitary_partnership

from .conftest import COUNTY, ENGLAND, OTHER_DISTRICT, OWN_DISTRICT
from .test_access import GATE_REFUSALS, page_body, post_callback

KENT, ASHFORD = "E10000016", "E07000105"
#: A unitary council outside every partnership.
NEIGHBOUR = "E06000009"


@pytest.fixture
def two_partnerships(seeded_engine: Engine) -> Engine:
    """The seeded store (Lancashire and two districts) with a second partnership, Kent."""
    with seeded_engine.begin() as conn:
        conn.execute(update(Area).where(Area.code.in_([OWN_DISTRICT, OTHER_DISTRICT]))
                     .values(parent_code=COUNTY))
        conn.execute(insert(Area), [
            {"code": KENT, "name": "Kent", "type": "county", "parent_code": None},
            {"code": ASHFORD, "name": "Ashford", "type": "district", "parent_code": KENT}])
    return seeded_engine


def _client(app: Dash, engine: Engine, role: Role, area: str) -> FlaskClient:
    client = app.server.test_client()
    username, password = ensure_user(engine, role, username=f"{role.key}-{area}",
                                     area_code=area)
    sign_in(client, username, password)
    return client


@pytest.mark.parametrize(("code", "ok"), [(COUNTY, True), (OWN_DISTRICT, True),
                                          (OTHER_DISTRICT, True), (ENGLAND, True),
                                          (KENT, False), (ASHFORD, False)])
def test_a_viewer_limited_to_a_partnership_sees_only_its_areas(
        make_app: Callable[..., Dash], two_partnerships: Engine, code: str, ok: bool) -> None:
    app = make_app()
    client = _client(app, two_partnerships, Role.VIEWER, COUNTY)
    checks = [post_callback(client, page_body("/", f"?area={code}"), signed_in=True),
              client.get(f"/api/exports/scorecard.csv?area={code}").status_code,
              client.get(f"/?area={code}").status_code]
    for status in checks:
        assert (status not in GATE_REFUSALS) if ok else status == 403, checks


def test_a_district_viewer_is_kept_from_other_partnerships_too(
        make_app: Callable[..., Dash], two_partnerships: Engine) -> None:
    app = make_app()
    client = _client(app, two_partnerships, Role.DISTRICT_VIEWER, OWN_DISTRICT)
    assert client.get(f"/?area={KENT}").status_code == 403
    assert client.get(f"/?area={COUNTY}").status_code not in GATE_REFUSALS


def test_an_unlimited_viewer_sees_every_partnership(make_app: Callable[..., Dash],
                                                    two_partnerships: Engine) -> None:
    app = make_app()
    client = app.server.test_client()
    username, password = ensure_user(two_partnerships, Role.VIEWER)
    sign_in(client, username, password)
    for code in (COUNTY, KENT, ASHFORD):
        assert client.get(f"/?area={code}").status_code not in GATE_REFUSALS


def test_only_a_partnership_council_can_limit_an_account(two_partnerships: Engine) -> None:
    with pytest.raises(AccountError, match="not a partnership's council"):
        create_user(two_partnerships, "x", Role.VIEWER, area_code=ASHFORD, actor="test")
    limited = create_user(two_partnerships, "y", Role.APPROVER, area_code=KENT, actor="test")
    assert limited.area_code == KENT


@pytest.fixture
def unitary_partnership(two_partnerships: Engine) -> Engine:
    """The two partnerships, a third whose council is a unitary (kept of type ``other_la``)
    with one locality, and a neighbouring unitary with no partnership."""
    with two_partnerships.begin() as conn:
        conn.execute(insert(Area), [
            {"code": UNITARY, "name": "Blackburn with Darwen", "type": "other_la"},
            {"code": NEIGHBOUR, "name": "Blackpool", "type": "other_la"}])
    with_unitary_partnership(two_partnerships)
    with two_partnerships.begin() as conn:
        conn.execute(update(Area).where(Area.code == UNITARY).values(type="other_la"))
    return two_partnerships


@pytest.mark.parametrize("role", [Role.VIEWER, Role.DISTRICT_VIEWER])
def test_a_limited_account_is_still_refused_a_unitary_partnership(
        make_app: Callable[..., Dash], unitary_partnership: Engine, role: Role) -> None:
    app = make_app()
    client = _client(app, unitary_partnership, role,
                     COUNTY if role is Role.VIEWER else OWN_DISTRICT)
    for code in (UNITARY, LOCALITY):
        checks = [post_callback(client, page_body("/", f"?area={code}"), signed_in=True),
                  client.get(f"/api/exports/scorecard.csv?area={code}").status_code,
                  client.get(f"/?area={code}").status_code]
        assert checks == [403, 403, 403], (code, checks)
    # a council outside every partnership is a comparator, as England is
    assert client.get(f"/?area={NEIGHBOUR}").status_code not in GATE_REFUSALS


def test_the_unitary_partnerships_own_account_is_refused_the_others(
        make_app: Callable[..., Dash], unitary_partnership: Engine) -> None:
    with unitary_partnership.begin() as conn:  # a stored profile makes its council a county
        conn.execute(update(Area).where(Area.code == UNITARY).values(type="county"))
    app = make_app()
    client = _client(app, unitary_partnership, Role.VIEWER, UNITARY)
    assert client.get(f"/?area={LOCALITY}").status_code not in GATE_REFUSALS
    for code in (COUNTY, OWN_DISTRICT, KENT):
        assert client.get(f"/?area={code}").status_code == 403, code
