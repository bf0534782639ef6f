"""The scorecard as the CSV export writes it: counts as whole numbers, rates to their places."""

from __future__ import annotations

import csv
import io

import pandas as pd

from indicators.scorecard import EXPORT_COLUMNS, export_table


def _table() -> pd.DataFrame:
    rows = [("cp_plans_number", 0, 1631.0, 1734.0, -103.0),
            ("cla_rate", 1, 74.04, 72.66, 1.38)]
    return pd.DataFrame([{
        "indicator_id": ident, "title": ident, "outcome_label": "Feel safe",
        "polarity": "low_is_good", "period_label": "Q3 2016/17", "value": value,
        "previous_period": "Q2 2016/17", "previous_value": previous, "change_display": change,
        "direction": "worsened", "national_display": "not comparable",
        "regional_display": None, "neighbour_display": None, "county_display": None,
        "national_significance": None, "trend": None, "rag": "grey", "rag_reason": "",
        "decimals": decimals} for ident, decimals, value, previous, change in rows])


def test_counts_are_whole_numbers_and_rates_keep_their_places() -> None:
    out = export_table(_table())
    assert list(out.columns) == list(EXPORT_COLUMNS)
    text = io.StringIO()
    out.to_csv(text, index=False)
    rows = list(csv.DictReader(io.StringIO(text.getvalue())))
    assert (rows[0]["current_value"], rows[0]["previous_value"], rows[0]["change"]) == (
        "1631", "1734", "-103")
    assert (rows[1]["current_value"], rows[1]["previous_value"], rows[1]["change"]) == (
        "74.0", "72.7", "1.4")
    assert rows[0]["national_value"] == "not comparable"


def test_englands_own_row_leaves_its_england_and_region_cells_blank() -> None:
    from indicators.scorecard import _comparator_display
    rows = pd.DataFrame({"area_type": ["england", "region", "county"],
                         "comparators": [("national", "regional")] * 3,
                         "national_value": [None, 43.1, None],
                         "regional_value": [None, None, 55.2]})
    assert _comparator_display(rows, "national", "national").tolist() == ["", 43.1,
                                                                          "unavailable"]
    assert _comparator_display(rows, "regional", "regional").tolist() == ["", "", 55.2]
