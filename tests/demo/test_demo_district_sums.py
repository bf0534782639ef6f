"""The demo store's district CP plans and CLA counts add up to Lancashire's in every period, so
the district check raises nothing on them."""

from __future__ import annotations

from domain.catalogue import load_catalogue
from loaders.district_sums import FIGURE_COLUMNS, district_gaps
from store import queries
from tests.demo.conftest import DemoStore

COUNTS = ["cp_plans_number", "cla_number"]


def test_the_demo_district_counts_add_up_to_the_county_in_every_period(
        demo: DemoStore) -> None:
    with demo.engine.connect() as conn:
        current = queries.observations(conn, indicator_ids=COUNTS)
        areas = queries.areas(conn)
    districts = areas[(areas["type"] == "district") & areas["parent_code"].notna()]
    parents = dict(zip(districts["code"], districts["parent_code"], strict=True))
    figures = current.assign(position=0.0).loc[:, FIGURE_COLUMNS]
    in_districts = figures[figures["area_code"].isin(list(parents))]
    periods = in_districts.groupby("indicator_id")["period_key"].nunique()
    assert periods.to_dict() == {"cla_number": 13, "cp_plans_number": 13}
    assert district_gaps(figures, parents, load_catalogue()).empty
    broken = figures.assign(value=figures["value"].where(
        figures["area_code"] != "E10000017", figures["value"] + 1))
    assert len(district_gaps(broken, parents, load_catalogue())) == 26
