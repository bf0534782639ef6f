"""What pages read from the store, cached until the data changes (see ``server.caching``).

Each function opens a connection at the edge, calls a service and returns plain data; cache
keys are plain codes and labels, and every key includes the store's data version, so a commit
or rollback by any instance is seen at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from flask import current_app, g, has_request_context

from domain.areas import ENGLAND
from domain.errors import NotFoundError, ScorecardError
from domain.periods import Period
from domain.url_state import area_param, quarter_param
from indicators.narrative import OutcomeSummary, outcome_summaries
from server.auth import current_user
from server.caching import cached
from server.context import engine
from services.catalogue import catalogue
from services.indicator_view import IndicatorView, indicator_view
from services.partnerships import default_area as stored_default_area
from services.partnerships import outside_partnerships as outside
from services.partnerships import partnerships, picker_areas
from services.restatements import restatements as snapshot_restatements
from services.scorecard import (
    ScorecardView,
    available_quarters,
    latest_reporting_quarter,
    reporting_quarter,
    scorecard_view,
)
from store import queries
from store.engine import schema_is_current

#: Set on the app once the store's tables exist (they are never dropped while it runs).
SCHEMA_READY_KEY = "scorecard_schema_ready"
#: Where a request keeps the page states it has resolved (one page draw, one resolution).
_RESOLVED_KEY = "scorecard_page_states"

UrlValue = str | list[str] | None


@dataclass(frozen=True)
class PageState:
    """The area and reporting quarter a page shows, resolved from its URL."""

    area_code: str
    quarter: Period


def store_has_figures() -> bool:
    """True once the store exists and holds figures (the schema check is made once)."""
    ready = current_app.extensions.setdefault(SCHEMA_READY_KEY, False)
    if not ready:
        if not schema_is_current(engine()):
            return False
        current_app.extensions[SCHEMA_READY_KEY] = True
    return _figure_count() > 0


@cached(timeout=600)
def _figure_count() -> int:
    with engine().connect() as conn:
        return queries.store_counts(conn)["observations"]


@cached(timeout=600)
def areas() -> pd.DataFrame:
    """Areas pages show and the pickers offer: each partnership's council and sub-areas, and
    the other councils holding figures (:func:`services.partnerships.picker_areas`)."""
    with engine().connect() as conn:
        return picker_areas(conn)


@cached(timeout=600)
def partnership_names() -> dict[str, str]:
    """Each partnership's name by its council's code, in the order they were first stored."""
    with engine().connect() as conn:
        return {p.council: p.name for p in partnerships(conn)}


def outside_partnerships(area_code: str) -> bool:
    """True for a council outside every stored partnership (a neighbour whose figures are
    held for comparison): its pages are read-only, with no Board snapshots or commentary."""
    known = areas()
    kinds = known.loc[known["code"] == area_code, "type"].tolist()
    return outside(partnership_names(), area_code, kinds[0] if kinds else None)


@cached(timeout=600)
def partnership_area() -> str:
    """The first partnership's council (England in a store without a partnership)."""
    with engine().connect() as conn:
        return stored_default_area(conn) or ENGLAND


def default_area() -> str:
    """The area a page shows when its URL names none: a district viewer's own district (or the
    council of an account limited to one partnership), else the first partnership's council."""
    user = current_user()
    if user is not None and user.area_code:
        return str(user.area_code)
    return partnership_area()


@cached(timeout=600)
def quarters() -> list[Period]:
    """Reporting quarters held in the store, newest first."""
    with engine().connect() as conn:
        return available_quarters(conn)


def resolve_state(area: UrlValue, period: UrlValue) -> PageState:
    """The URL's area and quarter, or :func:`default_area` and the latest quarter when not given.

    The values are read by :mod:`domain.url_state`, as the access gate reads them, so a page
    shows only what the gate authorised. Raises :class:`NotFoundError` for an unknown area,
    an unreadable quarter or a parameter repeated with different values, with a sentence a
    reader can act on.

    A page draw resolves its state once: the form, the content and the panels of one request
    share the answer (or the refusal) kept on the request.
    """
    if not has_request_context():
        return _resolve(area, period)
    resolved: dict[str, PageState | ScorecardError] = g.setdefault(_RESOLVED_KEY, {})
    key = repr((area, period))
    if key not in resolved:
        try:
            resolved[key] = _resolve(area, period)
        except ScorecardError as error:
            resolved[key] = error
    answer = resolved[key]
    if isinstance(answer, ScorecardError):
        raise answer
    return answer


def _resolve(area: UrlValue, period: UrlValue) -> PageState:
    code = area_param(area) or default_area()
    known = areas()
    if code not in set(known["code"]):
        raise NotFoundError(f"There is no area with code {code[:20]!r} to show.")
    quarter = quarter_param(period)
    if period and quarter is None:
        shown = period if isinstance(period, str) else ", ".join(map(str, period))
        raise NotFoundError(f"{shown[:30]!r} is not a reporting quarter; use a form "
                            "such as Q3-2016-17.")
    return PageState(code, quarter or latest_quarter() or reporting_quarter("Q4 2016/17"))


@cached(timeout=600)
def latest_quarter() -> Period | None:
    """The quarter a page shows when its URL names none: the latest with quarterly figures."""
    with engine().connect() as conn:
        return latest_reporting_quarter(conn)


@cached(timeout=600)
def scorecard(area_code: str, quarter_label: str, view: str = "board") -> ScorecardView:
    """The scorecard table for an area and quarter (``quarter_label`` like "Q3 2016/17"):
    the Board's rows (``view="board"``) or every indicator (``"all"``)."""
    with engine().connect() as conn:
        return scorecard_view(conn, area_code, reporting_quarter(quarter_label), view)


@cached(timeout=600)
def restatements(area_code: str, quarter_label: str) -> pd.DataFrame:
    """Figures on the live scorecard that differ from what a Board snapshot showed."""
    view = scorecard(area_code, quarter_label)
    with engine().connect() as conn:
        return snapshot_restatements(conn, area_code, view.quarter, view.table)


@cached(timeout=600)
def indicator(indicator_id: str, area_code: str, quarter_label: str) -> IndicatorView:
    """The indicator page view for an indicator, area and quarter."""
    with engine().connect() as conn:
        return indicator_view(conn, indicator_id, area_code, reporting_quarter(quarter_label))


@cached(timeout=600)
def summary(area_code: str, quarter_label: str) -> tuple[ScorecardView, list[OutcomeSummary]]:
    """The scorecard and its generated performance summary, per outcome theme."""
    view = scorecard(area_code, quarter_label)
    definitions = {k: v.definition for k, v in catalogue().items()}
    table = view.table.assign(definition=view.table["indicator_id"].map(definitions))
    return view, outcome_summaries(table)
