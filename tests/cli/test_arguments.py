"""Argument types: out-of-range ids are usage errors, the area defaults to the partnership, and
listings print no 'nan'."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from cli import main
from cli.arguments import area_or_default, store_id
from demo.partnership import DEMO_PROFILE
from services.setup import initialise_store
from settings import load_settings
from store.models import MAX_ID


@pytest.mark.parametrize("text", ["0", "-1", str(MAX_ID + 1), "9" * 30, "x", "1.5", ""])
def test_store_id_refuses_what_no_stored_row_has(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        store_id(text)


def test_store_id_reads_ids_in_range() -> None:
    assert (store_id("1"), store_id(str(MAX_ID))) == (1, MAX_ID)


@pytest.fixture
def store(tmp_path: Path) -> str:
    """A store set up as a user would, with ``scorecard init-db`` and the demo partnership's
    profile loaded by ``scorecard partnership load``."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    assert main(["--database-url", url, "init-db"]) == 0
    assert main(["--database-url", url, "partnership", "load", str(DEMO_PROFILE)]) == 0
    return url


@pytest.mark.parametrize("argv", [
    ["export", "--snapshot", "9" * 25, "--out", "x.csv"],
    ["rollback", "9" * 25],
    ["commentary", "approve", "9" * 25, "--approver", "someone"],
])
def test_huge_ids_are_usage_errors_not_tracebacks(store: str, argv: list[str],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--database-url", store, *argv])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "is not an id the store can hold" in err and "Traceback" not in err


def test_batches_without_an_acknowledgement_print_none(
        store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, area, value, reason in (("plain.csv", "E07000117", 120, None),
                                      ("warned.csv", "E07000118", 3, "Published already")):
        path = tmp_path / name
        path.write_text(f"indicator_id,area_code,period,value\ncla_number,{area},Q2 2016/17,"
                        f"{value}\n")
        extra = ["--acknowledge-warnings", reason] if reason else []
        assert main(["--database-url", store, "load", str(path), *extra]) == 0
    capsys.readouterr()
    assert main(["--database-url", store, "batches"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.endswith("warnings accepted: Published already)") for line in lines] == [
        True, False]
    assert "nan" not in lines[1]


@pytest.mark.parametrize(("given", "expected"), [(None, "E10000017"),
                                                 ("E07000117", "E07000117")])
def test_the_area_defaults_to_the_partnership(given: str | None, expected: str,
                                              cli_store: str) -> None:
    assert area_or_default(given, load_settings(database_url=cli_store)) == expected


def test_without_a_partnership_the_area_defaults_to_england(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    initialise_store(load_settings(database_url=url))
    assert area_or_default(None, load_settings(database_url=url)) == "E92000001"
