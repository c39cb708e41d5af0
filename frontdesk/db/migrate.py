"""Opening a database: reach it, refuse one newer than this program, back up, migrate.

The schema belongs to the Alembic migrations shipped inside the package; they run whenever a
database is opened, so an upgraded program upgrades its database on first use. Before an
SQLite file is migrated it is copied to ``<name>.<timestamp>.bak`` beside it, a verified
backup written under a temporary name and renamed once checked
(:func:`frontdesk.db.sqlite_files.copy_verified`); a failed migration leaves both files in
place. An SQLite file is checked before anything else (:func:`sqlite_files.open_problem`): a
damaged one, or one that is no book at all (an empty file), is refused
(:class:`~frontdesk.domain.errors.DamagedBook`) and nothing is written into it; one marked
read-only is opened read-only.

Several desks may start at once on a new or an older book: one upgrades it, the others wait
for it and then find it upgraded (one backup per upgrade, never a migration run twice). The
turn is an exclusive lock only upgraders take, so a desk kept waiting knows who it waits for:
on PostgreSQL a transaction-level advisory lock, on SQLite ``BEGIN EXCLUSIVE`` on a small
lock database ``<name>-lock`` beside the book (SQLite's own file locks, so it works on every
system SQLite runs on, Windows included; the file stays, deleting it could let two desks
hold it at once). The upgrader then takes the book's write lock (``BEGIN IMMEDIATE``, so
desks already working finish first and none writes in between), reads the revision again,
backs up and migrates in that one transaction. A wait that runs out is one line naming what
holds the lock (:class:`~frontdesk.domain.errors.Busy`), and nothing was written.

A database already at :data:`HEAD` is told by one plain query of ``alembic_version``, so
opening it does not import Alembic (a third of a second before a command can answer);
Alembic is loaded only when there is something to migrate or to refuse.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from sqlalchemy import exc, inspect, text
from sqlalchemy.engine import make_url

from frontdesk import paths, private
from frontdesk.db import engine as engines
from frontdesk.db import sqlite_files
from frontdesk.db.engine import Database, is_unreachable, make_engine, waiting_for
from frontdesk.domain.errors import BadInput, Busy, DamagedBook, DatabaseError, Unreachable

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

#: The newest migration's revision id, written here so that a current database is known
#: without reading the migrations (a test checks it against them).
HEAD = "0012"


#: How long a desk waits for another one upgrading the book (a large book's upgrade copies
#: its tables), and whom it names when that runs out.
UPGRADE_WAIT_S = 120
UPGRADING = "another desk is upgrading the book"
#: What holds the book when the upgrader itself waits for its write lock.
USING = "another program is using the book"

#: PostgreSQL advisory lock (per database) that one upgrader at a time holds.
UPGRADE_LOCK_KEY = int.from_bytes(b"fd-upgr.", "big")


def alembic_config(connection=None):
    from alembic.config import Config

    # Alembic's default stdout is sys.stdout as it was when alembic.config was first
    # imported (a default argument): under a redirected or captured stdout that stream may
    # be closed by the time a later config writes to it.
    cfg = Config(stdout=sys.stdout)
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest revision as the migrations folder says (Alembic reads it)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # a broken install: the package's migrations are missing
        raise DatabaseError(f"no database migrations found in {MIGRATIONS}")
    return head


def stamped_revisions(conn) -> list[str]:
    """The revisions ``alembic_version`` holds (none for a new database), read plainly."""
    if not inspect(conn).has_table("alembic_version"):
        return []
    return list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for other databases and in-memory ones."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def open_database(url: str | None = None, *, migrate: bool = True,
                  create: bool = True) -> Database:
    """Open ``url`` (default: the user's SQLite file), bring its schema to this program's.

    With ``create=False`` a missing SQLite file is bad input instead of a new empty book:
    a mistyped path must not quietly start a second clinic."""
    url = url or paths.default_db_url()
    try:
        parsed = make_url(url)
    except exc.ArgumentError:
        raise BadInput(f"{url!r} is not a database URL (e.g. sqlite:///clinic.db)", "db") from None
    path = sqlite_path(url)
    if path is not None and not path.parent.is_dir():
        raise BadInput(f"folder {path.parent} does not exist", "db")
    if path is not None and not create and not path.exists():
        raise BadInput(f"no database at {path}; create it with `frontdesk init`", "db")
    read_only = False
    if path is not None and path.exists():
        problem = sqlite_files.open_problem(path)
        if problem is not None:
            raise DamagedBook(str(path), problem)
        read_only = not sqlite_files.writable(path)
    try:
        engine = make_engine(url, read_only=read_only)
        try:
            with waiting_for(engines.WRITING), engine.connect() as conn:
                current = stamped_revisions(conn)
        except BaseException:
            engine.dispose()  # a book we could not open leaves no connection open
            raise
    except (exc.NoSuchModuleError, ImportError):
        raise BadInput(f"no database driver for {parsed.drivername!r} is installed (PostgreSQL "
                       "needs: pip install \"frontdesk[postgres]\")", "db") from None
    except exc.DBAPIError as error:
        reason = (str(error.orig).strip().splitlines() or [""])[0]
        where = parsed.render_as_string(hide_password=True)
        if path is None and is_unreachable(error):
            raise Unreachable(f"cannot open database {where}: the server cannot be reached; "
                              "nothing was changed here: try again when it is back") from None
        raise DatabaseError(f"cannot open database {where}: "
                            f"{reason}") from None
    db = Database(engine, url, read_only=read_only)
    if migrate and current != [HEAD] and read_only:
        db.close()
        raise DatabaseError(f"the book {path} is read-only (its file is marked so) and this "
                            f"frontdesk must upgrade it first (schema {HEAD}); make it "
                            "writable, or open it with the frontdesk that wrote it")
    if migrate and current != [HEAD]:
        try:
            _migrate(db, path)
        except BaseException:
            db.close()
            raise
    return db


def _migrate(db: Database, path: Path | None) -> None:
    """Upgrade to the head, or refuse a newer schema: Alembic's own reading decides, under
    the upgrader's lock and the book's write lock (see the module's docstring)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    with db.engine.connect() as conn, foreign_keys_off(conn), upgrader_turn(conn, path), \
            waiting_for(USING), conn.execution_options(frontdesk_write=True).begin():
        if not db.is_sqlite:
            _advisory_lock(conn, UPGRADE_LOCK_KEY, UPGRADE_WAIT_S, UPGRADING)
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head:  # another desk upgraded it while this one waited
            return
        known = {rev.revision for rev in script.walk_revisions()}
        if current is not None and current not in known:
            raise DatabaseError(
                f"this database was written by a newer frontdesk (schema {current}); this "
                f"program knows schemas up to {head}. Install the newer frontdesk to open it."
            )
        if current is not None and path is not None:
            # Under the write lock: the copy is the book as the migration finds it.
            backup = backup_sqlite(path)
            log.info("backed up the database to %s before migrating", backup)
        log.info("migrating database schema from %s to %s", current, head)
        command.upgrade(alembic_config(conn), "head")
        if db.is_sqlite:
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
            if broken is not None:  # raised inside the transaction: nothing is kept
                raise DatabaseError(f"migrating to {head} would break a reference in table "
                                    f"{broken[0]}; the database was left as it was")


def _advisory_lock(conn, key: int, wait_s: float, holder: str) -> None:
    """PostgreSQL: wait up to ``wait_s`` for the transaction-level advisory lock ``key``
    (Busy naming ``holder`` when it runs out), then back to the ordinary lock wait."""
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(wait_s * 1000)}")
    with waiting_for(holder, wait_s):
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(engines.BUSY_TIMEOUT_S * 1000)}")


def lock_path(path: Path) -> Path:
    """The small SQLite database beside the book that one upgrader at a time holds."""
    return path.with_name(f"{path.name}-lock")


@contextlib.contextmanager
def upgrader_turn(conn, path: Path | None) -> Iterator[None]:
    """SQLite: hold ``BEGIN EXCLUSIVE`` on the book's lock database while the block runs,
    waiting up to UPGRADE_WAIT_S for another desk's upgrade. (PostgreSQL takes its advisory
    lock inside the migration's transaction instead; an in-memory book has no other desk.)"""
    if conn.dialect.name != "sqlite" or path is None:
        yield
        return
    lock = None
    try:
        with contextlib.suppress(OSError):  # SQLite then says why it cannot open it
            private.create(lock_path(path))
        lock = sqlite3.connect(lock_path(path), timeout=UPGRADE_WAIT_S, isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")
    except sqlite3.OperationalError as error:
        if lock is not None:
            lock.close()
        if engines.is_busy(error):
            raise Busy(engines.busy_message(UPGRADING, UPGRADE_WAIT_S)) from None
        raise DatabaseError(f"cannot upgrade the book: its lock file {lock_path(path)} cannot "
                            f"be used ({error}); nothing was changed") from None
    try:
        yield
    finally:
        lock.execute("ROLLBACK")
        lock.close()


@contextlib.contextmanager
def foreign_keys_off(conn):
    """SQLite's foreign keys off for a migration on ``conn`` (not yet in a transaction).

    SQLite changes a table by copying it to a new one and dropping the old (Alembic's batch
    mode), and dropping a table others refer to fails while foreign keys are enforced; the
    pragma is a no-op inside a transaction, so it is set on the driver's connection before
    the migration's transaction begins, and the references are checked before it commits.
    Other databases alter tables in place: nothing to do."""
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.dbapi_connection
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def backup_sqlite(path: Path) -> Path:
    """A verified copy of an SQLite book in a timestamped file beside it (see
    :func:`sqlite_files.copy_verified`); copies left half-written by an upgrader that was
    killed are removed first (only upgraders write them, and this one holds their turn)."""
    for stale in sqlite_files.stale_partials(path.parent, f"{path.name}."):
        stale.unlink(missing_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{stamp}.bak")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{stamp}-{n}.bak")
    try:
        sqlite_files.copy_verified(path, target)
    except sqlite_files.CopyError as error:
        raise DatabaseError(f"{error}; the book was not upgraded and is as it was") from None
    return target
