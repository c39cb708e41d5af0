"""The sealed audit trail as ``frontdesk check`` sees it, on either engine: an intact trail
passes; an entry removed or edited with raw SQL (as the sqlite3 shell or psql would) is named,
exit 1; the trail's last entries removed are named against the end kept beside the backups;
an old book's trail is sealed by its upgrade and goes on as one chain."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from itertools import pairwise

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from frontdesk.db.engine import make_engine
from frontdesk.db.migrate import alembic_config, foreign_keys_off
from frontdesk.domain import audit_chain
from frontdesk.services import audit_seal, backups
from tests.cli.conftest import query
from tests.cli.together import together

MOVES = [["move", "{id}", "--start", "2026-10-05 11:00"],
         ["status", "{id}", "confirmed"],
         ["cancel", "{id}", "--reason", "called in sick"]]


def _sql(url: str, sql: str, **params) -> None:
    """A change made around the program, committed."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params)
    finally:
        engine.dispose()


def _ids(url: str) -> list[int]:
    return [r[0] for r in query(url, "SELECT id FROM audit_log ORDER BY id")]


def _busy_book(standard_db, cli) -> list[int]:
    """A booking moved, confirmed and cancelled: the trail's ids afterwards."""
    booked = cli("book", "--client", f"#{standard_db['José Núñez']}", "--service",
                 "Swedish 60", "--start", "2026-10-05 10:00", "--therapist", "Ana",
                 "--room", "Willow", "--json")
    assert booked.returncode == 0, booked
    for args in MOVES:
        done = cli(*[a.format(id=booked.json["id"]) for a in args])
        assert done.returncode == 0, done
    return _ids(standard_db.url)


def test_an_intact_trail_passes(standard_db, cli):
    ids = _busy_book(standard_db, cli)
    done = cli("check", "--json")
    assert done.returncode == 0, done
    assert f"the audit trail's seals ({len(ids)} entries)" in done.json["checked"]
    rows = query(standard_db.url, "SELECT prev_hash, hash FROM audit_log ORDER BY id")
    assert rows[0][0] == audit_chain.GENESIS
    assert all(later[0] == earlier[1] for earlier, later in pairwise(rows))


def test_a_removed_entry_is_named(standard_db, cli):
    ids = _busy_book(standard_db, cli)
    gone = ids[-3]
    _sql(standard_db.url, "DELETE FROM audit_log WHERE id = :id", id=gone)
    done = cli("check")
    assert done.returncode == 1, done
    assert f"audit entry #{gone} was removed: #{ids[-2]} does not follow #{ids[-4]}" \
        in done.stdout.splitlines()
    assert "1 problem found" in done.stderr


def test_several_removed_entries_are_named_by_their_span(standard_db, cli):
    ids = _busy_book(standard_db, cli)
    _sql(standard_db.url, "DELETE FROM audit_log WHERE id IN (:a, :b)", a=ids[1], b=ids[2])
    done = cli("check", "--json")
    assert done.returncode == 1
    assert [p["message"] for p in done.json["problems"]] == [
        f"audit entries between #{ids[0]} and #{ids[3]} were removed: #{ids[3]} does not "
        f"follow #{ids[0]}"]


def test_the_first_entries_removed_are_named(standard_db, cli):
    ids = _busy_book(standard_db, cli)
    _sql(standard_db.url, "DELETE FROM audit_log WHERE id = :id", id=ids[0])
    done = cli("check", "--json")
    assert [p["code"] for p in done.json["problems"]] == ["audit_gap"]
    assert f"it begins at #{ids[1]}" in done.json["problems"][0]["message"]


def test_an_edited_entry_is_named(standard_db, cli):
    ids = _busy_book(standard_db, cli)
    _sql(standard_db.url, "UPDATE audit_log SET actor = 'nobody' WHERE id = :id", id=ids[2])
    done = cli("check", "--json")
    assert done.returncode == 1
    assert done.json["problems"] == [{
        "code": "audit_edited",
        "message": f"audit entry #{ids[2]} was changed after it was written: its content "
                   "no longer matches its seal"}]


def test_an_edit_inside_the_recorded_state_is_named(standard_db, cli):
    ids = _busy_book(standard_db, cli)
    # The JSON rewritten with one value changed, key order and spacing kept as written.
    (after,) = query(standard_db.url, f"SELECT after FROM audit_log WHERE id = {ids[-1]}")[0]
    raw = after if isinstance(after, str) else json.dumps(after)
    assert '"cancelled"' in raw
    _sql(standard_db.url, "UPDATE audit_log SET after = :a WHERE id = :id",
         a=raw.replace('"cancelled"', '"completed"'), id=ids[-1])
    done = cli("check")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [f"audit entry #{ids[-1]} was changed after it was "
                                        "written: its content no longer matches its seal"]


def test_a_reseal_is_seen_by_the_next_entry(standard_db, cli):
    """Someone who knows the rule edits an entry and seals it again: the entry after it no
    longer follows it."""
    ids = _busy_book(standard_db, cli)
    _reseal(standard_db.url, ids[1], actor="nobody")
    done = cli("check")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [f"audit entry #{ids[2]} does not follow #{ids[1]}: "
                                        "one of them was put in, or rewritten and sealed again"]


def _reseal(url: str, entry_id: int, **changes) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            link = next(x for x in list(audit_seal.links(conn)) if x.id == entry_id)
            link = audit_chain.Link(**{**link.__dict__, **changes})
            conn.execute(text("UPDATE audit_log SET actor = :actor, hash = :hash "
                              "WHERE id = :id"),
                         {"actor": link.actor, "hash": audit_chain.seal(link), "id": entry_id})
    finally:
        engine.dispose()


def test_the_last_entries_removed_are_named_against_the_end_kept_at_a_backup(
        standard_db, cli):
    ids = _busy_book(standard_db, cli)
    now = datetime(2026, 10, 1, 12, tzinfo=UTC)
    audit_seal.keep(standard_db.url, backups.folder_for(standard_db.url), now)
    assert cli("check").returncode == 0
    _sql(standard_db.url, "DELETE FROM audit_log WHERE id >= :id", id=ids[-2])
    done = cli("check", "--json")
    assert done.returncode == 1
    kept = f"{now.astimezone():%Y-%m-%d %H:%M}"
    assert [p["message"] for p in done.json["problems"]] == [
        f"the audit trail ends at #{ids[-3]}, but it held entry #{ids[-1]} at the backup "
        f"of {kept}: its last entries were removed"]


def test_the_last_entry_resealed_is_named_against_the_end_kept(standard_db, cli):
    ids = _busy_book(standard_db, cli)
    audit_seal.keep(standard_db.url, backups.folder_for(standard_db.url),
                    datetime(2026, 10, 1, 12, tzinfo=UTC))
    _reseal(standard_db.url, ids[-1], actor="nobody")
    done = cli("check", "--json")
    assert [p["code"] for p in done.json["problems"]] == ["audit_rewritten"]
    assert done.json["problems"][0]["message"].startswith(
        f"audit entry #{ids[-1]} is not the one the trail ended with at the backup of ")


def test_a_trail_rewritten_wholesale_is_counted_past_the_first_breaks(standard_db, cli):
    for n in range(25):
        assert cli("client", "add", f"Client {n}", "--allow-duplicate").returncode == 0
    _sql(standard_db.url, "UPDATE audit_log SET action = 'rewritten'")
    done = cli("check", "--json")
    problems = done.json["problems"]
    assert len(problems) == 21 and problems[-1]["code"] == "audit_more"
    total = len(_ids(standard_db.url))
    assert problems[-1]["message"] == f"and {total - 20} more breaks in the audit trail"


def test_an_old_books_trail_is_sealed_by_its_upgrade_and_goes_on_as_one_chain(
        standard_db, cli):
    ids = _busy_book(standard_db, cli)
    engine = make_engine(standard_db.url)
    with engine.connect() as conn, foreign_keys_off(conn), conn.begin():
        command.downgrade(alembic_config(conn), "0008")
    engine.dispose()
    columns = query(standard_db.url, "SELECT * FROM audit_log LIMIT 1")
    assert len(columns[0]) == 8  # no seals: the trail of a book from before them
    assert cli("list", "rooms").returncode == 0  # opening upgrades it
    done = cli("check", "--json")
    assert done.returncode == 0, done
    assert f"the audit trail's seals ({len(ids)} entries)" in done.json["checked"]
    assert cli("client", "add", "Someone New").returncode == 0  # the chain goes on
    done = cli("check", "--json")
    assert done.returncode == 0, done
    assert f"the audit trail's seals ({len(ids) + 1} entries)" in done.json["checked"]


@pytest.mark.slow
def test_writers_at_once_leave_one_unbroken_chain(standard_db, cli, cli_env, tmp_path):
    """Desks writing at the same moment (each its own process): every entry follows the one
    before it, none is lost, whatever order their transactions took."""
    start = len(_ids(standard_db.url))
    for round_ in range(2):
        commands = [["client", "add", f"Racer {round_}{n}", "--allow-duplicate"]
                    for n in range(4)]
        commands += [["book", "--new-client", f"Walker {round_}{n}", "--allow-duplicate",
                      "--service", "Swedish 60", "--start", f"2026-10-0{5 + round_} {hour}",
                      "--therapist", "Ana"] for n, hour in enumerate(("10:00", "13:00"))]
        results = together(tmp_path, cli_env, commands)
        assert [r.returncode for r in results] == [0] * len(commands), results
    rows = query(standard_db.url, "SELECT id, prev_hash, hash FROM audit_log ORDER BY id")
    assert len(rows) == start + 2 * (4 + 2 * 2)  # a booking with a new client: two entries
    assert all(later[1] == earlier[2] for earlier, later in pairwise(rows))
    done = cli("check")
    assert done.returncode == 0, done


@pytest.mark.sqlite_only("restores an SQLite book")
def test_each_backup_keeps_the_end_and_a_restore_starts_it_again(standard_db, cli):
    ids = _busy_book(standard_db, cli)
    saved = cli("backup", "--json").json["file"]
    seal = backups.folder_for(standard_db.url) / audit_seal.NAME
    assert json.loads(seal.read_text())["id"] == ids[-1]
    assert cli("client", "add", "Later Client").returncode == 0  # past the end kept: fine
    assert cli("check").returncode == 0
    assert cli("backup").returncode == 0
    assert json.loads(seal.read_text())["id"] == ids[-1] + 1
    assert cli("restore", saved).returncode == 0  # the trail is the first backup's again
    assert json.loads(seal.read_text())["id"] == ids[-1]
    done = cli("check")
    assert done.returncode == 0, done
    _sql(standard_db.url, "DELETE FROM audit_log WHERE id = :id", id=ids[-1])
    assert "its last entries were removed" in cli("check").stdout
