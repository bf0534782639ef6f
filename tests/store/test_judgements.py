"""Stored judgements on SQLite and PostgreSQL: the typed round trip, the changes worked out
when read, replacing a recompute, and what the store says about their freshness."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, insert

from indicators.change import change_and_direction
from store import queries
from store.batches import BatchMeta, commit_batch, rollback_batch
from store.judgement_codes import RESULT_COLUMNS
from store.judgements import (
    _all_null,
    expand_payload,
    has_judgements,
    indicators_with_figures,
    judged_by_other_engine,
    judged_indicators,
    last_changed,
    oldest_judgements,
    replace_judgements,
    stored_form,
    typed_form,
    typed_judgements,
)
from store.models import Period
from tests.store.conftest import BURNLEY, COUNTY, INDICATOR

KEY = "fy_quarter:2016-07-01:2016-09-30"


@pytest.fixture
def engine(county_engine: Engine) -> Engine:
    with county_engine.begin() as conn:
        conn.execute(insert(Period), [
            {"key": KEY, "type": "fy_quarter", "start_date": dt.date(2016, 7, 1),
             "end_date": dt.date(2016, 9, 30), "label": "Q2 2016/17"}])
    return county_engine


def results(value: float) -> pd.DataFrame:
    return pd.DataFrame([
        {"indicator_id": INDICATOR, "area_code": code, "period_key": KEY, "breakdown": "all",
         "rag": "green", "national_significance": None, "direction": "improved",
         "period_label": "Q2 2016/17", "period_end": dt.date(2016, 9, 30),
         "value": value + offset, "lower_ci": np.nan, "rank": np.int64(3),
         "trend": "Increasing and getting better", "range_scope": "",
         "illustrative": np.bool_(True), "previous_period": "Q2 2016/17",
         "region_code": None, "county_code": COUNTY}
        for offset, code in enumerate((COUNTY, BURNLEY))])


def figures(judged: pd.DataFrame) -> pd.DataFrame:
    """The figures ``judged`` judges: each row's area, breakdown and value, at :data:`KEY`."""
    return pd.DataFrame([{
        "indicator_id": INDICATOR, "area_code": area, "period_key": KEY, "breakdown": breakdown,
        "period_type": "fy_quarter", "period_start": dt.date(2016, 7, 1),
        "period_end": dt.date(2016, 9, 30), "period_label": "Q2 2016/17", "numerator": None,
        "denominator": None, "value": None if pd.isna(value) else value, "lower_ci": None,
        "upper_ci": None, "ci_level": None, "target": None, "ci_source": "none",
        "status": "final", "value_note": None, "source": "test", "source_cell": "Data!E2",
        "illustrative": False}
        for area, breakdown, value in zip(judged["area_code"], judged["breakdown"],
                                          judged["value"], strict=True)])


def store_judged(engine: Engine, judged: pd.DataFrame) -> None:
    """Commit the figures ``judged`` judges, then store it as their judgements."""
    commit_batch(engine, figures(judged), BatchMeta(file_name="f.csv", file_hash="f" * 64))
    with engine.begin() as conn:
        replace_judgements(conn, [INDICATOR], judged, "v")


def test_typed_round_trip_keeps_numbers_labels_periods_and_missing(engine: Engine) -> None:
    store_judged(engine, results(10.5))
    with engine.connect() as conn:
        back = expand_payload(queries.computed_results(conn, indicator_ids=[INDICATOR]))
        rows = expand_payload(queries.latest_computed_rows(conn, COUNTY,
                                                           [dt.date(2016, 12, 31)]))
    back = back.sort_values("value").reset_index(drop=True)
    assert back["value"].tolist() == [10.5, 11.5], "the judged figures' values"
    assert back["period_end"].tolist() == [dt.date(2016, 9, 30)] * 2
    assert back["period_start"].tolist() == ["2016-07-01"] * 2
    assert back["lower_ci"].isna().all() and back["rank"].tolist() == [3, 3]
    assert back["trend"].tolist() == ["Increasing and getting better"] * 2
    assert back["range_scope"].tolist() == ["", ""] and back["rank_group"].isna().all()
    assert back["previous_period"].tolist() == ["Q2 2016/17"] * 2, "a period id, read as label"
    assert back["county_name"].notna().all() and back["region_name"].isna().all()
    assert back["illustrative"].astype(bool).all() and back["national_significance"].isna().all()
    assert set(RESULT_COLUMNS) <= set(back.columns), "every result column, null if missing"
    assert rows.loc[0, "value"] == 10.5 and str(rows.loc[0, "trend"]).endswith("getting better")


def test_a_column_empty_on_every_row_is_left_out_of_the_insert_and_read_as_null(
        engine: Engine) -> None:
    with engine.begin() as conn:
        replace_judgements(conn, [INDICATOR], results(2).assign(target_value=None), "v")
        stored = typed_judgements(conn, [INDICATOR])
    assert stored["target_value"].isna().all() and stored["rank_group"].isna().all()
    assert stored["rank"].tolist() == [3, 3]
    assert _all_null("target_value", [None, None]) and not _all_null("rank", [None, 3])
    assert not _all_null("rag", [None, None]), "a column with a default is always given"


def test_typed_form_refuses_what_it_cannot_store() -> None:
    with pytest.raises(ValueError, match="trend"):
        stored_form(results(1).assign(trend="Sideways"), {"Q2 2016/17": 1}, {COUNTY: 1})
    with pytest.raises(ValueError, match="previous_period"):
        stored_form(results(1), {}, {COUNTY: 1})
    with pytest.raises(ValueError):
        stored_form(results(1).assign(lower_ci="ten"), {"Q2 2016/17": 1}, {COUNTY: 1})


def test_a_fresh_result_in_stored_form_equals_what_is_stored(engine: Engine) -> None:
    with engine.begin() as conn:
        replace_judgements(conn, [INDICATOR], results(2), "v")
    with engine.connect() as conn:
        fresh = typed_form(conn, results(2)).sort_values("area_code").reset_index(drop=True)
        stored = typed_judgements(conn, [INDICATOR]).sort_values("area_code").reset_index(
            drop=True)
        moved = typed_form(conn, results(2).assign(rank=4)).sort_values(
            "area_code").reset_index(drop=True)
    assert list(fresh.columns) == list(stored.columns)
    same = fresh.astype(object).where(fresh.notna(), None).eq(
        stored.astype(object).where(stored.notna(), None)) | (fresh.isna() & stored.isna())
    assert same.all().all()
    assert "value" not in stored, "the judged figure holds it"
    assert not moved["rank"].astype(float).eq(stored["rank"].astype(float)).any()


#: (value, previous value, whether the periods compare, value a year before), a breakdown each.
CHANGES = [(10.3, 10.1, True, 0.1), (0.3, 0.1, True, 0.3), (5.0, 7.5, False, 7.5),
           (4.0, None, True, None), (None, 2.0, True, 1.0), (1e-9, 3.0, True, -2.5),
           (7.0, 7.0, None, 6.0)]


def test_changes_are_read_as_the_engine_computes_them(engine: Engine) -> None:
    value, previous, comparable, last_year = np.array(CHANGES, dtype=float).T
    given = pd.concat([results(0).head(1)] * len(CHANGES), ignore_index=True).assign(
        breakdown=[f"b{i}" for i in range(len(CHANGES))], value=value, previous_value=previous,
        comparable=[c for _, _, c, _ in CHANGES], last_year_value=last_year,
        last_year_period="Q2 2016/17", change=999.0, last_year_change=999.0)
    store_judged(engine, given)
    with engine.connect() as conn:
        back = queries.computed_results(conn, indicator_ids=[INDICATOR]).sort_values(
            "breakdown", ignore_index=True)
        latest = queries.latest_computed_rows(conn, COUNTY, [dt.date(2016, 12, 31)], "b0")
    change, _ = change_and_direction(value, previous, "low_is_good", comparable != 0)
    last_year_change, _ = change_and_direction(value, last_year, "low_is_good")
    np.testing.assert_array_equal(back["change"].astype(float), change)
    np.testing.assert_array_equal(back["last_year_change"].astype(float), last_year_change)
    assert latest["change"].tolist() == [change[0]] and latest["change"].dtype == float


def test_no_rows_expand_to_the_result_columns() -> None:
    assert set(RESULT_COLUMNS) <= set(expand_payload(pd.DataFrame(
        columns=["indicator_id", "rag", "significance", "direction"])).columns)


def test_replacing_judgements_swaps_them_whole(engine: Engine) -> None:
    with engine.begin() as conn:
        assert not has_judgements(conn, [INDICATOR])
        assert replace_judgements(conn, [INDICATOR], results(1), "v-old") == 2
        assert replace_judgements(conn, [INDICATOR], results(5), "v-new") == 2
    with engine.connect() as conn:
        stored = expand_payload(queries.computed_results(conn, indicator_ids=[INDICATOR]))
        assert stored["engine_version"].tolist() == ["v-new"] * 2, "the earlier one is gone"
        assert has_judgements(conn, [INDICATOR]) and not has_judgements(conn, ["other"])
        assert judged_indicators(conn, "district", COUNTY) == {INDICATOR}
        assert judged_indicators(conn, "district", "E10000018") == set()
        assert judged_by_other_engine(conn, "v-new") == set()
        assert judged_by_other_engine(conn, "v-2") == {INDICATOR}
        assert set(oldest_judgements(conn)) == {INDICATOR}


def test_figures_and_rollbacks_date_an_indicators_last_change(engine: Engine) -> None:
    figures = pd.DataFrame([{
        "indicator_id": INDICATOR, "area_code": COUNTY, "period_key": KEY, "breakdown": "all",
        "period_type": "fy_quarter", "period_start": dt.date(2016, 7, 1),
        "period_end": dt.date(2016, 9, 30), "period_label": "Q2 2016/17", "numerator": None,
        "denominator": None, "value": 7.0, "lower_ci": None, "upper_ci": None,
        "ci_level": None, "target": None, "ci_source": "none", "status": "final",
        "value_note": None, "source": "test", "source_cell": "Data!E2", "illustrative": False}])
    with engine.connect() as conn:
        assert last_changed(conn) == {} and indicators_with_figures(conn) == set()
    batch = commit_batch(engine, figures, BatchMeta(file_name="a.csv", file_hash="a" * 64))
    with engine.connect() as conn:
        written = last_changed(conn)[INDICATOR]
        assert indicators_with_figures(conn) == {INDICATOR}
    rollback_batch(engine, batch.batch_id, "officer")
    with engine.connect() as conn:
        changed = last_changed(conn)[INDICATOR]
        assert written is not None and changed is not None and changed >= written
        assert indicators_with_figures(conn) == set(), "no current figure after the rollback"
