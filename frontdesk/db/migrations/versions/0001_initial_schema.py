"""initial schema: clinic, rooms, services, therapists, clients, appointments

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('clients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('alert', sa.Text(), nullable=False),
    sa.Column('search_key', sa.String(length=200), nullable=False),
    sa.Column('search_key2', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clients'))
    )
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clients_search_key'), ['search_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_clients_search_key2'), ['search_key2'], unique=False)

    op.create_table('clinic',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('slot_minutes', sa.Integer(), nullable=False),
    sa.CheckConstraint('slot_minutes > 0 AND slot_minutes <= 240', name=op.f('ck_clinic_slot_minutes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinic'))
    )
    op.create_table('rooms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('colour', sa.String(length=9), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rooms')),
    sa.UniqueConstraint('name', name=op.f('uq_rooms_name'))
    )
    op.create_table('services',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('price_cents', sa.Integer(), nullable=False),
    sa.Column('rest_after', sa.Integer(), nullable=False),
    sa.Column('turnover_after', sa.Integer(), nullable=False),
    sa.Column('required_feature', sa.String(length=60), nullable=True),
    sa.Column('colour', sa.String(length=9), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('minutes > 0 AND minutes <= 720', name=op.f('ck_services_minutes')),
    sa.CheckConstraint('price_cents >= 0', name=op.f('ck_services_price')),
    sa.CheckConstraint('rest_after BETWEEN 0 AND 240 AND turnover_after BETWEEN 0 AND 240', name=op.f('ck_services_buffers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_services')),
    sa.UniqueConstraint('name', name=op.f('uq_services_name'))
    )
    op.create_table('therapists',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('colour', sa.String(length=9), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_therapists')),
    sa.UniqueConstraint('name', name=op.f('uq_therapists_name'))
    )
    op.create_table('appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('therapist_until', sa.DateTime(timezone=True), nullable=False),
    sa.Column('room_until', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('cancel_reason', sa.String(length=300), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('override_reason', sa.String(length=500), nullable=False),
    sa.Column('overridden', sa.String(length=1000), nullable=False),
    sa.Column('price_cents', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("source IN ('walk-in', 'phone', 'web', 'import', 'desk')", name=op.f('ck_appointments_source')),
    sa.CheckConstraint("status IN ('booked', 'confirmed', 'arrived', 'in_session', 'completed', 'cancelled', 'late_cancel', 'no_show')", name=op.f('ck_appointments_status')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_appointments_order')),
    sa.CheckConstraint('therapist_until >= ends_at AND room_until >= ends_at', name=op.f('ck_appointments_buffers')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_appointments_client_id_clients'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_appointments_room_id_rooms'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_appointments_service_id_services'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['therapist_id'], ['therapists.id'], name=op.f('fk_appointments_therapist_id_therapists'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointments'))
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointments_client_id_starts_at'), ['client_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointments_room_id_starts_at'), ['room_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointments_starts_at'), ['starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointments_therapist_id_starts_at'), ['therapist_id', 'starts_at'], unique=False)

    op.create_table('client_flags',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('flag', sa.String(length=40), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_client_flags_client_id_clients'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('client_id', 'flag', name=op.f('pk_client_flags'))
    )
    op.create_table('client_phones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('e164', sa.String(length=20), nullable=False),
    sa.Column('label', sa.String(length=20), nullable=False),
    sa.Column('digits', sa.String(length=20), nullable=False),
    sa.Column('digits_reversed', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_client_phones_client_id_clients'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client_phones'))
    )
    with op.batch_alter_table('client_phones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_phones_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_phones_digits'), ['digits'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_phones_digits_reversed'), ['digits_reversed'], unique=False)

    op.create_table('opening_hours',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('opens', sa.Time(), nullable=False),
    sa.Column('closes', sa.Time(), nullable=False),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_opening_hours_weekday')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_opening_hours_clinic_id_clinic'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opening_hours'))
    )
    op.create_table('room_features',
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('feature', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_room_features_room_id_rooms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('room_id', 'feature', name=op.f('pk_room_features'))
    )
    op.create_table('therapist_hours',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('starts', sa.Time(), nullable=False),
    sa.Column('ends', sa.Time(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.CheckConstraint("kind IN ('work', 'break')", name=op.f('ck_therapist_hours_kind')),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_therapist_hours_weekday')),
    sa.ForeignKeyConstraint(['therapist_id'], ['therapists.id'], name=op.f('fk_therapist_hours_therapist_id_therapists'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_therapist_hours'))
    )
    with op.batch_alter_table('therapist_hours', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_therapist_hours_therapist_id'), ['therapist_id'], unique=False)

    op.create_table('therapist_services',
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_therapist_services_service_id_services'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['therapist_id'], ['therapists.id'], name=op.f('fk_therapist_services_therapist_id_therapists'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('therapist_id', 'service_id', name=op.f('pk_therapist_services'))
    )
    op.create_table('time_off',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_time_off_order')),
    sa.ForeignKeyConstraint(['therapist_id'], ['therapists.id'], name=op.f('fk_time_off_therapist_id_therapists'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_time_off'))
    )
    with op.batch_alter_table('time_off', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_time_off_therapist_id'), ['therapist_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('time_off', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_time_off_therapist_id'))

    op.drop_table('time_off')
    op.drop_table('therapist_services')
    with op.batch_alter_table('therapist_hours', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_therapist_hours_therapist_id'))

    op.drop_table('therapist_hours')
    op.drop_table('room_features')
    op.drop_table('opening_hours')
    with op.batch_alter_table('client_phones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_phones_digits_reversed'))
        batch_op.drop_index(batch_op.f('ix_client_phones_digits'))
        batch_op.drop_index(batch_op.f('ix_client_phones_client_id'))

    op.drop_table('client_phones')
    op.drop_table('client_flags')
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appointments_therapist_id_starts_at'))
        batch_op.drop_index(batch_op.f('ix_appointments_starts_at'))
        batch_op.drop_index(batch_op.f('ix_appointments_room_id_starts_at'))
        batch_op.drop_index(batch_op.f('ix_appointments_client_id_starts_at'))

    op.drop_table('appointments')
    op.drop_table('therapists')
    op.drop_table('services')
    op.drop_table('rooms')
    op.drop_table('clinic')
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clients_search_key2'))
        batch_op.drop_index(batch_op.f('ix_clients_search_key'))

    op.drop_table('clients')
