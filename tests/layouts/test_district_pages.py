"""The Districts, Compare and Upload pages as functions of their URLs, and their callbacks,
without a browser (the app over the seeded store, signed in by the test switch)."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from dash import Dash

from domain.roles import Role
from layouts._markup import NAMESPACE, Markup, components
from server.roles import role_for_callback
from settings import Settings
from tests.layouts.conftest import seed_app

PRESTON = "E07000123"


@pytest.fixture(scope="module")
def app(seed_store: Settings) -> Iterator[Dash]:
    yield from seed_app(seed_store, "approver")


def walk(node: Any) -> Iterator[Any]:
    """Every node of a component tree, cached parts (plain dicts) as namespaces and
    :class:`Markup` drawn as the browser draws it."""
    if isinstance(node, dict) and node.get("namespace") == NAMESPACE:
        node = components(node["props"]["tree"])
    if isinstance(node, Markup):
        node = components(node.tree)
    if isinstance(node, dict) and "props" in node:
        node = SimpleNamespace(**{"id": None, "children": None, **node["props"]})
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, list | tuple):
        for child in children:
            yield from walk(child)
    elif isinstance(children, str | dict) or hasattr(children, "to_plotly_json"):
        yield from walk(children)


def find(tree: Any, component_id: Any) -> Any:
    return next(n for n in walk(tree) if getattr(n, "id", None) == component_id)


def selected(tree: Any, component_id: str) -> str | None:
    select = find(tree, component_id)
    return next((o.value for o in select.children if getattr(o, "selected", False)), None)


def texts(tree: Any) -> str:
    return " ".join(str(n) for n in walk(tree) if isinstance(n, str))


def test_districts_page_is_a_function_of_its_url(app: Dash) -> None:
    from layouts import districts
    with app.server.test_request_context("/districts"):
        page = districts.layout(indicator="cp_plans_rate", period="Q2 2016/17",
                                view="footprints", district=PRESTON)
        assert selected(page, districts.INDICATOR) == "cp_plans_rate"
        assert selected(page, districts.PERIOD) == "Q2 2016/17"
        assert selected(page, districts.VIEW) == "footprints"
        assert selected(page, districts.DISTRICT) == PRESTON
        assert find(page, districts.HEADING).children.endswith("Q2 2016/17")
        assert find(page, districts.STATE).data == {
            "indicator": "cp_plans_rate", "period": "Q2 2016/17", "view": "footprints",
            "area": "E10000017"}
        assert find(page, "districts-scorecard-table") is not None
        assert "Contains OS data" in texts(page)


def test_districts_page_defaults_and_unknown_values(app: Dash) -> None:
    from layouts import districts
    with app.server.test_request_context("/districts"):
        page = districts.layout(indicator="no_such", view="wards", district="E99999999")
        assert selected(page, districts.INDICATOR) == "cla_rate"
        assert selected(page, districts.VIEW) == "districts"
        assert selected(page, districts.DISTRICT) == ""
        assert "Choose a district above" in texts(page)
        assert "Illustrative figures." in texts(page)


def test_compare_page_by_view_and_outcome(app: Dash) -> None:
    from layouts import compare
    with app.server.test_request_context("/compare"):
        page = compare.layout(view="teams", outcome="feel_safe")
        assert selected(page, compare.VIEW) == "teams"
        assert selected(page, compare.OUTCOME) == "feel_safe"
        assert find(page, f"{compare.RUG}-table") is not None
        empty = compare.layout(outcome="be_healthy")
        assert "No district figures to compare" in texts(empty)


def test_upload_page_shows_the_limit_and_reports_a_preview(app: Dash) -> None:
    from layouts import upload
    with app.server.test_request_context("/upload"):
        page = upload.layout()
        slot = find(page, upload.FILE_SLOT).to_plotly_json()["props"]
        assert slot["data-max-bytes"] == str(app.server.extensions[
            "scorecard_settings"].max_upload_bytes)
        assert "20 MB" in texts(page)
        assert find(page, upload.COMMIT).disabled is True
        preview = {"file": "q3.csv", "valid": True, "warnings": 1, "errors": 0,
                   "issues": [{"severity": "warning", "row": 3, "code": "implausible-jump",
                               "message": "big jump"}], "counts": {"new": 1}}
        parts, disabled, hint = upload.show_report(preview, None)
        assert disabled is False and "1 warning:" in hint
        _parts, disabled, hint = upload.show_report({**preview, "valid": False}, None)
        assert disabled is True and "errors" in hint
        assert upload.show_report(None, None)[1] is True


def test_rollback_callbacks_need_an_approver_and_upload_ones_an_officer() -> None:
    from layouts import upload
    from layouts._upload_components import ROLLBACK_TYPE, SORT_TYPE
    assert role_for_callback([upload.CONFIRM, upload.ROLLBACK_BATCH]) is Role.APPROVER
    assert role_for_callback([{"type": ROLLBACK_TYPE, "batch": 1}]) is Role.APPROVER
    assert role_for_callback([upload.REPORT, upload.PREVIEW]) is Role.PERFORMANCE_OFFICER
    assert role_for_callback([{"type": SORT_TYPE, "column": "row"}]) is (
        Role.PERFORMANCE_OFFICER)
