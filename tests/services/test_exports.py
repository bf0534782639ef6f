"""Live exports: a Board pack is made only for an area of a partnership."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from services.exports import export_scorecard
from services.partnerships import ReadOnlyAreaError
from services.scorecard import reporting_quarter
from settings import Settings
from tests._seed import NEIGHBOUR, add_council_figures


def test_a_council_outside_every_partnership_gets_no_board_pack(
        settings: Settings, engine: Engine) -> None:
    add_council_figures(engine)
    quarter = reporting_quarter("Q3 2016/17")
    with engine.connect() as conn:
        with pytest.raises(ReadOnlyAreaError, match=f"{NEIGHBOUR} is in no partnership here.*"
                           "without a Board pack. Choose a partnership's council"):
            export_scorecard(conn, settings, NEIGHBOUR, quarter, "pdf")
        table = export_scorecard(conn, settings, NEIGHBOUR, quarter, "csv")  # its figures
    assert table.data and table.filename.endswith(".csv")
