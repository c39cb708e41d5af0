"""Shared fixtures: every test gets its own data folder and a real database of its own.

That database is an SQLite file, or, on the suite's PostgreSQL run
(``FRONTDESK_TEST_ENGINE=postgres`` with ``FRONTDESK_TEST_PG``; see tests/pg.py), a new
database on that server. Markers: ``pg`` (needs a server: skipped without one), and
``sqlite_only("why")`` (skipped on the PostgreSQL run).

``QT_QPA_PLATFORM=offscreen`` is set here, before any QApplication can exist, so Qt tests
run without a display, on one screen of 1366x768 (``screen_1366x768.json``: the smallest
screen the window must fit; the offscreen platform's own default is 800x800).
"""

from __future__ import annotations

import os

# Qt reads the platform's arguments split at ":", which a Windows path would break.
os.environ["QT_QPA_PLATFORM"] = (
    "offscreen:configfile=" + os.path.join(os.path.dirname(__file__), "screen_1366x768.json")
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen" and os.name != "nt"
    else os.environ.get("QT_QPA_PLATFORM", "offscreen"))

import sqlite3
from datetime import datetime

import pytest

from frontdesk.db.migrate import open_database, sqlite_path
from frontdesk.services.booking import Bookings
from tests import pg
from tests.helpers import NOW, ClinicBuilder, request

#: pytester runs a small suite inside a test (tests/test_open_windows.py does).
pytest_plugins = ["pytester", "tests.open_windows"]


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """No test touches the user's real data folder, database or clock."""
    monkeypatch.setenv("FRONTDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("FRONTDESK_DB", raising=False)
    monkeypatch.delenv("FRONTDESK_NOW", raising=False)
    monkeypatch.setenv("FRONTDESK_USER", "tester")


def pytest_configure(config):
    if pg.engine() not in pg.ENGINES:
        raise pytest.UsageError(f"{pg.ENGINE_ENV} must be one of {', '.join(pg.ENGINES)}")
    if pg.ON_POSTGRES and not pg.server_url():
        raise pytest.UsageError(f"{pg.ENGINE_ENV}=postgres needs a server: {pg.NO_SERVER}")


def pytest_collection_modifyitems(config, items):
    """``pg`` tests skip without a server; ``sqlite_only`` tests skip on the PostgreSQL run."""
    for item in items:
        if "pg_url" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("pg"):
            item.add_marker(pytest.mark.pg)
        if item.get_closest_marker("pg") and not pg.server_url():
            item.add_marker(pytest.mark.skip(reason=pg.NO_SERVER))
        only = item.get_closest_marker("sqlite_only")
        if only is not None and pg.ON_POSTGRES:
            why = only.args[0] if only.args else only.kwargs.get("reason", "")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only{': ' + why if why else ''}"))


@pytest.fixture(scope="session")
def pg_server():
    """The PostgreSQL server ``FRONTDESK_TEST_PG`` names (the test is skipped without one)."""
    url = pg.server_url()
    if url is None:
        pytest.skip(pg.NO_SERVER)
    server = pg.Server(url)
    yield server
    server.close()


@pytest.fixture(scope="session")
def pg_template(pg_server) -> str:
    """A database with this program's schema and nothing else, copied for each test."""
    url = pg_server.create()
    open_database(url).close()
    return url.rsplit("/", 1)[-1]


@pytest.fixture
def pg_url(pg_server):
    """A new, empty PostgreSQL database (no tables) for this test; dropped after it."""
    url = pg_server.create()
    yield url
    pg_server.drop(url)


@pytest.fixture
def empty_db_url(request, tmp_path):
    """A database nothing has opened yet, on the suite's engine: an SQLite path with no file,
    or a new PostgreSQL database with no tables (first start, migrations)."""
    if not pg.ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'new.sqlite3'}"
        return
    yield request.getfixturevalue("pg_url")


@pytest.fixture
def db_url(request, tmp_path):
    """This test's database: an SQLite file, or on the PostgreSQL run a new database holding
    the schema (as ``open_database`` leaves a new file), dropped after the test."""
    if not pg.ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
        return
    server = request.getfixturevalue("pg_server")
    url = server.create(template=request.getfixturevalue("pg_template"))
    yield url
    server.drop(url)


@pytest.fixture
def copy_db(request, tmp_path):
    """``copy_db(database_or_url) -> url``: a copy of a book as it stands, on its own engine
    (an SQLite file through the backup API, which sees through WAL; a PostgreSQL database made
    from it as a template, which first needs the source's idle connections closed)."""
    made: list[str] = []

    def copy(source) -> str:
        url = getattr(source, "url", source)
        path = sqlite_path(url)
        if path is not None:
            target = tmp_path / f"copy{len(made)}.sqlite3"
            origin, dest = sqlite3.connect(path), sqlite3.connect(target)
            try:
                with dest:
                    origin.backup(dest)
            finally:
                origin.close()
                dest.close()
            made.append(f"sqlite:///{target}")
            return made[-1]
        if hasattr(source, "engine"):
            source.engine.dispose()
        made.append(request.getfixturevalue("pg_server").create(
            template=url.rsplit("/", 1)[-1]))
        return made[-1]

    yield copy
    for url in made:
        if sqlite_path(url) is None:
            request.getfixturevalue("pg_server").drop(url)


@pytest.fixture
def db(db_url):
    database = open_database(db_url)
    yield database
    database.close()


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def clinic(db) -> ClinicBuilder:
    """A small, fully known clinic (see tests/helpers.py) in a fresh database."""
    return ClinicBuilder(db).standard()


@pytest.fixture
def bookings(db, now) -> Bookings:
    return Bookings(db, actor="tester", now=lambda: now)


@pytest.fixture
def book(clinic, bookings):
    """Book by the test clinic's names (see :func:`tests.helpers.request`):
    ``book("2026-10-05 10:00", "Deep Tissue 60", therapist="Ben", client=None)``."""
    def do(when: str | datetime, service: str = "Swedish 60", **kw):
        return bookings.book(request(clinic, when, service, **kw))
    return do
