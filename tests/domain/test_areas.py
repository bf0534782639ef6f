"""Tests for domain.areas against the shared open data."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from demo.partnership import demo_grouping, demo_profile
from domain.areas import (
    AREA_COLUMNS,
    ENGLAND,
    RELATIONSHIP_COLUMNS,
    area_relationships,
    county_districts,
    default_data_dir,
    district_populations_0_17,
    reference_areas,
)

LANCASHIRE = demo_profile().council
FOOTPRINTS, FOOTPRINT_NAMES = demo_grouping("footprints")
TEAMS, TEAM_NAMES = demo_grouping("teams")
DISTRICT_TEAM = {district: team for team, districts in TEAMS.items() for district in districts}

GSS_CODE = re.compile(r"[EWSNK]\d{8}")
RELATIONSHIPS = {"district_in_county", "county_in_region", "la_in_region", "region_in_england",
                 "district_in_footprint", "district_in_team", "statistical_neighbour"}
BANDS = {"Extremely close", "Very close", "Close", "Somewhat close", "Not close"}


#: The published files with the checks made on them (the product ships only what it reads).
SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@pytest.fixture(scope="module")
def data_dir() -> Path:
    return default_data_dir()


@pytest.fixture(scope="module")
def areas(data_dir: Path) -> pd.DataFrame:
    return reference_areas(data_dir, [demo_profile()])


@pytest.fixture(scope="module")
def links(data_dir: Path) -> pd.DataFrame:
    return area_relationships(data_dir, [demo_profile()])


def _of_type(areas: pd.DataFrame, *types: str) -> pd.DataFrame:
    return areas[areas["type"].isin(types)]


def test_default_data_dir_prefers_the_environment(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCORECARD_SHARED_DATA", str(tmp_path))
    assert default_data_dir() == tmp_path
    monkeypatch.setenv("SCORECARD_SHARED_DATA", str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match="SCORECARD_SHARED_DATA"):
        default_data_dir()
    monkeypatch.delenv("SCORECARD_SHARED_DATA")
    assert (default_data_dir() / "dfe_las_old_new_codes.csv").is_file()


def test_area_columns_and_keys(areas: pd.DataFrame) -> None:
    assert tuple(areas.columns) == AREA_COLUMNS
    assert areas["code"].is_unique
    # A name is unique within its type among live areas; successors may reuse it
    # (Northumberland E06000048 until 2013, E06000057 since).
    assert not areas[areas["valid_to"].isna()].duplicated(["name", "type"]).any()
    assert set(areas["parent_code"].dropna()) <= set(areas["code"])
    assert areas["code"].map(lambda code: isinstance(code, str)).all()
    assert areas["dfe_la_number"].dropna().str.fullmatch(r"\d{3,4}").all()


@pytest.mark.parametrize(("area_type", "count"), [
    ("england", 1), ("region", 9), ("county", 1), ("district", 12), ("footprint", 5),
    ("team", 11),
])
def test_area_counts(areas: pd.DataFrame, area_type: str, count: int) -> None:
    assert (areas["type"] == area_type).sum() == count


def test_england_and_regions(areas: pd.DataFrame) -> None:
    regions = _of_type(areas, "region").set_index("code")
    assert list(regions.index) == [f"E1200000{i}" for i in range(1, 10)]
    assert regions.loc["E12000002", "name"] == "North West"
    assert regions.loc["E12000003", "name"] == "Yorkshire and the Humber"
    assert (regions["parent_code"] == ENGLAND).all()
    england = areas.set_index("code").loc[ENGLAND]
    assert (england["name"], england["type"], england["parent_code"]) == (
        "England", "england", None)
    assert (england["dfe_la_number"], regions.loc["E12000002", "dfe_la_number"]) == ("970", "981")


def test_local_authorities(areas: pd.DataFrame, data_dir: Path) -> None:
    las = _of_type(areas, "county", "other_la")
    live = las[las["valid_to"].isna()]
    assert len(live) == 153
    assert live["dfe_la_number"].notna().all() and live["dfe_la_number"].is_unique
    lancashire = areas.set_index("code").loc[LANCASHIRE]
    assert (lancashire["name"], lancashire["type"], lancashire["parent_code"],
            lancashire["dfe_la_number"]) == ("Lancashire", "county", "E12000002", "888")
    terminated = las.set_index("code").loc[["E10000006", "E10000023", "E06000048"]]
    assert [str(day) for day in terminated["valid_to"]] == [
        "2023-03-31", "2023-03-31", "2013-03-31"]
    assert not las["code"].str.contains(" / ").any()
    # Every LAIT authority that still exists can be joined by its DfE number.
    lait = pd.read_csv(data_dir / "lait_la_code_list.csv", dtype=str)
    lait_las = set(lait.loc[lait["Type"].notna(), "LA Number"])
    assert lait_las - set(live["dfe_la_number"]) == {"835", "836", "837", "909", "928"}


def test_la_regions_agree_with_the_fingertips_hierarchy(areas: pd.DataFrame,
                                                        data_dir: Path) -> None:
    hierarchy = pd.read_csv(data_dir / "fingertipsnext_area_hierarchy.csv", dtype=str)
    regions = hierarchy[hierarchy["AreaTypeCode"] == "regions"]
    fingertips = (regions.assign(child=regions["Children"].str.split("|")).explode("child")
                  .set_index("child")["AreaCode"])
    live = _of_type(areas, "county", "other_la").query("valid_to.isna()", engine="python")
    both = live[live["code"].isin(fingertips.index)]
    assert len(both) >= 150
    assert (both["parent_code"].to_numpy() == fingertips.loc[both["code"]].to_numpy()).all()


def test_districts_footprints_and_teams(areas: pd.DataFrame) -> None:
    districts = _of_type(areas, "district")
    assert set(districts["code"]) == {f"E07000{n}" for n in range(117, 129)}
    groupings = _of_type(areas, "district", "footprint", "team")
    assert (groupings["parent_code"] == LANCASHIRE).all()
    made_up = _of_type(areas, "footprint", "team")["code"]
    assert not made_up.str.fullmatch(GSS_CODE).any()
    footprints = _of_type(areas, "footprint").set_index("code")["name"].to_dict()
    assert footprints == FOOTPRINT_NAMES
    assert sorted(footprints.values()) == sorted([  # as listed in seed 003
        "Lancaster, Fylde and Wyre", "Preston", "Chorley, South Ribble and West Lancashire",
        "Hyndburn, Ribble Valley and Rossendale", "Burnley and Pendle"])
    teams = _of_type(areas, "team").set_index("name")["code"]
    assert {"Preston", "Burnley", "Hyndburn/Ribble Valley", "Pendle"} <= set(teams.index)
    assert teams["Hyndburn/Ribble Valley"] == "CSC-HRV"


@pytest.mark.parametrize("groups", [FOOTPRINTS, TEAMS], ids=["footprints", "teams"])
def test_every_district_is_in_exactly_one_group(areas: pd.DataFrame,
                                                groups: dict[str, tuple[str, ...]]) -> None:
    members = [district for districts in groups.values() for district in districts]
    assert sorted(members) == sorted(_of_type(areas, "district")["code"])


def test_district_team_mapping() -> None:
    assert DISTRICT_TEAM["E07000120"] == DISTRICT_TEAM["E07000124"] == "CSC-HRV"
    assert len(DISTRICT_TEAM) == 12 and set(DISTRICT_TEAM.values()) == set(TEAM_NAMES)
    assert set(TEAMS) == set(TEAM_NAMES) and set(FOOTPRINTS) == set(FOOTPRINT_NAMES)


def test_relationship_columns_and_keys(links: pd.DataFrame, areas: pd.DataFrame) -> None:
    assert tuple(links.columns) == RELATIONSHIP_COLUMNS
    assert set(links["relationship"]) == RELATIONSHIPS
    assert not links.duplicated(["parent_code", "child_code", "relationship", "model"]).any()
    assert set(links["parent_code"]) | set(links["child_code"]) <= set(areas["code"])
    assert str(links["rank"].dtype) == "Int64"
    geography = links[links["relationship"] != "statistical_neighbour"]
    assert (geography["model"] == "").all() and geography["rank"].isna().all()
    assert geography["closeness"].isna().all()


@pytest.mark.parametrize(("relationship", "count"), [
    ("region_in_england", 9), ("county_in_region", 1), ("la_in_region", 169),
    ("district_in_county", 12), ("district_in_footprint", 12), ("district_in_team", 12),
])
def test_geography_link_counts(links: pd.DataFrame, relationship: str, count: int) -> None:
    assert (links["relationship"] == relationship).sum() == count


def test_county_in_region(links: pd.DataFrame) -> None:
    row = links[links["relationship"] == "county_in_region"].iloc[0]
    assert (row["parent_code"], row["child_code"]) == ("E12000002", LANCASHIRE)


def test_statistical_neighbours_for_every_la(links: pd.DataFrame) -> None:
    neighbours = links[links["relationship"] == "statistical_neighbour"]
    per_la = neighbours.groupby(["model", "parent_code"])["rank"].agg(
        lambda ranks: sorted(ranks.tolist()))
    assert (per_la.map(lambda ranks: ranks == list(range(1, 11)))).all()
    assert per_la.groupby(level="model").size().to_dict() == {"dfe_sn_2021": 152,
                                                               "dfe_sn_2025": 153}
    assert set(neighbours["closeness"]) == BANDS
    assert not (neighbours["parent_code"] == neighbours["child_code"]).any()
    # Abolished LAs listed after "Old SNs:" are not given neighbours.
    assert not neighbours["parent_code"].isin(["E10000009", "E10000021"]).any()


def test_neighbour_codes_are_those_live_when_the_model_was_published(
        links: pd.DataFrame) -> None:
    neighbours = links[links["relationship"] == "statistical_neighbour"]
    by_model = neighbours.groupby("model")
    codes_2021 = set(by_model.get_group("dfe_sn_2021")[["parent_code", "child_code"]].stack())
    codes_2025 = set(by_model.get_group("dfe_sn_2025")[["parent_code", "child_code"]].stack())
    assert {"E10000023", "E10000006", "E06000057"} <= codes_2021  # N Yorks, Cumbria county
    assert {"E06000065", "E06000063", "E06000057"} <= codes_2025  # N Yorks UA, Cumberland
    assert not {"E10000023", "E10000006", "E06000048"} & codes_2025


def test_lancashire_neighbours_match_the_published_list(links: pd.DataFrame,
                                                        areas: pd.DataFrame,
                                                        data_dir: Path) -> None:
    expected = pd.read_csv(data_dir / "lancashire_statistical_neighbours.csv", dtype=str)
    expected = expected.assign(
        model=expected["sn_vintage"].map({"May 2025": "dfe_sn_2025", "April 2021": "dfe_sn_2021"}),
        rank=expected["sn_rank"].astype("Int64"),
        closeness=expected["closeness"].str.capitalize(),
    )
    ours = links[(links["relationship"] == "statistical_neighbour")
                 & (links["parent_code"] == LANCASHIRE)]
    ours = ours.merge(areas[["code", "dfe_la_number"]], left_on="child_code", right_on="code")
    merged = expected.merge(ours, on=["model", "rank"], how="outer", validate="one_to_one",
                            suffixes=("_expected", ""))
    assert len(merged) == 20
    assert merged["dfe_la_number"].tolist() == merged["sn_la_num"].tolist()
    assert merged["closeness"].tolist() == merged["closeness_expected"].tolist()
    # The published list gives Northumberland (929) its pre-2013 code E06000048; the LA has
    # been E06000057 since 1 April 2013, which is what the model maps to.
    differs = merged[merged["child_code"] != merged["sn_new_la_code"]]
    assert differs[["model", "sn_la_num", "sn_new_la_code", "child_code"]].values.tolist() == [
        ["dfe_sn_2025", "929", "E06000048", "E06000057"]]


def test_district_populations_0_17(data_dir: Path) -> None:
    populations = county_districts(data_dir, LANCASHIRE)
    assert list(populations.columns) == ["code", "name", "population_0_17"]
    assert len(populations) == 12 and str(populations["population_0_17"].dtype) == "int64"
    derived = pd.read_csv(SHARED_DATA / "DERIVED_lancashire_pop_0_17_mid2023.csv",
                          dtype={"code": str})
    county = derived.set_index("code").loc[LANCASHIRE, "pop_0_17_derived_sum"]
    assert populations["population_0_17"].sum() == county == 256_087
    compared = populations.merge(derived, on="code", validate="one_to_one")
    assert (compared["population_0_17"] == compared["pop_0_17_derived_sum"]).all()


def test_district_populations_follow_the_codes_given(data_dir: Path) -> None:
    populations = district_populations_0_17(data_dir, ["E07000118", "E07000117"])
    assert populations["name"].tolist() == ["Chorley", "Burnley"]
    with pytest.raises(ValueError, match="E07999999"):
        district_populations_0_17(data_dir, ["E07999999"])


@pytest.mark.parametrize(("council", "count", "first"), [
    ("E10000016", 12, "Ashford"),  # Kent, a county council
    ("E10000017", 12, "Burnley"),
    ("E06000008", 0, None),        # Blackburn with Darwen, a unitary: no districts
    ("E08000003", 0, None),        # Manchester, metropolitan
    ("E09000007", 0, None),        # Camden, London
])
def test_county_districts_from_the_ons_hierarchy(data_dir: Path, council: str, count: int,
                                                 first: str | None) -> None:
    districts = county_districts(data_dir, council)
    assert len(districts) == count
    assert (districts["name"].iloc[0] if count else None) == first
    assert (districts["population_0_17"] > 0).all()


def test_without_a_profile_no_council_is_special(data_dir: Path) -> None:
    plain = reference_areas(data_dir)
    assert set(plain["type"]) == {"england", "region", "other_la"}
    links = area_relationships(data_dir)
    assert "county_in_region" not in set(links["relationship"])
    assert "district_in_county" not in set(links["relationship"])
