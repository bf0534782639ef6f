"""Commentary rows on SQLite and PostgreSQL: versions, the current one, approval, reading."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, insert

from store.commentary import (
    COLUMNS,
    CommentaryKey,
    commentary_frame,
    current_version,
    get_version,
    insert_version,
    is_superseded,
    mark_approved,
)
from store.models import IndicatorRow

KEY = CommentaryKey("cla_rate", "E10000017", "fy_quarter:2016-10-01:2016-12-31")


@pytest.fixture
def engine(store_engine: Engine) -> Engine:
    with store_engine.begin() as conn:
        conn.execute(insert(IndicatorRow), [
            {"id": "cla_rate", "title": "Looked-after children", "short_title": "CLA",
             "outcome": "feel_safe", "polarity": "low_is_good", "value_type": "rate",
             "period_type": "fy_quarter"}])
    return store_engine


def add(engine: Engine, narrative: str, supersedes: int | None, key: CommentaryKey = KEY
        ) -> int:
    with engine.begin() as conn:
        return insert_version(conn, key, narrative=narrative, action="", owner="o" * 300,
                              due_date=None, author="ann", supersedes_id=supersedes)


def test_versions_chain_and_the_newest_is_current(engine: Engine) -> None:
    with engine.connect() as conn:
        assert current_version(conn, KEY) is None
    first = add(engine, "Rising.", None)
    second = add(engine, "Rising again.", first)
    other = add(engine, "Elsewhere.", None, CommentaryKey("cla_rate", "E07000117", KEY.period_key))
    with engine.connect() as conn:
        assert current_version(conn, KEY) == second
        assert is_superseded(conn, first) and not is_superseded(conn, second)
        row = get_version(conn, second)
        assert row is not None and (row.narrative, row.supersedes_id) == ("Rising again.", first)
        assert len(row.owner) == 200, "the owner is cut to its column"
        assert get_version(conn, 9999) is None
        frame = commentary_frame(conn, KEY.area_code)
        assert tuple(frame.columns) == COLUMNS
        assert frame["id"].tolist() == [second, first], "newest first, one area only"
        assert commentary_frame(conn, "E07000117")["id"].tolist() == [other]
        assert commentary_frame(conn, KEY.area_code, period_key="other").empty
        assert commentary_frame(conn, KEY.area_code, indicator_id="other").empty


def test_approval_stamps_the_version(engine: Engine) -> None:
    version = add(engine, "Falling.", None)
    with engine.begin() as conn:
        mark_approved(conn, version, "b" * 200)
    with engine.connect() as conn:
        row = get_version(conn, version)
    assert row is not None and row.approved_by == "b" * 120 and row.approved_at is not None
