"""The scorecard for an area and reporting quarter, read from stored judgements."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from domain.errors import NotFoundError
from domain.periods import Period, period_containing
from domain.url_state import parse_period_text
from domain.vocabulary import PeriodType
from indicators.scorecard import scorecard_table
from services.catalogue import scorecard_catalogue
from store import queries
from store.engine import Connection
from store.judgements import expand_rows


@dataclass(frozen=True)
class ScorecardView:
    """The scorecard of one area as at the end of one reporting quarter."""

    area_code: str
    area_name: str
    area_type: str
    quarter: Period
    table: pd.DataFrame


def reporting_quarter(text: str) -> Period:
    """The financial-year quarter a scorecard reports on, in any spelling a page, link or
    command uses ("Q3 16/17", "Q3 2016/17", "Q3-2016-17", URL-encoded)."""
    return parse_period_text(text)


def available_quarters(conn: Connection) -> list[Period]:
    """Reporting quarters from the first to the latest period end held in the store."""
    ends = queries.period_ends(conn)
    if not ends:
        return []
    first = period_containing(PeriodType.FY_QUARTER, min(ends))
    last = latest_reporting_quarter(conn) or first
    quarters = [last]
    while quarters[-1] > first and len(quarters) < 80:
        quarters.append(quarters[-1].previous())
    return quarters


def latest_reporting_quarter(conn: Connection) -> Period | None:
    """The quarter of the latest quarterly local figure (what a Board would see next)."""
    ends = queries.period_ends(conn, PeriodType.FY_QUARTER.value)
    if not ends:
        return None
    return period_containing(PeriodType.FY_QUARTER, max(ends))


def latest_area_quarter(conn: Connection, area_code: str) -> Period | None:
    """The reporting quarter of the latest figure held for ``area_code`` (any period type:
    a financial year or a snapshot at 31 March falls in Q4); None when it has none."""
    ends = queries.period_ends(conn, area_code=area_code)
    return period_containing(PeriodType.FY_QUARTER, max(ends)) if ends else None


def area_row(conn: Connection, area_code: str) -> tuple[str, str]:
    """The name and type of the area ``area_code``; :class:`NotFoundError` if none."""
    found = queries.area_name_type(conn, area_code)
    if found is None:
        raise NotFoundError(f"There is no area with code {area_code!r}.")
    return found


def scorecard_view(conn: Connection, area_code: str, quarter: Period) -> ScorecardView:
    """The scorecard of ``area_code`` as at the end of ``quarter``, each indicator at its latest
    period by then and compared with its latest period a quarter earlier."""
    name, kind = area_row(conn, area_code)
    rows = expand_rows(queries.latest_computed_rows(conn, area_code,
                                                    [quarter.end, quarter.previous().end]))
    current = rows[rows["as_at"] == 0].set_index("indicator_id")
    before = rows[rows["as_at"] == 1].set_index("indicator_id")
    table = scorecard_table(current, before, scorecard_catalogue())
    return ScorecardView(area_code, name, kind, quarter, table)

