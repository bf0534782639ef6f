"""Finding indicators by name, id or theme in the real catalogue."""

from __future__ import annotations

import pytest

from services.catalogue import catalogue
from services.indicator_search import MAX_RESULTS, find_indicators, theme_label


def ids(query: str | None) -> list[str]:
    return [indicator.id for indicator in find_indicators(catalogue().values(), query)]


def test_an_id_typed_exactly_comes_first() -> None:
    assert ids("cla_rate")[0] == "cla_rate"
    assert ids(" CLA_RATE ")[0] == "cla_rate"


def test_every_word_must_match_in_any_order_and_case() -> None:
    found = ids("AFTER looked")
    assert found and "cla_rate" in found
    assert all("looked after" in catalogue()[i].title.lower() for i in found)


def test_titles_starting_with_the_query_come_before_other_matches() -> None:
    found = find_indicators(catalogue().values(), "number of")
    assert found[0].title.lower().startswith("number of")


def test_a_theme_finds_its_indicators_and_no_others() -> None:
    found = find_indicators(catalogue().values(), "feel safe", limit=1000)
    assert found and all(theme_label(i) == "Outcome one - to feel safe" for i in found)


@pytest.mark.parametrize("query", [None, "", "   ", "?!"])
def test_an_empty_query_finds_nothing(query: str | None) -> None:
    assert ids(query) == []


def test_nonsense_finds_nothing_and_short_queries_are_capped() -> None:
    assert ids("zzzz qqqq") == []
    assert len(ids("e")) == MAX_RESULTS
