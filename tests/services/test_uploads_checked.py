"""Committing a previewed upload on SQLite and PostgreSQL: the checked rows of the preview are
reused while the file is unchanged, and everything that depends on the store is checked again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine

import services.uploads as uploads
from services.uploads import commit_upload, preview_upload
from settings import Settings

BURNLEY, CHORLEY = "E07000117", "E07000118"
HEADER = ["indicator_id", "area_code", "period", "value", "note"]


def workbook(path: Path, *values: Any) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(HEADER)
    for area, value in zip((BURNLEY, CHORLEY), values, strict=False):
        sheet.append(["cla_number", area, "Q2 2016/17", value, None])
    book.save(path)
    return path


def no_validation(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("the file was validated again")


def test_an_unchanged_file_is_committed_from_its_preview(
        engine: Engine, settings: Settings, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = workbook(tmp_path / "q2.xlsx", 120, 130)
    preview = preview_upload(engine, settings, path, flips=False)
    issues_before = list(preview.result.report.issues)
    monkeypatch.setattr(uploads, "validate_file", no_validation)
    outcome = commit_upload(engine, settings, path, user="officer", checked=preview)
    assert outcome.status == "committed" and outcome.commit is not None
    assert outcome.commit.rows_new == 2
    assert preview.result.report.issues == issues_before, "the preview itself is left as it was"


def test_a_file_changed_since_its_preview_is_validated_again(
        engine: Engine, settings: Settings, tmp_path: Path) -> None:
    path = workbook(tmp_path / "q2.xlsx", 120, 130)
    preview = preview_upload(engine, settings, path, flips=False)
    assert preview.valid
    workbook(path, 120, "lots")
    outcome = commit_upload(engine, settings, path, user="officer", checked=preview)
    assert outcome.status == "rejected" and not outcome.preview.valid
    assert outcome.preview.file_hash != preview.file_hash


def test_a_preview_of_another_name_is_not_reused(
        engine: Engine, settings: Settings, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = workbook(tmp_path / "q2.xlsx", 120, 130)
    preview = preview_upload(engine, settings, path, flips=False)
    monkeypatch.setattr(uploads, "validate_file", no_validation)
    with pytest.raises(AssertionError, match="validated again"):
        commit_upload(engine, settings, path, "renamed.xlsx", checked=preview)


def test_a_load_since_the_preview_still_refuses_the_commit(
        engine: Engine, settings: Settings, tmp_path: Path) -> None:
    path = workbook(tmp_path / "q2.xlsx", 120, 130)
    preview = preview_upload(engine, settings, path, flips=False)
    first = commit_upload(engine, settings, path, user="officer")
    assert first.status == "committed"
    again = commit_upload(engine, settings, path, user="officer", checked=preview)
    assert again.status == "rejected"
    assert "already-loaded" in [i.code for i in again.preview.result.report.issues]
    assert again.preview.already_loaded == first.batch_id
