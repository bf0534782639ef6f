"""A site's catalogue additions and mappings: stored versioned, merged into the catalogue
the process reads, and refused whole when they would make it invalid."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select

from domain.errors import CatalogueError
from services.catalogue import catalogue, forget_site_entries
from services.catalogue_admin import (
    add_indicator,
    describe_file,
    fingertips_cells,
    map_indicator,
    mappings,
)
from store.models import CatalogueEntry, IndicatorRow
from tests.conftest import SHARED_DATA

FT_CSV = SHARED_DATA / "api-samples" / "fingertips-api" / "indicators-CountyUA.data.csv"


@pytest.fixture(autouse=True)
def _shipped_catalogue() -> Iterator[None]:
    yield
    forget_site_entries()


def test_an_added_indicator_joins_the_catalogue_and_the_store(engine: Engine) -> None:
    cells = fingertips_cells(describe_file(FT_CSV, 93356), catalogue(), "be_healthy")
    added = add_indicator(engine, cells, "admin")
    assert (added.fingertips_id, added.multiplier, added.unit_label) == (93356, 100000,
                                                                         "per 100,000")
    assert added.id in catalogue()
    with engine.connect() as conn:
        assert conn.execute(select(IndicatorRow.title).where(
            IndicatorRow.id == added.id)).scalar_one() == added.title
    with pytest.raises(CatalogueError, match="already"):
        add_indicator(engine, cells, "admin")
    forget_site_entries()
    assert added.id not in catalogue()
    frame = mappings(engine)  # reads the store's entries again
    assert frame.set_index("indicator_id").loc[added.id, "origin"] == "added"


def test_a_mapping_is_versioned_and_merged(engine: Engine) -> None:
    map_indicator(engine, "breastfeeding_initiation", {"fingertips_id": "20201"}, "admin")
    assert catalogue()["breastfeeding_initiation"].fingertips_id == 20201
    map_indicator(engine, "breastfeeding_initiation", {"fingertips_id": "20202"}, "admin")
    assert catalogue()["breastfeeding_initiation"].fingertips_id == 20202
    with engine.connect() as conn:
        versions = conn.execute(select(CatalogueEntry.version, CatalogueEntry.is_current)
                                .order_by(CatalogueEntry.id)).all()
    assert [tuple(v) for v in versions] == [(1, False), (2, True)]


def test_a_mapping_that_breaks_the_catalogue_stores_nothing(engine: Engine) -> None:
    taken = next(i for i in catalogue().values() if i.fingertips_id is not None)
    with pytest.raises(CatalogueError, match="duplicate-fingertips-id"):
        map_indicator(engine, "breastfeeding_initiation",
                      {"fingertips_id": str(taken.fingertips_id)}, "admin")
    with pytest.raises(CatalogueError, match="no indicator 'nope'"):
        map_indicator(engine, "nope", {"fingertips_id": "1"}, "admin")
    with engine.connect() as conn:
        assert conn.execute(select(CatalogueEntry)).first() is None
