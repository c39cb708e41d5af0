"""web bookings: LatePoint's bookings by their ID, and the website's names for ours

``web_bookings`` keys each imported LatePoint booking on its ID (a re-import adds nothing
twice) with the appointment it became, or why the booking engine refused it (kept for the
receptionist); ``web_names`` remembers the website's service and agent names mapped to ours.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'web_bookings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('web_id', sa.String(length=40), nullable=False),
        sa.Column('appointment_id', sa.Integer(), nullable=True),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('reason', sa.String(length=1000), nullable=False),
        sa.Column('row_number', sa.Integer(), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('service', sa.String(length=200), nullable=False),
        sa.Column('therapist', sa.String(length=200), nullable=False),
        sa.Column('customer', sa.String(length=200), nullable=False),
        sa.Column('phone', sa.String(length=40), nullable=False),
        sa.Column('email', sa.String(length=200), nullable=False),
        sa.Column('web_status', sa.String(length=60), nullable=False),
        sa.Column('price_cents', sa.Integer(), nullable=True),
        sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("state IN ('taken', 'refused', 'resolved')",
                           name=op.f('ck_web_bookings_state')),
        sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], ondelete='SET NULL',
                                name=op.f('fk_web_bookings_appointment_id_appointments')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_web_bookings')),
        sa.UniqueConstraint('web_id', name=op.f('uq_web_bookings_web_id')),
    )
    op.create_index(op.f('ix_web_bookings_appointment_id'), 'web_bookings',
                    ['appointment_id'], unique=False)
    op.create_table(
        'web_names',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('web_key', sa.String(length=200), nullable=False),
        sa.Column('web_name', sa.String(length=200), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('service', 'therapist')", name=op.f('ck_web_names_kind')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_web_names')),
    )
    op.create_index(op.f('ix_web_names_kind_web_key'), 'web_names', ['kind', 'web_key'],
                    unique=True)


def downgrade() -> None:
    op.drop_index(op.f('ix_web_names_kind_web_key'), table_name='web_names')
    op.drop_table('web_names')
    op.drop_index(op.f('ix_web_bookings_appointment_id'), table_name='web_bookings')
    op.drop_table('web_bookings')
