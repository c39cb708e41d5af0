"""room guard: the database itself refuses a room holding two clients at once

The booking engine already refuses such a booking; this is the final guard beneath it, for
any writer that goes around the engine. SQLite gets triggers (it has no exclusion
constraints); PostgreSQL gets its exclusion constraints with the multi-desk release.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "('booked', 'confirmed', 'arrived', 'in_session', 'completed')"
CLASH = f"""
    SELECT RAISE(ABORT, 'room double-booked: the room is taken at that time')
    WHERE EXISTS (
        SELECT 1 FROM appointments AS a
        WHERE a.room_id = NEW.room_id AND a.id IS NOT NEW.id AND a.status IN {ACTIVE}
          AND a.starts_at < NEW.room_until AND a.room_until > NEW.starts_at
          AND a.starts_at > datetime(NEW.starts_at, '-1 day')
    );
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(f"""
        CREATE TRIGGER tr_appointments_room_guard_insert BEFORE INSERT ON appointments
        WHEN NEW.status IN {ACTIVE}
        BEGIN {CLASH} END
    """)
    op.execute(f"""
        CREATE TRIGGER tr_appointments_room_guard_update
        BEFORE UPDATE OF room_id, starts_at, room_until, status ON appointments
        WHEN NEW.status IN {ACTIVE}
        BEGIN {CLASH} END
    """)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS tr_appointments_room_guard_update")
    op.execute("DROP TRIGGER IF EXISTS tr_appointments_room_guard_insert")
