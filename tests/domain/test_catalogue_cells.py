"""Catalogue cell parsers: typed values, and coded errors that finish an officer's sentence."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from domain.catalogue_cells import (
    CellError,
    choice_cell,
    identifier_cell,
    list_cell,
    number_cell,
    text_cell,
    whole_cell,
)


def _error(parse: Callable[[str], Any], text: str) -> CellError:
    with pytest.raises(CellError) as caught:
        parse(text)
    return caught.value


def test_choice_and_list_cells_map_keys_to_values() -> None:
    assert choice_cell({"yes": True}, "invalid-boolean")("yes") is True
    assert choice_cell({"a": 1}, "bad", optional=True)("") is None
    assert list_cell({"1": 1, "3": 3}, "bad")("1; 3") == (1, 3)
    assert list_cell({"1": 1}, "bad")("") == ()


@pytest.mark.parametrize(("parse", "text", "code", "reason"), [
    (choice_cell({"a": 1, "b": 2}, "unknown-x"), "c", "unknown-x", "is not one of a, b"),
    (list_cell({"1": 1}, "bad-list"), "1;1", "bad-list", "lists '1' twice"),
    (list_cell({"1": 1}, "bad-list", required=True), "", "bad-list", "is empty; list at least"),
    (text_cell(max_len=3), "four", "short-title-too-long", "is 4 characters long"),
    (text_cell(), "", "missing-value", "is empty"),
    (whole_cell(minimum=1), "0", "invalid-number", "is below 1"),
    (whole_cell(), "1.5", "invalid-number", "is not a whole number"),
    (number_cell(positive=True), "0", "invalid-number", "above zero"),
    (number_cell(), "inf", "invalid-number", "zero or more"),
    (number_cell(), "ten", "invalid-number", "is not a number"),
])
def test_bad_cells_raise_coded_errors(parse: Callable[[str], Any], text: str, code: str,
                                      reason: str) -> None:
    error = _error(parse, text)
    assert error.code == code and reason in error.reason


def test_identifiers_and_numbers_that_pass() -> None:
    assert identifier_cell("cp_plans_rate") == "cp_plans_rate"
    assert _error(identifier_cell, "CP rate").code == "invalid-id"
    assert number_cell()("1,234.5") == 1234.5
    assert number_cell()("") is None and whole_cell(required=False)("") is None
    assert text_cell(required=False, blank="")("") == ""
