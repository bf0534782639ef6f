"""The published boundaries: the same districts and codes, rounded coordinates, compact text."""

from __future__ import annotations

import json

from domain.boundaries import (
    BOUNDARIES_PATH,
    CODE_PROPERTY,
    compact_boundaries,
    district_boundaries,
)


def _points(coordinates: object) -> list[list[float]]:
    if isinstance(coordinates, list) and coordinates and isinstance(coordinates[0], float | int):
        return [coordinates]  # type: ignore[list-item]
    assert isinstance(coordinates, list)
    return [point for item in coordinates for point in _points(item)]


def test_compact_boundaries_keep_every_district_and_its_shape() -> None:
    full = district_boundaries()
    compact = json.loads(compact_boundaries())
    assert [f["properties"][CODE_PROPERTY] for f in compact["features"]] == [
        f["properties"][CODE_PROPERTY] for f in full["features"]]
    for small, big in zip(compact["features"], full["features"], strict=True):
        rounded, exact = _points(small["geometry"]["coordinates"]), _points(
            big["geometry"]["coordinates"])
        assert len(rounded) == len(exact)
        assert max(abs(a - b) for p, q in zip(rounded, exact, strict=True)
                   for a, b in zip(p, q, strict=True)) <= 0.5e-5


def test_compact_boundaries_are_smaller_than_the_file() -> None:
    text = compact_boundaries()
    assert len(text) < 0.7 * len(BOUNDARIES_PATH.read_text(encoding="utf-8"))
    assert "\": " not in text and "e-0" not in text.lower()
