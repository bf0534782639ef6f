"""``scorecard export``: usage faults are answered before the store is opened."""

from __future__ import annotations

import pytest

from cli import main


def test_an_unknown_format_is_a_usage_error_naming_the_formats(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--database-url", "sqlite://", "export", "--period", "Q2 16/17",
              "--format", "docx", "--out", "x.docx"])
    assert stopped.value.code == 2
    assert ("argument --format: invalid choice: 'docx' (choose from 'csv', 'pdf', 'xlsx')"
            in capsys.readouterr().err)


def test_export_needs_a_period_or_a_snapshot(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database-url", "sqlite://", "export", "--out", "x.csv"]) == 2
    assert capsys.readouterr().out == "scorecard export: give --period (or --snapshot ID)\n"
