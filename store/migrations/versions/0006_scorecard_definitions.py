"""scorecard definitions

Revision ID: 0006_scorecard_definitions
Revises: 0005_job_attempts
Create Date: 2026-12-07 01:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006_scorecard_definitions'
down_revision = '0005_job_attempts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('scorecard_definition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_code', sa.String(length=32), nullable=False),
    sa.Column('first_quarter_key', sa.String(length=80), nullable=False),
    sa.Column('first_quarter_end', sa.Date(), nullable=False),
    sa.Column('last_quarter_end', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('loaded_by', sa.String(length=120), nullable=False),
    sa.Column('loaded_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('partnership_code', 'first_quarter_key', 'version',
                        name='uq_scorecard_definition_version')
    )
    with op.batch_alter_table('scorecard_definition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scorecard_definition_partnership_code'),
                              ['partnership_code'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('scorecard_definition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scorecard_definition_partnership_code'))
    op.drop_table('scorecard_definition')
