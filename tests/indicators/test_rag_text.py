"""Numbers as the RAG reasons write them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators._rag_text import number_text


def test_each_row_gets_its_own_decimals_and_thousands_separators() -> None:
    values = pd.Series([1234.5678, 3.0, 10000, 0.5, 7.123456789], index=[5, 6, 7, 8, 9])
    decimals = pd.Series([1, 2, 0, None, 9], index=[5, 6, 7, 8, 9])
    text = number_text(values, decimals)
    assert text.tolist() == ["1,234.6", "3.00", "10,000", "0.5", "7.123457"]
    assert text.index.tolist() == [5, 6, 7, 8, 9]


def test_a_missing_value_is_written_as_nothing() -> None:
    values = pd.Series([None, np.nan, 2.25], dtype=object)
    assert number_text(values, pd.Series([1, 1, 1])).tolist() == ["", "", "2.2"]
