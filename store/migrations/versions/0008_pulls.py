"""site catalogue entries and pull runs

Revision ID: 0008_pulls
Revises: 0005_job_attempts
Create Date: 2026-12-07 01:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008_pulls'
down_revision = '0007_partnerships'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'catalogue_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('indicator_id', sa.String(length=80), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('cells_json', sa.Text(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('is_current', sa.Boolean(), nullable=False),
        sa.Column('created_by', sa.String(length=120), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_catalogue_entry_current', 'catalogue_entry',
                    ['indicator_id', 'is_current'])
    op.create_table(
        'pull_run',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('rows', sa.Integer(), nullable=False),
        sa.Column('batch_id', sa.Integer(), nullable=True),
        sa.Column('started_by', sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(['batch_id'], ['upload_batch.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_pull_run_source_started', 'pull_run', ['source', 'started_at'])


def downgrade() -> None:
    op.drop_index('ix_pull_run_source_started', table_name='pull_run')
    op.drop_table('pull_run')
    op.drop_index('ix_catalogue_entry_current', table_name='catalogue_entry')
    op.drop_table('catalogue_entry')
