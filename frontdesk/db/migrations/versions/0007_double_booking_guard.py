"""double-booking guard: the database itself refuses what the rules never allow

The booking engine refuses a room holding two clients at once, and a therapist booked twice
without a recorded reason; this makes the database refuse them too, for every writer (another
desk's race the lock somehow missed, a script, psql). An appointment holds its room over
``[starts_at, room_until)`` and its therapist over ``[starts_at, therapist_until)``, turnover
and rest included, half-open as in ``domain.clash``; only active visits hold anything, and a
visit carrying an override reason may share its therapist (the rules' soft clash).

PostgreSQL: two exclusion constraints (``btree_gist``, trusted since PostgreSQL 13, so the
database's owner may create it). SQLite: triggers replacing 0003's room guard. They compare
the new row's instants read as instants (a ``T`` separator, a ``Z`` or an offset are read
right) against stored rows, and refuse to store any other text form than the one the program
writes, so the stored rows stay in one form that sorts as time does. They look back one day
(through the start index), so they refuse a visit holding its room or therapist over a day;
the rules allow 12 hours and 4 of rest.

Existing books: odd text forms are rewritten in the program's form (SQLite); a therapist
booked twice with no reason on either visit (only old bugs or raw writes made those) gets a
reason recorded on the later visit, as the rules would have asked; a room shared at once, or
a visit over a day long (SQLite), stops the upgrade naming the appointments, with the book
left as it was.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""
from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

from frontdesk.domain.errors import DatabaseError

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies (a migration must not change with later code): domain.status.ACTIVE, the
# names frontdesk.db.guard looks for, the form the Instant type writes on SQLite.
ACTIVE = "('booked', 'confirmed', 'arrived', 'in_session', 'completed')"
ROOM_GUARD, THERAPIST_GUARD = "ex_appointments_room", "ex_appointments_therapist"
ROOM_CLASH = "room double-booked: the room is taken at that time"
THERAPIST_CLASH = "therapist double-booked: the therapist is busy at that time"
TOO_LONG = "appointment too long: a visit may hold its room or therapist for a day at most"
BAD_FORM = "appointment times must be UTC text like 2026-12-01 09:30:00.000000"
OLD_CLASH = "therapist booked twice before the database's double-booking guard (0007)"
TIMES = ("starts_at", "ends_at", "therapist_until", "room_until")
FORM = "'" + "[0-9]" * 4 + "-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]." \
    + "[0-9]" * 6 + "'"
SHOWN = 20


def _instant(value: str, shift: str = "") -> str:
    """SQLite: ``value`` read as an instant, written in the stored form (UTC, microseconds)."""
    shift = f", '{shift}'" if shift else ""
    return f"strftime('%Y-%m-%d %H:%M:%f000', {value}{shift})"


def _clash(kind: str, until: str, message: str, reasonless: str = "") -> str:
    return f"""
        SELECT RAISE(ABORT, '{message}')
        WHERE NEW.status IN {ACTIVE} {reasonless and f"AND NEW.{reasonless}"} AND EXISTS (
            SELECT 1 FROM appointments AS a
            WHERE a.{kind}_id = NEW.{kind}_id AND a.id IS NOT NEW.id
              AND a.status IN {ACTIVE} {reasonless and f"AND a.{reasonless}"}
              AND a.starts_at < {_instant(f"NEW.{until}")}
              AND a.{until} > {_instant("NEW.starts_at")}
              AND a.starts_at > {_instant("NEW.starts_at", "-1 day")}
        );"""


SQLITE_GUARD = (
    _clash("room", "room_until", ROOM_CLASH)
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


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS tr_appointments_room_guard_insert")
        op.execute("DROP TRIGGER IF EXISTS tr_appointments_room_guard_update")
        _one_form(bind)
        _refuse(bind, "last over a day, longer than the book can hold",
                f"SELECT id FROM appointments WHERE status IN {ACTIVE} AND ("
                "julianday(room_until) - julianday(starts_at) > 1 OR "
                "julianday(therapist_until) - julianday(starts_at) > 1) ORDER BY id")
    _refuse(bind, "share a room at the same time",
            "SELECT a.id, b.id FROM " + _pairs("room", "room_until") + " ORDER BY a.id, b.id")
    _record_old_therapist_clashes(bind)
    if sqlite:
        op.execute(f"""
            CREATE TRIGGER tr_appointments_guard_insert BEFORE INSERT ON appointments
            BEGIN {SQLITE_GUARD} END""")
        op.execute(f"""
            CREATE TRIGGER tr_appointments_guard_update BEFORE UPDATE OF
                room_id, therapist_id, {", ".join(TIMES)}, status, override_reason
            ON appointments
            BEGIN {SQLITE_GUARD} END""")
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.execute(f"""
        ALTER TABLE appointments ADD CONSTRAINT {ROOM_GUARD} EXCLUDE USING gist (
            room_id WITH =, tstzrange(starts_at, room_until, '[)') WITH &&)
        WHERE (status IN {ACTIVE})""")
    op.execute(f"""
        ALTER TABLE appointments ADD CONSTRAINT {THERAPIST_GUARD} EXCLUDE USING gist (
            therapist_id WITH =, tstzrange(starts_at, therapist_until, '[)') WITH &&)
        WHERE (status IN {ACTIVE} AND override_reason = '')""")


def _pairs(kind: str, until: str, where: str = "") -> str:
    """Two active visits holding one room or therapist at once: ``b`` starts within ``a``'s
    hold (the later one, or the higher number of two starting together). The lower bound
    on ``b.starts_at``, implied by the rest, lets the (room or therapist, start) index
    answer a range: without it a book of a million visits took minutes per room."""
    # SQLite's CROSS JOIN keeps ``a`` outside, so the bound on ``b`` is the one its index
    # is searched by (the planner otherwise put ``b`` outside, with ``a`` bounded above only).
    join = "CROSS JOIN" if op.get_bind().dialect.name == "sqlite" else "JOIN"
    return f"""appointments AS a {join} appointments AS b
        ON b.{kind}_id = a.{kind}_id AND b.id <> a.id AND b.starts_at < a.{until}
           AND b.starts_at >= a.starts_at
           AND (b.starts_at > a.starts_at OR (b.starts_at = a.starts_at AND b.id > a.id))
        WHERE a.status IN {ACTIVE} AND b.status IN {ACTIVE} {where}"""


def _refuse(bind, what: str, query: str) -> None:
    """Stop the upgrade, naming the appointments ``query`` finds (nothing kept: the
    migration's transaction is rolled back)."""
    rows = bind.execute(text(query)).all()
    if not rows:
        return
    named = [" and ".join(f"#{i}" for i in row) for row in rows[:SHOWN]]
    more = f" and {len(rows) - SHOWN} more" if len(rows) > SHOWN else ""
    raise DatabaseError(
        f"cannot upgrade the book: appointments {', '.join(named)}{more} {what}; move or "
        "cancel them with the previous version of frontdesk, then open the book again "
        "(it was left as it was)")


def _one_form(bind) -> None:
    """SQLite: rewrite times stored in another text form than the program's."""
    odd = " OR ".join(f"NOT {c} GLOB {FORM}" for c in TIMES)
    _refuse(bind, "have times that cannot be read",
            f"SELECT id FROM appointments WHERE "
            f"{' OR '.join(f'julianday({c}) IS NULL' for c in TIMES)} ORDER BY id")
    bind.execute(text(f"UPDATE appointments SET "
                      f"{', '.join(f'{c} = {_instant(c)}' for c in TIMES)} WHERE {odd}"))


def _record_old_therapist_clashes(bind) -> None:
    """A therapist booked twice with no reason on either visit: the later visit gets the
    reason the rules would have asked for, so the book passes the new guard as it stands."""
    later = bind.execute(text(
        "SELECT DISTINCT b.id FROM "
        + _pairs("therapist", "therapist_until",
                 "AND a.override_reason = '' AND b.override_reason = ''"))).scalars().all()
    if later:
        bind.execute(text(
            "UPDATE appointments SET override_reason = :why, overridden = :why "
            "WHERE id IN (" + ", ".join(str(int(i)) for i in later) + ")"), {"why": OLD_CLASH})


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute(f"ALTER TABLE appointments DROP CONSTRAINT IF EXISTS {THERAPIST_GUARD}")
        op.execute(f"ALTER TABLE appointments DROP CONSTRAINT IF EXISTS {ROOM_GUARD}")
        return
    op.execute("DROP TRIGGER IF EXISTS tr_appointments_guard_update")
    op.execute("DROP TRIGGER IF EXISTS tr_appointments_guard_insert")
    # 0003's room guard, as it was (a frozen copy).
    clash = f"""
        SELECT RAISE(ABORT, '{ROOM_CLASH}')
        WHERE EXISTS (
            SELECT 1 FROM appointments AS a
            WHERE a.room_id = NEW.room_id AND a.id IS NOT NEW.id AND a.status IN {ACTIVE}
              AND a.starts_at < NEW.room_until AND a.room_until > NEW.starts_at
              AND a.starts_at > datetime(NEW.starts_at, '-1 day')
        );
    """
    op.execute(f"""
        CREATE TRIGGER tr_appointments_room_guard_insert BEFORE INSERT ON appointments
        WHEN NEW.status IN {ACTIVE}
        BEGIN {clash} END
    """)
    op.execute(f"""
        CREATE TRIGGER tr_appointments_room_guard_update
        BEFORE UPDATE OF room_id, starts_at, room_until, status ON appointments
        WHEN NEW.status IN {ACTIVE}
        BEGIN {clash} END
    """)
