"""Opening a database: reach it, refuse one newer than this program, back up, migrate.

The schema belongs to the Alembic migrations shipped inside the package; they run whenever a
database is opened, so an upgraded program upgrades its database on first use. Before an
SQLite file is migrated it is copied (with SQLite's online backup, which is safe under WAL) to
``<name>.<timestamp>.bak`` beside it; a failed migration leaves both files in place.

A database already at :data:`HEAD` is told by one plain query of ``alembic_version``, so
opening it does not import Alembic (a third of a second before a command can answer);
Alembic is loaded only when there is something to migrate or to refuse.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

from sqlalchemy import exc, inspect, text
from sqlalchemy.engine import make_url

from frontdesk import paths
from frontdesk.db.engine import Database, make_engine
from frontdesk.domain.errors import BadInput, DatabaseError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

#: The newest migration's revision id, written here so that a current database is known
#: without reading the migrations (a test checks it against them).
HEAD = "0008"


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
    try:
        engine = make_engine(url)
        with engine.connect() as conn:
            current = stamped_revisions(conn)
    except (exc.NoSuchModuleError, ImportError):
        raise BadInput(f"no database driver for {parsed.drivername!r} is installed (PostgreSQL "
                       "needs: pip install \"frontdesk[postgres]\")", "db") from None
    except exc.DBAPIError as error:
        reason = (str(error.orig).strip().splitlines() or [""])[0]
        raise DatabaseError(f"cannot open database {parsed.render_as_string(hide_password=True)}: "
                            f"{reason}") from None
    db = Database(engine, url)
    if migrate and current != [HEAD]:
        _migrate(db, path)
    return db


def _migrate(db: Database, path: Path | None) -> None:
    """Upgrade to the head, or refuse a newer schema: Alembic's own reading decides."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with db.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    if current == head:
        return
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise DatabaseError(
            f"this database was written by a newer frontdesk (schema {current}); this program "
            f"knows schemas up to {head}. Install the newer frontdesk to open it."
        )
    if current is not None and path is not None:
        backup = backup_sqlite(path)
        log.info("backed up the database to %s before migrating", backup)
    log.info("migrating database schema from %s to %s", current, head)
    with db.engine.connect() as conn, foreign_keys_off(conn), conn.begin():
        command.upgrade(alembic_config(conn), "head")
        if db.is_sqlite:
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
            if broken is not None:  # raised inside the transaction: nothing is kept
                raise DatabaseError(f"migrating to {head} would break a reference in table "
                                    f"{broken[0]}; the database was left as it was")


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
    """Copy an SQLite file (consistently, even under WAL) to a timestamped file beside it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{stamp}.bak")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{stamp}-{n}.bak")
    source = sqlite3.connect(path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target
