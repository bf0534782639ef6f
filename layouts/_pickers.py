"""The area and reporting-quarter form shared by the Scorecard, Summary and Indicator pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import html

from domain.errors import ScorecardError
from domain.url_state import period_param
from layouts import _data
from layouts._components import area_options, period_options, picker_form, plain, select_field
from server.auth import allowed_area_codes
from server.caching import cached


def area_period_form(prefix: str, action: str, area: str | None, period: str | None,
                     submit_label: str = "Show", hidden: dict[str, str] | None = None,
                     leading: Sequence[Any] = (),
                     toggle_label: str = "Change area or quarter") -> html.Form:
    """Pickers named ``area`` and ``period`` with ids ``{prefix}-area`` / ``{prefix}-period``.

    ``leading`` fields come first (e.g. the indicator). A district viewer is offered only the
    areas their account may see. On a phone the fields sit behind a ``toggle_label`` button.
    """
    allowed = allowed_area_codes()
    return _form(prefix, action, area, period, submit_label, hidden, leading,
                 None if allowed is None else tuple(sorted(allowed)), toggle_label)


def cached_area_period_form(prefix: str, action: str, area: str | None, period: str | None,
                            submit_label: str = "Show") -> Any:
    """:func:`area_period_form` as plain dicts, kept until the data changes."""
    allowed = allowed_area_codes()
    return _cached_form(prefix, action, area, period, submit_label,
                        None if allowed is None else tuple(sorted(allowed)))


@cached(timeout=600)
def _cached_form(prefix: str, action: str, area: str | None, period: str | None,
                 submit_label: str, allowed: tuple[str, ...] | None) -> Any:
    return plain(_form(prefix, action, area, period, submit_label, None, (), allowed))


def _form(prefix: str, action: str, area: str | None, period: str | None, submit_label: str,
          hidden: dict[str, str] | None, leading: Sequence[Any],
          allowed: tuple[str, ...] | None,
          toggle_label: str = "Change area or quarter") -> html.Form:
    areas = _data.areas()
    if allowed is not None:
        areas = areas[areas["code"].isin(allowed)]
    area_value: str | None
    period_value: str | None
    try:
        state = _data.resolve_state(area, period)
        area_value, period_value = state.area_code, period_param(state.quarter)
    except ScorecardError:
        area_value, period_value = area, period
    return picker_form(f"{prefix}-form", action, [
        *leading,
        select_field(f"{prefix}-area", "area", "Area",
                     area_options(areas, _data.partnership_names()), area_value),
        select_field(f"{prefix}-period", "period", "Reporting quarter",
                     period_options(_data.quarters()), period_value),
    ], submit_label=submit_label, hidden=hidden, toggle_label=toggle_label)
