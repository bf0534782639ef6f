"""``scorecard export``: usage faults are answered before the store is opened. (Without
``--period`` the export is of the area's latest quarter: ``tests/cli/test_partnership.py``.)"""

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
