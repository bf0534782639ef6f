"""The scorecard for an area and reporting quarter, read from stored judgements."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from domain.errors import NotFoundError
from domain.periods import Period, period_containing
from domain.scorecard_definition import ScorecardDefinition
from domain.url_state import parse_period_text
from domain.vocabulary import PeriodType
from indicators.definition_rows import ROW_COLUMNS, board_rows, rerated, theme_key
from indicators.scorecard import scorecard_table
from indicators.targets import target_for
from services.catalogue import scorecard_catalogue
from services.scorecard_definitions import definition_in_force
from services.stored_judgements import stored_rows
from store import queries
from store.engine import Connection


@dataclass(frozen=True)
class ScorecardView:
    """The scorecard of one area as at the end of one reporting quarter."""

    area_code: str
    area_name: str
    area_type: str
    quarter: Period
    table: pd.DataFrame
    #: "board" (the definition's rows) or "all" (every indicator with a figure).
    view: str = "board"
    #: The definition in force ("" when the catalogue's rows and themes are shown).
    definition: str = ""


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


#: The scorecard's views: the Board's rows (the definition in force) or every indicator.
VIEWS = ("board", "all")


def definition_rows(definition: ScorecardDefinition, area_code: str, quarter: Period
                    ) -> pd.DataFrame:
    """The definition's rows as :data:`indicators.definition_rows.ROW_COLUMNS`, with the
    target ``area_code`` is judged against in ``quarter`` (its own, never its county's)."""
    records = []
    for theme_rank, theme in enumerate(definition.themes, start=1):
        for row_rank, row in enumerate(theme.rows, start=1):
            applied = target_for(row.targets, area_code, quarter)
            records.append((row.indicator_id, theme_key(theme.heading, theme_rank),
                            theme.heading, theme_rank, row_rank, row.rule.value,
                            row.tolerance, applied.value if applied else None,
                            applied.target if applied else None,
                            applied.trajectory_quarter if applied else ""))
    return pd.DataFrame.from_records(records, columns=list(ROW_COLUMNS))


def scorecard_view(conn: Connection, area_code: str, quarter: Period,
                   view: str = "board") -> ScorecardView:
    """The scorecard of ``area_code`` as at the end of ``quarter``, each indicator at its latest
    period by then and compared with its latest period a quarter earlier.

    With a definition in force for the area's partnership, ``view="board"`` holds its rows in
    its order under its headings and ``view="all"`` every indicator with a figure; either way
    the definition's rows are rated by its rules and targets. Without one, both views hold
    every indicator in the catalogue's order and themes.
    """
    name, kind = area_row(conn, area_code)
    rows = stored_rows(queries.latest_computed_rows(conn, area_code,
                                                    [quarter.end, quarter.previous().end]))
    current = rows[rows["as_at"] == 0].set_index("indicator_id")
    before = rows[rows["as_at"] == 1].set_index("indicator_id")
    table = scorecard_table(current, before, scorecard_catalogue(), quarter.end)
    found = definition_in_force(conn, area_code, quarter)
    if found is None or table.empty:
        return ScorecardView(area_code, name, kind, quarter, table, view)
    spec = definition_rows(found.definition, area_code, quarter)
    table = rerated(table, spec)
    if view != "all":
        table = board_rows(table, spec)
    label = f"{found.definition.title}, version {found.stored.version}"
    return ScorecardView(area_code, name, kind, quarter, table, view, label)
