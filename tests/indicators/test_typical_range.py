"""The range of similar councils' figures each row is read against (indicators.typical_range)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.typical_range import (
    ENGLAND_SCOPE,
    MIN_RANGE_COUNCILS,
    NEIGHBOURS_SCOPE,
    RANGE_COLUMNS,
    with_typical_range,
)


def _figures(values: dict[str, float | None], period: str = "fin_year:2024",
             area_type: str = "other_la") -> list[dict[str, object]]:
    return [{"indicator_id": "cin_rate", "breakdown": "all", "period_key": period,
             "area_code": code, "area_type": area_type, "value": value}
            for code, value in values.items()]


def _neighbours(anchor: str, codes: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"area_code": [anchor] * len(codes), "neighbour_code": codes})


def _row(out: pd.DataFrame, code: str, period: str = "fin_year:2024") -> pd.Series:
    return out[(out["area_code"] == code) & (out["period_key"] == period)].iloc[0]


def test_neighbours_range_leaves_the_council_out() -> None:
    neighbours = {f"N{i}": float(v) for i, v in enumerate([10, 20, 30, 40, 50, 60])}
    frame = pd.DataFrame(_figures({"LA": 1000.0, **neighbours, "FAR": -5.0}))
    out = with_typical_range(frame, _neighbours("LA", list(neighbours)))
    la = _row(out, "LA")
    assert la["range_scope"] == NEIGHBOURS_SCOPE
    assert la["range_n"] == 6
    assert (la["range_low"], la["range_high"]) == (10.0, 60.0)
    # Hyndman-Fan type 7 quartiles of 10..60: positions 1.25 and 3.75.
    assert la["range_q1"] == pytest.approx(22.5)
    assert la["range_q3"] == pytest.approx(47.5)


def test_too_few_neighbours_fall_back_to_english_councils() -> None:
    others = {f"L{i}": float(i) for i in range(1, 9)}
    frame = pd.DataFrame(_figures({"LA": 4.5, "N1": 100.0, **others}))
    out = with_typical_range(frame, _neighbours("LA", ["N1", "L1"]))
    la = _row(out, "LA")
    assert la["range_scope"] == ENGLAND_SCOPE
    assert la["range_n"] == 9  # every other LA with a figure, the council itself left out
    assert (la["range_low"], la["range_high"]) == (1.0, 100.0)


def test_neighbours_without_a_figure_for_the_period_are_not_counted() -> None:
    codes = [f"N{i}" for i in range(6)]
    rows = _figures({"LA": 5.0, **{c: float(i) for i, c in enumerate(codes)}}, "fin_year:2023")
    rows += _figures({"LA": 5.0, "N0": 1.0, "N1": 2.0}, "fin_year:2024")
    out = with_typical_range(pd.DataFrame(rows), _neighbours("LA", codes))
    assert _row(out, "LA", "fin_year:2023")["range_scope"] == NEIGHBOURS_SCOPE
    latest = _row(out, "LA", "fin_year:2024")
    assert latest["range_scope"] == ""
    assert np.isnan(latest[list(RANGE_COLUMNS[:-1])].astype(float)).all()


def test_areas_that_are_not_councils_get_no_range() -> None:
    rows = _figures({f"L{i}": float(i) for i in range(10)})
    rows += _figures({"ENG": 4.0}, area_type="england")
    rows += _figures({"D1": 4.0}, area_type="district")
    out = with_typical_range(pd.DataFrame(rows), _neighbours("L0", []))
    assert _row(out, "ENG")["range_scope"] == ""
    assert _row(out, "D1")["range_scope"] == ""
    assert _row(out, "L3")["range_n"] == 9


def test_england_range_matches_a_direct_computation() -> None:
    rng = np.random.default_rng(7)
    values = {f"L{i}": float(v) for i, v in enumerate(rng.normal(400, 60, 31).round(1))}
    values["L5"] = values["L6"]  # ties
    values["GAP"] = None
    frame = pd.DataFrame(_figures(values) + _figures(
        {k: v + 1 for k, v in values.items() if v is not None}, "fin_year:2023"))
    out = with_typical_range(frame, _neighbours("none", []))
    for code in ("L0", "L5", "L17", "L30"):
        for period in ("fin_year:2024", "fin_year:2023"):
            rest = frame[(frame["period_key"] == period) & (frame["area_code"] != code)]
            others = rest["value"].dropna().to_numpy(dtype=float)
            got = _row(out, code, period)
            assert got["range_n"] == len(others) == MIN_RANGE_COUNCILS + 25
            assert got["range_low"] == others.min()
            assert got["range_high"] == others.max()
            assert got["range_q1"] == pytest.approx(np.quantile(others, 0.25))
            assert got["range_q3"] == pytest.approx(np.quantile(others, 0.75))
    assert _row(out, "GAP")["range_scope"] == ""


def test_bad_input_names_the_columns() -> None:
    with pytest.raises(ValueError, match="period_key"):
        with_typical_range(pd.DataFrame({"area_code": ["A"]}), _neighbours("A", []))
    with pytest.raises(ValueError, match="neighbour_code"):
        with_typical_range(pd.DataFrame(_figures({"A": 1.0})), pd.DataFrame({"area_code": []}))
