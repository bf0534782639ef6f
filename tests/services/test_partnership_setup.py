"""``partnership init``: any council's partnership from the shipped public data, one batch."""

from __future__ import annotations

import csv
import dataclasses
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine

from services.exports import write_export
from services.partnership_setup import init_partnership, load_sub_areas, read_sub_areas
from services.partnerships import partnership, save_partnership
from services.setup import initialise_store
from services.uploads import rollback_upload
from settings import Settings, load_settings
from store import queries
from store.engine import make_engine


@pytest.fixture
def fresh(tmp_path: Path, sqlite_template: Path) -> tuple[Settings, Engine]:
    """A SQLite store set up by ``scorecard init-db`` alone: no partnership."""
    path = tmp_path / "fresh.db"
    shutil.copy(sqlite_template, path)
    settings = load_settings(database_url=f"sqlite:///{path}").with_overrides(
        upload_dir=tmp_path / "uploads")
    initialise_store(settings)
    engine = make_engine(settings.database_url)
    yield settings, engine
    engine.dispose()


def _export(settings: Settings, area: str, tmp_path: Path) -> list[str]:
    out = write_export(settings, area, None, "csv", tmp_path / f"{area}.csv")
    return out.read_text(encoding="utf-8-sig").splitlines()


@pytest.mark.parametrize(("council", "name", "districts"), [
    ("E10000016", "Kent", 12),
    ("E06000008", "Blackburn with Darwen", 0),
    ("E08000003", "Manchester", 0),
    ("E09000007", "Camden", 0),
])
def test_init_makes_a_working_partnership(fresh: tuple[Settings, Engine], tmp_path: Path,
                                          council: str, name: str, districts: int) -> None:
    settings, engine = fresh
    result = init_partnership(engine, settings, council, "officer")
    assert result.profile.version == 1
    assert result.figures is not None and result.figures.commit is not None
    assert result.figures.commit.rows_new > 1000
    with engine.connect() as conn:
        profile = partnership(conn, council)
        kinds = queries.areas(conn).set_index("code")["type"]
    assert (profile.name, len(profile.sub_areas), kinds[council]) == (name, districts, "county")
    lines = _export(settings, council, tmp_path)
    assert lines[1].endswith(name) and lines[2] == "# Period: Q4 2024/25"
    rows = {r["indicator_id"]: r for r in csv.DictReader(lines[6:])}
    row = rows["cla_rate"]
    # the council's own figure with England, its region and its own neighbours beside it
    assert all(row[column] not in ("", "not comparable")
               for column in ("current_value", "national_value", "regional_value",
                              "neighbour_value"))
    assert row["national_value"] == "67.0"
    # 31 March 2025 falls before the May 2025 list: the April 2021 list is the one in force
    assert row["neighbour_list"] == "neighbour average, DfE April 2021 list"


def test_init_is_one_batch_that_rolls_back_and_repeats_harmlessly(settings: Settings,
                                                                   engine: Engine) -> None:
    first = init_partnership(engine, settings, "e06000008", "officer")
    assert first.figures is not None and first.figures.batch_id is not None
    again = init_partnership(engine, settings, "E06000008", "officer")
    assert (again.profile.version, again.figures, again.skipped_batch) == (
        1, None, first.figures.batch_id)
    rollback_upload(engine, first.figures.batch_id, "officer")
    with engine.connect() as conn:
        held = queries.observations(conn, area_codes=["E06000008"])
    assert held.empty or held["value"].isna().all()


def test_init_refuses_what_is_not_an_upper_tier_council(fresh: tuple[Settings, Engine]
                                                        ) -> None:
    from domain.errors import NotFoundError
    settings, engine = fresh
    for code in ("E07000105", "E99999999", "E12000002"):
        with pytest.raises(NotFoundError, match="not an upper-tier council"):
            init_partnership(engine, settings, code)


def test_a_locality_list_gives_a_unitary_its_sub_areas(fresh: tuple[Settings, Engine],
                                                       tmp_path: Path) -> None:
    settings, engine = fresh
    init_partnership(engine, settings, "E06000008")
    good = tmp_path / "localities.csv"
    good.write_text("code,name,population\nBWD-N,North,\"9,100\"\nBWD-S,South,\nBWD-E,East,"
                    "8000\n")
    result = load_sub_areas(engine, "E06000008", good)
    assert result.report.valid and result.version == 2
    with engine.connect() as conn:
        districts = queries.areas(conn, types=["district"])
        assert [s.population for s in partnership(conn, "E06000008").sub_areas] == [
            9100, None, 8000]
    assert set(districts.loc[districts["parent_code"] == "E06000008", "code"]) == {
        "BWD-N", "BWD-S", "BWD-E"}


def test_a_bad_locality_list_is_reported_by_row_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,population\nBWD-N,,1\nBWD-S,South,many\n")
    sub_areas, report = read_sub_areas(bad)
    assert sub_areas == ()
    assert report.flatten(["file", "row", "column", "code"]) == [
        ["bad.csv", 2, "name", "missing-value"], ["bad.csv", 3, "population", "bad-population"]]
    headless = tmp_path / "headless.csv"
    headless.write_text("id,label\nA,B\n")
    assert read_sub_areas(headless)[1].codes() == ["missing-column", "missing-column"]


def test_groupings_keep_their_members_when_sub_areas_change(settings: Settings,
                                                            engine: Engine,
                                                            tmp_path: Path) -> None:
    smaller = tmp_path / "two.csv"
    smaller.write_text("code,name\nE07000117,Burnley\nE07000118,Chorley\n")
    result = load_sub_areas(engine, "E10000017", smaller)
    assert result.version is None and "unknown-member" in result.report.codes()


def test_exports_carry_the_partnerships_own_marking(fresh: tuple[Settings, Engine],
                                                    tmp_path: Path) -> None:
    settings, engine = fresh
    init_partnership(engine, settings, "E06000008", "officer")
    assert _export(settings, "E06000008", tmp_path)[0] == "# OFFICIAL"
    with engine.connect() as conn:
        profile = partnership(conn, "E06000008")
    changed = dataclasses.replace(profile, sensitivity="OFFICIAL-SENSITIVE")
    assert save_partnership(engine, changed, "officer").report.valid
    assert _export(settings, "E06000008", tmp_path)[0] == "# OFFICIAL-SENSITIVE"
    assert _export(settings, "E92000001", tmp_path)[0] == "# OFFICIAL"  # no partnership
