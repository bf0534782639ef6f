"""judgements keyed by area, series and period; changes worked out when read

A stored judgement's key becomes its primary key, in the order an area's judgements are read
(area, series, period): the row id, the unique key over series, area and period and the index
of areas and periods go, and SQLite keeps the rows themselves in key order (a table without
row ids). The change since the previous period and since the same period a year before are
no longer stored: they are the value minus the earlier value (missing where the periods do not
compare), worked out when read, and put back as stored columns by the downgrade.

Both ways the table is made anew around a copy of its rows: SQLite cannot change a primary
key in place, and a copy under another name keeps no index whose name the new table needs.

Revision ID: 0013_judgement_key
Revises: 0012_compact_store
Create Date: 2026-12-07 16:00:00
"""
from typing import Any

from alembic import op
import sqlalchemy as sa


revision = '0013_judgement_key'
down_revision = '0012_compact_store'
branch_labels = None
depends_on = None

TABLE = 'computed_result'
COPY = 'computed_result_copy'
KEY = ('area_id', 'series_id', 'period_id')
#: Changes no longer stored -> (the earlier value they are from, the flag saying whether the
#: periods compare or None), as ``store.judgement_codes.DERIVED``.
DERIVED = {'change': ('previous_value', 'comparable'),
           'last_year_change': ('last_year_value', None)}


def _columns(leave_out: tuple[str, ...]) -> list[sa.Column[Any]]:
    """The table's columns as they stand (names, types and whether they may be missing), but
    ``leave_out``."""
    return [sa.Column(column['name'], column['type'], nullable=column['nullable'])
            for column in sa.inspect(op.get_bind()).get_columns(TABLE)
            if column['name'] not in leave_out]


def _references() -> list[sa.ForeignKeyConstraint]:
    return [
        sa.ForeignKeyConstraint(['area_id'], ['area.id']),
        sa.ForeignKeyConstraint(['period_id'], ['period.id']),
        sa.ForeignKeyConstraint(['run_id'], ['judgement_run.id'],
                                name='fk_computed_result_run_id_judgement_run'),
        sa.ForeignKeyConstraint(['series_id'], ['series.id'],
                                name='fk_computed_result_series_id'),
    ]


def _set_aside() -> None:
    """Copy the judgements to :data:`COPY` and drop the table (its indexes with it)."""
    op.execute(f'CREATE TABLE {COPY} AS SELECT * FROM {TABLE}')
    op.drop_table(TABLE)


def _put_back(names: list[str], values: list[str], order: tuple[str, ...]) -> None:
    op.execute(f'INSERT INTO {TABLE} ({", ".join(names)}) SELECT {", ".join(values)} '
               f'FROM {COPY} ORDER BY {", ".join(order)}')
    op.drop_table(COPY)


def _change(name: str) -> str:
    """SQL for the stored form of the change ``name`` (:data:`DERIVED`)."""
    earlier, comparable = DERIVED[name]
    change = f'value - {earlier}'
    return change if comparable is None else (
        f'CASE WHEN {comparable} IS FALSE THEN NULL ELSE {change} END')


def upgrade() -> None:
    columns = _columns(leave_out=('id', *DERIVED))
    _set_aside()
    op.create_table(TABLE, *columns, sa.PrimaryKeyConstraint(*KEY), *_references(),
                    sqlite_with_rowid=False)
    names = [column.name for column in columns]
    _put_back(names, names, KEY)


def downgrade() -> None:
    stored = _columns(leave_out=())
    _set_aside()
    columns: list[sa.Column[Any]] = [sa.Column('id', sa.Integer(), nullable=False)]
    for column in stored:  # each change after the earlier value it is from
        columns.append(column)
        columns += [sa.Column(name, sa.Float(), nullable=True)
                    for name, (earlier, _) in DERIVED.items() if earlier == column.name]
    op.create_table(TABLE, *columns, sa.PrimaryKeyConstraint('id'), *_references(),
                    sa.UniqueConstraint('series_id', 'area_id', 'period_id',
                                        name='uq_computed_result'))
    op.create_index('ix_computed_area_period', TABLE, ['area_id', 'period_id'], unique=False)
    names = [column.name for column in columns[1:]]
    values = [_change(name) if name in DERIVED else name for name in names]
    _put_back(names, values, ('series_id', 'area_id', 'period_id'))
