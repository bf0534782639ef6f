"""The Compare grid as a ranked list for phones: best first by each indicator's polarity."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from domain.vocabulary import Polarity
from layouts._compare_list import ranked_cells, rug_list
from layouts._components import plain
from services.catalogue import catalogue
from services.compare_view import CELL_COLUMNS, RugRow, RugView


def _row(polarity: Polarity) -> RugRow:
    indicator = next(i for i in catalogue().values() if i.polarity == polarity)
    cells = pd.DataFrame({"area_code": ["E1", "E2", "E3", "E4"],
                          "area_name": ["Ash", "Beech", "Cedar", "Damson"],
                          "value": [20.0, np.nan, 35.5, 10.0],
                          "significance": ["Worse", None, "Better", "Similar"],
                          "illustrative": [False, False, True, False]}
                         ).reindex(columns=list(CELL_COLUMNS))
    return RugRow(indicator, "2023/24", None, cells)


@pytest.mark.parametrize(("polarity", "names"), [
    (Polarity.HIGH_IS_GOOD, ["Cedar", "Ash", "Damson", "Beech"]),
    (Polarity.NO_JUDGEMENT, ["Cedar", "Ash", "Damson", "Beech"]),
    (Polarity.LOW_IS_GOOD, ["Damson", "Ash", "Cedar", "Beech"]),
])
def test_areas_are_ranked_best_first_with_missing_figures_last(polarity: Polarity,
                                                               names: list[str]) -> None:
    assert list(ranked_cells(_row(polarity))["area_name"]) == names


def test_the_list_names_each_area_its_value_comparison_and_the_county() -> None:
    rug = RugView("districts", None, [("E1", "Ash")], [_row(Polarity.LOW_IS_GOOD)])
    body = json.dumps(plain(rug_list(rug, "The County")), ensure_ascii=False)
    assert "Ranked best first. The County: " in body
    assert body.index("Damson") < body.index("Ash") < body.index("Cedar")
    assert "\u2020" in body  # Cedar's illustrative figure keeps its mark
    assert "worse than The County" in body and "better than The County" in body
    assert "{council}" not in body
