"""judgements keyed by area, series and period; their value and changes read, not stored

A stored judgement's key becomes its primary key, in the order an area's judgements are read
(area, series, period): the row id, the unique key over series, area and period and the index
of areas and periods go, and SQLite keeps the rows themselves in key order (a table without
row ids). A judgement no longer stores its figure's value, which the judged figure (the
current figure of its series, area and period) holds, nor the changes since the previous
period and the same period a year before: the value minus the earlier value (missing where
the periods do not compare), worked out when read. The downgrade stores all three again. (A
judgement its figure has changed since, left by an earlier version stopped between a commit
and its recompute, reads its figure's new value until ``init-db`` recomputes it.)

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
#: Columns no longer stored -> (the column each follows, the SQL restoring it from the copy
#: ``c`` and the judged figure ``o``): the figure's value and the changes from it, missing where
#: the periods do not compare (as ``store.judgement_codes.DERIVED``).
RESTORED = {
    'value': ('denominator', 'o.value'),
    'change': ('previous_value',
               'CASE WHEN c.comparable IS FALSE THEN NULL ELSE o.value - c.previous_value END'),
    'last_year_change': ('last_year_value', 'o.value - c.last_year_value'),
}
JUDGED_FIGURE = ('LEFT JOIN observation o ON o.series_id = c.series_id '
                 'AND o.area_id = c.area_id AND o.period_id = c.period_id '
                 'AND o.is_current IS TRUE')


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


def _put_back(names: list[str], values: list[str], order: tuple[str, ...],
              joined: str = '') -> None:
    op.execute(f'INSERT INTO {TABLE} ({", ".join(names)}) SELECT {", ".join(values)} '
               f'FROM {COPY} c {joined} ORDER BY {", ".join(f"c.{name}" for name in order)}')
    op.drop_table(COPY)


def upgrade() -> None:
    columns = _columns(leave_out=('id', *RESTORED))
    _set_aside()
    op.create_table(TABLE, *columns, sa.PrimaryKeyConstraint(*KEY), *_references(),
                    sqlite_with_rowid=False)
    names = [column.name for column in columns]
    _put_back(names, [f'c.{name}' for name in names], KEY)


def downgrade() -> None:
    stored = _columns(leave_out=())
    _set_aside()
    columns: list[sa.Column[Any]] = [sa.Column('id', sa.Integer(), nullable=False)]
    for column in stored:  # each restored column after the one it followed
        columns.append(column)
        columns += [sa.Column(name, sa.Float(), nullable=True)
                    for name, (after, _) in RESTORED.items() if after == column.name]
    op.create_table(TABLE, *columns, sa.PrimaryKeyConstraint('id'), *_references(),
                    sa.UniqueConstraint('series_id', 'area_id', 'period_id',
                                        name='uq_computed_result'))
    op.create_index('ix_computed_area_period', TABLE, ['area_id', 'period_id'], unique=False)
    names = [column.name for column in columns[1:]]
    values = [RESTORED[name][1] if name in RESTORED else f'c.{name}' for name in names]
    _put_back(names, values, ('series_id', 'area_id', 'period_id'), JUDGED_FIGURE)
