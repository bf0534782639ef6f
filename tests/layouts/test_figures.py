"""Figure builders are pure: frames in, named traces out (no browser needed)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from indicators.spc import spc_chart
from layouts._figures import district_figure, series_figure, spc_figure

QUARTERS = pd.DataFrame({
    "period_label": ["Q1 2016/17", "Q2 2016/17", "Q3 2016/17"],
    "period_type": "fy_quarter",
    "period_end": [dt.date(2016, 6, 30), dt.date(2016, 9, 30), dt.date(2016, 12, 31)],
    "value": [63.7, 70.6, 66.4], "lower_ci": [60.6, 67.3, 63.2], "upper_ci": [66.9, 74.0, 69.7],
    "illustrative": False,
})
COMPARATORS = pd.DataFrame({
    "kind": ["national", "regional"], "name": ["England", "North West"],
    "period_label": ["Q4 2015/16", "Q4 2015/16"], "period_type": "fin_year",
    "period_end": [dt.date(2016, 3, 31)] * 2, "value": [43.1, 55.2],
    "lower_ci": [None, None], "upper_ci": [None, None],
})


def test_series_with_intervals_and_honestly_labelled_comparators() -> None:
    figure = series_figure(QUARTERS, COMPARATORS, "Lancashire", "per 10,000", 1, "rate")
    names = [trace.name for trace in figure.data]
    assert names == ["Lancashire (quarterly, 95% interval)", "England, financial years",
                     "North West, financial years"]
    local = figure.data[0]
    assert list(local.error_y.array) == pytest.approx([3.2, 3.4, 3.3])
    assert list(local.error_y.arrayminus) == pytest.approx([3.1, 3.3, 3.2])
    assert local.hovertext[2] == "Q3 2016/17: 66.4"
    assert figure.data[1].marker.symbol == "diamond"


def test_series_without_figures_is_an_empty_chart() -> None:
    figure = series_figure(QUARTERS.iloc[0:0], COMPARATORS.iloc[0:0], "Lancashire", "", 1,
                           "rate")
    assert len(figure.data) == 0


def test_spc_chart_marks_points_by_variation() -> None:
    values = [41.5, 44.2, 46.8, 49.0, 52.5, 55.0, 57.1, 60.3, 63.7, 70.6, 66.4]
    spc = spc_chart(values, "decrease")
    spc.insert(0, "period_label", [f"P{i}" for i in range(len(values))])
    spc.insert(1, "period_end", pd.date_range("2014-06-30", periods=len(values), freq="QE"))
    names = [trace.name for trace in spc_figure(spc, "rate", 1, "rate").data]
    assert names[:4] == ["Figures", "Mean", "Upper process limit", "Lower process limit"]
    assert "Special cause: concern" in names


def test_district_bars_mark_illustrative_figures_and_the_county() -> None:
    districts = pd.DataFrame({
        "area_code": ["E07000123", "E07000117"], "area_name": ["Preston", "Burnley"],
        "value": [93.4, 80.7], "lower_ci": [85.0, 70.0], "upper_ci": [102.0, 92.0],
        "illustrative": [True, False],
    })
    figure = district_figure(districts, 66.4, "Lancashire", "E07000123", "per 10,000", 1,
                             "rate")
    bars = figure.data[0]
    assert list(bars.y) == ["Burnley", "Preston \u2020"]
    assert list(bars.marker.color) == ["#1d70b8", "#0b0c0c"]
    assert figure.layout.shapes[0].x0 == 66.4
