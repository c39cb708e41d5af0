"""staff accounts: who signs in, as what role, with an argon2id password hash

A book without rows here has no accounts and works as before (nobody signs in). Once it
has one, every command and the window need a signed-in account (see domain/access.py).
``name_key`` is the name folded (unique whatever its case or accents); a therapist's
account names its therapist, no other does.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'staff_accounts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('name_key', sa.String(length=60), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('therapist_id', sa.Integer(), nullable=True),
        sa.Column('password_hash', sa.String(length=200), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('desk', 'therapist', 'manager')",
                           name=op.f('ck_staff_accounts_role')),
        sa.CheckConstraint("(role = 'therapist') = (therapist_id IS NOT NULL)",
                           name=op.f('ck_staff_accounts_therapist')),
        sa.ForeignKeyConstraint(['therapist_id'], ['therapists.id'], ondelete='RESTRICT',
                                name=op.f('fk_staff_accounts_therapist_id_therapists')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_accounts')),
        sa.UniqueConstraint('name_key', name=op.f('uq_staff_accounts_name_key')),
    )


def downgrade() -> None:
    op.drop_table('staff_accounts')
