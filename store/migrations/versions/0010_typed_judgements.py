"""typed judgements: stored judgements keep typed columns instead of a JSON payload

The stored judgements are dropped and the table made anew: the judgement engine's version
changed with the stored form, so ``scorecard init-db`` recomputes them from the figures.

Revision ID: 0010_typed_judgements
Revises: 0009_judgement_indexes
Create Date: 2026-12-07 04:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010_typed_judgements'
down_revision = '0009_judgement_indexes'
branch_labels = None
depends_on = None

NUMBERS = (
    'numerator', 'denominator', 'value', 'lower_ci', 'upper_ci', 'ci_level', 'lower_998',
    'upper_998', 'target_value', 'previous_value', 'change', 'last_year_value',
    'last_year_change', 'national_value', 'national_lower', 'national_upper', 'regional_value',
    'county_value', 'neighbour_value', 'neighbour_median', 'neighbour_n', 'neighbour_size',
    'trend_chi2', 'rank', 'rank_of', 'quartile', 'england_rank', 'england_rank_of',
    'england_quartile', 'range_low', 'range_q1', 'range_q3', 'range_high', 'range_n',
)
CODES = ('ci_source', 'status', 'regional_significance', 'county_significance',
         'neighbour_significance', 'trend', 'rank_group', 'rag_rule_used', 'range_scope')
PERIOD_IDS = ('previous_period_id', 'last_year_period_id', 'national_period_id',
              'regional_period_id', 'county_period_id', 'neighbour_period_id')


def _key_columns() -> list[sa.Column]:
    return [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('indicator_id', sa.String(length=80), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=False),
        sa.Column('period_id', sa.Integer(), nullable=False),
        sa.Column('breakdown', sa.String(length=80), nullable=False),
        sa.Column('engine_version', sa.String(length=20), nullable=False),
        sa.Column('computed_at', sa.DateTime(), nullable=False),
        sa.Column('rag', sa.String(length=10), nullable=False),
        sa.Column('significance', sa.String(length=40), nullable=True),
        sa.Column('direction', sa.String(length=20), nullable=True),
    ]


def _constraints() -> list[sa.Constraint]:
    return [
        sa.ForeignKeyConstraint(['area_id'], ['area.id'], ),
        sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], ),
        sa.ForeignKeyConstraint(['period_id'], ['period.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('indicator_id', 'area_id', 'period_id', 'breakdown',
                            name='uq_computed_result'),
    ]


def _remake(columns: list[sa.Column]) -> None:
    op.drop_index('ix_computed_area_period', table_name='computed_result')
    op.drop_table('computed_result')
    op.create_table('computed_result', *_key_columns(), *columns, *_constraints())
    op.create_index('ix_computed_area_period', 'computed_result', ['area_id', 'period_id'],
                    unique=False)


def upgrade() -> None:
    _remake([
        *(sa.Column(name, sa.Float(), nullable=True) for name in NUMBERS),
        *(sa.Column(name, sa.SmallInteger(), nullable=True) for name in CODES),
        *(sa.Column(name, sa.Integer(), nullable=True)
          for name in (*PERIOD_IDS, 'region_id', 'county_id')),
        sa.Column('illustrative', sa.Boolean(), nullable=True),
        sa.Column('comparable', sa.Boolean(), nullable=True),
        sa.Column('value_note', sa.Text(), nullable=True),
        sa.Column('neighbour_model', sa.String(length=20), nullable=True),
    ])


def downgrade() -> None:
    _remake([sa.Column('payload_json', sa.Text(), nullable=False)])
