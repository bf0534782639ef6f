"""The one registry of board-pack formats: each entry renders its own kind of file, live
exports and snapshots both go through it, and an unknown format is refused by name."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from services.export_formats import FORMATS, export_format, render
from services.exports import export_scorecard, live_content
from services.scorecard import reporting_quarter
from services.snapshots import render_snapshot
from settings import Settings

LANCASHIRE = "E10000017"
MAGIC = {"pdf": b"%PDF", "xlsx": b"PK", "csv": "# ".encode("utf-8-sig")}


def test_each_format_has_its_own_extension_and_media_type() -> None:
    assert sorted(FORMATS) == sorted(MAGIC)
    assert len({f.extension for f in FORMATS.values()}) == len(FORMATS)
    assert FORMATS["csv"].media_type.startswith("text/csv")
    assert FORMATS["pdf"].media_type == "application/pdf"


def test_an_unknown_format_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"one of \['csv', 'pdf', 'xlsx'\], not 'docx'"):
        export_format("docx")


def test_live_exports_and_snapshots_render_through_the_registry(
        board_engine: Engine, board_settings: Settings) -> None:
    quarter = reporting_quarter("Q3 16/17")
    with board_engine.connect() as conn:
        content = live_content(conn, board_settings, LANCASHIRE, quarter,
                               produced=dt.datetime(2017, 2, 14, 10, 0))
        exported = export_scorecard(conn, board_settings, LANCASHIRE, quarter, "xlsx")
    assert exported.filename.endswith(".xlsx")
    assert exported.media_type == FORMATS["xlsx"].media_type
    for name, magic in MAGIC.items():
        rendered = render(content, name, "ab" * 32)
        assert rendered.data.startswith(magic), name
        assert rendered.data == render_snapshot(content, "ab" * 32, name)
        assert (rendered.pages or 0) >= (1 if name == "pdf" else 0)
    assert b"ab" * 32 in render(content, "csv", "ab" * 32).data
    assert b"Content hash" not in render(content, "csv").data
