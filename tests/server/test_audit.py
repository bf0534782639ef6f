"""The audit trail: role changes and sign-ins are recorded; admins filter and export it, with
formulas neutralised; the Admin page's callbacks change roles and are audited."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from domain.roles import Role
from server.testing import csrf_headers, ensure_user, role_change_body, sign_in
from services import accounts
from store import audit
from store.models import AuditLog

FORMULA = "=HYPERLINK(\"http://evil.example\",\"click\")"


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_export_is_admin_only_marked_and_formula_safe(
        app: Dash, client_as: Callable[[Role | None], FlaskClient],
        seeded_engine: Engine) -> None:
    audit.record_now(seeded_engine, user=FORMULA, action="sign-in-failed",
                     entity_type="user", entity_id="+SUM(A1:A9)", detail="@cmd|' /C calc'!A0")
    client = client_as(Role.ADMIN)
    response = client.get("/api/admin/audit.csv?action=sign-in-failed")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=audit-log.csv"
    rows = _rows(response.get_data(as_text=True))
    assert rows[0] == ["# OFFICIAL"]
    header, entries = rows[2], rows[3:]
    assert header[:3] == ["at", "user", "action"]
    assert len(entries) == 1
    entry = dict(zip(header, entries[0], strict=True))
    assert entry["user"] == "'" + FORMULA
    assert entry["entity_id"] == "'+SUM(A1:A9)"
    assert entry["detail"] == "'@cmd|' /C calc'!A0"
    assert client_as(Role.APPROVER).get("/api/admin/audit.csv").status_code == 403


def test_role_changes_and_sign_ins_are_audited(app: Dash, seeded_engine: Engine) -> None:
    ensure_user(seeded_engine, Role.VIEWER, "bob")
    with app.server.app_context():
        accounts.set_role(seeded_engine, "bob", Role.DISTRICT_VIEWER, area_code="E07000117",
                          actor="carol")
    sign_in(app.server.test_client(), "bob")
    with seeded_engine.connect() as conn:
        entries = conn.execute(select(AuditLog.user, AuditLog.action, AuditLog.entity_id,
                                      AuditLog.before_json, AuditLog.after_json)
                               .order_by(AuditLog.id)).all()
    assert [e[:3] for e in entries] == [("test", "user-add", "bob"),
                                        ("carol", "role-change", "bob"),
                                        ("bob", "sign-in", "bob")]
    assert '"viewer"' in entries[1][3] and '"E07000117"' in entries[1][4]


def test_admin_page_changes_a_role_through_its_callback(
        app: Dash, client_as: Callable[[Role | None], FlaskClient],
        seeded_engine: Engine) -> None:
    ensure_user(seeded_engine, Role.VIEWER, "bob")
    client = client_as(Role.ADMIN)
    response = client.post("/_dash-update-component", json=role_change_body("bob", "approver"),
                           headers=csrf_headers(client))
    assert response.status_code == 200
    result = response.get_json()["response"]
    assert result["admin-user-status"]["children"] == "bob is now Approver."
    with seeded_engine.connect() as conn:
        assert accounts.find_user(conn, "bob").role is Role.APPROVER  # type: ignore[union-attr]
        last = conn.execute(select(AuditLog.user, AuditLog.action)
                            .order_by(AuditLog.id.desc())).first()
    assert tuple(last) == ("test-admin", "role-change")  # type: ignore[arg-type]


def test_audit_filters(seeded_engine: Engine) -> None:
    for user, action in [("a", "sign-in"), ("b", "sign-in"), ("a", "batch-commit")]:
        audit.record_now(seeded_engine, user=user, action=action)
    with seeded_engine.connect() as conn:
        frame = audit.audit_frame(conn, audit.AuditFilter(action="sign-in", user="a"))
        assert audit.audit_actions(conn) == ["batch-commit", "sign-in"]
    assert frame[["user", "action"]].values.tolist() == [["a", "sign-in"]]


def test_very_long_text_is_kept_short_in_the_log(seeded_engine: Engine) -> None:
    audit.record_now(seeded_engine, user="x" * 500, action="note", detail="y" * 32_000)
    with seeded_engine.connect() as conn:
        user, detail = conn.execute(select(AuditLog.user, AuditLog.detail)).one()
    assert len(user) == 120 and len(detail) == audit.MAX_FIELD and detail.endswith("…")
