"""compact store: fewer, narrower indexes on the figures

An area's figures by period are found through one index over every version of a figure
(current ones and history alike), which replaces both the lookup by indicator, area and
period (current figures by indicator go through ``uq_observation_current``) and the partial
index of current figures by area and period. The relationships lose the index on their parent
code, which leads their unique constraint already. No row is changed.

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


def upgrade() -> None:
    op.drop_index('ix_observation_lookup', table_name='observation')
    op.drop_index('ix_observation_current_area_period', table_name='observation')
    op.create_index('ix_observation_area_period', 'observation', ['area_id', 'period_id'],
                    unique=False)
    op.drop_index('ix_area_relationship_parent_code', table_name='area_relationship')


def downgrade() -> None:
    op.create_index('ix_area_relationship_parent_code', 'area_relationship', ['parent_code'],
                    unique=False)
    op.drop_index('ix_observation_area_period', table_name='observation')
    op.create_index('ix_observation_current_area_period', 'observation',
                    ['area_id', 'period_id'], unique=False,
                    sqlite_where=sa.text('is_current = 1'),
                    postgresql_where=sa.text('is_current'))
    op.create_index('ix_observation_lookup', 'observation',
                    ['indicator_id', 'area_id', 'period_id'], unique=False)
