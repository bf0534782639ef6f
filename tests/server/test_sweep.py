"""Files left for users by uploads and board-pack jobs are deleted a day later, and only those."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from server import jobs, pack_jobs
from server.pack_jobs import build_board_pack
from services.exports import ExportFile


def _age(path: Path, seconds: float) -> Path:
    when = time.time() - seconds
    os.utime(path, (when, when))
    return path


def test_sweep_removes_only_old_files_matching_the_pattern(tmp_path: Path) -> None:
    old_pack = tmp_path / "board-pack-old.pdf"
    old_pack.write_bytes(b"%PDF")
    _age(old_pack, jobs.KEEP_SECONDS + 60)
    new_pack = tmp_path / "board-pack-new.pdf"
    new_pack.write_bytes(b"%PDF")
    someone_elses = tmp_path / "minutes.docx"
    someone_elses.write_bytes(b"x")
    _age(someone_elses, jobs.KEEP_SECONDS * 10)
    (tmp_path / "board-pack-folder.pdf").mkdir()
    _age(tmp_path / "board-pack-folder.pdf", jobs.KEEP_SECONDS * 10)

    assert jobs.sweep_files(tmp_path, "board-pack-*.pdf") == 1
    assert not old_pack.exists()
    assert new_pack.exists() and someone_elses.exists()
    assert (tmp_path / "board-pack-folder.pdf").is_dir()


def test_building_a_pack_sweeps_packs_older_than_a_day(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "board-pack-stale.pdf"
    stale.write_bytes(b"%PDF-old")
    _age(stale, jobs.KEEP_SECONDS + 1)
    monkeypatch.setattr(pack_jobs, "export_scorecard", lambda *args, **kwargs: ExportFile(
        b"%PDF-new", "pack.pdf", "application/pdf", 3))
    steps: list[str] = []
    result = build_board_pack(create_engine("sqlite://"),
                              {"area": "E10000017", "period": "Q3 2016/17",
                               "folder": str(tmp_path),
                               "requester": {"role": "viewer", "account": False}},
                              lambda fraction, message: steps.append(message))
    assert not stale.exists()
    assert (tmp_path / result["file"]).read_bytes() == b"%PDF-new"
    assert result["pages"] == 3 and steps[-1] == "Saving the board pack"
