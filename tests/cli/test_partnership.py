"""``scorecard partnership``: init, subareas, list, show and load, as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli import main
from demo.partnership import DEMO_PROFILE


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SCORECARD_UPLOAD_DIR", str(tmp_path / "uploads"))
    url = f"sqlite:///{tmp_path / 'store.db'}"
    assert main(["--database-url", url, "init-db"]) == 0
    return url


def test_init_then_export_without_a_period(store: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database-url", store, "partnership", "init", "E06000008"]) == 0
    said = capsys.readouterr().out
    assert "Blackburn with Darwen (E06000008), profile version 1" in said
    assert "scorecard partnership subareas E06000008 FILE" in said
    out = tmp_path / "bwd.csv"
    assert main(["--database-url", store, "export", "--area", "E06000008", "--format", "csv",
                 "--out", str(out)]) == 0
    assert "# Period: Q4 2024/25" in out.read_text(encoding="utf-8-sig")
    localities = tmp_path / "localities.csv"
    localities.write_text("code,name,population\nBWD-N,North,9000\n")
    assert main(["--database-url", store, "partnership", "subareas", "E06000008",
                 str(localities)]) == 0
    capsys.readouterr()
    assert main(["--database-url", store, "partnership", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "E06000008  Blackburn with Darwen  (1 district sub-areas)"]
    assert main(["--database-url", store, "partnership", "show", "e06000008"]) == 0
    assert "BWD-N  North  (0-17: 9000)" in capsys.readouterr().out


def test_load_reports_a_bad_profile_and_stores_nothing(store: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('council = "E10000016"\n')
    assert main(["--database-url", store, "partnership", "load", str(bad)]) == 1
    said = capsys.readouterr().out
    assert "bad.toml, profile, column 'name'" in said and "not stored" in said
    assert main(["--database-url", store, "partnership", "load", str(DEMO_PROFILE)]) == 0
    assert "profile version 1" in capsys.readouterr().out


def test_show_and_export_name_what_is_missing(store: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database-url", store, "partnership", "show", "E10000016"]) == 2
    assert "no partnership for 'E10000016'" in capsys.readouterr().err
    assert main(["--database-url", store, "export", "--area", "E10000016", "--out",
                 str(tmp_path / "x.csv")]) == 2
    assert "holds no figures for 'E10000016'" in capsys.readouterr().err
    assert main(["--database-url", store, "partnership", "init", "E07000105"]) == 2
    assert "not an upper-tier council" in capsys.readouterr().err
