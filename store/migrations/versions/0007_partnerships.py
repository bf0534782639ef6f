"""partnerships: versioned partnership profiles (council, sub-areas, groupings, wording)

Revision ID: 0007_partnerships
Revises: 0005_job_attempts
Create Date: 2026-12-07 01:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_partnerships'
down_revision = '0006_scorecard_definitions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('partnership_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_code', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('profile_json', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('council_code', 'version', name='uq_partnership_profile_version')
    )
    with op.batch_alter_table('partnership_profile', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_profile_council_code'),
                              ['council_code'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('partnership_profile', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_profile_council_code'))
    op.drop_table('partnership_profile')
