"""The figures a judgement reads: the judged fields of the current observations, on SQLite
and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine

from indicators.judgements import OBSERVATION_INPUT
from store import queries
from store.batches import BatchMeta, commit_batch
from store.judged_figures import HistoryWindow, judged_observations, latest_figure_ends
from tests.store.conftest import BURNLEY, COUNTY, INDICATOR
from tests.store.test_queries import Q2, Q3, YEAR, figure


@pytest.fixture
def engine(county_engine: Engine) -> Engine:
    return county_engine


def test_judged_observations_are_the_judged_fields_of_observations(engine: Engine) -> None:
    commit_batch(engine, pd.DataFrame([figure(COUNTY, *Q3), figure(BURNLEY, *Q2),
                                       figure(COUNTY, *YEAR, kind="fy"),
                                       {**figure(COUNTY, *Q2), "value": None,
                                        "illustrative": True, "value_note": "n"}]),
                 BatchMeta(file_name="a.csv", file_hash="e" * 64))
    commit_batch(engine, pd.DataFrame([{**figure(COUNTY, *Q3), "value": 7.5}]),
                 BatchMeta(file_name="b.csv", file_hash="f" * 64))
    with engine.connect() as conn:
        for ids, areas in [(None, None), ([INDICATOR], [COUNTY]), (["nothing"], None)]:
            full = queries.observations(conn, indicator_ids=ids, area_codes=areas)
            judged = judged_observations(conn, indicator_ids=ids, area_codes=areas)
            assert list(judged.columns) == list(OBSERVATION_INPUT)
            if ids != ["nothing"]:
                pd.testing.assert_frame_equal(judged, full.loc[:, list(OBSERVATION_INPUT)])
            else:
                assert judged.empty
        assert judged_observations(conn)["value"].tolist().count(7.5) == 1


def _quarter(area: str, year: int, quarter: int) -> dict[str, object]:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = (pd.Timestamp(start) + pd.offsets.QuarterEnd(0)).date()
    return {**figure(area, start, end), "value": float(year * 10 + quarter)}


def test_a_history_window_keeps_the_recent_figures_and_the_last_few_of_continuing_series(
        engine: Engine) -> None:
    """The county's series goes on past ``since``: its last six figures before it are kept,
    counted as figures across the gap of 2014, not as days. Burnley's stops before it: only
    its figures from ``cutoff`` on are kept, unless every series keeps its last six."""
    quarters = [(year, q) for year in (2010, 2011, 2013, 2015) for q in (1, 2, 3, 4)]
    rows = [_quarter(COUNTY, *yq) for yq in [*quarters, (2016, 1)]]
    rows += [_quarter(BURNLEY, *yq) for yq in quarters]
    commit_batch(engine, pd.DataFrame(rows), BatchMeta(file_name="h.csv", file_hash="h" * 64))
    window = HistoryWindow(since=dt.date(2016, 1, 1), cutoff=dt.date(2015, 7, 1), figures=6)
    with engine.connect() as conn:
        kept = judged_observations(conn, [INDICATOR], window=window)
        every = judged_observations(conn, [INDICATOR], window=HistoryWindow(
            window.since, window.cutoff, window.figures, continuing=False))
        whole = judged_observations(conn, [INDICATOR])
    assert len(whole) == len(rows)

    def held(frame: pd.DataFrame, area: str) -> list[float]:
        return sorted(frame.loc[frame["area_code"].eq(area), "value"].tolist())

    last_six = [20133.0, 20134.0, 20151.0, 20152.0, 20153.0, 20154.0]
    assert held(kept, COUNTY) == [*last_six, 20161.0]
    assert held(kept, BURNLEY) == [20153.0, 20154.0]
    assert held(every, BURNLEY) == last_six
    assert held(every, COUNTY) == held(kept, COUNTY)
    chosen = set(zip(kept["area_code"], kept["value"], strict=True))
    in_kept = [key in chosen for key in zip(whole["area_code"], whole["value"], strict=True)]
    pd.testing.assert_frame_equal(kept, whole[in_kept].reset_index(drop=True))


def test_the_latest_figure_of_each_series_from_a_date(engine: Engine) -> None:
    commit_batch(engine, pd.DataFrame([figure(COUNTY, *Q2), figure(BURNLEY, *Q2)]),
                 BatchMeta(file_name="a.csv", file_hash="a" * 64))
    commit_batch(engine, pd.DataFrame([figure(COUNTY, *Q3)]),
                 BatchMeta(file_name="b.csv", file_hash="b" * 64))
    with engine.connect() as conn:
        both = latest_figure_ends(conn, [INDICATOR], Q2[1])
        later = latest_figure_ends(conn, [INDICATOR], Q3[0])
        none = latest_figure_ends(conn, ["nothing"], Q2[1])
    assert sorted(both[["area_code", "latest_end"]].values.tolist()) == sorted([
        [COUNTY, Q3[1]], [BURNLEY, Q2[1]]])
    assert later[["indicator_id", "breakdown", "area_code", "latest_end"]].values.tolist() == [
        [INDICATOR, "all", COUNTY, Q3[1]]]
    assert none.empty
