"""Store tests: an empty store on each backend holding Lancashire, Burnley and one indicator."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, insert

from store.models import Area, IndicatorRow

COUNTY, BURNLEY = "E10000017", "E07000117"
#: The indicator held by the ``county_engine`` store (a count, by financial-year quarter).
INDICATOR = "cla_number"


@pytest.fixture
def county_engine(store_engine: Engine) -> Engine:
    """``store_engine`` with Lancashire, its district Burnley and the :data:`INDICATOR` row."""
    with store_engine.begin() as conn:
        conn.execute(insert(Area), [
            {"code": COUNTY, "name": "Lancashire", "type": "county", "parent_code": None},
            {"code": BURNLEY, "name": "Burnley", "type": "district", "parent_code": COUNTY}])
        conn.execute(insert(IndicatorRow), [
            {"id": INDICATOR, "title": "Looked-after children", "short_title": "CLA",
             "outcome": "feel_safe", "polarity": "low_is_good", "value_type": "count",
             "period_type": "fy_quarter"}])
    return store_engine
