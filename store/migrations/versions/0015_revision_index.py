"""an index on the figure each revision supersedes

``observation.supersedes_id`` points to the figure a revision replaced. Without an index on
it, the foreign-key check of every deleted figure read the whole table on PostgreSQL (and
SQLite), so deleting many figures took time growing with the square of their number. Only
revisions hold a value there, so the index holds only those rows.

Revision ID: 0015_revision_index
Revises: 0014_judgement_counts
Create Date: 2026-12-07 23:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0015_revision_index'
down_revision = '0014_judgement_counts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_observation_supersedes', 'observation', ['supersedes_id'],
                    unique=False,
                    sqlite_where=sa.text('supersedes_id IS NOT NULL'),
                    postgresql_where=sa.text('supersedes_id IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('ix_observation_supersedes', table_name='observation')
