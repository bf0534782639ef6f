"""judgement indexes: an area's current figures by period

Revision ID: 0009_judgement_indexes
Revises: 0005_job_attempts
Create Date: 2026-12-07 01:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009_judgement_indexes'
down_revision = '0008_pulls'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_observation_current_area_period', 'observation',
                    ['area_id', 'period_id'], unique=False,
                    sqlite_where=sa.text('is_current = 1'),
                    postgresql_where=sa.text('is_current'))


def downgrade() -> None:
    op.drop_index('ix_observation_current_area_period', table_name='observation')
