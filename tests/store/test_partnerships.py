"""Stored partnership profiles: versions, the profiles in force, and the areas they own."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from store import partnerships as stored
from store.models import Area, AreaRelationship

from .conftest import BURNLEY, COUNTY


def _areas(codes: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"code": codes, "name": [f"Area {c}" for c in codes],
                         "type": "district", "parent_code": COUNTY})


def _links(codes: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"parent_code": COUNTY, "child_code": codes,
                         "relationship": "district_in_county", "model": ""})


def test_versions_are_added_only_when_the_profile_changes(county_engine: Engine) -> None:
    with county_engine.begin() as conn:
        assert stored.save_profile(conn, COUNTY, "County", '{"a": 1}', "officer") == 1
        assert stored.save_profile(conn, COUNTY, "County", '{"a": 1}', "officer") == 1
        assert stored.save_profile(conn, COUNTY, "County", '{"a": 2}', "officer") == 2
        assert stored.save_profile(conn, "E06000008", "Unitary", "{}", "officer") == 1
    with county_engine.connect() as conn:
        current = stored.current_profiles(conn)
        assert [(p.council_code, p.version) for p in current] == [(COUNTY, 2),
                                                                  ("E06000008", 1)]
        first = stored.profile(conn, COUNTY, version=1)
        assert first is not None and first.profile_json == '{"a": 1}'
        assert stored.profile(conn, "E09000007") is None
        assert stored.profile_versions(conn, COUNTY)["version"].tolist() == [1, 2]


def test_applying_areas_detaches_what_a_newer_version_drops(county_engine: Engine) -> None:
    with county_engine.begin() as conn:
        stored.apply_profile_areas(conn, COUNTY, _areas([BURNLEY, "L1"]),
                                   _links([BURNLEY, "L1"]))
    with county_engine.begin() as conn:
        stored.apply_profile_areas(conn, COUNTY, _areas(["L1"]), _links(["L1"]))
    with county_engine.connect() as conn:
        parents = dict(conn.execute(select(Area.code, Area.parent_code)).all())
        links = conn.execute(select(AreaRelationship.child_code)).scalars().all()
        kind = conn.execute(select(Area.type).where(Area.code == COUNTY)).scalar()
    assert parents[BURNLEY] is None and parents["L1"] == COUNTY
    assert links == ["L1"]
    assert kind == "county"
