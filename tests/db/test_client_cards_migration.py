"""Migration 0006 on a book made before it: every card active, e-mails folded for the
duplicate check, and the downgrade takes the columns away again."""

from __future__ import annotations

import sqlite3

from alembic import command

from frontdesk.db.engine import make_engine
from frontdesk.db.migrate import alembic_config, open_database


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
