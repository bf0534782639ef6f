"""``scorecard export``: usage faults are answered before the store is opened; without
``--out`` the export goes to standard output."""

from __future__ import annotations

import sys
from pathlib import Path

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



def test_export_without_out_writes_the_csv_to_standard_output(
        cli_store: str, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    arguments = ["--database-url", cli_store, "export", "--area", "E92000001",
                 "--period", "Q3 2016/17", "--format", "csv"]
    assert main(arguments) == 0
    printed = capsysbinary.readouterr().out
    assert b"Wrote " not in printed
    assert "# Period: Q3 2016/17" in printed.decode("utf-8-sig")
    assert b"\nindicator_id,indicator," in printed
    written = tmp_path / "card.csv"
    assert main([*arguments, "--out", str(written)]) == 0
    assert capsysbinary.readouterr().out == f"Wrote {written}\n".encode()
    assert written.read_bytes() == printed


def test_a_binary_export_is_not_written_to_a_terminal(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["--database-url", "sqlite://", "export", "--period", "Q3 2016/17",
                 "--format", "pdf"]) == 2
    assert "give --out FILE or redirect standard output" in capsys.readouterr().out


def test_no_board_pack_for_a_council_outside_every_partnership(
        cli_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pack.pdf"
    assert main(["--database-url", cli_store, "export", "--area", "E06000009",
                 "--period", "Q3 2016/17", "--format", "pdf", "--out", str(out)]) == 2
    assert ("scorecard export: E06000009 is in no partnership here: its figures are shown "
            "for comparison only, without a Board pack.") in capsys.readouterr().err
    assert not out.exists()
