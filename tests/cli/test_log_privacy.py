"""No client's name, phone, e-mail or note reaches frontdesk.log, not even when a database
error quotes them: PostgreSQL's DETAIL ("Key (email_key)=(…) already exists", a CHECK's
"Failing row contains (…)"), a statement with its values written in. Database errors are
logged by kind and place (class, SQLSTATE or SQLite's code, constraint, traceback frames).

Each error here is a real one from a real database; the log is the real file.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import exc, text

from frontdesk import logs
from frontdesk.db.engine import Database, make_engine
from frontdesk.db.migrate import open_database, sqlite_path
from frontdesk.services import client_cards
from tests.helpers import ClinicBuilder

NAME, EMAIL, NOTE, PHONE = "Zoë Secretname", "zoe.secret@example.com", "pregnant, secret", \
    "917 555 0199"
#: What must never be in the log, in every form a database might quote it.
SECRETS = (NAME, "Secretname", EMAIL, "zoe.secret", NOTE, "9175550199", "555 0199")


def assert_private(log_text: str) -> None:
    found = [s for s in SECRETS if s in log_text]
    assert not found, f"{found} in the log:\n{log_text}"


def _pg_book(url: str) -> None:
    db = open_database(url)
    try:
        ClinicBuilder(db).standard()
        client_cards.add(db, NAME, email=EMAIL, notes=NOTE, phone=PHONE)
    finally:
        db.close()


def _alter(url: str, statement: str) -> None:
    """What a server's administrator (or a newer frontdesk) may have added to the book."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


@pytest.mark.pg
def test_a_unique_violation_on_postgresql_is_logged_by_kind_not_by_its_key(pg_url, cli,
                                                                           tmp_path):
    _pg_book(pg_url)
    _alter(pg_url, "CREATE UNIQUE INDEX uq_test_email ON clients (email_key)")
    done = cli("client", "add", "Another Person", "--email", EMAIL.upper(), "--notes", NOTE,
               "--allow-duplicate", "--db", pg_url)
    assert done.returncode == 1, done
    log_text = (tmp_path / "home" / "logs" / "frontdesk.log").read_text(encoding="utf-8")
    assert_private(log_text)
    assert "UniqueViolation" in log_text and "SQLSTATE 23505" in log_text
    assert "uq_test_email" in log_text  # the constraint's name: schema, not data
    assert "client_cards.py" in log_text  # the place: the traceback's frames


@pytest.mark.pg
def test_a_check_violation_on_postgresql_does_not_log_the_failing_row(pg_url, cli, tmp_path):
    _pg_book(pg_url)
    _alter(pg_url, "ALTER TABLE clients ADD CONSTRAINT ck_test_notes "
                   "CHECK (position('again' in notes) = 0)")
    done = cli("client", "edit", f"#{_only_client(pg_url)}", "--notes", NOTE + " again",
               "--db", pg_url)
    assert done.returncode == 1, done
    log_text = (tmp_path / "home" / "logs" / "frontdesk.log").read_text(encoding="utf-8")
    assert_private(log_text)
    assert "CheckViolation" in log_text and "SQLSTATE 23514" in log_text


def _only_client(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql("SELECT id FROM clients WHERE email = %(e)s",
                                        {"e": EMAIL}).scalar_one()
    finally:
        engine.dispose()


@pytest.mark.sqlite_only("SQLite's read-only file")
def test_a_write_to_a_read_only_sqlite_book_is_logged_by_kind_and_code(clinic, db):
    """A desk whose book was marked read-only after it opened it: SQLite refuses the write,
    quoting the statement (here one with its values written in)."""
    client_cards.add(db, NAME, email=EMAIL, notes=NOTE)
    path = sqlite_path(db.url)
    assert path is not None
    frozen = Database(make_engine(db.url, read_only=True), db.url)
    logfile = logs.setup()
    log = logging.getLogger("frontdesk.ui.core.tasks")
    try:
        with pytest.raises(exc.OperationalError) as failed, frozen.write() as s:
            s.execute(text(f"UPDATE clients SET notes = '{NOTE}', email = '{EMAIL}' "
                           f"WHERE name = '{NAME}'"))
    finally:
        frozen.close()
    assert NOTE in str(failed.value)  # what the guard has to keep out
    log.error("background task failed", exc_info=failed.value)  # as the window logged it
    logs.failed(log, failed.value, "saving failed")
    log_text = logfile.read_text(encoding="utf-8")
    assert log_text.count("sqlalchemy.exc.OperationalError (sqlite3.OperationalError, "
                          "SQLITE_READONLY)") == 2
    assert_private(log_text)


def test_the_guard_scrubs_a_database_error_given_as_an_argument_or_raised_from(db):
    logfile = logs.setup()
    log = logging.getLogger("frontdesk.ui.printing.controller")
    with pytest.raises(exc.DBAPIError) as failed, db.write() as s:
        s.execute(text(f"SELECT * FROM no_such_table WHERE name = '{NAME}'"))
    log.warning("publishing calendars failed: %s", failed.value)
    log.warning(failed.value)
    try:
        try:
            raise failed.value
        except exc.DBAPIError:
            raise RuntimeError(f"while saving {NAME}") from None  # no context: kept as it is
    except RuntimeError as plain:
        log.error("a bug", exc_info=plain)
    try:
        try:
            raise failed.value
        except exc.DBAPIError as error:
            raise RuntimeError("while saving") from error
    except RuntimeError as chained:
        log.error("a bug on a database error", exc_info=chained)
    log_text = logfile.read_text(encoding="utf-8")
    assert f"while saving {NAME}" in log_text  # not a database error: its text is kept
    log_text = log_text.replace(f"while saving {NAME}", "")
    assert "ProgrammingError" in log_text or "OperationalError" in log_text
    assert "RuntimeError" in log_text and "(then, while handling it)" in log_text
    assert_private(log_text)


def test_describe_names_the_kind_and_never_the_text(db):
    with pytest.raises(exc.DBAPIError) as failed, db.write() as s:
        s.execute(text(f"SELECT * FROM no_such_table WHERE name = '{NAME}'"))
    said = logs.describe(failed.value)
    assert said.startswith(f"sqlalchemy.exc.{type(failed.value).__name__} (sqlite3.") \
        or said.startswith(f"sqlalchemy.exc.{type(failed.value).__name__} (psycopg.")
    assert NAME not in said
    assert logs.touches_database(failed.value)
    assert not logs.touches_database(ValueError(NAME))
