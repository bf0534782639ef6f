"""The districts map marks each area with a number that its key names."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from domain.boundaries import district_boundaries, district_centroids
from layouts._components import plain
from layouts._district_figures import district_map
from layouts._map_key import map_key
from layouts._map_numbers import map_label, map_numbers
from services.catalogue import catalogue
from services.district_view import DistrictView, district_view
from settings import Settings
from store.engine import make_engine


def test_areas_are_numbered_alphabetically_by_name() -> None:
    numbers = map_numbers(["E3", "E1", "E2", "E4"], ["Cedar", "Beech", "Ash", None])
    assert numbers == {"E2": 1, "E1": 2, "E3": 3}


def test_a_label_puts_the_number_over_the_value() -> None:
    assert map_label(7, "84.8 \u2020") == "<b>7</b><br>84.8 \u2020"


@pytest.fixture(scope="module")
def view(seed_store: Settings) -> Iterator[DistrictView]:
    engine = make_engine(seed_store.database_url)
    with engine.connect() as conn:
        yield district_view(conn, catalogue()["cp_plans_rate"])
    engine.dispose()


def test_the_key_names_every_area_the_map_numbers(view: DistrictView) -> None:
    body = json.dumps(plain(map_key(view, "key")), ensure_ascii=False)
    names = sorted(view.areas["area_name"].dropna())
    assert len(names) >= 2 and all(name in body for name in names)
    assert [body.index(n) for n in names] == sorted(body.index(n) for n in names)
    assert f"than {view.council_name}" in body and "than the council" not in body  # as the legend
    figure = district_map(view, district_boundaries(), district_centroids())
    labels = [t for trace in figure.data if trace.type == "scattergeo" for t in trace.text]
    assert sorted(labels, key=lambda t: int(t[3:t.index("</b>")]))[0].startswith("<b>1</b>")
    assert len(labels) == len(names)
