"""District boundaries for the maps: ONS super-generalised (BSC) district boundaries.

``domain/data/district_boundaries_bsc.geojson`` holds features of the ONS file ``Local
Authority Districts (May 2024) Boundaries UK BSC``, copied unchanged (EPSG:4326; properties
``LAD24CD``, ``LAD24NM``, ``LONG``, ``LAT``). It is reference geography, like the area codes, so
the maps need no tile server and work offline. It holds the districts of the demo's county
only; the districts page shows no map (and says why) for areas it has no boundary for.
Licence: Open Government Licence v3.0; every map
drawn from it shows :data:`BOUNDARY_ATTRIBUTION`.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Final

BOUNDARIES_PATH: Final = (Path(__file__).resolve().parent / "data"
                          / "district_boundaries_bsc.geojson")
#: The attribution the OGL requires wherever the boundaries are shown.
BOUNDARY_ATTRIBUTION: Final = ("Contains OS data (c) Crown copyright and database right; "
                               "Source: ONS (OGL v3.0)")
#: Feature property holding the ONS district code (matches ``area.code``).
CODE_PROPERTY: Final = "LAD24CD"
#: Where the server publishes the boundaries (:func:`compact_boundaries`) for the maps to
#: fetch: once per browser, cached, instead of inside every map a page draws.
BOUNDARIES_URL_PATH: Final = "/assets/geo/districts.geojson"
#: Decimal places kept in published coordinates: 1e-5 degrees is about a metre, far below
#: what the super-generalised boundaries resolve.
COORDINATE_DECIMALS: Final = 5
NAME_PROPERTY: Final = "LAD24NM"


@functools.lru_cache(maxsize=1)
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def district_boundaries(path: Path = BOUNDARIES_PATH) -> dict[str, Any]:
    """The districts as a GeoJSON FeatureCollection (a fresh copy; the file is read once).

    Raises
    ------
    ValueError
        If the file is not a FeatureCollection whose features all carry a district code.
    """
    collection: dict[str, Any] = json.loads(_read(path))
    features = collection.get("features")
    if collection.get("type") != "FeatureCollection" or not isinstance(features, list):
        raise ValueError(f"{path.name} is not a GeoJSON FeatureCollection")
    if any(CODE_PROPERTY not in feature.get("properties", {}) for feature in features):
        raise ValueError(f"Every feature of {path.name} needs a {CODE_PROPERTY} property")
    return collection


def district_centroids(path: Path = BOUNDARIES_PATH) -> dict[str, tuple[float, float]]:
    """District code -> (longitude, latitude) of the label point ONS publishes with it."""
    return {f["properties"][CODE_PROPERTY]: (float(f["properties"]["LONG"]),
                                             float(f["properties"]["LAT"]))
            for f in district_boundaries(path)["features"]}


def _rounded(coordinates: Any, decimals: int) -> Any:
    if isinstance(coordinates, list):
        return [_rounded(item, decimals) for item in coordinates]
    return round(float(coordinates), decimals)


@functools.lru_cache(maxsize=4)
def compact_boundaries(path: Path = BOUNDARIES_PATH,
                       decimals: int = COORDINATE_DECIMALS) -> str:
    """The boundaries as compact GeoJSON text for browsers: coordinates rounded to
    ``decimals`` places, no whitespace, the same features and properties."""
    collection = district_boundaries(path)
    for feature in collection["features"]:
        geometry = feature["geometry"]
        geometry["coordinates"] = _rounded(geometry["coordinates"], decimals)
    return json.dumps(collection, separators=(",", ":"))
