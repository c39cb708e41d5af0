"""desk fast paths: standing appointments, the waitlist, contraindication cautions

Adds the ``series`` table and ``appointments.series_id``; the ``waitlist`` table;
``services.cautions`` (the client flags a service is advised against, filled for existing
services from their names) and ``appointments.cautions_acknowledged``.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Frozen copy of the defaults in frontdesk.domain.contraindications as of this revision.
DEFAULTS = {
    "deep tissue": "anticoagulants,recent surgery,pregnancy,varicose veins,osteoporosis",
    "trigger point": "anticoagulants,recent surgery",
    "sports": "anticoagulants,recent surgery",
    "hot stone": "pregnancy,diabetes,high blood pressure,skin condition,varicose veins",
}


def upgrade() -> None:
    op.create_table(
        'series',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('every_weeks', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(length=100), nullable=False),
        sa.CheckConstraint('every_weeks BETWEEN 1 AND 52', name=op.f('ck_series_every_weeks')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_series')),
    )
    op.create_table(
        'waitlist',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('service_id', sa.Integer(), nullable=False),
        sa.Column('therapist_id', sa.Integer(), nullable=True),
        sa.Column('weekdays', sa.String(length=7), nullable=False),
        sa.Column('earliest', sa.Time(), nullable=True),
        sa.Column('latest', sa.Time(), nullable=True),
        sa.Column('until', sa.Date(), nullable=True),
        sa.Column('note', sa.String(length=300), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='CASCADE',
                                name=op.f('fk_waitlist_client_id_clients')),
        sa.ForeignKeyConstraint(['service_id'], ['services.id'], ondelete='CASCADE',
                                name=op.f('fk_waitlist_service_id_services')),
        sa.ForeignKeyConstraint(['therapist_id'], ['therapists.id'], ondelete='SET NULL',
                                name=op.f('fk_waitlist_therapist_id_therapists')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_waitlist')),
    )
    op.create_index(op.f('ix_waitlist_client_id'), 'waitlist', ['client_id'])
    with op.batch_alter_table('services') as batch_op:
        batch_op.add_column(sa.Column('cautions', sa.String(length=400), nullable=False,
                                      server_default=''))
    with op.batch_alter_table('appointments') as batch_op:
        batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cautions_acknowledged', sa.String(length=300),
                                      nullable=False, server_default=''))
        batch_op.create_foreign_key(op.f('fk_appointments_series_id_series'), 'series',
                                    ['series_id'], ['id'], ondelete='SET NULL')
    _restore_room_guard()
    op.create_index(op.f('ix_appointments_series_id_starts_at'), 'appointments',
                    ['series_id', 'starts_at'])
    services = sa.table('services', sa.column('id', sa.Integer),
                        sa.column('name', sa.String), sa.column('cautions', sa.String))
    bind = op.get_bind()
    for sid, name in bind.execute(sa.select(services.c.id, services.c.name)).all():
        folded = name.lower()
        found = [flags for key, flags in DEFAULTS.items() if key in folded]
        if found:
            bind.execute(services.update().where(services.c.id == sid)
                         .values(cautions=found[0]))


def _restore_room_guard() -> None:
    """SQLite's batch mode copies the table, which drops its triggers: put 0003's room guard
    back (a frozen copy of its SQL, as a migration must not change with later code)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    active = "('booked', 'confirmed', 'arrived', 'in_session', 'completed')"
    clash = f"""
        SELECT RAISE(ABORT, 'room double-booked: the room is taken at that time')
        WHERE EXISTS (
            SELECT 1 FROM appointments AS a
            WHERE a.room_id = NEW.room_id AND a.id IS NOT NEW.id AND a.status IN {active}
              AND a.starts_at < NEW.room_until AND a.room_until > NEW.starts_at
              AND a.starts_at > datetime(NEW.starts_at, '-1 day')
        );
    """
    op.execute("DROP TRIGGER IF EXISTS tr_appointments_room_guard_insert")
    op.execute("DROP TRIGGER IF EXISTS tr_appointments_room_guard_update")
    op.execute(f"""
        CREATE TRIGGER tr_appointments_room_guard_insert BEFORE INSERT ON appointments
        WHEN NEW.status IN {active}
        BEGIN {clash} END
    """)
    op.execute(f"""
        CREATE TRIGGER tr_appointments_room_guard_update
        BEFORE UPDATE OF room_id, starts_at, room_until, status ON appointments
        WHEN NEW.status IN {active}
        BEGIN {clash} END
    """)


def downgrade() -> None:
    op.drop_index(op.f('ix_appointments_series_id_starts_at'), table_name='appointments')
    with op.batch_alter_table('appointments') as batch_op:
        batch_op.drop_constraint(op.f('fk_appointments_series_id_series'), type_='foreignkey')
        batch_op.drop_column('cautions_acknowledged')
        batch_op.drop_column('series_id')
    _restore_room_guard()
    with op.batch_alter_table('services') as batch_op:
        batch_op.drop_column('cautions')
    op.drop_index(op.f('ix_waitlist_client_id'), table_name='waitlist')
    op.drop_table('waitlist')
    op.drop_table('series')
