"""The indicator page's headline, from the seed store: a figure out of date for the reporting
quarter is marked as the scorecard marks it and not rated."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from layouts._indicator_parts import headline
from services.indicator_view import IndicatorView, indicator_view
from services.scorecard import reporting_quarter
from settings import Settings
from store.engine import make_engine


def shown(settings: Settings, quarter: str) -> IndicatorView:
    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            return indicator_view(conn, "cp_plans_rate", "E10000017", reporting_quarter(quarter))
    finally:
        engine.dispose()


def walk(node: Any) -> Iterator[Any]:
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from walk(child)


def text(node: Any) -> str:
    children = getattr(node, "children", node)
    if isinstance(children, list):
        return "".join(text(c) for c in children)
    return str(children) if isinstance(children, str | int | float) else text(children) \
        if children is not None and children is not node else ""


def test_an_out_of_date_figure_is_greyed_and_not_rated(seed_store: Settings) -> None:
    section = headline(shown(seed_store, "Q4 2017/18"), "Q4-2017-18")
    figure = [n for n in walk(section) if getattr(n, "className", None) == "out-of-date-figure"]
    assert len(figure) == 1
    assert "66.4" in text(figure[0]) and ", latest available: Q3 2016/17" in text(figure[0])
    assert "in Q3 2016/17" not in text(section)
    assert "Not rated" in text(section)
    assert "out of date for this quarter" in text(section)


def test_a_current_figure_is_shown_as_before(seed_store: Settings) -> None:
    section = headline(shown(seed_store, "Q3 2016/17"), "Q3-2016-17")
    assert not [n for n in walk(section)
                if getattr(n, "className", None) == "out-of-date-figure"]
    assert "in Q3 2016/17" in text(section) and "latest available" not in text(section)
