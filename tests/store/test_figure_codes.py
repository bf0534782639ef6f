"""A figure's status and interval source: stored as codes, read back as words."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from store import queries
from store.batches import BatchMeta, commit_batch
from store.figure_codes import figure_codes
from store.models import Observation
from tests.store.test_compact import figures


def test_words_are_stored_as_codes_and_read_back(county_engine: Engine) -> None:
    frame = figures(10.0).assign(status=["provisional", "not_comparable"],
                                 ci_source=["published", None])
    commit_batch(county_engine, frame, BatchMeta(file_name="a", file_hash="a"))
    with county_engine.connect() as conn:
        read = queries.observations(conn).sort_values("value")
        stored = conn.execute(select(Observation.status, Observation.ci_source)
                              .order_by(Observation.value)).all()
    assert read["status"].tolist() == ["provisional", "not_comparable"]
    assert read["ci_source"].tolist() == ["published", "none"]
    assert [tuple(row) for row in stored] == [(1, 2), (5, 0)]


def test_a_word_outside_the_vocabulary_cannot_be_stored() -> None:
    with pytest.raises(ValueError, match="cannot store status 'draft'"):
        figure_codes("status", ["final", "draft"])
