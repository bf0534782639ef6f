"""Uploads end to end on SQLite and PostgreSQL: preview, commit, revise, roll back, audit;
a commit killed half-way leaves nothing; and the ``scorecard`` load commands."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, cast

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine, func, select

from cli import main
from demo.partnership import demo_profile
from domain.areas import reference_areas
from domain.errors import StoreError
from domain.periods import period_containing
from domain.vocabulary import PeriodType
from services.uploads import (
    FLIP_COLUMNS,
    UploadOutcome,
    commit_upload,
    compact_after,
    file_digest,
    preview_upload,
    rollback_upload,
    template_bytes,
)
from settings import Settings
from store import queries
from store.batches import CommitResult
from store.compact import LARGE_LOAD
from store.engine import make_engine
from store.models import Observation, UploadBatch

REPO = Path(__file__).resolve().parents[2]
HEADER = ["indicator_id", "area_code", "period", "value", "note"]
BURNLEY, CHORLEY, PENDLE = "E07000117", "E07000118", "E07000122"


def workbook(path: Path, *rows: list[Any]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    for values in (HEADER, *rows):
        sheet.append(values)
    book.save(path)
    return path


def figure(area: str, value: Any, period: str = "Q2 2016/17", note: Any = None) -> list[Any]:
    return ["cla_number", area, period, value, note]


def current(engine: Engine, area: str = BURNLEY) -> list[float]:
    with engine.connect() as conn:
        frame = queries.observations(conn, ["cla_number"], [area])
    return frame["value"].tolist()


def test_load_revise_and_roll_back(engine: Engine, settings: Settings, tmp_path: Path) -> None:
    first = workbook(tmp_path / "q2.xlsx", figure(BURNLEY, 120), figure(CHORLEY, 130))
    second = workbook(tmp_path / "q2-revised.xlsx", figure(BURNLEY, 125), figure(CHORLEY, 130),
                      figure(PENDLE, 140))
    loaded = commit_upload(engine, settings, first, user="officer")
    assert loaded.status == "committed" and loaded.commit is not None
    assert (loaded.commit.rows_new, current(engine)) == (2, [120.0])

    preview = preview_upload(engine, settings, second)
    assert preview.valid and preview.counts == {"new": 1, "revised": 1, "unchanged": 1}
    assert [(r["area_code"], r["period_label"], r["changes"]) for r in preview.revisions()] == [
        (BURNLEY, "Q2 2016/17", {"value": [120.0, 125.0]})]
    assert {"indicator_id", "area_code", "old_rag", "new_rag"} <= set(preview.flips.columns)
    assert current(engine) == [120.0], "a preview writes nothing"

    revised = commit_upload(engine, settings, second, user="officer")
    assert revised.status == "committed" and current(engine) == [125.0]
    with engine.connect() as conn:
        history = queries.observation_history(conn, "cla_number", BURNLEY,
                                              "fy_quarter:2016-07-01:2016-09-30")
    assert history["value"].tolist() == [120.0, 125.0]
    assert history["batch_id"].tolist() == [loaded.batch_id, revised.batch_id]
    assert history["source_cell"].tolist() == ["Data!D2", "Data!D2"]

    with pytest.raises(StoreError, match="Roll back the later batch first"):
        rollback_upload(engine, loaded.batch_id or 0, "approver")
    rollback_upload(engine, revised.batch_id or 0, "approver")
    assert current(engine) == [120.0] and current(engine, PENDLE) == []
    with engine.connect() as conn:
        statuses = queries.batches(conn).set_index("id")["status"].to_dict()
    assert statuses == {loaded.batch_id: "committed", revised.batch_id: "rolled_back"}


def test_first_preview_of_an_indicator_has_no_ratings_to_flip(engine: Engine,
                                                              settings: Settings,
                                                              tmp_path: Path) -> None:
    preview = preview_upload(engine, settings, workbook(tmp_path / "a.xlsx",
                                                        figure(BURNLEY, 120)))
    assert preview.counts["new"] == 1 and preview.flips.empty
    assert list(preview.flips.columns) == FLIP_COLUMNS


def test_batch_audit_trail(engine: Engine, settings: Settings, tmp_path: Path) -> None:
    path = workbook(tmp_path / "audit.xlsx", figure(BURNLEY, 120), figure(CHORLEY, 3))
    refused = commit_upload(engine, settings, path, user="officer")
    assert refused.status == "rejected"
    assert [i.code for i in refused.preview.result.report.errors] == [
        "warnings-not-acknowledged"]
    outcome = commit_upload(engine, settings, path, user="officer",
                            acknowledged_reason="Published figure; not identifying")
    assert outcome.status == "committed"
    with engine.connect() as conn:
        batch = queries.batches(conn).iloc[0]
        issues = queries.batch_issues(conn, int(batch["id"]))
        observations = queries.observations(conn, ["cla_number"])
    assert batch["file_name"] == "audit.xlsx"
    assert batch["file_hash"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert batch["file_size"] == path.stat().st_size
    assert json.loads(batch["sheets"]) == ["Data"]
    assert (batch["uploaded_by"], batch["status"], batch["rows_new"]) == ("officer",
                                                                          "committed", 2)
    assert (batch["warning_count"], batch["acknowledged_reason"]) == (
        1, "Published figure; not identifying")
    assert issues[["code", "sheet", "row", "column"]].values.tolist() == [
        ["small-count", "Data", 3, "value"]]
    assert observations["source_cell"].tolist() == ["Data!D2", "Data!D3"]
    assert set(observations["batch_id"]) == {int(batch["id"])}


def test_same_file_is_not_loaded_twice_until_rolled_back(engine: Engine, settings: Settings,
                                                         tmp_path: Path) -> None:
    path = workbook(tmp_path / "once.xlsx", figure(BURNLEY, 120))
    copy = shutil.copy(path, tmp_path / "renamed.xlsx")
    first = commit_upload(engine, settings, path)
    again = commit_upload(engine, settings, Path(copy))
    assert again.status == "rejected"
    assert [(i.code, i.file) for i in again.preview.result.report.errors] == [
        ("already-loaded", "renamed.xlsx")]
    assert f"batch {first.batch_id}" in again.preview.result.report.errors[0].message
    rollback_upload(engine, first.batch_id or 0)
    assert commit_upload(engine, settings, path).status == "committed"


def test_markup_and_long_text_round_trip_through_the_store(engine: Engine, settings: Settings,
                                                          tmp_path: Path) -> None:
    script = "<script>alert('x')</script>"
    long_note = "n" * 32_000
    path = workbook(tmp_path / "text.xlsx", figure(BURNLEY, 120, note=script),
                    figure(CHORLEY, 130, note=long_note))
    assert commit_upload(engine, settings, path).status == "committed"
    with engine.connect() as conn:
        notes = queries.observations(conn, ["cla_number"])["value_note"].tolist()
    assert notes == [script, long_note]


def test_preview_json_is_plain_data(engine: Engine, settings: Settings, tmp_path: Path) -> None:
    commit_upload(engine, settings, workbook(tmp_path / "a.xlsx", figure(BURNLEY, 120)))
    preview = preview_upload(engine, settings, workbook(tmp_path / "b.xlsx",
                                                        figure(BURNLEY, "abc")))
    data = json.loads(json.dumps(preview.to_dict()))
    assert data["valid"] is False and data["errors"] == 1
    assert data["issues"][0] | {"message": ""} == {
        "code": "not-a-number", "severity": "error", "file": "b.xlsx", "sheet": "Data",
        "row": 2, "column": "value", "value": "abc", "message": ""}


def test_template_lists_the_stores_areas(engine: Engine, settings: Settings,
                                        tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    path.write_bytes(template_bytes(engine))
    codes = {c.value for row in load_workbook(path)["README"].iter_rows() for c in row}
    assert {BURNLEY, "E10000017", "CSC-HRV"} <= codes
    assert file_digest(path) == (hashlib.sha256(path.read_bytes()).hexdigest(),
                                 path.stat().st_size)


# --------------------------------------------------------------------- killed mid-commit

KILLED_LOAD = """
import sys
from pathlib import Path
from sqlalchemy import event
from services.uploads import commit_upload
from settings import load_settings
from store.engine import make_engine

settings = load_settings(database_url=sys.argv[1])
engine = make_engine(settings.database_url)

@event.listens_for(engine, "before_cursor_execute")
def announce(conn, cursor, statement, parameters, context, executemany):
    if statement.startswith("INSERT INTO upload_batch"):  # then the rows (COPY on PostgreSQL)
        print("INSERTING", flush=True)

commit_upload(engine, settings, Path(sys.argv[2]), user="killed",
              acknowledged_reason="test")
print("DONE", flush=True)
"""


def _big_csv(path: Path, rows: int = 50_000) -> Path:
    """Looked-after children for 50 other LAs over 1,000 quarters (no warnings)."""
    areas = reference_areas(REPO.parent / "shared" / "data", [demo_profile()])
    codes = areas.loc[areas["type"] == "other_la", "code"].tolist()[:50]
    quarter = period_containing(PeriodType.FY_QUARTER, dt.date(1700, 4, 1))  # to 1950
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["indicator_id", "area_code", "period", "value"])
        for step in range(rows // len(codes)):
            label = quarter.next(step).label
            writer.writerows(["cla_number", code, label, 100] for code in codes)
    return path


def test_process_killed_during_commit_leaves_no_partial_batch(engine: Engine,
                                                              settings: Settings,
                                                              tmp_path: Path) -> None:
    path = _big_csv(tmp_path / "big.csv")
    killed_before_the_end = 0
    for delay in (0.0, 0.2):
        with subprocess.Popen([sys.executable, "-c", KILLED_LOAD, settings.database_url,
                               str(path)], cwd=REPO, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) as process:
            assert process.stdout is not None
            line = process.stdout.readline()
            if line.strip() != "INSERTING":
                pytest.fail(f"the load did not start: {line}{process.communicate()[1]}")
            time.sleep(delay)
            os.kill(process.pid, signal.SIGKILL)
            process.communicate(timeout=30)
        assert process.returncode == -signal.SIGKILL
        engine.dispose()
        with engine.connect() as conn:
            batches = conn.execute(select(UploadBatch.id, UploadBatch.rows_new)).all()
            rows = conn.execute(select(func.count()).select_from(Observation)).scalar_one()
            orphans = conn.execute(select(func.count()).select_from(Observation).where(
                Observation.batch_id.not_in(select(UploadBatch.id)))).scalar_one()
        assert orphans == 0
        if batches:
            assert [(b.rows_new, rows) for b in batches] == [(50_000, 50_000)]
            break
        assert rows == 0
        killed_before_the_end += 1
    assert killed_before_the_end >= 1


# -------------------------------------------------------------------------- command line

def test_cli_load_exit_codes_and_json(cli_store: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    good = workbook(tmp_path / "good.xlsx", figure(BURNLEY, 120))
    bad = workbook(tmp_path / "bad.xlsx", figure("Burnly", 120), figure(CHORLEY, "lots"))
    assert main(["--database-url", cli_store, "load", str(bad), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["files"][0]["status"] == "rejected"
    assert [[i[k] for k in ("code", "severity", "sheet", "row", "column", "value")]
            for i in report["issues"]] == [
        ["unknown-area", "error", "Data", 2, "area_code", "Burnly"],
        ["not-a-number", "error", "Data", 3, "value", "lots"]]
    assert set(report["issues"][0]) >= {"code", "severity", "sheet", "row", "column", "value",
                                        "message"}

    assert main(["--database-url", cli_store, "load", str(good), "--dry-run"]) == 0
    assert "would load 1 new" in capsys.readouterr().out
    assert main(["--database-url", cli_store, "batches"]) == 0
    assert "No batches" in capsys.readouterr().out

    assert main(["--database-url", cli_store, "load", str(good), str(bad),
                 "--user", "officer"]) == 1
    captured = capsys.readouterr()
    assert "good.xlsx: loaded as batch 1 with its ratings recomputed" in captured.out
    assert "bad.xlsx: REJECTED with 2 error(s)" in captured.err
    assert main(["--database-url", cli_store, "load", str(good)]) == 1
    assert "already-loaded" in capsys.readouterr().err
    assert main(["--database-url", cli_store, "batches"]) == 0
    assert "officer" in capsys.readouterr().out


def test_cli_warnings_need_a_reason(cli_store: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    small = workbook(tmp_path / "small.xlsx", figure(BURNLEY, 3))
    assert main(["--database-url", cli_store, "load", str(small), "--dry-run"]) == 0
    assert main(["--database-url", cli_store, "load", str(small)]) == 1
    assert "warnings-not-acknowledged" in capsys.readouterr().err
    assert main(["--database-url", cli_store, "load", str(small), "--acknowledge-warnings",
                 "Published already"]) == 0
    assert "1 warning(s) acknowledged" in capsys.readouterr().out


def test_cli_template_and_rollback(cli_store: str, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    xlsx, text = tmp_path / "t.xlsx", tmp_path / "t.csv"
    assert main(["--database-url", cli_store, "template", "--out", str(xlsx)]) == 0
    assert main(["--database-url", cli_store, "template", "--out", str(text)]) == 0
    assert load_workbook(xlsx).sheetnames == ["Data", "README"]
    heading = text.read_text(encoding="utf-8-sig").splitlines()[0]
    assert heading.startswith("indicator_id,area_code,area_name,period,")
    assert main(["--database-url", cli_store, "template", "--out", str(tmp_path / "t.pdf")]) == 2

    filled = workbook(tmp_path / "f.xlsx", figure(BURNLEY, 120))
    assert main(["--database-url", cli_store, "load", str(filled)]) == 0
    assert main(["--database-url", cli_store, "rollback", "1", "--user", "approver"]) == 0
    assert "Batch 1 rolled back: 1 figure(s)" in capsys.readouterr().out
    assert main(["--database-url", cli_store, "rollback", "1"]) == 2
    assert main(["--database-url", cli_store, "rollback", "99"]) == 2


def test_cli_refuses_a_store_that_is_not_set_up(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = workbook(tmp_path / "a.xlsx", figure(BURNLEY, 120))
    assert main(["--database-url", f"sqlite:///{tmp_path / 'none.db'}", "load", str(path)]) == 2
    assert "scorecard init-db" in capsys.readouterr().err


def test_cli_rolls_back_a_chain_newest_first(cli_store: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    for value in (120, 130, 140, 150):
        path = workbook(tmp_path / f"{value}.xlsx", figure(BURNLEY, value))
        assert main(["--database-url", cli_store, "load", str(path)]) == 0
    for batch in ("4", "3", "2"):
        assert main(["--database-url", cli_store, "rollback", batch]) == 0, capsys.readouterr()
    engine = make_engine(cli_store)
    try:
        assert current(engine) == [120]  # the figure from before batch 2
    finally:
        engine.dispose()


def test_loads_of_many_rows_are_followed_by_a_packed_rewrite_on_sqlite(engine: Engine) -> None:
    def outcome(new: int, revised: int) -> UploadOutcome:
        return UploadOutcome(cast(Any, None), "committed", CommitResult(1, new, revised, 7))

    rejected = UploadOutcome(cast(Any, None), "rejected")
    few, many = [outcome(10, 5), rejected], [outcome(LARGE_LOAD - 5, 3), outcome(1, 1)]
    assert [o.rows_written for o in many] == [LARGE_LOAD - 2, 2]
    assert compact_after(engine, few) is False
    assert compact_after(engine, many) is (engine.dialect.name == "sqlite")
