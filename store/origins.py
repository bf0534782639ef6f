"""Where a batch's figures came from: each distinct source and sheet stored once per batch
(:class:`~store.models.FigureOrigin`), and each figure keeping only its cell in that sheet."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert

from store.models import FigureOrigin


def split_cell(references: list[Any]) -> tuple[list[str | None], list[str | None]]:
    """Each ``Sheet!C7`` cell reference as its sheet and its cell (``Sheet``, ``C7``); a
    reference naming no sheet is all cell (sheet None), a missing one None for both."""
    sheets: list[str | None] = []
    cells: list[str | None] = []
    for reference in references:
        if reference is None:
            sheets.append(None)
            cells.append(None)
            continue
        sheet, bang, cell = str(reference).partition("!")
        sheets.append(sheet if bang else None)
        cells.append(cell if bang else sheet)
    return sheets, cells


def store_origins(conn: Connection, sources: list[Any], references: list[Any], batch_id: int,
                  now: Any, stored: dict[tuple[Any, Any], int] | None = None
                  ) -> dict[str, list[Any]]:
    """Store the origins of a batch's figures, given each figure's source and cell reference
    (each distinct source and sheet once, written ``now``), within the caller's transaction;
    the figures' ``origin_id`` and ``cell`` columns. ``stored`` holds the ids of the origins
    already stored for the batch (a batch written part by part), and gains the new ones."""
    sheets, cells = split_cell(references)
    pairs = list(zip(sources, sheets, strict=True))
    ids = stored if stored is not None else {}
    for pair in dict.fromkeys(pairs):
        if pair not in ids:
            ids[pair] = conn.execute(insert(FigureOrigin).values(
                batch_id=batch_id, source=pair[0], sheet=pair[1], created_at=now)
                .returning(FigureOrigin.id)).scalar_one()
    return {"origin_id": [ids[pair] for pair in pairs], "cell": cells}
