"""login failure clients: failed sign-ins are counted per username and client address

The table is made anew with ``client`` in its key (the address a failure came from, or ""
for the count over every address); counts in it are minutes old at most and start again.

Revision ID: 0011_login_failure_clients
Revises: 0010_typed_judgements
Create Date: 2026-12-07 07:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011_login_failure_clients'
down_revision = '0010_typed_judgements'
branch_labels = None
depends_on = None


def _create(keyed_by_client: bool) -> None:
    client = [sa.Column('client', sa.String(length=64), nullable=False)] if keyed_by_client \
        else []
    op.create_table('login_failure',
    sa.Column('username', sa.String(length=120), nullable=False),
    *client,
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', sa.DateTime(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('username', *(['client'] if keyed_by_client else []))
    )
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_failure_last_failure_at'),
                              ['last_failure_at'], unique=False)


def _drop() -> None:
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failure_last_failure_at'))
    op.drop_table('login_failure')


def upgrade() -> None:
    _drop()
    _create(keyed_by_client=True)


def downgrade() -> None:
    _drop()
    _create(keyed_by_client=False)
