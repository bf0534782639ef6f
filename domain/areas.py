"""Reference areas and the links between them, read from the open data in ``domain/data/open``.

Pure functions: each takes the data folder and returns a DataFrame ready to seed the store's
``area`` and ``area_relationship`` tables. Codes are always strings. Missing values are
``None`` (``<NA>`` in the ``Int64`` rank column), so rows insert as SQL NULLs.

Areas come from four sources:

* England and the nine regions: ``fingertipsnext_area_hierarchy.csv``, with the DfE numbers
  that LAIT gives them (England 970, North West 981) from ``lait_la_code_list.csv``.
* Every English local authority, live or terminated, with its region, DfE LA number and dates
  of operation: ``dfe_las_old_new_codes.csv``, all ``other_la``.
* The sub-areas and groupings of each partnership the store serves, from its profile
  (:mod:`domain.partnerships`): passed in as ``profiles``. A partnership's council is a
  ``county`` (the type pages offer as a partnership's own area).

A county council's districts are listed by :func:`county_districts` (the Fingertips hierarchy's
``Children`` with ONS names and populations), the sub-areas a new county profile starts from.

Statistical neighbours (:func:`statistical_neighbours`, :data:`NEIGHBOUR_MODELS`) come from
the DfE models of April 2021 and May 2025.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import pandas as pd

from domain._neighbours import NEIGHBOUR_MODELS, la_register, las_file, statistical_neighbours
from domain.partnerships import Partnership, profile_areas
from domain.vocabulary import AreaType

__all__ = ["AREA_COLUMNS", "ENGLAND", "NEIGHBOUR_MODELS", "RELATIONSHIP_COLUMNS",
           "area_relationships", "county_districts", "default_data_dir",
           "district_populations_0_17", "reference_areas", "statistical_neighbours"]

ENGLAND: Final = "E92000001"

AREA_COLUMNS: Final = ("code", "name", "type", "parent_code", "dfe_la_number", "valid_from",
                       "valid_to")
RELATIONSHIP_COLUMNS: Final = ("parent_code", "child_code", "relationship", "model", "rank",
                               "closeness", "valid_from", "valid_to")


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


def county_districts(data_dir: Path, council: str) -> pd.DataFrame:
    """The districts of the county council ``council``: code, name and population aged 0-17.

    Children of the county in ``fingertipsnext_area_hierarchy.csv``, named and counted from
    ``ons_mye_single_year_age_by_lad_mid2023.csv``. A unitary, metropolitan or London council
    has none (an empty frame): its localities or wards come from a list its partnership loads.
    """
    hierarchy = pd.read_csv(data_dir / "fingertipsnext_area_hierarchy.csv", dtype=str)
    row = hierarchy[hierarchy["AreaCode"].str.strip() == council]
    children = (row["Children"].dropna().iloc[0].split("|")
                if not row.empty and row["Children"].notna().any() else [])
    codes = [c.strip() for c in children if c.strip().startswith("E07")]
    return district_populations_0_17(data_dir, codes)


def _finish(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Select ``columns`` (adding absent ones as None) and turn missing values into None."""
    out = frame.reindex(columns=list(columns)).reset_index(drop=True)
    for name in out.columns:
        if name != "rank" and out[name].isna().any():
            out[name] = out[name].astype(object).where(out[name].notna(), None)
    return out


def reference_areas(data_dir: Path, profiles: Sequence[Partnership] = ()) -> pd.DataFrame:
    """Every area the scorecard can show or compare with.

    Parameters
    ----------
    data_dir
        The shared open-data folder (see :func:`default_data_dir`).
    profiles
        Partnerships whose sub-areas and groupings to add (the store adds those of the
        profiles it holds itself, see :mod:`services.partnerships`).

    Returns
    -------
    pandas.DataFrame
        One row per area, unique ``code``, columns :data:`AREA_COLUMNS`: ``type`` is an
        :class:`~domain.vocabulary.AreaType` value; ``parent_code`` is the region of an LA,
        England for a region, the partnership's council for a district, footprint or team;
        ``dfe_la_number`` is the DfE "old" LA number as text ("888"; "970" for England,
        "98x" for regions);
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
    own = [profile_areas(profile)[0] for profile in profiles]
    councils = {profile.council for profile in profiles}
    las.loc[las["code"].isin(councils), "type"] = AreaType.COUNTY.value
    areas = pd.concat([regions, las, *own], ignore_index=True)
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


def area_relationships(data_dir: Path, profiles: Sequence[Partnership] = ()) -> pd.DataFrame:
    """Geography links and statistical neighbours between the areas of :func:`reference_areas`.

    Parameters
    ----------
    data_dir
        The shared open-data folder (see :func:`default_data_dir`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RELATIONSHIP_COLUMNS`. ``relationship`` is one of
        ``region_in_england``, ``county_in_region`` (a partnership's council),
        ``la_in_region`` (every other LA, with the LA's dates of operation), ``district_in_county``,
        ``district_in_footprint``, ``district_in_team`` (``model`` is "" for all of these) or
        ``statistical_neighbour`` (parent = the LA, child = its neighbour; ``model``,
        ``rank`` 1-10, ``closeness`` band and the model's validity, see
        :func:`statistical_neighbours`).
    """
    areas = reference_areas(data_dir, profiles)
    geography = areas[areas["type"].isin(list(_PARENT_LINKS))
                      & (areas["type"] != AreaType.DISTRICT.value)]
    links = pd.concat([
        pd.DataFrame({"parent_code": geography["parent_code"],
                      "child_code": geography["code"],
                      "relationship": geography["type"].map(_PARENT_LINKS), "model": "",
                      "valid_from": geography["valid_from"],
                      "valid_to": geography["valid_to"]}),
        *(profile_areas(profile)[1] for profile in profiles),
        statistical_neighbours(data_dir),
    ], ignore_index=True)
    links["rank"] = links["rank"].astype("Int64")
    return _finish(links, RELATIONSHIP_COLUMNS)


def district_populations_0_17(data_dir: Path, codes: Sequence[str]) -> pd.DataFrame:
    """Mid-2023 population aged 0-17 of each district in ``codes`` (in that order).

    The sum of single years of age 0 to 17 in ``ons_mye_single_year_age_by_lad_mid2023.csv``:
    the denominator for rates per 10,000 children.

    Parameters
    ----------
    data_dir
        The shared open-data folder (see :func:`default_data_dir`).
    codes
        ONS district codes.

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``name`` (ONS's) and ``population_0_17`` (int64), one row per code.

    Raises
    ------
    ValueError
        If a code has no mid-2023 estimate.
    """
    ages = [str(age) for age in range(18)]
    mye = pd.read_csv(data_dir / "ons_mye_single_year_age_by_lad_mid2023.csv",
                      dtype={"code": str, "name": str})
    totals = pd.DataFrame({"code": mye["code"].str.strip(), "name": mye["name"].str.strip(),
                           "population_0_17": mye[ages].sum(axis=1).round()})
    result = pd.DataFrame({"code": list(codes)}).merge(totals, on="code", how="left",
                                                       validate="one_to_one")
    missing = result.loc[result["population_0_17"].isna(), "code"].tolist()
    if missing:
        raise ValueError(f"No mid-2023 population for districts {missing}")
    return result.astype({"population_0_17": "int64"})
