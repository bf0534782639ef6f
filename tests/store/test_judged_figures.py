"""The figures a judgement reads: the judged fields of the current observations, on SQLite
and PostgreSQL."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from indicators.judgements import OBSERVATION_INPUT
from store import queries
from store.batches import BatchMeta, commit_batch
from store.judged_figures import judged_observations
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
