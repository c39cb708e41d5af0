"""couples: room capacity, couples services, and the visits of one party sharing a room

``rooms.capacity`` (1 unless set: a couples room holds 2), ``services.party_size`` (1, or 2
for a couples service), and ``parties``: the visits booked together carry its id in
``appointments.party_id``.

The double-booking guard (0007) changes for rooms only: two active visits may hold one room
at once when they are of one party, never a stranger beside a party; and the visits of one
party in a room at once are never more than the room's capacity. PostgreSQL: the room's
exclusion constraint gains ``coalesce(party_id, -id) WITH <>`` (a visit of no party is its
own party), and a trigger counts a party's visits in the room, reading the room ``FOR
SHARE`` (a capacity being lowered at that moment is waited for) and the party ``FOR
UPDATE`` (two writers adding to one party take turns). SQLite: 0007's triggers with the
party clause, and a count trigger. Lowering a room's capacity below a party still to come
is refused by a trigger on ``rooms``; a party in the past does not hold the room back.

An existing book has no parties and every room a capacity of 1: nothing to check or
rewrite. The downgrade puts 0007's guard back (refused by PostgreSQL while a party shares
a room: such a book cannot be told in the older schema).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies (a migration must not change with later code), as in 0007; the names and
# message heads frontdesk.db.guard looks for.
ACTIVE = "('booked', 'confirmed', 'arrived', 'in_session', 'completed')"
ROOM_GUARD, CAPACITY_GUARD = "ex_appointments_room", "tr_appointments_room_capacity"
ROOM_CLASH = "room double-booked: the room is taken at that time"
THERAPIST_CLASH = "therapist double-booked: the therapist is busy at that time"
OVER_CAPACITY = "room over capacity: the room holds fewer clients at once"
CAPACITY_LOWERED = "room capacity below a booked party: move or cancel the party first"
TOO_LONG = "appointment too long: a visit may hold its room or therapist for a day at most"
BAD_FORM = "appointment times must be UTC text like 2026-12-01 09:30:00.000000"
TIMES = ("starts_at", "ends_at", "therapist_until", "room_until")
FORM = "'" + "[0-9]" * 4 + "-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]." \
    + "[0-9]" * 6 + "'"
MAX_PARTY = 6
#: A visit of a party changed in what holds the room: (re)placed or back from cancelled.
PLACED = (f"(OLD.status NOT IN {ACTIVE} OR OLD.room_id IS NOT NEW.room_id "
          "OR OLD.starts_at IS NOT NEW.starts_at OR OLD.room_until IS NOT NEW.room_until "
          "OR OLD.party_id IS NOT NEW.party_id)")


def _instant(value: str, shift: str = "") -> str:
    shift = f", '{shift}'" if shift else ""
    return f"strftime('%Y-%m-%d %H:%M:%f000', {value}{shift})"


def _clash(kind: str, until: str, message: str, reasonless: str = "",
           party: bool = False) -> str:
    stranger = ("AND (NEW.party_id IS NULL OR a.party_id IS NULL OR a.party_id <> NEW.party_id)"
                if party else "")
    return f"""
        SELECT RAISE(ABORT, '{message}')
        WHERE NEW.status IN {ACTIVE} {reasonless and f"AND NEW.{reasonless}"} AND EXISTS (
            SELECT 1 FROM appointments AS a
            WHERE a.{kind}_id = NEW.{kind}_id AND a.id IS NOT NEW.id
              AND a.status IN {ACTIVE} {reasonless and f"AND a.{reasonless}"} {stranger}
              AND a.starts_at < {_instant(f"NEW.{until}")}
              AND a.{until} > {_instant("NEW.starts_at")}
              AND a.starts_at > {_instant("NEW.starts_at", "-1 day")}
        );"""


def _sqlite_guard(party: bool) -> str:
    """0007's guard (``party``: with the party clause on the room's clash)."""
    return (
        _clash("room", "room_until", ROOM_CLASH, party=party)
        + _clash("therapist", "therapist_until", THERAPIST_CLASH, "override_reason = ''")
        + f"""
        SELECT RAISE(ABORT, '{TOO_LONG}')
        WHERE NEW.status IN {ACTIVE} AND (
            julianday(NEW.room_until) - julianday(NEW.starts_at) > 1
            OR julianday(NEW.therapist_until) - julianday(NEW.starts_at) > 1);
        SELECT RAISE(ABORT, '{BAD_FORM}')
        WHERE NOT ({" AND ".join(f"NEW.{c} GLOB {FORM} AND julianday(NEW.{c}) IS NOT NULL"
                                 for c in TIMES)});"""
    )


def _sqlite_triggers(party: bool) -> None:
    op.execute("DROP TRIGGER IF EXISTS tr_appointments_guard_insert")
    op.execute("DROP TRIGGER IF EXISTS tr_appointments_guard_update")
    guard = _sqlite_guard(party)
    op.execute(f"""
        CREATE TRIGGER tr_appointments_guard_insert BEFORE INSERT ON appointments
        BEGIN {guard} END""")
    columns = ", ".join(["room_id", "therapist_id", *TIMES, "status", "override_reason",
                         *(["party_id"] if party else [])])
    op.execute(f"""
        CREATE TRIGGER tr_appointments_guard_update BEFORE UPDATE OF {columns}
        ON appointments
        BEGIN {guard} END""")


#: SQLite: the visits of NEW's party in its room at once, NEW counted, above the capacity.
_SQLITE_OVER = f"""
    SELECT RAISE(ABORT, '{OVER_CAPACITY}')
    WHERE 1 + (SELECT count(*) FROM appointments AS a
               WHERE a.party_id = NEW.party_id AND a.room_id = NEW.room_id
                 AND a.id IS NOT NEW.id AND a.status IN {ACTIVE}
                 AND a.starts_at < {_instant("NEW.room_until")}
                 AND a.room_until > {_instant("NEW.starts_at")})
          > coalesce((SELECT capacity FROM rooms WHERE id = NEW.room_id), 1);"""

#: Rooms: a party still to end that the lowered capacity would not hold.
_PARTY_ABOVE = f"""
    EXISTS (SELECT 1 FROM appointments AS a
            WHERE a.room_id = NEW.id AND a.party_id IS NOT NULL AND a.status IN {ACTIVE}
              AND a.room_until > {{now}}
            GROUP BY a.party_id HAVING count(*) > NEW.capacity)"""

_PG_CAPACITY = f"""
CREATE FUNCTION fd_room_capacity() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cap integer;
    held integer;
BEGIN
    IF NEW.party_id IS NULL OR NEW.status NOT IN {ACTIVE} THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND NOT ({PLACED.replace(" IS NOT ", " IS DISTINCT FROM ")}) THEN
        RETURN NEW;
    END IF;
    SELECT capacity INTO cap FROM rooms WHERE id = NEW.room_id FOR SHARE;
    PERFORM 1 FROM parties WHERE id = NEW.party_id FOR UPDATE;
    SELECT count(*) INTO held FROM appointments AS a
        WHERE a.party_id = NEW.party_id AND a.room_id = NEW.room_id AND a.id <> NEW.id
          AND a.status IN {ACTIVE}
          AND a.starts_at < NEW.room_until AND a.room_until > NEW.starts_at;
    IF held + 1 > coalesce(cap, 1) THEN
        RAISE EXCEPTION USING ERRCODE = '23P01', CONSTRAINT = '{CAPACITY_GUARD}',
            MESSAGE = '{OVER_CAPACITY}';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER {CAPACITY_GUARD} BEFORE INSERT OR UPDATE ON appointments
    FOR EACH ROW EXECUTE FUNCTION fd_room_capacity();
CREATE FUNCTION fd_room_capacity_lowered() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.capacity < OLD.capacity AND {_PARTY_ABOVE.format(now="now()")} THEN
        RAISE EXCEPTION USING ERRCODE = '23514', CONSTRAINT = 'tr_rooms_capacity_lowered',
            MESSAGE = '{CAPACITY_LOWERED}';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER tr_rooms_capacity_lowered BEFORE UPDATE OF capacity ON rooms
    FOR EACH ROW EXECUTE FUNCTION fd_room_capacity_lowered();
"""


def _add_bounded(table: str, column: str) -> None:
    """``table.column``: a whole number from 1 to MAX_PARTY, 1 unless set. On SQLite the
    CHECK is the column's own (added without copying the table, and dropped with it)."""
    name = op.f(f'ck_{table}_{column}')
    bounds = f'{column} BETWEEN 1 AND {MAX_PARTY}'
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER NOT NULL DEFAULT 1 "
                   f"CONSTRAINT {name} CHECK ({bounds})")
        return
    op.add_column(table, sa.Column(column, sa.Integer(), nullable=False, server_default='1'))
    op.create_check_constraint(name, table, bounds)


def upgrade() -> None:
    op.create_table(
        'parties',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(length=100), nullable=False),
        sa.CheckConstraint(f'size BETWEEN 2 AND {MAX_PARTY}', name=op.f('ck_parties_size')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_parties')),
    )
    _add_bounded('rooms', 'capacity')
    _add_bounded('services', 'party_size')
    bind = op.get_bind()
    # A plain column, not a foreign key: SQLite adds none without copying the table (a
    # million visits, and its triggers would go); parties are never deleted.
    op.add_column('appointments', sa.Column('party_id', sa.Integer(), nullable=True))
    op.create_index(op.f('ix_appointments_party_id'), 'appointments', ['party_id'])
    if bind.dialect.name == "sqlite":
        _sqlite_triggers(party=True)
        op.execute(f"""
            CREATE TRIGGER tr_appointments_capacity_insert BEFORE INSERT ON appointments
            WHEN NEW.party_id IS NOT NULL AND NEW.status IN {ACTIVE}
            BEGIN {_SQLITE_OVER} END""")
        op.execute(f"""
            CREATE TRIGGER tr_appointments_capacity_update BEFORE UPDATE OF
                room_id, starts_at, room_until, status, party_id ON appointments
            WHEN NEW.party_id IS NOT NULL AND NEW.status IN {ACTIVE} AND {PLACED}
            BEGIN {_SQLITE_OVER} END""")
        op.execute(f"""
            CREATE TRIGGER tr_rooms_capacity_lowered BEFORE UPDATE OF capacity ON rooms
            WHEN NEW.capacity < OLD.capacity
            BEGIN SELECT RAISE(ABORT, '{CAPACITY_LOWERED}')
                  WHERE {_PARTY_ABOVE.format(now=_instant("'now'"))}; END""")
        return
    op.execute(f"ALTER TABLE appointments DROP CONSTRAINT {ROOM_GUARD}")
    op.execute(f"""
        ALTER TABLE appointments ADD CONSTRAINT {ROOM_GUARD} EXCLUDE USING gist (
            room_id WITH =, tstzrange(starts_at, room_until, '[)') WITH &&,
            (coalesce(party_id, -id)) WITH <>)
        WHERE (status IN {ACTIVE})""")
    op.execute(_PG_CAPACITY)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("tr_rooms_capacity_lowered", "tr_appointments_capacity_update",
                        "tr_appointments_capacity_insert", "tr_appointments_guard_insert",
                        "tr_appointments_guard_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    else:
        op.execute("DROP TRIGGER IF EXISTS tr_rooms_capacity_lowered ON rooms")
        op.execute("DROP FUNCTION IF EXISTS fd_room_capacity_lowered()")
        op.execute(f"DROP TRIGGER IF EXISTS {CAPACITY_GUARD} ON appointments")
        op.execute("DROP FUNCTION IF EXISTS fd_room_capacity()")
        op.execute(f"ALTER TABLE appointments DROP CONSTRAINT {ROOM_GUARD}")
        op.execute(f"""
            ALTER TABLE appointments ADD CONSTRAINT {ROOM_GUARD} EXCLUDE USING gist (
                room_id WITH =, tstzrange(starts_at, room_until, '[)') WITH &&)
            WHERE (status IN {ACTIVE})""")
    op.drop_index(op.f('ix_appointments_party_id'), table_name='appointments')
    op.drop_column('appointments', 'party_id')
    if bind.dialect.name == "sqlite":
        _sqlite_triggers(party=False)
    # SQLite drops a column whose own CHECK names it (not a batch copy of a table others
    # refer to, which foreign keys forbid outside the program's upgrade).
    op.drop_column('services', 'party_size')
    op.drop_column('rooms', 'capacity')
    op.drop_table('parties')
