"""The ``scorecard`` parser and its fault answers: the parser is built without importing the
use cases (so ``scorecard --help`` starts at once), every command module registers its
commands, and a store fault is one line, never a traceback."""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.exc import ArgumentError, IntegrityError

from cli import main
from cli.registry import COMMANDS, Command, no_arguments
from settings import Settings

ROOT = Path(__file__).resolve().parents[2]
#: Packages a parser has no need of; each costs start-up time (the analysis stack, the web
#: stack, the store and the use cases).
HEAVY = ("pandas", "scipy", "matplotlib", "dash", "plotly", "flask", "sqlalchemy", "services")


def _python(*argv: str) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    return subprocess.run([sys.executable, *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False, env={**os.environ, "PYTHONPATH": path})


def test_building_the_parser_imports_no_heavy_package() -> None:
    code = ("import sys, cli; cli.build_parser(); "
            f"print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))")
    done = _python("-c", code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []


def test_python_dash_m_cli_is_the_scorecard_command() -> None:
    done = _python("-m", "cli", "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: scorecard")


def test_every_command_module_registers_its_commands() -> None:
    assert sorted(COMMANDS) == [
        "batches", "catalogue", "commentary", "demo", "export", "init-db", "load",
        "partnership", "pull", "recompute", "rollback", "scorecard-def", "serve", "snapshot",
        "snapshots", "template", "user", "worker"]


def _failing(error: Exception) -> Command:
    def handler(args: argparse.Namespace, settings: Settings) -> int:
        raise error
    return Command(handler, no_arguments, "fails")


def test_a_refused_statement_is_one_line(monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    refused = IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed"))
    monkeypatch.setitem(COMMANDS, "batches", _failing(refused))
    assert main(["--database-url", "sqlite://", "batches"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "scorecard batches: the store refused a statement (IntegrityError); tell whoever "
        "runs the server."]


def test_a_fault_in_the_programs_own_sql_keeps_its_traceback(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(COMMANDS, "batches", _failing(ArgumentError("no such column")))
    with pytest.raises(ArgumentError):
        main(["--database-url", "sqlite://", "batches"])
