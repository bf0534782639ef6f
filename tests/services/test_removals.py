"""A file that would blank stored limits is warned in the preview and needs acknowledging."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import Engine

from services.uploads import commit_upload, preview_upload
from settings import Settings
from store import queries

HEADER = ["indicator_id", "area_code", "period", "numerator", "denominator", "value",
          "lower_ci", "upper_ci"]


def _book(path: Path, *rows: list[Any]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    for row in (HEADER, *rows):
        sheet.append(row)
    book.save(path)
    return path


def test_blanking_stored_limits_needs_acknowledging(engine: Engine, settings: Settings,
                                                    tmp_path: Path) -> None:
    with_limits = _book(tmp_path / "a.xlsx", ["cla_rate", "E10000017", "Q2 2016/17", 1800,
                                              260000, 69.2, 66.1, 72.5])
    assert commit_upload(engine, settings, with_limits).status == "committed"
    without = _book(tmp_path / "b.xlsx", ["cla_rate", "E10000017", "Q2 2016/17", 1800,
                                          260000, 69.3, None, None])
    preview = preview_upload(engine, settings, without)
    assert [i.code for i in preview.result.report.warnings] == ["removes-interval"]
    refused = commit_upload(engine, settings, without)
    assert refused.status == "rejected"
    with engine.connect() as conn:
        assert queries.observations(conn, ["cla_rate"])["lower_ci"].tolist() == [66.1]
    done = commit_upload(engine, settings, without, acknowledged_reason="Limits withdrawn")
    assert done.status == "committed"
