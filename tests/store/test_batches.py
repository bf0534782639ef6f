"""Commit, revise and roll back batches on SQLite and PostgreSQL: history is never lost."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import IntegrityError

from domain.errors import NotFoundError, StoreError
from store import queries
from store.batches import (
    BatchMeta,
    DuplicateBatchError,
    commit_batch,
    find_committed_batch,
    plan_changes,
    rollback_batch,
)
from store.models import Area, IndicatorRow, Observation, UploadBatch


@pytest.fixture
def engine(store_engine: Engine) -> Engine:
    with store_engine.begin() as conn:
        conn.execute(insert(Area), [
            {"code": "E10000017", "name": "Lancashire", "type": "county"},
            {"code": "E07000117", "name": "Burnley", "type": "district",
             "parent_code": "E10000017"},
        ])
        conn.execute(insert(IndicatorRow), [
            {"id": "domestic_incidents_children", "title": "No of domestic incidents involving "
             "children", "short_title": "Domestic incidents", "outcome": "feel_safe",
             "polarity": "low_is_good", "value_type": "count", "period_type": "fy_quarter"},
        ])
    return store_engine


def frame(value: float, period: str = "Q2", area: str = "E10000017") -> pd.DataFrame:
    starts = {"Q1": (dt.date(2016, 4, 1), dt.date(2016, 6, 30)),
              "Q2": (dt.date(2016, 7, 1), dt.date(2016, 9, 30))}
    start, end = starts[period]
    return pd.DataFrame([{
        "indicator_id": "domestic_incidents_children", "area_code": area,
        "period_key": f"fy_quarter:{start}:{end}", "breakdown": "all",
        "period_type": "fy_quarter", "period_start": start, "period_end": end,
        "period_label": f"{period} 2016/17", "numerator": None, "denominator": None,
        "value": value, "lower_ci": None, "upper_ci": None, "ci_level": None, "target": None,
        "ci_source": "none", "status": "final", "value_note": None, "source": "test",
        "source_cell": "Data!E2", "illustrative": False,
    }])


def meta(name: str) -> BatchMeta:
    return BatchMeta(file_name=name, file_hash=name * 4, uploaded_by="officer")


def current_value(engine: Engine) -> float:
    with engine.connect() as conn:
        obs = queries.observations(conn, ["domestic_incidents_children"], ["E10000017"])
    assert len(obs) == 1
    return float(obs["value"].iloc[0])


def test_revision_supersedes_and_keeps_history(engine: Engine) -> None:
    first = commit_batch(engine, frame(2463), meta("q2.xlsx"))
    second = commit_batch(engine, frame(2661), meta("q3.xlsx"))
    assert (first.rows_new, second.rows_revised) == (1, 1)
    assert current_value(engine) == 2661
    with engine.connect() as conn:
        history = queries.observation_history(
            conn, "domestic_incidents_children", "E10000017",
            "fy_quarter:2016-07-01:2016-09-30")
    assert history["value"].tolist() == [2463, 2661]
    assert history["batch_id"].tolist() == [first.batch_id, second.batch_id]
    assert history["is_current"].tolist() == [False, True]
    assert history["superseded_at"].notna().tolist() == [True, False]


def test_unchanged_rows_are_not_written_again(engine: Engine) -> None:
    commit_batch(engine, frame(2463), meta("a.xlsx"))
    again = commit_batch(engine, frame(2463), meta("b.xlsx"))
    assert (again.rows_new, again.rows_revised, again.rows_unchanged) == (0, 0, 1)
    with engine.connect() as conn:
        assert len(queries.observations(conn, current_only=False)) == 1


def test_a_batch_written_part_by_part_stores_every_figure_as_one_written_whole(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    commit_batch(engine, frame(425), meta("a.xlsx"))
    monkeypatch.setattr("store.batches.WRITE_ROWS", 1)
    incoming = pd.concat([frame(427), frame(411, "Q1"), frame(9, area="E07000117"),
                          frame(8, "Q1", area="E07000117").assign(source="other")],
                         ignore_index=True)
    done = commit_batch(engine, incoming, meta("b.xlsx"))
    assert (done.rows_new, done.rows_revised) == (3, 1)
    with engine.connect() as conn:
        current = queries.observations(conn)
        every = queries.observations(conn, current_only=False)
    got = {(r.area_code, r.period_label): (r.value, r.source) for r in current.itertuples()}
    assert got == {("E10000017", "Q2 2016/17"): (427, "test"),
                   ("E10000017", "Q1 2016/17"): (411, "test"),
                   ("E07000117", "Q2 2016/17"): (9, "test"),
                   ("E07000117", "Q1 2016/17"): (8, "other")}
    assert len(every) == 5 and current["batch_id"].nunique() == 1


def test_plan_shows_old_and_new_values(engine: Engine) -> None:
    commit_batch(engine, frame(425), meta("a.xlsx"))
    incoming = pd.concat([frame(427), frame(411, "Q1")])
    with engine.connect() as conn:
        plan = plan_changes(conn, incoming)
    assert plan["change"].tolist() == ["revised", "new"]
    assert plan["old_value"].iloc[0] == 425


def test_a_plan_against_nothing_stored_has_the_same_columns_all_new(engine: Engine) -> None:
    incoming = frame(427).set_axis([7])
    with engine.connect() as conn:
        fresh = plan_changes(conn, incoming)
    commit_batch(engine, frame(1, "Q1"), meta("q1.xlsx"))
    with engine.connect() as conn:
        merged = plan_changes(conn, incoming)  # a figure stored: compared row by row
    assert fresh["change"].tolist() == merged["change"].tolist() == ["new"]
    assert list(fresh.columns) == list(merged.columns)
    assert fresh.index.tolist() == merged.index.tolist() == [0]
    assert fresh["old_id"].isna().all() and merged["old_id"].isna().all()


def test_current_values_have_a_unique_natural_key(engine: Engine) -> None:
    commit_batch(engine, frame(10), meta("a.xlsx"))
    with engine.connect() as conn:
        row = conn.execute(select(Observation.__table__)).one()
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(Observation).values(
            series_id=row.series_id, area_id=row.area_id, period_id=row.period_id, value=11,
            batch_id=row.batch_id, is_current=True))
    with engine.begin() as conn:  # a non-current copy of the same key is allowed (history)
        conn.execute(insert(Observation).values(
            series_id=row.series_id, area_id=row.area_id, period_id=row.period_id, value=9,
            batch_id=row.batch_id, is_current=False))


def test_rollback_restores_superseded_values(engine: Engine) -> None:
    commit_batch(engine, frame(2463), meta("q2.xlsx"))
    second = commit_batch(engine, pd.concat([frame(2661), frame(2625, "Q1")]), meta("q3.xlsx"))
    keys = rollback_batch(engine, second.batch_id, user="officer")
    assert len(keys) == 2
    assert current_value(engine) == 2463
    with engine.connect() as conn:
        q1 = queries.observations(conn, area_codes=["E10000017"])
        status = conn.execute(select(UploadBatch.status)
                              .where(UploadBatch.id == second.batch_id)).scalar_one()
        log = queries.audit_log(conn)
    assert len(q1) == 1  # the Q1 figure only that batch brought is withdrawn
    assert status == "rolled_back"
    assert log["action"].tolist()[:1] == ["batch-rollback"]
    with pytest.raises(StoreError, match="only a committed batch"):
        rollback_batch(engine, second.batch_id)


def test_rollback_refuses_when_a_later_batch_revised_it(engine: Engine) -> None:
    first = commit_batch(engine, frame(1), meta("a.xlsx"))
    commit_batch(engine, frame(2), meta("b.xlsx"))
    with pytest.raises(StoreError, match="Roll back the later batch first"):
        rollback_batch(engine, first.batch_id)
    with pytest.raises(NotFoundError):
        rollback_batch(engine, 999)


def test_same_content_is_recognised(engine: Engine) -> None:
    result = commit_batch(engine, frame(1), meta("a.xlsx"))
    with engine.connect() as conn:
        assert find_committed_batch(conn, "a.xlsx" * 4) == result.batch_id
        assert find_committed_batch(conn, "other") is None


def test_unknown_area_aborts_the_whole_batch(engine: Engine) -> None:
    bad = pd.concat([frame(1), frame(2, area="E99999999")])
    with pytest.raises(NotFoundError):
        commit_batch(engine, bad, meta("a.xlsx"))
    with engine.connect() as conn:
        assert queries.store_counts(conn)["batches"] == 0
        assert queries.store_counts(conn)["observations"] == 0


def test_same_content_cannot_be_committed_twice(engine: Engine) -> None:
    commit_batch(engine, frame(1), meta("a.xlsx"))
    with pytest.raises(DuplicateBatchError, match="already been loaded as batch 1"):
        commit_batch(engine, frame(2), meta("a.xlsx"))
    assert current_value(engine) == 1


def test_rollback_chain_newest_first_restores_the_figures_before_the_first(
        engine: Engine) -> None:
    commit_batch(engine, frame(100), meta("base.xlsx"))
    eight, nine, ten = (commit_batch(engine, frame(v), meta(f"{v}.xlsx")).batch_id
                        for v in (200, 300, 400))
    rollback_batch(engine, ten)
    with pytest.raises(StoreError, match=f"batch {nine} has since revised"):
        rollback_batch(engine, eight)  # nine still holds a revision of eight's figure
    rollback_batch(engine, nine)
    assert current_value(engine) == 200
    rollback_batch(engine, eight)  # nine and ten are withdrawn: they no longer block it
    assert current_value(engine) == 100
    with engine.connect() as conn:
        history = conn.execute(select(Observation.value, Observation.is_current)
                               .order_by(Observation.id)).all()
    assert history == [(100, True), (200, False), (300, False), (400, False)]


def test_work_after_the_rows_is_part_of_the_same_transaction(engine: Engine) -> None:
    first = commit_batch(engine, frame(100), meta("base.xlsx"))
    seen: list[int] = []

    def fail_after_writing(conn: Connection, keys: pd.DataFrame) -> None:
        seen.append(len(keys))
        raise RuntimeError("judgements could not be stored")

    with pytest.raises(RuntimeError):
        commit_batch(engine, frame(200), meta("b.xlsx"), after=fail_after_writing)
    with pytest.raises(RuntimeError):
        rollback_batch(engine, first.batch_id, after=fail_after_writing)
    assert seen == [1, 1]
    assert current_value(engine) == 100
    with engine.connect() as conn:
        batches = conn.execute(select(UploadBatch.id, UploadBatch.status)).all()
    assert batches == [(first.batch_id, "committed")]
