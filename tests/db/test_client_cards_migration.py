"""Migration 0006 on a book made before it: every card active, e-mails folded for the
duplicate check, and the downgrade takes the columns away again."""

from __future__ import annotations

import sqlite3

from alembic import command

from frontdesk.db import models as m
from frontdesk.db.engine import make_engine
from frontdesk.db.migrate import alembic_config, foreign_keys_off, open_database
from frontdesk.services.booking import Bookings
from tests.helpers import NOW, ClinicBuilder, request


def test_upgrading_a_0005_book_folds_emails_and_keeps_every_card_active(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0005")
        conn.exec_driver_sql(
            "INSERT INTO clients (id, name, email, notes, alert, search_key, search_key2, "
            "created_at) VALUES (7, 'Jana Novak', ' Jana.NOVÁK@Example.com ', '', '', "
            "'jana novak', 'novak jana', '2026-10-01 12:00:00.000000')")
    engine.dispose()
    open_database(url).close()
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT email_key, active, merged_into_id FROM clients").fetchone()
    finally:
        conn.close()
    assert row == ("jana.novák@example.com", 1, None)
    engine = make_engine(url)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0005")
        columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(clients)")}
    engine.dispose()
    assert not {"email_key", "active", "merged_into_id"} & columns


def test_a_0005_book_with_visits_and_phones_upgrades(tmp_path):
    """The copy-and-drop SQLite needs to add a foreign key to ``clients`` must not trip over
    the appointments and phones that refer to it (it did: "FOREIGN KEY constraint failed",
    and the book could not be opened)."""
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    db = open_database(url)
    clinic = ClinicBuilder(db).standard()
    visit = Bookings(db, actor="tester", now=lambda: NOW).book(request(clinic,
                                                                       "2026-10-05 10:00"))
    db.close()
    engine = make_engine(url)
    with engine.connect() as conn, foreign_keys_off(conn), conn.begin():
        command.downgrade(alembic_config(conn), "0005")
    engine.dispose()
    db = open_database(url)
    try:
        with db.read() as session:
            appt = session.get(m.Appointment, visit.id)
            assert appt is not None and appt.client_id == clinic["José Núñez"]
            assert [p.e164 for p in session.get(m.Client, appt.client_id).phones] == [
                "+12125550101"]
            assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.close()
