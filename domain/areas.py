"""Reference areas and the links between them, read from the open data in ``domain/data/open``.

Pure functions: each takes the data folder and returns a DataFrame ready to seed the store's
``area`` and ``area_relationship`` tables. Codes are always strings. Missing values are
``None`` (``<NA>`` in the ``Int64`` rank column), so rows insert as SQL NULLs.

Areas come from four sources:

* England and the nine regions: ``fingertipsnext_area_hierarchy.csv``, with the DfE numbers
  that LAIT gives them (England 970, North West 981) from ``lait_la_code_list.csv``.
* Every English local authority, live or terminated, with its region, DfE LA number and dates
  of operation: ``dfe_las_old_new_codes.csv``. Lancashire is the ``county``; the rest are
  ``other_la``.
* Lancashire's 12 districts: ``lancashire_12_districts_lookup.csv``.
* Lancashire's own groupings of districts, which have no ONS codes and so get codes that
  cannot be mistaken for them: the five Children and Family Wellbeing service footprints
  (:data:`FOOTPRINTS`) and the children's social care district teams (:data:`TEAMS`).

Statistical neighbours (:func:`statistical_neighbours`, :data:`NEIGHBOUR_MODELS`) come from
the DfE models of April 2021 and May 2025.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

import pandas as pd

from domain._neighbours import NEIGHBOUR_MODELS, la_register, las_file, statistical_neighbours
from domain.vocabulary import AreaType

__all__ = ["AREA_COLUMNS", "COUNTY_NAME", "DEFAULT_AREA", "DISTRICT_TEAM", "ENGLAND",
           "FOOTPRINTS", "FOOTPRINT_NAMES", "LANCASHIRE", "NEIGHBOUR_MODELS",
           "RELATIONSHIP_COLUMNS", "TEAMS", "TEAM_NAMES",
           "area_relationships", "default_data_dir", "district_populations_0_17",
           "reference_areas", "statistical_neighbours"]

ENGLAND: Final = "E92000001"
LANCASHIRE: Final = "E10000017"
#: The county's name, as the comparisons with it are worded ("better than Lancashire").
COUNTY_NAME: Final = "Lancashire"
#: The area a page, export or command shows when none is named: the county.
DEFAULT_AREA: Final = LANCASHIRE

AREA_COLUMNS: Final = ("code", "name", "type", "parent_code", "dfe_la_number", "valid_from",
                       "valid_to")
RELATIONSHIP_COLUMNS: Final = ("parent_code", "child_code", "relationship", "model", "rank",
                               "closeness", "valid_from", "valid_to")

#: Children and Family Wellbeing service delivery footprints -> ONS district codes.
#: Source: the CFW service plan (seed 003, "Version one, 1 April 2018"), which names five
#: footprints: Lancaster, Fylde and Wyre; Preston; Chorley, South Ribble and West Lancashire;
#: Hyndburn, Ribble Valley and Rossendale; Burnley and Pendle.
FOOTPRINTS: Final[dict[str, tuple[str, ...]]] = {
    "CFW-LFW": ("E07000121", "E07000119", "E07000128"),  # Lancaster, Fylde, Wyre
    "CFW-PRE": ("E07000123",),                           # Preston
    "CFW-CSW": ("E07000118", "E07000126", "E07000127"),  # Chorley, South Ribble, West Lancs
    "CFW-HRR": ("E07000120", "E07000124", "E07000125"),  # Hyndburn, Ribble Valley, Rossendale
    "CFW-BP": ("E07000117", "E07000122"),                # Burnley, Pendle
}
FOOTPRINT_NAMES: Final[dict[str, str]] = {
    "CFW-LFW": "Lancaster, Fylde and Wyre",
    "CFW-PRE": "Preston",
    "CFW-CSW": "Chorley, South Ribble and West Lancashire",
    "CFW-HRR": "Hyndburn, Ribble Valley and Rossendale",
    "CFW-BP": "Burnley and Pendle",
}

#: Children's social care district teams -> ONS district codes. The Q2 and Q3 2016/17
#: scorecards (seed 002) quote child protection and looked-after rates for the teams covering
#: Preston, Burnley, Pendle and "Hyndburn/Ribble Valley"; the one joint team is Hyndburn with
#: Ribble Valley, and every other district has a team of its own.
TEAMS: Final[dict[str, tuple[str, ...]]] = {
    "CSC-BUR": ("E07000117",),
    "CSC-CHO": ("E07000118",),
    "CSC-FYL": ("E07000119",),
    "CSC-HRV": ("E07000120", "E07000124"),
    "CSC-LAN": ("E07000121",),
    "CSC-PEN": ("E07000122",),
    "CSC-PRE": ("E07000123",),
    "CSC-ROS": ("E07000125",),
    "CSC-SRI": ("E07000126",),
    "CSC-WLA": ("E07000127",),
    "CSC-WYR": ("E07000128",),
}
TEAM_NAMES: Final[dict[str, str]] = {
    "CSC-BUR": "Burnley", "CSC-CHO": "Chorley", "CSC-FYL": "Fylde",
    "CSC-HRV": "Hyndburn/Ribble Valley", "CSC-LAN": "Lancaster", "CSC-PEN": "Pendle",
    "CSC-PRE": "Preston", "CSC-ROS": "Rossendale", "CSC-SRI": "South Ribble",
    "CSC-WLA": "West Lancashire", "CSC-WYR": "Wyre",
}
#: District code -> the code of the social care team covering it.
DISTRICT_TEAM: Final[dict[str, str]] = {
    district: team for team, districts in TEAMS.items() for district in districts}


#: The open data the product needs (areas, neighbours, populations, the demo's LAIT and
#: Fingertips extracts), copied unchanged from their publishers; see ``SOURCES.md`` there.
PACKAGED_DATA_DIR: Final = Path(__file__).resolve().parent / "data" / "open"


def default_data_dir() -> Path:
    """The open-data folder.

    Returns
    -------
    pathlib.Path
        ``SCORECARD_SHARED_DATA`` when set (the precedence :mod:`settings` uses), otherwise the
        copy shipped inside the package (:data:`PACKAGED_DATA_DIR`).

    Raises
    ------
    FileNotFoundError
        If the chosen folder does not exist.
    """
    configured = os.environ.get("SCORECARD_SHARED_DATA")
    folder = Path(configured) if configured else PACKAGED_DATA_DIR
    if not folder.is_dir():
        source = "SCORECARD_SHARED_DATA" if configured else "the default location"
        raise FileNotFoundError(f"No shared data folder at {folder} (from {source}); set "
                                "SCORECARD_SHARED_DATA to the folder holding the open data")
    return folder


def _regions(data_dir: Path) -> pd.DataFrame:
    """England and the nine regions: code, name, type and DfE number.

    Codes and names come from the Fingertips hierarchy ("North West Region" -> "North West");
    the DfE numbers LAIT uses for them (England 970, North West 981) from
    ``lait_la_code_list.csv``, matched on name.
    """
    hierarchy = pd.read_csv(data_dir / "fingertipsnext_area_hierarchy.csv", dtype=str)
    wanted = hierarchy[hierarchy["AreaTypeCode"].isin(["england", "regions"])]
    lait = pd.read_csv(data_dir / "lait_la_code_list.csv", dtype=str)
    numbers = pd.Series(lait["LA Number"].str.strip().to_numpy(),
                        index=lait["LA Name"].str.strip().str.lower())
    names = wanted["AreaName"].str.strip().str.removesuffix(" Region")
    return pd.DataFrame({
        "code": wanted["AreaCode"].str.strip(),
        "name": names,
        "type": wanted["AreaTypeCode"].map({"england": AreaType.ENGLAND.value,
                                            "regions": AreaType.REGION.value}),
        "dfe_la_number": names.str.lower().map(numbers),
    }).sort_values(["type", "code"], ignore_index=True)


def _districts(data_dir: Path) -> pd.DataFrame:
    """Lancashire's 12 districts: code, name."""
    lookup = pd.read_csv(data_dir / "lancashire_12_districts_lookup.csv", dtype=str)
    return pd.DataFrame({"code": lookup["AreaCode"].str.strip(),
                         "name": lookup["AreaName"].str.strip()})


def _groupings(codes: dict[str, tuple[str, ...]], names: dict[str, str],
               area_type: AreaType) -> pd.DataFrame:
    """Footprints or teams as area rows, children of Lancashire."""
    return pd.DataFrame({"code": list(codes), "name": [names[code] for code in codes],
                         "type": area_type.value, "parent_code": LANCASHIRE})


def _finish(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Select ``columns`` (adding absent ones as None) and turn missing values into None."""
    out = frame.reindex(columns=list(columns)).reset_index(drop=True)
    for name in out.columns:
        if name != "rank" and out[name].isna().any():
            out[name] = out[name].astype(object).where(out[name].notna(), None)
    return out


def reference_areas(data_dir: Path) -> pd.DataFrame:
    """Every area the scorecard can show or compare with.

    Parameters
    ----------
    data_dir
        The shared open-data folder (see :func:`default_data_dir`).

    Returns
    -------
    pandas.DataFrame
        One row per area, unique ``code``, columns :data:`AREA_COLUMNS`: ``type`` is an
        :class:`~domain.vocabulary.AreaType` value; ``parent_code`` is the region of an LA,
        England for a region, Lancashire for a district, footprint or team; ``dfe_la_number``
        is the DfE "old" LA number as text ("888"; "970" for England, "98x" for regions);
        ``valid_from``/``valid_to`` are an LA's dates of operation (``None`` where open-ended
        or not applicable).
    """
    regions = _regions(data_dir)
    regions["parent_code"] = regions["type"].map({AreaType.REGION.value: ENGLAND})
    las = la_register(data_dir)
    unknown = sorted(set(las["region_code"]) - set(regions["code"]))
    if unknown:
        raise ValueError(f"{las_file(data_dir).name} names regions missing from the "
                         f"Fingertips hierarchy: {unknown}")
    las = las.assign(
        type=AreaType.OTHER_LA.value, parent_code=las["region_code"],
        valid_from=las["valid_from"].dt.date, valid_to=las["valid_to"].dt.date,
    ).sort_values("code")
    las.loc[las["code"] == LANCASHIRE, "type"] = AreaType.COUNTY.value
    districts = _districts(data_dir).assign(type=AreaType.DISTRICT.value,
                                            parent_code=LANCASHIRE)
    areas = pd.concat([
        regions, las, districts,
        _groupings(FOOTPRINTS, FOOTPRINT_NAMES, AreaType.FOOTPRINT),
        _groupings(TEAMS, TEAM_NAMES, AreaType.TEAM),
    ], ignore_index=True)
    duplicated = areas.loc[areas["code"].duplicated(), "code"].tolist()
    if duplicated:
        raise ValueError(f"Area codes occur more than once: {duplicated}")
    return _finish(areas, AREA_COLUMNS)


#: Area type -> the relationship linking an area of that type to its ``parent_code``.
_PARENT_LINKS: Final[dict[str, str]] = {
    AreaType.REGION.value: "region_in_england",
    AreaType.COUNTY.value: "county_in_region",
    AreaType.OTHER_LA.value: "la_in_region",
    AreaType.DISTRICT.value: "district_in_county",
}


def _grouping_links(groups: dict[str, tuple[str, ...]], relationship: str) -> pd.DataFrame:
    members = pd.Series(groups).explode()
    return pd.DataFrame({"parent_code": members.index, "child_code": members.to_numpy(),
                         "relationship": relationship, "model": ""})


def area_relationships(data_dir: Path) -> pd.DataFrame:
    """Geography links and statistical neighbours between the areas of :func:`reference_areas`.

    Parameters
    ----------
    data_dir
        The shared open-data folder (see :func:`default_data_dir`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RELATIONSHIP_COLUMNS`. ``relationship`` is one of
        ``region_in_england``, ``county_in_region`` (Lancashire), ``la_in_region`` (every
        other LA, with the LA's dates of operation), ``district_in_county``,
        ``district_in_footprint``, ``district_in_team`` (``model`` is "" for all of these) or
        ``statistical_neighbour`` (parent = the LA, child = its neighbour; ``model``,
        ``rank`` 1-10, ``closeness`` band and the model's validity, see
        :func:`statistical_neighbours`).
    """
    areas = reference_areas(data_dir)
    geography = areas[areas["type"].isin(list(_PARENT_LINKS))]
    links = pd.concat([
        pd.DataFrame({"parent_code": geography["parent_code"],
                      "child_code": geography["code"],
                      "relationship": geography["type"].map(_PARENT_LINKS), "model": "",
                      "valid_from": geography["valid_from"],
                      "valid_to": geography["valid_to"]}),
        _grouping_links(FOOTPRINTS, "district_in_footprint"),
        _grouping_links(TEAMS, "district_in_team"),
        statistical_neighbours(data_dir),
    ], ignore_index=True)
    links["rank"] = links["rank"].astype("Int64")
    return _finish(links, RELATIONSHIP_COLUMNS)


def district_populations_0_17(data_dir: Path) -> pd.DataFrame:
    """Mid-2023 population aged 0-17 of each of Lancashire's 12 districts.

    The sum of single years of age 0 to 17 in ``ons_mye_single_year_age_by_lad_mid2023.csv``:
    the denominator for rates per 10,000 children.

    Parameters
    ----------
    data_dir
        The shared open-data folder (see :func:`default_data_dir`).

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``name`` and ``population_0_17`` (int64), one row per district.
    """
    ages = [str(age) for age in range(18)]
    mye = pd.read_csv(data_dir / "ons_mye_single_year_age_by_lad_mid2023.csv",
                      dtype={"code": str, "name": str})
    totals = pd.DataFrame({"code": mye["code"].str.strip(),
                           "population_0_17": mye[ages].sum(axis=1).round()})
    result = _districts(data_dir).merge(totals, on="code", how="left", validate="one_to_one")
    missing = result.loc[result["population_0_17"].isna(), "code"].tolist()
    if missing:
        raise ValueError(f"No mid-2023 population for districts {missing}")
    return result.astype({"population_0_17": "int64"})
