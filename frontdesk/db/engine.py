"""Engine set-up and transactions.

SQLite: WAL, foreign keys on, ``synchronous=FULL``, ``secure_delete`` (deleted data is
zeroed, not left in free pages), a busy timeout, and Python's own lazy
transaction handling switched off so that we say when a transaction begins. A write
transaction starts with ``BEGIN IMMEDIATE``: it takes SQLite's write lock before the booking
rules read anything, so two processes booking the same slot are serialized (the second waits,
then sees the first one's booking and is refused) instead of failing with "database is
locked" when the read transaction tries to become a write.

PostgreSQL gets the same interface; its row locks are taken by the booking service, and
:meth:`Database.lock_book` holds the whole book where there is no row to lock yet (a new
book's clinic, the demo). Every PostgreSQL connection waits at most ``BUSY_TIMEOUT_S`` for a
lock (``lock_timeout``), as SQLite's busy timeout does.

A lock held longer than that reaches the user as :class:`~frontdesk.domain.errors.Busy`,
naming what holds it, never as the driver's "database is locked"; the waiting transaction
rolls back, so nothing of it is written.

A PostgreSQL server that cannot be reached (refused, dropped, shut down) reaches the user as
:class:`~frontdesk.domain.errors.Unreachable` in one line of our own: a transaction whose
connection went before its commit is rolled back by the server, so nothing of it is written.
Only a connection lost during the COMMIT itself leaves the outcome unknown, and the message
then says so. A connection found gone invalidates the pool, so the next session after the
server came back reconnects by itself.

On loopback a PostgreSQL round trip costs as much as reading a day, so a pooled connection
is pinged before use only when it has lain idle for ``PING_IDLE_S`` (one used a moment ago
is alive; a ping before every use cost a round trip per read and per booking). Sessions use
the UTC zone, so instants come back as UTC already.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from frontdesk import private
from frontdesk.db import signed
from frontdesk.domain.access import Staff
from frontdesk.domain.errors import (
    LOST_AT_COMMIT,
    BadInput,
    Busy,
    DamagedBook,
    ReadOnlyBook,
    Unreachable,
)

BUSY_TIMEOUT_S = 30
#: A pooled PostgreSQL connection idle longer than this is pinged before use (and replaced,
#: with the rest of the pool, if the server is gone, as a restarted server leaves them).
PING_IDLE_S = 5.0

#: What holds the lock an ordinary change waits for, as the user is told when it is held
#: too long.
WRITING = "another program is writing to the book"

#: How long a desk waits for the server to answer a new connection before it counts as
#: unreachable (libpq waits for ever by default: a window would freeze).
CONNECT_TIMEOUT_S = 5

#: SQLSTATEs that mean the server went away or will not take connections now: class 08
#: (connection exception) and the shutdown and start-up states of class 57.
GONE_STATES = ("57P01", "57P02", "57P03")

#: PostgreSQL advisory lock (per database) that :meth:`Database.lock_book` takes.
BOOK_LOCK_KEY = int.from_bytes(b"fd-book.", "big")

T = TypeVar("T")


def _storable_text(_conn, _cursor, _statement, parameters, _context, _many) -> None:
    """What the database cannot take, refused as bad input before it is sent (the driver
    would fail in its own words) and nothing written: a NUL, which PostgreSQL cannot store,
    a lone surrogate (a byte that was not UTF-8, as Python keeps it), which neither engine
    can encode, and a whole number beyond 64 bits (an id typed wildly)."""
    # Several rows come as a list of rows; one row (or a batch of rows flattened into
    # one statement) as a tuple or a dict.
    for row in parameters if isinstance(parameters, list) else (parameters,):
        values = row.values() if isinstance(row, dict) else row or ()
        for value in values:
            if isinstance(value, str) and ("\0" in value or not value.isascii()):
                _refuse_unstorable(value)
            elif isinstance(value, int) and not -(2**63) <= value < 2**63:
                raise BadInput(f"{value} is beyond any number the book holds", "id")


def _refuse_unstorable(value: str) -> None:
    if "\0" in value:
        raise BadInput("text with a NUL character (U+0000) cannot be stored; nothing was "
                       "changed", "text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput("text that is not valid UTF-8 cannot be stored or looked up; nothing "
                       "was changed", "text") from None


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine whose errors never carry a statement's values (client names, notes): a
    failed INSERT's text may reach a log, its parameters must not. ``read_only`` (SQLite)
    opens the file with ``mode=ro``: SQLite then refuses every write, whoever runs it."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        wait = f"-c lock_timeout={BUSY_TIMEOUT_S * 1000} -c TimeZone=UTC"
        given = parsed.query.get("options")
        options = " ".join([*([given] if isinstance(given, str) else given or []), wait])
        connect_args: dict[str, object] = {"options": options}
        if "connect_timeout" not in parsed.query:
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
        engine = create_engine(parsed.difference_update_query(["options"]),
                               hide_parameters=True, connect_args=connect_args)
        _ping_when_idle(engine)
        event.listen(engine, "before_cursor_execute", _storable_text)
        return engine
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    book = _book_file(parsed.database)
    if read_only and parsed.database:
        url = f"sqlite:///{Path(parsed.database).resolve().as_uri()}?mode=ro&uri=true"
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S}, hide_parameters=True)
    event.listen(engine, "before_cursor_execute", _storable_text)

    @event.listens_for(engine, "do_connect")
    def _owner_only(_dialect, _record, _cargs, _cparams):
        """The book is its owner's only from its first byte (SQLite gives its -wal and -shm
        the book's permissions); one an older version made 0644 is tightened here."""
        if book is not None:
            if not read_only:
                with contextlib.suppress(OSError):  # SQLite then says why it cannot open it
                    private.create(book)
            private.book(book)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        if not read_only:  # a read-only file keeps the journal it has
            _into_wal(cursor)
        for pragma in (
            "foreign_keys=ON",
            "synchronous=FULL",
            f"busy_timeout={BUSY_TIMEOUT_S * 1000}",
            "cache_size=-32768",  # 32 MiB of page cache per connection: months stay in memory
            # What is deleted or moved is overwritten with zeros, not left in free pages: an
            # erased client's data must not be readable in the file afterwards.
            "secure_delete=ON",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        write = conn.get_execution_options().get("frontdesk_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _book_file(database: str | None) -> Path | None:
    """The file an SQLite URL's database names; None in memory (or a ``file:`` URI, which
    names its file its own way)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _ping_when_idle(engine: Engine) -> None:
    """SQLAlchemy's ``pool_pre_ping``, for connections idle over ``PING_IDLE_S`` only."""

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection, record):
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy):
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < PING_IDLE_S:
            return  # new, or used a moment ago
        dialect = engine.dialect
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if not dialect.is_disconnect(error, dbapi_connection, None):
                raise
            raise exc.InvalidatePoolError() from None  # a new connection is made in its place


def _into_wal(cursor) -> None:
    """``PRAGMA journal_mode=WAL``, waiting as long as any lock: on a new file another desk
    may be switching it to WAL at this moment, and SQLite then answers "database is locked"
    at once instead of calling the busy handler."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if not is_busy(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def is_busy(error: BaseException) -> bool:
    """True when ``error`` is a lock wait that ran out: SQLite's SQLITE_BUSY ("database is
    locked"), PostgreSQL's lock_not_available (``lock_timeout``)."""
    orig = getattr(error, "orig", error)
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == 5  # SQLITE_BUSY and its extended codes
    return getattr(orig, "sqlstate", None) == "55P03"


def is_unreachable(error: BaseException) -> bool:
    """True when ``error`` says the PostgreSQL server cannot be reached: SQLAlchemy saw the
    connection drop (``connection_invalidated``), the server said it is going away or not
    taking connections (SQLSTATE class 08, 57P01-57P03), or the driver failed to talk to it
    with no SQLSTATE at all (refused, reset, closed, timed out: libpq's own errors). SQLite
    errors are never this: a file is not a server."""
    if getattr(error, "connection_invalidated", False):
        return True
    orig = getattr(error, "orig", error)
    if isinstance(orig, sqlite3.Error):
        return False
    state = getattr(orig, "sqlstate", None)
    if state:
        return state.startswith("08") or state in GONE_STATES
    return (isinstance(error, exc.OperationalError | exc.InterfaceError)
            and hasattr(orig, "sqlstate"))  # a psycopg error the server never answered


def busy_message(holder: str, seconds: float) -> str:
    return (f"{holder} and has held it for over {seconds:g} s; nothing was changed here: "
            "try again in a moment")


@contextmanager
def waiting_for(holder: str, seconds: float | None = None) -> Iterator[None]:
    """Turn a lock wait that ran out inside the block into :class:`Busy` naming ``holder``."""
    try:
        yield
    except exc.OperationalError as error:
        if not is_busy(error):
            raise
        raise Busy(busy_message(holder, BUSY_TIMEOUT_S if seconds is None else seconds)
                   ) from None


#: The attribute a pool carries once :func:`_close_on_return` listens to it.
_CLOSES_ON_RETURN = "_frontdesk_closes_on_return"


def _close_on_return(dbapi_connection, record) -> None:
    """A connection coming back to the pool of a closed :class:`Database` is closed."""
    if dbapi_connection is not None:
        record.invalidate()


class Database:
    """An open, migrated database: hands out short sessions, one per user action.

    ``read()`` gives a session for looking; ``write()`` one whose transaction holds the write
    lock from its first statement and commits on success, rolls back on any error.
    """

    def __init__(self, engine: Engine, url: str, *, read_only: bool = False):
        self.engine = engine
        self.url = url
        #: Opened read-only (its file is marked so): ``write()`` refuses at once.
        self.read_only = read_only
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(
            engine.execution_options(frontdesk_write=True), expire_on_commit=False
        )
        self._shared: dict[type, object] = {}
        #: The staff account signed in on this book (a
        #: :class:`~frontdesk.domain.access.Staff`), None while nobody is: every session
        #: carries it in ``session.info["staff"]`` for the services to check, and every
        #: change is checked against it before it is flushed (:mod:`frontdesk.db.signed`).
        self.staff: Staff | None = None
        signed.watch(self._write)
        #: Told True when a connection was handed out (the server answered), False when the
        #: server could not be reached; a window shows it. Called on any thread.
        self.on_reach: Callable[[bool], None] | None = None
        event.listen(engine, "checkout", self._checked_out)

    def _checked_out(self, *_args: object) -> None:
        self._reached(True)

    def _reached(self, reachable: bool) -> None:
        tell = self.on_reach
        if tell is not None:
            tell(reachable)

    def shared(self, kind: type[T]) -> T:
        """The one ``kind()`` of this open database: where services keep what they derive
        from it between transactions (the catalogue), for as long as it is open and no longer.
        Each keeper checks the database itself, so several desks stay right."""
        found = self._shared.get(kind)
        if found is None:
            found = self._shared.setdefault(kind, kind())
        return found  # type: ignore[return-value]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def reaching(self) -> Iterator[None]:
        """Turn a lock wait that ran out into :class:`Busy`, a server that cannot be
        reached into :class:`Unreachable` (telling ``on_reach``)."""
        try:
            with waiting_for(WRITING):
                yield
        except exc.DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) == "22003":  # an id beyond INTEGER
                raise BadInput("a number beyond any the book holds; nothing was changed",
                               "id") from None
            if self.is_sqlite or not is_unreachable(error):
                raise
            self._reached(False)
            raise Unreachable() from None
        except Unreachable:
            self._reached(False)
            raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._sound(), self.reaching(), self._read() as session:
            session.info["staff"] = self.staff
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """Commits on success, rolls back on any error. The changes are flushed before the
        COMMIT is sent, so that a connection lost during the COMMIT alone, whose outcome the
        server knows and we do not, is told apart from one lost before it (rolled back)."""
        if self.read_only:
            raise ReadOnlyBook(f"the book {make_url(self.url).database} is read-only (its "
                               "file is marked so); nothing was changed")
        with self._sound(), self.reaching(), self._write() as session:
            session.info["staff"] = self.staff
            session.begin()
            try:
                yield session
                session.flush()
            except BaseException:
                session.rollback()
                raise
            try:
                session.commit()
            except exc.DBAPIError as error:
                if self.is_sqlite or not is_unreachable(error):
                    raise
                raise Unreachable(LOST_AT_COMMIT) from None

    @contextmanager
    def _sound(self) -> Iterator[None]:
        """SQLite's "database disk image is malformed" (damage the check at opening did not
        reach) becomes :class:`DamagedBook`: the statement that met it wrote nothing."""
        try:
            yield
        except exc.DatabaseError as error:
            code = getattr(error.orig, "sqlite_errorcode", None)
            if code is None or code & 0xFF not in (11, 26):  # SQLITE_CORRUPT, SQLITE_NOTADB
                raise
            raise DamagedBook(str(make_url(self.url).database),
                              "SQLite found it malformed while reading it") from None

    def lock_book(self, session: Session) -> None:
        """Hold the whole book until ``session``'s write transaction ends, so that what it
        read (an empty book, no clinic row yet) stays true until it commits: two desks
        starting a new book, or two demos, then take turns. SQLite's ``BEGIN IMMEDIATE``
        holds it already; PostgreSQL takes a transaction-level advisory lock."""
        if not self.is_sqlite:
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": BOOK_LOCK_KEY})

    def close(self) -> None:
        """Let go of every connection. Those idle in the pool close now; one still out (a
        read on a worker thread that outlived its window) closes when it comes back: the
        disposed pool would otherwise keep it open until the collector found it, and a
        server would keep its session that long."""
        pool = self.engine.pool
        # Marked on the pool itself: SQLAlchemy's event.contains keys on id(pool), and a
        # new engine's pool at the address of a freed one whose listeners a live pool still
        # shares was taken for one that had it (a connection then stayed open, once in CI).
        if not getattr(pool, _CLOSES_ON_RETURN, False):
            event.listen(pool, "checkin", _close_on_return)
            setattr(pool, _CLOSES_ON_RETURN, True)
        self.engine.dispose()
