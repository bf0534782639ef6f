"""An upload that breaks the district picture: previewed with warnings drawn from the store,
committed only once they are acknowledged (on SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import Engine

from services.uploads import commit_upload, preview_upload
from settings import Settings
from store import queries

LANCASHIRE = "E10000017"
DISTRICTS = tuple(f"E070001{n}" for n in range(17, 29))
#: Lancashire's 895 CP plans in Q4 2024/25 shared among its 12 districts.
SHARES = (107, 54, 36, 72, 98, 81, 134, 27, 54, 72, 72, 88)
HEADER = ["indicator_id", "area_code", "period", "value"]


def workbook(path: Path, rows: list[tuple[str, str, float]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(HEADER)
    for area, period, value in rows:
        sheet.append(["cp_plans_number", area, period, value])
    book.save(path)
    return path


def stored(engine: Engine, settings: Settings, folder: Path) -> None:
    """The county's CP plans a year before, last quarter and now, and its districts now."""
    rows = [(LANCASHIRE, "Q4 2023/24", 659), (LANCASHIRE, "Q3 2024/25", 895),
            (LANCASHIRE, "Q4 2024/25", 895)]
    rows += [(area, "Q4 2024/25", share) for area, share in zip(DISTRICTS, SHARES, strict=True)]
    outcome = commit_upload(engine, settings, workbook(folder / "base.xlsx", rows),
                            user="officer", acknowledged_reason="the starting figures")
    assert outcome.status == "committed", outcome.preview.result.report.to_records()


def county_q4(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        frame = queries.observations(conn, ["cp_plans_number"], [LANCASHIRE])
    return frame.loc[frame["period_label"] == "Q4 2024/25", "value"].tolist()


def test_a_county_count_that_breaks_the_districts_needs_acknowledging(
        engine: Engine, settings: Settings, tmp_path: Path) -> None:
    stored(engine, settings, tmp_path)
    path = workbook(tmp_path / "revised.xlsx", [(LANCASHIRE, "Q4 2024/25", 1450)])
    preview = preview_upload(engine, settings, path, flips=False)
    warnings = {i.code: i.message for i in preview.result.report.warnings}
    assert sorted(warnings) == ["districts-do-not-sum", "implausible-jump"]
    assert "1,450 is 62% higher than 895 in Q3 2024/25 and 120% higher than 659 in " \
        "Q4 2023/24, more than the 25% change" in warnings["implausible-jump"]
    assert "the 12 districts add up to 895 but Lancashire is 1,450, a gap of 555" in \
        warnings["districts-do-not-sum"]
    refused = commit_upload(engine, settings, path, user="officer", checked=preview)
    assert refused.status == "rejected"
    assert "warnings-not-acknowledged" in refused.preview.result.report.codes()
    assert county_q4(engine) == [895]
    committed = commit_upload(engine, settings, path, user="officer", checked=preview,
                              acknowledged_reason="Recount after the audit; districts follow")
    assert committed.status == "committed"
    assert county_q4(engine) == [1450]


def test_a_district_revision_that_keeps_the_sum_is_not_warned(
        engine: Engine, settings: Settings, tmp_path: Path) -> None:
    stored(engine, settings, tmp_path)
    path = workbook(tmp_path / "moved.xlsx", [(DISTRICTS[0], "Q4 2024/25", SHARES[0] + 5),
                                              (DISTRICTS[1], "Q4 2024/25", SHARES[1] - 5)])
    preview = preview_upload(engine, settings, path, flips=False)
    assert preview.result.report.issues == []
    broken = workbook(tmp_path / "broken.xlsx", [(DISTRICTS[0], "Q4 2024/25", SHARES[0] + 5)])
    warned = preview_upload(engine, settings, broken, flips=False).result.report.warnings
    assert [i.code for i in warned] == ["districts-do-not-sum"]
    assert "Burnley" in warned[0].message and "Lancashire is 895, a gap of 5" in \
        warned[0].message
