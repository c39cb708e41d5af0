"""The tests' PostgreSQL: which engine the suite runs on, and databases made per test.

Two environment variables decide (see the README's *Tests on PostgreSQL*):

- ``FRONTDESK_TEST_PG``: the URL of a server the tests may create databases on, e.g.
  ``postgresql+psycopg://postgres@127.0.0.1:55432/postgres`` (``scripts/pg_server.sh start``
  makes a throwaway one and prints this). Without it, tests marked ``pg`` (and those using the
  ``pg_url`` fixture) are skipped, saying so.
- ``FRONTDESK_TEST_ENGINE=postgres``: the whole suite runs on that server: ``db_url`` and
  ``db`` (and everything built on them) give a new PostgreSQL database per test instead of
  an SQLite file; tests marked ``sqlite_only`` are skipped, with their reason.

Each database is made by ``CREATE DATABASE`` (from a migrated template where the test wants
a book with the schema, as ``open_database`` would leave a new SQLite file) and dropped with
``WITH (FORCE)`` after the test, so a process a test left behind cannot keep it.
"""

from __future__ import annotations

import itertools
import os

import pytest

SERVER_ENV = "FRONTDESK_TEST_PG"
ENGINE_ENV = "FRONTDESK_TEST_ENGINE"
NO_SERVER = f"no PostgreSQL server given (set {SERVER_ENV})"
ENGINES = ("sqlite", "postgres")


def server_url() -> str | None:
    return os.environ.get(SERVER_ENV) or None


def engine() -> str:
    return os.environ.get(ENGINE_ENV, "sqlite") or "sqlite"


#: True on the suite's PostgreSQL run (``FRONTDESK_TEST_ENGINE=postgres``).
ON_POSTGRES = engine() == "postgres"


def xfail_on_postgres(reason: str) -> pytest.MarkDecorator:
    """A known PostgreSQL failure that another part of the work mends: strict, so the mark
    must go when the test starts passing."""
    return pytest.mark.xfail(ON_POSTGRES, reason=f"on PostgreSQL: {reason}", strict=True)


class Server:
    """One PostgreSQL server: makes and drops this process's test databases on it."""

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self.url = make_url(url)
        if self.url.get_backend_name() != "postgresql":
            raise pytest.UsageError(f"{SERVER_ENV} must be a postgresql+psycopg:// URL")
        self.url = self.url.set(drivername="postgresql+psycopg")
        self._names = (f"fdt_{os.getpid()}_{n}" for n in itertools.count(1))
        self._made: set[str] = set()
        self._admin = None

    def _conn(self):
        import psycopg

        if self._admin is None or self._admin.closed:
            params = {"dbname": self.url.database or "postgres", "host": self.url.host,
                      "port": self.url.port, "user": self.url.username,
                      "password": self.url.password}
            self._admin = psycopg.connect(
                **{k: v for k, v in params.items() if v is not None}, autocommit=True)
        return self._admin

    def create(self, template: str | None = None) -> str:
        """A new database (empty, or a copy of ``template``); its SQLAlchemy URL."""
        name = next(self._names)
        sql = f'CREATE DATABASE "{name}"'
        if template:
            sql += f' TEMPLATE "{template}"'
        self._conn().execute(sql)
        self._made.add(name)
        return self.url_of(name)

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url_or_name: str) -> None:
        from sqlalchemy.engine import make_url

        name = make_url(url_or_name).database if "://" in url_or_name else url_or_name
        self._conn().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._made.discard(name)

    def close(self) -> None:
        for name in list(self._made):
            self.drop(name)
        if self._admin is not None:
            self._admin.close()
