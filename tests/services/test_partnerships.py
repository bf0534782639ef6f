"""Storing partnership profiles: one transaction, reports for bad files, re-applied on init."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine

from domain.partnerships import parse_profile
from services import partnerships
from services.commentary import CommentaryDraft, add_commentary
from services.scorecard import reporting_quarter
from services.setup import initialise_store
from services.snapshots import create_snapshot
from settings import Settings
from store import queries
from tests._partnership import LOCALITY, UNITARY, with_unitary_partnership
from tests._seed import NEIGHBOUR, add_council_figures

DEMO = Path(__file__).resolve().parents[2] / "demo" / "partnerships" / "lancashire.toml"
BWD = 'council = "E06000008"\nname = "Blackburn with Darwen"\nsub_area_label = "locality"\n'


def test_demo_profile_adds_its_areas_and_survives_init_db(settings: Settings,
                                                          engine: Engine) -> None:
    # the fixture's store holds the demo profile already: the same file adds no version
    result = partnerships.load_profile_file(engine, DEMO, "officer")
    assert result.report.valid and result.version == 1
    initialise_store(settings)  # reloads reference data, then re-applies the profile
    with engine.connect() as conn:
        areas = queries.areas(conn).set_index("code")
        assert areas.loc["E10000017", "type"] == "county"
        children = areas[areas["parent_code"] == "E10000017"]
        assert children["type"].value_counts().to_dict() == {"district": 12, "team": 11,
                                                             "footprint": 5}
        assert partnerships.default_area(conn) == "E10000017"
        found = partnerships.partnership_of(conn, "CFW-PRE")
        assert found is not None and found.name == "Lancashire"
        assert partnerships.partnership_of(conn, "E06000008") is None


def test_several_partnerships_in_one_store(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "bwd.toml"
    path.write_text(BWD + '[[sub_areas]]\ncode = "BWD-N"\nname = "North"\npopulation = 9000\n')
    partnerships.load_profile_file(engine, DEMO, "officer")
    result = partnerships.load_profile_file(engine, path, "officer")
    assert result.version == 1
    with engine.connect() as conn:
        assert [p.name for p in partnerships.partnerships(conn)] == [
            "Lancashire", "Blackburn with Darwen"]
        assert partnerships.partnership(conn, "E06000008").sub_areas[0].population == 9000
        assert partnerships.default_area(conn) == "E10000017"


def test_unknown_council_is_reported_and_nothing_stored(engine: Engine) -> None:
    profile, _ = parse_profile('council = "E10099999"\nname = "Nowhere"\n')
    assert profile is not None
    result = partnerships.save_partnership(engine, profile, "officer", "n.toml")
    assert result.version is None
    assert result.report.flatten(["file", "column", "code"]) == [
        ["n.toml", "council", "unknown-council"]]
    with engine.connect() as conn:
        assert [p.council for p in partnerships.partnerships(conn)] == ["E10000017"]


def test_unreadable_and_invalid_files_are_reported(engine: Engine, tmp_path: Path) -> None:
    missing = partnerships.load_profile_file(engine, tmp_path / "none.toml", "officer")
    assert missing.report.codes() == ["unreadable-file"]
    bad = tmp_path / "bad.toml"
    bad.write_text('council = "E06000008"\n')
    assert partnerships.load_profile_file(engine, bad, "officer").report.codes() == [
        "missing-key"]


def test_pickers_offer_every_partnership_and_the_councils_with_figures(engine: Engine
                                                                       ) -> None:
    with_unitary_partnership(engine)
    with engine.connect() as conn:
        before = partnerships.picker_areas(conn)
    add_council_figures(engine)
    with engine.connect() as conn:
        after = partnerships.picker_areas(conn).set_index("code")
        every_la = queries.areas(conn, types=["other_la"])
    # the unitary partnership's council and locality, Lancashire and its own areas
    assert {UNITARY, LOCALITY, "E10000017", "E07000123", "CFW-PRE"} <= set(before["code"])
    assert after.loc[LOCALITY, "parent_code"] == UNITARY
    # a council with figures but no partnership joins; councils without figures do not
    assert set(after.index) - set(before["code"]) == {NEIGHBOUR}
    assert after.loc[NEIGHBOUR, "type"] == "other_la"
    assert len(every_la) > 100 and set(after.index) & set(every_la["code"]) == {NEIGHBOUR}
    assert not after["type"].isin(["england", "region", "team"]).any()


def test_a_council_outside_every_partnership_takes_no_commentary_or_snapshot(
        settings: Settings, engine: Engine) -> None:
    quarter = reporting_quarter("Q3 2016/17")
    with engine.connect() as conn:
        for allowed in ("E10000017", "E07000123", "CFW-PRE", "E92000001"):
            partnerships.require_partnership_area(conn, allowed)
        with pytest.raises(partnerships.ReadOnlyAreaError, match="comparison only"):
            partnerships.require_partnership_area(conn, NEIGHBOUR)
    with pytest.raises(partnerships.ReadOnlyAreaError):
        add_commentary(engine, CommentaryDraft("cla_rate", NEIGHBOUR, quarter.key,
                                               "Blackpool's rate rose."), "officer")
    with pytest.raises(partnerships.ReadOnlyAreaError):
        create_snapshot(engine, settings, NEIGHBOUR, quarter, dt.date(2017, 3, 1), "approver")
    assert add_commentary(engine, CommentaryDraft("cla_rate", "E10000017", quarter.key,
                                                  "Lancashire's rate rose."), "officer") > 0
