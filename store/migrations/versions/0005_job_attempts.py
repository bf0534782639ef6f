"""job attempts

Revision ID: 0005_job_attempts
Revises: 0004_login_failures
Create Date: 2026-12-06 22:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_job_attempts'
down_revision = '0004_login_failures'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('job') as batch:
        batch.add_column(sa.Column('attempts', sa.Integer(), nullable=False,
                                   server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('job') as batch:
        batch.drop_column('attempts')
