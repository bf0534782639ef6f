"""Definition use cases: editing a draft (move, rule, tolerance, year-end target), saving it
as a new version, and the definition in force for a district (its county's)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, insert

from demo.definitions import DEFINITION_FILES
from demo.partnership import demo_grouping
from domain.errors import ScorecardError
from domain.url_state import parse_period_text
from services.partnerships import partnership_code
from services.scorecard_definitions import (
    DefinitionRejectedError,
    RowEdit,
    definition_in_force,
    edit_draft,
    load_definition_file,
    read_definition_text,
    save_draft,
    year_end,
)
from store.models import Area

Q3 = parse_period_text("Q3 2016/17")
PAPER = DEFINITION_FILES[0].read_text(encoding="utf-8")


def rows(text: str) -> list[str]:
    definition, _ = read_definition_text(text, "t")
    assert definition is not None
    return definition.indicator_ids


def test_moving_a_row_stays_within_its_theme() -> None:
    up = edit_draft(PAPER, RowEdit("cla_rate", step=-1), Q3)
    assert rows(up)[2:4] == ["cla_rate", "domestic_incidents_children"]
    top = edit_draft(PAPER, RowEdit("cp_plans_number", step=-1), Q3)
    assert rows(top) == rows(PAPER)  # already first in its theme
    last_of_theme = edit_draft(PAPER, RowEdit("cp_plans_rate", step=1), Q3)
    assert rows(last_of_theme) == rows(PAPER)


def test_setting_a_target_adds_the_partnerships_year_end_target() -> None:
    text = edit_draft(PAPER, RowEdit("cla_rate", rule="target", tolerance=2, target=70), Q3)
    definition, _ = read_definition_text(text, "t")
    assert definition is not None
    row = next(r for _, r in definition.rows if r.indicator_id == "cla_rate")
    assert (row.rule.value, row.tolerance) == ("target", 2)
    assert [(t.area_code, t.period.label, t.value) for t in row.targets] == [
        ("E10000017", "Q4 2016/17", 70)]
    again = edit_draft(text, RowEdit("cla_rate", target=72), Q3)  # replaces, keeps tolerance
    definition, _ = read_definition_text(again, "t")
    assert definition is not None
    row = next(r for _, r in definition.rows if r.indicator_id == "cla_rate")
    assert [t.value for t in row.targets] == [72] and row.tolerance == 2


@pytest.mark.parametrize(("edit", "words"), [
    (RowEdit("cla_rate", rule="target"), "uses the target rule but sets no target"),
    (RowEdit("cla_rate", rule="colour"), "'colour' is not a RAG rule"),
    (RowEdit("tf_pbr_claims", rule="none"), "is not a row of this definition"),
])
def test_bad_edits_say_what_to_do(edit: RowEdit, words: str) -> None:
    with pytest.raises(ScorecardError, match=words):
        edit_draft(PAPER, edit, Q3)


def test_year_end_is_the_fourth_quarter_of_the_financial_year() -> None:
    assert year_end(Q3).label == "Q4 2016/17"
    assert year_end(parse_period_text("Q4 2016/17")).label == "Q4 2016/17"


def test_a_saved_draft_is_the_next_version_and_districts_use_their_countys(
        store_engine: Engine) -> None:
    with store_engine.begin() as conn:
        conn.execute(insert(Area), [
            {"code": "E10000017", "name": "Lancashire", "type": "county",
             "parent_code": "E12000002"},
            {"code": "E07000117", "name": "Burnley", "type": "district",
             "parent_code": "E10000017"}])
    first = load_definition_file(store_engine, DEFINITION_FILES[0], "ann")
    second = save_draft(store_engine, edit_draft(PAPER, RowEdit("cla_rate", step=-1), Q3), "bob")
    assert (first.version, second.version) == (1, 2)
    with store_engine.connect() as conn:
        county = definition_in_force(conn, "E10000017", Q3)
        district = definition_in_force(conn, "E07000117", Q3)
        later = definition_in_force(conn, "E10000017", parse_period_text("Q1 2018/19"))
    assert county is not None and district is not None and later is None
    assert county.stored.version == district.stored.version == 2
    assert county.definition.indicator_ids[2] == "cla_rate"
    with pytest.raises(DefinitionRejectedError):
        save_draft(store_engine, PAPER.replace('"cla_rate"', '"cla_rates"'), "bob")


def test_every_area_of_the_demo_partnership_uses_the_boards_definition(
        engine: Engine) -> None:
    load_definition_file(engine, DEFINITION_FILES[0], "ann")
    footprints, _ = demo_grouping("footprints")
    teams, _ = demo_grouping("teams")
    areas = ["E10000017", "E07000117", *footprints, *teams]
    assert len(footprints) == 5
    with engine.connect() as conn:
        found = {code: definition_in_force(conn, code, Q3) for code in areas}
        assert {code: partnership_code(conn, code) for code in areas} == dict.fromkeys(
            areas, "E10000017")
        assert partnership_code(conn, "E06000008") == "E06000008"  # outside every partnership
    assert all(f is not None and f.stored.partnership_code == "E10000017"
               for f in found.values()), [code for code, f in found.items() if f is None]
