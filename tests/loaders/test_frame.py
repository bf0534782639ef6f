"""Candidate-frame helpers: columns held once, not once per row."""

from __future__ import annotations

import numpy as np

from loaders.frame import either, same_on_every_row


def test_either_holds_the_two_objects_themselves() -> None:
    yes, no = "published", "none"
    out = either(np.array([True, False, True]), yes, no)
    assert out.tolist() == ["published", "none", "published"]
    assert out.dtype == object and out[0] is yes and out[2] is yes and out[1] is no


def test_a_value_on_every_row_is_a_one_word_category() -> None:
    column = same_on_every_row(4, "Data")
    assert list(column) == ["Data"] * 4 and list(column.categories) == ["Data"]
    assert column.codes.dtype == np.int8
