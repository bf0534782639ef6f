"""``scorecard user ...``."""

from __future__ import annotations

import io
import sys

import pytest
from sqlalchemy import Engine, select

from cli import main
from domain.roles import Role
from services import accounts
from store.models import UserAccount


def _run(engine: Engine, *argv: str, stdin: str = "") -> int:
    url = engine.url.render_as_string(hide_password=False)
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return main(["--database-url", url, *argv])
    finally:
        sys.stdin = old


def test_add_list_change_and_remove(seeded_engine: Engine,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(seeded_engine, "user", "add", "alice", "--role", "performance_officer",
                "--password-stdin", stdin="a long enough password\n") == 0
    assert accounts.authenticate(seeded_engine, "alice", "a long enough password")
    assert _run(seeded_engine, "user", "add", "dee", "--role", "district_viewer", "--area",
                "E07000117", "--sso") == 0
    assert _run(seeded_engine, "user", "role", "alice", "approver") == 0
    assert _run(seeded_engine, "user", "disable", "dee") == 0
    assert _run(seeded_engine, "user", "list") == 0
    out = capsys.readouterr().out
    assert "Added alice (Performance officer)." in out
    assert "alice is now Approver." in out
    assert "dee" in out and "disabled" in out
    assert _run(seeded_engine, "user", "link-oidc", "alice", "entra-42") == 0
    with seeded_engine.connect() as conn:
        linked = conn.execute(select(UserAccount.oidc_subject)
                              .where(UserAccount.username == "alice")).scalar_one()
    assert linked == "entra-42"
    assert _run(seeded_engine, "user", "link-oidc", "dee", "entra-42") == 2
    accounts.ensure_demo_account(seeded_engine) or accounts.create_user(
        seeded_engine, "demo2", Role.ADMIN, password="demo", is_demo=True)
    assert _run(seeded_engine, "user", "remove-demo") == 0
    assert not accounts.demo_account_exists(seeded_engine)


@pytest.mark.parametrize(("argv", "stdin", "message"), [
    (["user", "add", "x", "--role", "viewer", "--password-stdin"], "short\n",
     "at least 12 characters"),
    (["user", "add", "x", "--role", "district_viewer", "--sso"], "", "needs a district"),
    (["user", "add", "x", "--role", "district_viewer", "--area", "E10000017", "--sso"], "",
     "is not a district"),
    (["user", "role", "ghost", "admin"], "", "no user called 'ghost'"),
    (["user", "link-oidc", "ghost", "entra-1"], "", "no user called 'ghost'"),
])
def test_mistakes_are_explained(seeded_engine: Engine, capsys: pytest.CaptureFixture[str],
                                argv: list[str], stdin: str, message: str) -> None:
    assert _run(seeded_engine, *argv, stdin=stdin) == 2
    assert message in capsys.readouterr().err


def test_duplicate_user_is_refused(seeded_engine: Engine,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    _run(seeded_engine, "user", "add", "x", "--role", "viewer", "--sso")
    assert _run(seeded_engine, "user", "add", "x", "--role", "viewer", "--sso") == 2
    assert "already a user called 'x'" in capsys.readouterr().err
