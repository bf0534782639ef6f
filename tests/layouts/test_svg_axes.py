"""Axes of the painted charts read figures in every form plotly writes and tick as plotly does."""

from __future__ import annotations

import base64
import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from layouts._svg_axes import (
    Scale,
    colour_range,
    data_range,
    date_ms,
    items,
    kind_of,
    number_label,
)

JUNE = 1467244800000.0  # 2016-06-30 in milliseconds since 1970


def test_packed_arrays_lists_and_numpy_read_alike() -> None:
    values = np.array([1.5, 2.0, float("nan")])
    packed = {"dtype": "f8", "bdata": base64.b64encode(values.tobytes()).decode()}
    assert items(packed)[:2] == [1.5, 2.0]
    grid = {"dtype": "i1", "bdata": base64.b64encode(np.arange(6, dtype="i1").tobytes())
            .decode(), "shape": "2, 3"}
    assert items(grid) == [[0, 1, 2], [3, 4, 5]]
    written = go.Bar(x=values).to_plotly_json()["x"]  # plotly's own packing
    assert items(written)[:2] == [1.5, 2.0]
    assert items(pd.Series(["a", "b"])) == ["a", "b"] and items(None) == [] and items(3) == [3]


@pytest.mark.parametrize("value", ["2016-06-30", "2016-06-30T00:00:00", dt.date(2016, 6, 30),
                                   dt.datetime(2016, 6, 30), np.datetime64("2016-06-30"),
                                   pd.Timestamp("2016-06-30")])
def test_dates_in_every_form_are_the_same_moment(value: object) -> None:
    assert date_ms(value) == JUNE


def test_what_is_not_a_date_is_not_read_as_one() -> None:
    assert [date_ms(v) for v in ("Burnley", "30/06/2016", None, pd.NaT, 12)] == [None] * 5
    assert kind_of([1, 2.5, None]) == "linear"
    assert kind_of(["2016-06-30", "2017-06-30"]) == "date"
    assert kind_of(["Burnley", "2016-06-30"]) == "category"


def test_linear_ticks_are_round_numbers_inside_the_range() -> None:
    scale = Scale("linear", -3.0, 147.0, 0, 400)
    labels = [label for _pixel, label in scale.ticks()]
    assert labels == ["0", "50", "100"]
    assert scale.position(-3.0) == 0 and scale.position(147.0) == 400
    assert [label for _p, label in Scale("linear", 0, 50_000, 0, 600).ticks()][-1] == "50k"
    assert number_label(0.25, 0.05) == "0.25" and number_label(1234, 500) == "1234"


def test_date_ticks_are_months_for_a_year_and_years_for_a_decade() -> None:
    year = Scale("date", JUNE, JUNE + 200 * 86_400_000, 0, 300)
    assert [label for _p, label in year.ticks()][:2] == ["Jul 2016", "Sep 2016"]
    decade = Scale("date", JUNE, JUNE + 3650 * 86_400_000, 0, 300, nticks=4)
    labels = [label for _p, label in decade.ticks()]
    assert labels and all(len(label) == 4 for label in labels) and len(labels) <= 4


def test_ranges_pad_points_and_start_bars_at_zero() -> None:
    assert data_range([10.0, 20.0], padded=True, zero=False) == (9.5, 20.5)
    assert data_range([10.0, 20.0], padded=False, zero=True) == (0.0, 21.0)
    assert data_range([], padded=True, zero=False) == (0.0, 1.0)
    assert data_range([5.0], padded=True, zero=False) == (4.0, 6.0)


def test_categories_take_their_order_and_reversed_axes_flip() -> None:
    scale = Scale("category", -0.5, 2.5, 300, 0, ["a", "b", "c"])
    assert scale.position("a") == 250 and scale.position("c") == 50
    assert scale.position("d") is None and scale.step_pixels() == 100
    flipped = Scale("category", -0.5, 2.5, 0, 300, ["a", "b", "c"])
    assert flipped.position("a") == 50


def test_the_colour_range_is_the_traces_own_or_its_values() -> None:
    assert colour_range({"z": [[1, 5], [None, 3]]}) == (1.0, 5.0)
    assert colour_range({"z": [2, 9], "zmin": -0.5, "zmax": 6.5}) == (-0.5, 6.5)
    assert colour_range({"z": []}) == (0.0, 1.0)
