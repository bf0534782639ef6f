"""compact store: fewer, narrower indexes on the figures; judgements point to their run

An area's figures by period are found through one index over every version of a figure
(current ones and history alike), which replaces both the lookup by indicator, area and
period (current figures by indicator go through ``uq_observation_current``) and the partial
index of current figures by area and period. The relationships lose the index on their parent
code, which leads their unique constraint already.

Each stored judgement points to the run that stored it (``judgement_run``: the engine version
and the time) instead of repeating both: every distinct pair becomes one run, and every row
keeps its own engine version and time through it.

The judgement's rating, national significance and direction, and the figure's status and
interval source, are stored as small-integer codes of their words (the words are read back by
every reader).

Likewise each figure points to its origin (``figure_origin``: the batch, the source, the sheet
of its cell reference and when it was written) and keeps only the cell within that sheet
(``H2`` of ``national!H2``; all of a reference that names no sheet).

Figures and judgements point to their series (``series``: an indicator and a breakdown)
instead of repeating the indicator id and breakdown, and their unique keys and the current
figures' index are over the series id.

Revision ID: 0012_compact_store
Revises: 0011_login_failure_clients
Create Date: 2026-12-07 13:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0012_compact_store'
down_revision = '0011_login_failure_clients'
branch_labels = None
depends_on = None


def _runs_up() -> None:
    op.create_table('judgement_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('engine_version', sa.String(length=20), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.execute('INSERT INTO judgement_run (engine_version, computed_at) '
               'SELECT DISTINCT engine_version, computed_at FROM computed_result '
               'ORDER BY computed_at, engine_version')
    with op.batch_alter_table('computed_result', schema=None) as batch_op:
        batch_op.add_column(sa.Column('run_id', sa.Integer(), nullable=True))
    # Each row finds its run through an index (a store may hold a run per row).
    op.create_index('ix_judgement_run_stamp', 'judgement_run', ['engine_version', 'computed_at'])
    op.execute('UPDATE computed_result SET run_id = (SELECT judgement_run.id FROM judgement_run '
               'WHERE judgement_run.engine_version = computed_result.engine_version '
               'AND judgement_run.computed_at = computed_result.computed_at)')
    op.drop_index('ix_judgement_run_stamp', table_name='judgement_run')
    with op.batch_alter_table('computed_result', schema=None) as batch_op:
        batch_op.alter_column('run_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key('fk_computed_result_run_id_judgement_run',
                                    'judgement_run', ['run_id'], ['id'])
        batch_op.drop_column('engine_version')
        batch_op.drop_column('computed_at')


def _runs_down() -> None:
    with op.batch_alter_table('computed_result', schema=None) as batch_op:
        batch_op.add_column(sa.Column('engine_version', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('computed_at', sa.DateTime(), nullable=True))
    op.execute('UPDATE computed_result SET '
               'engine_version = (SELECT engine_version FROM judgement_run '
               'WHERE judgement_run.id = computed_result.run_id), '
               'computed_at = (SELECT computed_at FROM judgement_run '
               'WHERE judgement_run.id = computed_result.run_id)')
    with op.batch_alter_table('computed_result', schema=None) as batch_op:
        batch_op.alter_column('engine_version', existing_type=sa.String(length=20),
                              nullable=False)
        batch_op.alter_column('computed_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.drop_constraint('fk_computed_result_run_id_judgement_run', type_='foreignkey')
        batch_op.drop_column('run_id')
    op.drop_table('judgement_run')


def _sheet_and_cell() -> tuple[str, str]:
    """SQL for the sheet and the cell of ``observation.source_cell``, split at its first "!"."""
    find = ('instr(source_cell, \'!\')' if op.get_bind().dialect.name == 'sqlite'
            else 'strpos(source_cell, \'!\')')
    sheet = f'CASE WHEN {find} > 0 THEN substr(source_cell, 1, {find} - 1) END'
    cell = f'CASE WHEN {find} > 0 THEN substr(source_cell, {find} + 1) ELSE source_cell END'
    return sheet, cell


def _same(left: str, right: str) -> str:
    """SQL for ``left`` and ``right`` being equal or both missing."""
    return f'({left} = {right} OR ({left} IS NULL AND {right} IS NULL))'


def _origins_up() -> None:
    op.create_table('figure_origin',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('sheet', sa.String(length=160), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['upload_batch.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_figure_origin_batch_id', 'figure_origin', ['batch_id'], unique=False)
    sheet, cell = _sheet_and_cell()
    op.execute('INSERT INTO figure_origin (batch_id, source, sheet, created_at) '
               f'SELECT DISTINCT batch_id, source, {sheet}, created_at FROM observation '
               'ORDER BY 1, 4')
    # Columns are added and dropped in place: remaking the table (SQLite's batch mode) would
    # trip over the figures' references to the figures they supersede. SQLite can add a
    # reference only by remaking the table, so there the origin is a plain id.
    op.add_column('observation', sa.Column('origin_id', sa.Integer(), nullable=True))
    if op.get_bind().dialect.name != 'sqlite':
        op.create_foreign_key('fk_observation_origin_id', 'observation', 'figure_origin',
                              ['origin_id'], ['id'])
    op.add_column('observation', sa.Column('cell', sa.String(length=160), nullable=True))
    matches = ' AND '.join([
        'o.batch_id = observation.batch_id', 'o.created_at = observation.created_at',
        _same('o.source', 'observation.source'), _same('o.sheet', sheet)])
    op.execute(f'UPDATE observation SET cell = {cell}, origin_id = '
               f'(SELECT min(o.id) FROM figure_origin o WHERE {matches})')
    for column in ('source', 'source_cell', 'created_at'):
        op.drop_column('observation', column)


def _origins_down() -> None:
    op.add_column('observation', sa.Column('source', sa.String(length=200), nullable=True))
    op.add_column('observation', sa.Column('source_cell', sa.String(length=160), nullable=True))
    op.add_column('observation', sa.Column('created_at', sa.DateTime(), nullable=True))
    origin = 'SELECT {} FROM figure_origin o WHERE o.id = observation.origin_id'
    op.execute('UPDATE observation SET '
               f'source = ({origin.format("o.source")}), '
               'source_cell = CASE WHEN cell IS NULL THEN NULL ELSE '
               f'coalesce(({origin.format("o.sheet")}) || \'!\', \'\') || cell END, '
               f'created_at = coalesce(({origin.format("o.created_at")}), CURRENT_TIMESTAMP)')
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint('fk_observation_origin_id', 'observation', type_='foreignkey')
    op.drop_column('observation', 'origin_id')
    op.drop_column('observation', 'cell')
    op.drop_index('ix_figure_origin_batch_id', table_name='figure_origin')
    op.drop_table('figure_origin')


_SIGNIFICANCE = ('Not compared', 'Similar', 'Better', 'Worse', 'Higher', 'Lower', 'Best',
                 'Worst')
#: Coded column -> its words (a code is the word's position), as ``store.judgement_codes``.
WORD_CODES = {
    'rag': ('grey', 'red', 'amber', 'green'),
    'significance': _SIGNIFICANCE,
    'direction': ('not comparable', 'no change', 'improved', 'worsened', 'increased',
                  'decreased'),
}
WORD_LENGTHS = {'rag': 10, 'significance': 40, 'direction': 20}


#: A figure's coded columns -> their words, as ``store.judgement_codes``.
FIGURE_CODES = {
    'ci_source': ('none', 'computed', 'published'),
    'status': ('final', 'provisional', 'revised', 'suppressed', 'not_available',
               'not_comparable'),
}
FIGURE_LENGTHS = {'ci_source': 12, 'status': 20}


def _recode(to_codes: bool, table: str = 'computed_result',
            vocabularies: dict[str, tuple[str, ...]] = WORD_CODES,
            lengths: dict[str, int] = WORD_LENGTHS, required: tuple[str, ...] = ('rag',)
            ) -> None:
    """Rewrite ``table``'s coded columns as codes (or back as words), through a column each
    under a temporary name."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column, length in lengths.items():
            batch_op.add_column(sa.Column(f'{column}_new', sa.SmallInteger() if to_codes
                                          else sa.String(length=length), nullable=True))
    for column, words in vocabularies.items():
        pairs = [(f"'{word}'", str(code)) for code, word in enumerate(words)]
        cases = ' '.join(f'WHEN {old} THEN {new}' for old, new in
                         (pairs if to_codes else [(b, a) for a, b in pairs]))
        op.execute(f'UPDATE {table} SET {column}_new = CASE {column} {cases} END')
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column, length in lengths.items():
            batch_op.drop_column(column)
            batch_op.alter_column(f'{column}_new', new_column_name=column,
                                  existing_type=sa.SmallInteger() if to_codes
                                  else sa.String(length=length),
                                  nullable=column not in required)


def _recode_figures(to_codes: bool) -> None:
    """The figures' status and interval source as codes (or back as words). The partial
    index of current figures is made anew around it: remaking the table would lose its
    condition."""
    op.drop_index('uq_observation_current', table_name='observation')
    _recode(to_codes, 'observation', FIGURE_CODES, FIGURE_LENGTHS, ('ci_source', 'status'))
    _current_index('series_id', 'area_id', 'period_id')


def _to_series(table: str) -> None:
    """Give ``table``'s rows their series id in place of their indicator id and breakdown."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
    op.execute(f'UPDATE {table} SET series_id = (SELECT s.id FROM series s WHERE '
               f's.indicator_id = {table}.indicator_id AND s.breakdown = {table}.breakdown)')
    with op.batch_alter_table(table, schema=None) as batch_op:
        if table == 'computed_result':
            batch_op.drop_constraint('uq_computed_result', type_='unique')
        batch_op.alter_column('series_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(f'fk_{table}_series_id', 'series', ['series_id'], ['id'])
        batch_op.drop_column('indicator_id')
        batch_op.drop_column('breakdown')
        if table == 'computed_result':
            batch_op.create_unique_constraint('uq_computed_result',
                                              ['series_id', 'area_id', 'period_id'])


def _from_series(table: str) -> None:
    """Give ``table``'s rows back their indicator id and breakdown in place of their series."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.add_column(sa.Column('indicator_id', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('breakdown', sa.String(length=80), nullable=True))
    op.execute(f'UPDATE {table} SET '
               f'indicator_id = (SELECT s.indicator_id FROM series s '
               f'WHERE s.id = {table}.series_id), '
               f'breakdown = (SELECT s.breakdown FROM series s WHERE s.id = {table}.series_id)')
    with op.batch_alter_table(table, schema=None) as batch_op:
        if table == 'computed_result':
            batch_op.drop_constraint('uq_computed_result', type_='unique')
        batch_op.alter_column('indicator_id', existing_type=sa.String(length=80),
                              nullable=False)
        batch_op.alter_column('breakdown', existing_type=sa.String(length=80), nullable=False)
        batch_op.create_foreign_key(f'fk_{table}_indicator_id', 'indicator', ['indicator_id'],
                                    ['id'])
        batch_op.drop_constraint(f'fk_{table}_series_id', type_='foreignkey')
        batch_op.drop_column('series_id')
        if table == 'computed_result':
            batch_op.create_unique_constraint(
                'uq_computed_result', ['indicator_id', 'area_id', 'period_id', 'breakdown'])


def _current_index(*columns: str) -> None:
    op.create_index('uq_observation_current', 'observation', list(columns), unique=True,
                    sqlite_where=sa.text('is_current = 1'),
                    postgresql_where=sa.text('is_current'))


def _series_up() -> None:
    op.create_table('series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.String(length=80), nullable=False),
    sa.Column('breakdown', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('indicator_id', 'breakdown', name='uq_series')
    )
    op.execute('INSERT INTO series (indicator_id, breakdown) '
               'SELECT indicator_id, breakdown FROM observation UNION '
               'SELECT indicator_id, breakdown FROM computed_result ORDER BY 1, 2')
    op.drop_index('uq_observation_current', table_name='observation')
    _to_series('observation')
    _to_series('computed_result')
    _current_index('series_id', 'area_id', 'period_id')


def _series_down() -> None:
    op.drop_index('uq_observation_current', table_name='observation')
    _from_series('computed_result')
    _from_series('observation')
    _current_index('indicator_id', 'area_id', 'period_id', 'breakdown')
    op.drop_table('series')


def upgrade() -> None:
    _runs_up()
    _recode(to_codes=True)
    _origins_up()
    op.drop_index('ix_observation_lookup', table_name='observation')
    op.drop_index('ix_observation_current_area_period', table_name='observation')
    op.create_index('ix_observation_area_period', 'observation', ['area_id', 'period_id'],
                    unique=False)
    op.drop_index('ix_area_relationship_parent_code', table_name='area_relationship')
    _series_up()
    _recode_figures(to_codes=True)


def downgrade() -> None:
    _recode_figures(to_codes=False)
    _series_down()
    op.create_index('ix_area_relationship_parent_code', 'area_relationship', ['parent_code'],
                    unique=False)
    op.drop_index('ix_observation_area_period', table_name='observation')
    op.create_index('ix_observation_current_area_period', 'observation',
                    ['area_id', 'period_id'], unique=False,
                    sqlite_where=sa.text('is_current = 1'),
                    postgresql_where=sa.text('is_current'))
    op.create_index('ix_observation_lookup', 'observation',
                    ['indicator_id', 'area_id', 'period_id'], unique=False)
    _origins_down()
    _recode(to_codes=False)
    _runs_down()
