"""How judgement fields are stored: codes, floats, plain values and flags, missing as None."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from store.judgement_codes import CODES, decode, encode, flags, numbers, plain, whole_numbers


def test_encode_gives_positions_and_none_for_missing() -> None:
    labels = pd.Series(["Increasing", None, "Cannot be calculated", np.nan], dtype=object)
    assert encode("trend", labels) == [2, None, 0, None]
    assert decode("trend", pd.Series(encode("trend", labels))).tolist() == [
        "Increasing", None, "Cannot be calculated", None]
    scope = pd.Series(["", "statistical neighbours", None], dtype="category")
    assert encode("range_scope", scope) == [0, 1, None]
    assert all(type(code) is int for code in encode("status", pd.Series(list(CODES["status"]))))


def test_encode_names_the_first_unknown_label() -> None:
    with pytest.raises(ValueError, match="cannot store trend 'Sideways'"):
        encode("trend", pd.Series(["Increasing", "Sideways", "Upwards"]))


def test_numbers_plain_and_flags_keep_missing_as_none() -> None:
    assert numbers(pd.Series([1.5, np.nan, 3])) == [1.5, None, 3.0]
    assert numbers(pd.Series([None, "2"], dtype=object)) == [None, 2.0]
    assert plain(pd.Series(["a", None, np.nan, pd.NA], dtype=object)) == ["a", None, None, None]
    assert flags(pd.Series([np.bool_(True), None, False, 0], dtype=object)) == [
        True, None, False, False]
    assert all(type(v) is bool for v in flags(pd.Series([True, False])))


def test_counts_and_ranks_are_stored_as_whole_numbers() -> None:
    assert whole_numbers(pd.Series([1.0, np.nan, 153.0, None], name="rank")) == [
        1, None, 153, None]
    with pytest.raises(ValueError, match="rank 1.5 as a whole"):
        whole_numbers(pd.Series([3.0, np.nan, 1.5], name="rank"))
