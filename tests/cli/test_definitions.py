"""``scorecard scorecard-def load|show|export`` on a set-up store."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli import main
from demo.definitions import DEFINITION_FILES

PAPER, CURRENT = DEFINITION_FILES


def run(url: str, *args: str) -> int:
    return main(["--database-url", url, "scorecard-def", *args])


def test_load_show_and_export_round_trip(cli_store: str, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert run(cli_store, "load", str(PAPER)) == 0
    assert run(cli_store, "load", str(CURRENT)) == 0
    assert "as version 1" in capsys.readouterr().out
    assert run(cli_store, "show", "--period", "Q3 2016/17") == 0
    shown = capsys.readouterr().out.splitlines()
    assert shown[0].startswith("CYPP performance scorecard 2016/17 (E10000017, Q1 2016/17 to "
                               "Q4 2016/17), version 1 saved by cli")
    assert shown[1] == "  Outcome one - to feel safe"
    assert shown[2].strip() == "1. cp_plans_number [none]"
    assert sum(line.startswith("    ") for line in shown) == 30
    out = tmp_path / "current.toml"
    assert run(cli_store, "export", "--period", "Q4 2024/25", "--output", str(out)) == 0
    assert 'title = "CYPP performance scorecard 2024/25 onward"' in out.read_text()
    # the exported file loads back as the next version of the same definition
    assert run(cli_store, "load", str(out)) == 0
    assert "as version 2" in capsys.readouterr().out


def test_a_bad_file_lists_every_error_and_stores_nothing(
        cli_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(PAPER.read_text().replace('indicator = "cla_rate"',
                                             'indicator = "cla_rates"'), encoding="utf-8")
    assert run(cli_store, "load", str(bad)) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("bad.toml, line ")
    assert "key theme[1].row[4].indicator: theme[1].row[4].indicator 'cla_rates' is not in "\
           "the indicator catalogue" in err[0]
    assert err[-1].endswith("not stored (1 error(s))")
    assert run(cli_store, "show", "--period", "Q3 2016/17") == 2
    assert "No scorecard definition is in force for E10000017 in Q3 2016/17" in \
        capsys.readouterr().err


def test_a_missing_file_is_one_line(cli_store: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert run(cli_store, "load", str(tmp_path / "none.toml")) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("scorecard scorecard-def: ") and "cannot read the file" in err
    assert len(err.splitlines()) == 1
