"""The URL-state resolver reads areas, quarters and query strings one way for the pages, the
exports and the access gate, and finds area codes however they are spelt."""

from __future__ import annotations

from typing import Any

import pytest

from domain.errors import NotFoundError
from domain.url_state import (
    area_codes_in,
    area_param,
    carried_href,
    indicator_param,
    page_href,
    parse_area_text,
    parse_period_text,
    period_param,
    quarter_param,
    query_params,
    requested_areas,
    search_string,
)


@pytest.mark.parametrize(("search", "expected"), [
    ("?area=%4507000118&period=Q3-2016-17", {"area": "E07000118", "period": "Q3-2016-17"}),
    ("area=+E07000118+", {"area": " E07000118 "}),
    ("?%61rea=x", {"area": "x"}),
    ("?area=E07000117&area=E07000118", {"area": ["E07000117", "E07000118"]}),
    ("?area=%254507000118", {"area": "%4507000118"}),
    ("", {}),
])
def test_query_strings_are_decoded_once_as_the_router_decodes_them(
        search: str, expected: dict[str, Any]) -> None:
    assert query_params(search) == expected


@pytest.mark.parametrize(("value", "code"), [
    ("E07000118", "E07000118"), (" e07000118\t", "E07000118"), (None, None), ("", None),
    (["E07000117", "e07000117 "], "E07000117"),
])
def test_area_parameters_are_normalised(value: Any, code: str | None) -> None:
    assert area_param(value) == code


def test_an_area_given_twice_with_different_values_is_refused() -> None:
    with pytest.raises(NotFoundError, match="2 different values for 'area'"):
        area_param(["E07000117", "E07000118"])


@pytest.mark.parametrize(("text", "label"), [
    ("Q3-2016-17", "Q3 2016/17"), (" Q3 2016/17 ", "Q3 2016/17"), ("Q9-2016-17", None),
    (None, None), (["Q3-2016-17", "Q3-2016-17"], "Q3 2016/17"),
])
def test_quarters_are_read_in_either_spelling(text: Any, label: str | None) -> None:
    quarter = quarter_param(text)
    assert (quarter.label if quarter else None) == label


@pytest.mark.parametrize(("value", "codes"), [
    ("?area=%4507000118", {"E07000118"}),
    ("%25%34%35%30%37%30%30%30%31%31%38", {"E07000118"}),
    ({"area": "e07000118"}, {"E07000118"}),
    ({"nested": [{"x": ["w06000001"]}]}, {"W06000001"}),
    ({"E07000118": 1}, {"E07000118"}),
    ("XE07000118 E0700011899 E0700011", set()),
    (12, set()),
])
def test_area_codes_are_found_anywhere_however_spelt(value: Any, codes: set[str]) -> None:
    assert area_codes_in(value) == codes


def test_requested_areas_name_every_area_a_repeated_parameter_gives() -> None:
    params = query_params("?area=E07000117&area=%20e07000118&district=E07000120")
    assert requested_areas(params) == {"E07000117", "E07000118", "E07000120"}


@pytest.mark.parametrize(("text", "label"), [
    ("Q3-2016-17", "Q3 2016/17"), ("Q3 16/17", "Q3 2016/17"), ("Q1-2024-25", "Q1 2024/25"),
])
def test_period_param_round_trip(text: str, label: str) -> None:
    period = quarter_param(text)
    assert period is not None and period.label == label
    assert quarter_param(period_param(period)) == period


@pytest.mark.parametrize("text", ["", None, "Q5-2016-17", "yesterday"])
def test_unreadable_period_params_are_none(text: str | None) -> None:
    assert quarter_param(text) is None


def test_links_and_search_strings_drop_empty_values() -> None:
    assert page_href("/indicator", id="cla_rate", area="E10000017", period=None) == (
        "/indicator?id=cla_rate&area=E10000017")
    assert page_href("/") == "/"
    assert search_string(area="E10000017", period="Q3-2016-17") == (
        "?area=E10000017&period=Q3-2016-17")


@pytest.mark.parametrize("text", [
    "Q3-2016-17", "Q3 2016/17", "Q3+2016/17", "q3 16/17", "Q3%202016%2F17", "Q3%2B2016%2F17",
    "Q3-2016%2F17", "Q3%252016-17", " Q3-16-17 ",
])
def test_one_grammar_reads_every_spelling_of_a_quarter(text: str) -> None:
    assert parse_period_text(text).label == "Q3 2016/17"
    assert quarter_param(text) == parse_period_text("Q3 2016/17")


def test_a_link_built_for_a_quarter_is_read_back_by_the_router_and_the_resolver() -> None:
    quarter = parse_period_text("Q3 2016/17")
    for value in (period_param(quarter), quarter.label):
        search = page_href("/", area="E10000017", period=value).split("?", 1)[1]
        assert quarter_param(query_params(search)["period"]) == quarter


def test_the_command_line_reads_area_and_period_as_the_pages_do() -> None:
    assert parse_area_text(" e10000017 ") == "E10000017"
    with pytest.raises(ValueError, match="area is blank"):
        parse_area_text("  ")
    with pytest.raises(ValueError, match="Q3 16/17"):
        parse_period_text("Q9-2016-17")


def test_the_indicator_is_read_as_areas_and_quarters_are() -> None:
    assert indicator_param(" cla_rate ") == "cla_rate"
    assert indicator_param(["cla_rate", "cla_rate"]) == "cla_rate"
    assert indicator_param("") is None and indicator_param(None) is None
    with pytest.raises(NotFoundError, match="2 different values for 'indicator'"):
        indicator_param(["cla_rate", "cp_plans_rate"])


@pytest.mark.parametrize(("search", "href"), [
    ("?area=E10000017&period=Q3-2016-17", "/compare?area=E10000017&period=Q3-2016-17"),
    ("?area=e07000117&period=Q3+2016/17", "/compare?area=E07000117&period=Q3-2016-17"),
    ("?period=Q3%202016%2F17&indicator=cla_rate", "/compare?period=Q3-2016-17"),
    ("?district=E07000117&view=teams", "/compare?area=E07000117"),
    ("?area=E10000017&period=not-a-quarter", "/compare?area=E10000017"),
    ("?area=E07000117&area=E07000118&period=Q3-2016-17", "/compare?period=Q3-2016-17"),
    ("", "/compare"),
    (None, "/compare"),
])
def test_menu_links_carry_the_area_and_quarter_on_screen(search: str | None, href: str) -> None:
    assert carried_href("/compare", search) == href
