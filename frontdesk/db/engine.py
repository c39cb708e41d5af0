"""Engine set-up and transactions.

SQLite: WAL, foreign keys on, ``synchronous=FULL``, a busy timeout, and Python's own lazy
transaction handling switched off so that we say when a transaction begins. A write
transaction starts with ``BEGIN IMMEDIATE``: it takes SQLite's write lock before the booking
rules read anything, so two processes booking the same slot are serialized (the second waits,
then sees the first one's booking and is refused) instead of failing with "database is
locked" when the read transaction tries to become a write.

PostgreSQL gets the same interface; its row locks are taken by the booking service.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_S = 30

T = TypeVar("T")


def make_engine(url: str) -> Engine:
    """An engine whose errors never carry a statement's values (client names, notes): a
    failed INSERT's text may reach a log, its parameters must not."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "foreign_keys=ON",
            "synchronous=FULL",
            f"busy_timeout={BUSY_TIMEOUT_S * 1000}",
            "cache_size=-32768",  # 32 MiB of page cache per connection: months stay in memory
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        write = conn.get_execution_options().get("frontdesk_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


class Database:
    """An open, migrated database: hands out short sessions, one per user action.

    ``read()`` gives a session for looking; ``write()`` one whose transaction holds the write
    lock from its first statement and commits on success, rolls back on any error.
    """

    def __init__(self, engine: Engine, url: str):
        self.engine = engine
        self.url = url
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(
            engine.execution_options(frontdesk_write=True), expire_on_commit=False
        )
        self._shared: dict[type, object] = {}

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
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._write() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
