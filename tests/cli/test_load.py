"""Who the command line acts for: ``--user``, ``--author`` and ``--approver`` must name an
active account with the role the action needs; otherwise one line, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from cli import main
from domain.roles import Role
from services import accounts
from services.accounts import AccountError
from store.engine import make_engine
from store.models import AuditLog, BoardSnapshot, Commentary, UploadBatch
from tests.services.test_uploads import BURNLEY, figure, workbook


@pytest.fixture
def store(cli_store: str) -> str:
    """The command-line store plus a viewer and a disabled administrator."""
    engine = make_engine(cli_store)
    accounts.create_user(engine, "board", Role.VIEWER, actor="test")
    accounts.create_user(engine, "gone", Role.ADMIN, actor="test")
    accounts.set_active(engine, "gone", False, actor="test")
    engine.dispose()
    return cli_store


def _written(url: str) -> tuple[int, int, int, list[str]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            counts = [conn.execute(select(func.count()).select_from(table)).scalar_one()
                      for table in (UploadBatch, Commentary, BoardSnapshot)]
            users = list(conn.execute(select(AuditLog.user).distinct()).scalars())
    finally:
        engine.dispose()
    return counts[0], counts[1], counts[2], sorted(users)


QUARTER = ["--period", "Q2 16/17"]


@pytest.mark.parametrize(("argv", "message"), [
    (["load", "FILE", "--user", "ghost"], "no active account 'ghost'"),
    (["load", "FILE", "--user", "board"], "board is a Viewer (Board); this needs Performance"),
    (["load", "FILE", "--user", "gone"], "no active account 'gone'"),
    (["rollback", "1", "--user", "officer"], "this needs Approver or above"),
    (["commentary", "add", "--indicator", "cla_number", *QUARTER, "--narrative", "n",
      "--author", "ghost"], "no active account 'ghost'"),
    (["commentary", "approve", "1", "--approver", "officer"], "this needs Approver"),
    (["snapshot", *QUARTER, "--meeting", "2017-01-10", "--approver", "ghost"],
     "no active account 'ghost'"),
])
def test_unknown_or_unfit_names_are_refused_and_nothing_is_written(
        store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
        message: str) -> None:
    path = workbook(tmp_path / "q2.xlsx", figure(BURNLEY, 120))
    assert main(["--database-url", store, "load", str(path), "--user", "officer"]) == 0
    capsys.readouterr()
    before = _written(store)
    argv = [str(path) if a == "FILE" else a for a in argv]
    assert main(["--database-url", store, *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert _written(store) == before
    assert "ghost" not in before[3] and "board" not in before[3]


def test_a_named_account_is_recorded_and_an_unnamed_load_is_recorded_as_cli(
        store: str, tmp_path: Path) -> None:
    assert main(["--database-url", store, "load", str(workbook(
        tmp_path / "a.xlsx", figure(BURNLEY, 120))), "--user", "officer"]) == 0
    assert main(["--database-url", store, "load", str(workbook(
        tmp_path / "b.xlsx", figure(BURNLEY, 130)))]) == 0
    assert main(["--database-url", store, "rollback", "2", "--user", "approver"]) == 0
    engine = make_engine(store)
    with engine.connect() as conn:
        rows = conn.execute(select(UploadBatch.uploaded_by, UploadBatch.rolled_back_by)
                            .order_by(UploadBatch.id)).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("officer", None), ("cli", "approver")]


@pytest.mark.parametrize("name", ["cli", "System", "sso"])
def test_the_audit_logs_own_names_cannot_be_accounts(store: str, name: str) -> None:
    engine = make_engine(store)
    with pytest.raises(AccountError, match="reserved"):
        accounts.create_user(engine, name, Role.ADMIN, actor="test")
    engine.dispose()
