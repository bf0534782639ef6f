"""The fault suite: commits killed, overlapped and cut off on SQLite and PostgreSQL.

After every fault the store must hold no partial batch, no judgement that differs from a fresh
full recompute, and a complete history. Each test is small (a couple of thousand figures) so
the whole suite stays within a few minutes; ``pytest -m faults`` runs it alone.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from demo.partnership import demo_profile
from domain.areas import default_data_dir, reference_areas
from services.ratings import mismatched_indicators
from store.models import AuditLog, Observation, UploadBatch

REPO = Path(__file__).resolve().parents[2]
#: Fifty local authorities over forty quarters: 2,000 figures a file.
YEARS = range(2006, 2016)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.faults)


@pytest.fixture(scope="session")
def areas() -> list[str]:
    frame = reference_areas(default_data_dir(), [demo_profile()])
    return sorted(frame.loc[frame["type"] == "other_la", "code"])[:50]


@pytest.fixture
def figures(tmp_path: Path, areas: list[str]) -> Callable[[str, int], Path]:
    """``figures(name, value)``: a CSV of looked-after children, every figure ``value`` (so
    each file revises the one before)."""
    def write(name: str, value: int) -> Path:
        path = tmp_path / name
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["indicator_id", "area_code", "period", "value"])
            writer.writerows(["cla_number", area, f"Q{q} {year}/{(year + 1) % 100:02d}",
                              value + position % 7]
                             for year in YEARS for q in (1, 2, 3, 4)
                             for position, area in enumerate(areas))
        return path
    return write


def check_store(engine: Engine) -> int:
    """Assert the store is whole; the number of committed batches.

    No partial batch (each batch holds every row it reports, no row lacks its batch), one
    current figure per key, every revision recorded once with its audit entry, and stored
    judgements equal to a fresh full recompute.
    """
    with engine.connect() as conn:
        batches = conn.execute(select(UploadBatch.id, UploadBatch.status, UploadBatch.rows_new,
                                      UploadBatch.rows_revised)).all()
        rows = dict(conn.execute(select(Observation.batch_id, func.count())
                                 .group_by(Observation.batch_id)).all())
        revisions = dict(conn.execute(select(Observation.batch_id, func.count())
                                      .where(Observation.supersedes_id.is_not(None))
                                      .group_by(Observation.batch_id)).all())
        doubled = conn.execute(select(Observation.series_id, Observation.area_id,
                                      Observation.period_id)
                               .where(Observation.is_current.is_(True))
                               .group_by(Observation.series_id, Observation.area_id,
                                         Observation.period_id)
                               .having(func.count() > 1)).all()
        superseded_twice = conn.execute(
            select(Observation.supersedes_id).join(UploadBatch,
                                                   UploadBatch.id == Observation.batch_id)
            .where(Observation.supersedes_id.is_not(None), UploadBatch.status == "committed")
            .group_by(Observation.supersedes_id).having(func.count() > 1)).all()
        audited = conn.execute(select(func.count()).select_from(AuditLog)
                               .where(AuditLog.action == "batch-commit")).scalar_one()
        mismatched = mismatched_indicators(conn)
    assert set(rows) <= {b.id for b in batches}, "figures without their batch"
    for batch in batches:
        assert rows.get(batch.id, 0) == batch.rows_new + batch.rows_revised, (
            f"batch {batch.id} is partial")
        assert revisions.get(batch.id, 0) == batch.rows_revised
    assert doubled == [] and superseded_twice == []
    assert audited == len(batches)
    assert mismatched == [], f"stale judgements for {mismatched}"
    return sum(1 for b in batches if b.status == "committed")


@pytest.fixture
def consistent() -> Callable[[Engine], int]:
    return check_store


def run_killed(args: list[str], finished: str, kill_at: int | None) -> tuple[int, bool]:
    """Run ``python -c ARGS...`` (a script announcing each SQL statement with a line
    starting "SQL"), killed once it has announced ``kill_at`` statements (None: let it run
    until it prints a line starting ``finished``). How many it announced, and whether it
    printed ``finished``."""
    with subprocess.Popen([sys.executable, "-c", *args], cwd=REPO, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        sent, done = 0, False
        for line in process.stdout:
            sent += line.startswith("SQL")
            done = line.startswith(finished)
            if done or sent == kill_at:
                break
        if kill_at is not None:
            os.kill(process.pid, signal.SIGKILL)
        _, err = process.communicate(timeout=120)
    assert process.returncode in (0, -signal.SIGKILL), err
    return sent, done


@pytest.fixture
def killed() -> Callable[[list[str], str, int | None], tuple[int, bool]]:
    return run_killed
