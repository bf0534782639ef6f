"""Partnership profiles read from TOML: the demo's profile, and reports for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.partnerships import (
    parse_profile,
    profile_areas,
    profile_from_dict,
    profile_to_dict,
)

DEMO = Path(__file__).resolve().parents[2] / "demo" / "partnerships" / "lancashire.toml"
MINIMAL = 'council = "E06000008"\nname = "Blackburn with Darwen"\n'


def test_demo_profile_reads_with_districts_footprints_and_teams() -> None:
    profile, report = parse_profile(DEMO.read_text(), DEMO.name)
    assert report.valid and profile is not None
    assert (profile.council, profile.name, profile.possessive) == (
        "E10000017", "Lancashire", "Lancashire's")
    assert len(profile.sub_areas) == 12
    assert [(g.key, g.type, len(g.areas)) for g in profile.groupings] == [
        ("footprints", "footprint", 5), ("teams", "team", 11)]
    # every district is in exactly one footprint and one team
    for grouping in profile.groupings:
        members = [m for area in grouping.areas for m in area.members]
        assert sorted(members) == sorted(s.code for s in profile.sub_areas)


def test_profile_round_trips_through_plain_data() -> None:
    profile, _ = parse_profile(DEMO.read_text())
    assert profile is not None
    assert profile_from_dict(profile_to_dict(profile))[0] == profile


def test_minimal_unitary_profile_has_defaults() -> None:
    profile, report = parse_profile(MINIMAL)
    assert report.valid and profile is not None
    assert (profile.sub_areas, profile.groupings, profile.sensitivity,
            profile.sub_area_label) == ((), (), "OFFICIAL", "district")
    areas, links = profile_areas(profile)
    assert areas.empty and links.empty


def test_profile_areas_make_sub_areas_and_groupings_children_of_the_council() -> None:
    profile, _ = parse_profile(DEMO.read_text())
    assert profile is not None
    areas, links = profile_areas(profile)
    assert areas["type"].value_counts().to_dict() == {"district": 12, "team": 11,
                                                      "footprint": 5}
    assert set(areas["parent_code"]) == {"E10000017"}
    assert links["relationship"].value_counts().to_dict() == {
        "district_in_county": 12, "district_in_team": 12, "district_in_footprint": 12}


@pytest.mark.parametrize(("text", "expected"), [
    ('name = "X"\n', [["profile", "council", "missing-key"]]),
    ('council = "E07000117"\nname = "Burnley"\n', [["profile", "council", "bad-code"]]),
    (MINIMAL + 'sub_area_label = "parish"\n',
     [["profile", "sub_area_label", "bad-sub-area-label"]]),
    (MINIMAL + '[[sub_areas]]\ncode = "E05000001"\n', [["sub_areas 1", "name", "missing-key"]]),
    (MINIMAL + '[[sub_areas]]\ncode = "L1"\nname = "A"\npopulation = -3\n',
     [["sub_areas 1", "population", "bad-population"]]),
    (MINIMAL + '[[sub_areas]]\ncode = "L1"\nname = "A"\n[[sub_areas]]\ncode = "L1"\nname = "B"\n',
     [["profile", "code", "duplicate-code"]]),
    (MINIMAL + '[[sub_areas]]\ncode = "L1"\nname = "A"\n[[groupings]]\nkey = "hubs"\n'
     'label = "Hubs"\ntype = "hub"\n[[groupings.areas]]\ncode = "H1"\nname = "H"\n'
     'members = ["L2"]\n',
     [["groupings 1", "type", "bad-grouping-type"],
      ["groupings 1 area 1", "members", "unknown-member"]]),
    ('council = \n', [[None, None, "not-toml"]]),
])
def test_bad_profiles_are_reported_with_where_and_what(text: str,
                                                       expected: list[list[str]]) -> None:
    profile, report = parse_profile(text, "p.toml")
    assert profile is None
    flat = report.flatten(["sheet", "column", "code"])
    assert [[s or None, c or None, code] for s, c, code in flat] == [
        [s, c, code] for s, c, code in expected]
    assert all(issue.file == "p.toml" for issue in report.issues)
