"""The demo's Board scorecard definitions drive the scorecard and its exports: the Q3 2016/17
export holds exactly the paper's 30 rows in its order, the latest quarter's the current
definition's rows, and a county target is never applied to a district."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from cli import main
from demo.definitions import DEFINITION_FILES
from domain.definition_checks import parse_definition
from services.catalogue import catalogue
from services.scorecard import latest_reporting_quarter, reporting_quarter, scorecard_view
from tests.demo.test_q3_export import Q3_PAPER

if TYPE_CHECKING:
    from pathlib import Path

    from tests.demo.conftest import DemoStore


def exported(demo: DemoStore, tmp_path: Path, period: str) -> pd.DataFrame:
    out = tmp_path / "export.csv"
    assert main(["--database-url", demo.settings.database_url, "export", "--area",
                 "E10000017", "--period", period, "--format", "csv", "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("indicator_id,"))
    return pd.read_csv(io.StringIO("\n".join(lines[header:])), dtype=str)


def test_q3_2016_17_export_holds_the_papers_30_rows_in_order(demo: DemoStore,
                                                             tmp_path: Path) -> None:
    frame = exported(demo, tmp_path, "Q3 2016/17")
    assert frame["indicator_id"].tolist() == list(Q3_PAPER)
    assert frame["outcome"].drop_duplicates().tolist() == [
        "Outcome one - to feel safe", "Outcome two - to do well", "Outcome three - be happy",
        "Outcome four - be healthy"]


def test_latest_quarter_export_holds_the_current_definitions_rows(demo: DemoStore,
                                                                  tmp_path: Path) -> None:
    with demo.engine.connect() as conn:
        latest = latest_reporting_quarter(conn)
    assert latest is not None
    current, _ = parse_definition(DEFINITION_FILES[1].read_text(encoding="utf-8"), "current",
                                  catalogue().keys())
    assert current is not None and current.applies_to(latest)
    frame = exported(demo, tmp_path, latest.label)
    assert frame["indicator_id"].tolist() == current.indicator_ids


def test_the_all_view_keeps_every_indicator_reachable(demo: DemoStore) -> None:
    quarter = reporting_quarter("Q3 2016/17")
    with demo.engine.connect() as conn:
        board = scorecard_view(conn, "E10000017", quarter)
        every = scorecard_view(conn, "E10000017", quarter, view="all")
    assert len(board.table) == 30 and len(every.table) > 30
    assert set(board.table["indicator_id"]) < set(every.table["indicator_id"])
    assert every.table["in_definition"].sum() == 30
    assert board.definition == "CYPP performance scorecard 2016/17, version 1"


@pytest.mark.parametrize("area", ["E07000117", "E07000118"])
def test_a_district_is_not_judged_against_the_county_target(demo: DemoStore,
                                                            area: str) -> None:
    with demo.engine.connect() as conn:
        table = scorecard_view(conn, area, reporting_quarter("Q3 2016/17"), view="all").table
    row = table.set_index("indicator_id").loc["tf_families_attached"]
    assert row["rag"] == "grey"
    assert "4,303" not in row["rag_reason"]
    assert row["rag_reason"] == "No RAG rating: no target is set for this indicator in this area."


def test_the_county_is_judged_against_its_target(demo: DemoStore) -> None:
    with demo.engine.connect() as conn:
        table = scorecard_view(conn, "E10000017", reporting_quarter("Q3 2016/17"),
                               view="all").table
    row = table.set_index("indicator_id").loc["tf_families_attached"]
    assert "the target of 4,303" in row["rag_reason"]
