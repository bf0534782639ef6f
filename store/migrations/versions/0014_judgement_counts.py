"""judgements' counts, ranks and quartiles stored as small integers

The whole numbers a judgement keeps (its neighbours with a figure and their group's size, its
ranks and quartiles, the councils in its range) were floats, eight bytes each; they become
small integers, two bytes, stored together after the floats (PostgreSQL pads a small integer
between floats out to eight bytes). Readers still see floats.

Both ways the table is made anew around a copy of its rows, as in 0013: SQLite cannot change
a column's type in place, and the new order packs the row.

Revision ID: 0014_judgement_counts
Revises: 0013_judgement_key
Create Date: 2026-12-07 20:00:00
"""
from typing import Any

from alembic import op
import sqlalchemy as sa


revision = '0014_judgement_counts'
down_revision = '0013_judgement_key'
branch_labels = None
depends_on = None

TABLE = 'computed_result'
COPY = 'computed_result_copy'
KEY = ('area_id', 'series_id', 'period_id')
COUNTS = ('neighbour_n', 'neighbour_size', 'rank', 'rank_of', 'quartile', 'england_rank',
          'england_rank_of', 'england_quartile', 'range_n')


def _columns(count_type: Any) -> list[sa.Column[Any]]:
    """The table's columns as they stand, the counts typed ``count_type`` and placed after
    the last float."""
    stored = [sa.Column(column['name'], count_type if column['name'] in COUNTS
                        else column['type'], nullable=column['nullable'])
              for column in sa.inspect(op.get_bind()).get_columns(TABLE)]
    others = [column for column in stored if column.name not in COUNTS]
    counts = [column for column in stored if column.name in COUNTS]
    floats = [index for index, column in enumerate(others)
              if isinstance(column.type, sa.Float)]
    at = floats[-1] + 1 if floats else len(others)
    return [*others[:at], *counts, *others[at:]]


def _references() -> list[sa.ForeignKeyConstraint]:
    """The table's references as they stand (names kept)."""
    return [sa.ForeignKeyConstraint(
        found['constrained_columns'],
        [f"{found['referred_table']}.{column}" for column in found['referred_columns']],
        name=found.get('name')) for found in sa.inspect(op.get_bind()).get_foreign_keys(TABLE)]


def _remake(count_type: Any, convert: str) -> None:
    """The table made anew with its counts typed ``count_type``, each count's value given by
    ``convert`` (SQL with ``{}`` for the copied column)."""
    columns, references = _columns(count_type), _references()
    op.execute(f'CREATE TABLE {COPY} AS SELECT * FROM {TABLE}')
    op.drop_table(TABLE)
    op.create_table(TABLE, *columns, sa.PrimaryKeyConstraint(*KEY), *references,
                    sqlite_with_rowid=False)
    names = [column.name for column in columns]
    values = [convert.format(f'c.{name}') if name in COUNTS else f'c.{name}'
              for name in names]
    op.execute(f'INSERT INTO {TABLE} ({", ".join(names)}) SELECT {", ".join(values)} '
               f'FROM {COPY} c ORDER BY {", ".join(f"c.{name}" for name in KEY)}')
    op.drop_table(COPY)


def upgrade() -> None:
    _remake(sa.SmallInteger(), 'CAST(ROUND({}) AS SMALLINT)')


def downgrade() -> None:
    _remake(sa.Float(), 'CAST({} AS FLOAT)')
