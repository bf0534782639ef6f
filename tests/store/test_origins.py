"""Origins of figures: cell references split into sheet and cell, and one origin per source
and sheet of a batch."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, insert, select

from store.models import FigureOrigin, UploadBatch
from store.origins import split_cell, store_origins


def test_a_reference_splits_at_its_first_bang_and_one_without_a_sheet_is_all_cell() -> None:
    sheets, cells = split_cell(["national!H2", "C7", None, "Q3 2016!B4!x", "Sheet1!"])
    assert sheets == ["national", None, None, "Q3 2016", "Sheet1"]
    assert cells == ["H2", "C7", None, "B4!x", ""]


def test_each_source_and_sheet_is_stored_once_per_batch(store_engine: Engine) -> None:
    now = dt.datetime(2026, 1, 2, 3, 4, 5)
    with store_engine.begin() as conn:
        batch = conn.execute(insert(UploadBatch).values(file_name="f", file_hash="h")
                             .returning(UploadBatch.id)).scalar_one()
        columns = store_origins(conn, ["LAIT", "LAIT", "LAIT", None],
                                ["a!H2", "a!H3", "b!H2", None], batch, now)
        stored = conn.execute(select(FigureOrigin.id, FigureOrigin.source, FigureOrigin.sheet,
                                     FigureOrigin.created_at)).all()
        assert conn.execute(select(func.count()).select_from(FigureOrigin)).scalar_one() == 3
    origins = {row.id: (row.source, row.sheet) for row in stored}
    assert [origins[i] for i in columns["origin_id"]] == [
        ("LAIT", "a"), ("LAIT", "a"), ("LAIT", "b"), (None, None)]
    assert columns["cell"] == ["H2", "H3", "H2", None]
    assert {row.created_at for row in stored} == {now}


def test_a_batch_written_in_parts_stores_each_origin_once(store_engine: Engine) -> None:
    now = dt.datetime(2026, 1, 2, 3, 4, 5)
    stored: dict[tuple[object, object], int] = {}
    with store_engine.begin() as conn:
        batch = conn.execute(insert(UploadBatch).values(file_name="f", file_hash="h")
                             .returning(UploadBatch.id)).scalar_one()
        first = store_origins(conn, ["LAIT", "DfE"], ["a!H2", "a!H3"], batch, now, stored)
        second = store_origins(conn, ["DfE", "LAIT"], ["a!H4", "b!H2"], batch, now, stored)
        count = conn.execute(select(func.count()).select_from(FigureOrigin)).scalar_one()
    assert count == 3 and len(stored) == 3
    assert first["origin_id"][1] == second["origin_id"][0]
    assert stored == {("LAIT", "a"): first["origin_id"][0], ("DfE", "a"): first["origin_id"][1],
                      ("LAIT", "b"): second["origin_id"][1]}
