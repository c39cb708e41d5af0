"""The audit trail's chain as the services write it, on the suite's engine: every entry
sealed as it is added, in one line however many desks write at once."""

from __future__ import annotations

import threading

from frontdesk.db import models as m
from frontdesk.domain import audit_chain
from frontdesk.services import audit, audit_seal
from tests.helpers import NOW

WRITERS, ROUNDS = 6, 3


def _breaks(db) -> tuple[list, int]:
    tip = audit_chain.Tip()
    with db.read() as session:
        found = list(audit_chain.verify(audit_seal.links(session.connection()), tip=tip))
    return found, tip.entries


def test_writers_let_go_at_once_keep_one_chain(db):
    """Each round, every writer opens its transaction and waits for the others before its
    first statement, so all of them ask for the trail's end at the same moment: each must
    still follow the entry committed before it (the end is read under the lock that orders
    the trail), or two entries would follow one and the chain would fork."""
    gate = threading.Barrier(WRITERS, timeout=60)
    failures: list[BaseException] = []

    def write(k: int) -> None:
        try:
            for n in range(ROUNDS):
                with db.write() as session:
                    gate.wait()
                    audit.record(session, actor=f"desk {k}", at=NOW, action="note",
                                 entity="clinic", entity_id=n, before={"round": n})
                    audit.record(session, actor=f"desk {k}", at=NOW, action="note",
                                 entity="clinic", entity_id=n, before={"again": n})
        except BaseException as error:  # reported below, in the test's own thread
            failures.append(error)
            gate.abort()

    threads = [threading.Thread(target=write, args=(k,)) for k in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures
    found, entries = _breaks(db)
    assert found == []
    assert entries == WRITERS * ROUNDS * 2


def test_an_entry_added_directly_is_sealed_too(db):
    with db.write() as session:
        audit.add(session, m.AuditEntry(at=NOW, actor="x" * 120, action="note",
                                        entity="clinic", entity_id=None,
                                        before=None, after={"list": (1, 2)}))
    with db.read() as session:
        entry = session.query(m.AuditEntry).one()
        assert entry.actor == "x" * 100 and entry.after == {"list": [1, 2]}
        assert entry.hash == audit_chain.seal(audit.link(entry))
    assert _breaks(db) == ([], 1)


def test_a_rolled_back_savepoint_leaves_no_link_behind(db):
    """A series books each visit in a savepoint; a refused one's entry goes with it, and
    the next entry follows the last one kept."""
    with db.write() as session:
        audit.record(session, actor="t", at=NOW, action="note", entity="clinic", entity_id=1)
        nested = session.begin_nested()
        audit.record(session, actor="t", at=NOW, action="note", entity="clinic", entity_id=2)
        session.flush()
        nested.rollback()
        audit.record(session, actor="t", at=NOW, action="note", entity="clinic", entity_id=3)
    assert _breaks(db) == ([], 2)


def _erase_after(db, clinic, book, tamper=None) -> None:
    """José booked and the end kept beside the backups; optionally ``tamper(session)`` with
    the trail; then José erased."""
    from frontdesk.services import backups, erasure

    book("2026-10-05 10:00", client="José Núñez")
    book("2026-10-05 13:00", client="Zoë Brontë")
    audit_seal.keep(db.url, backups.folder_for(db.url), NOW)
    if tamper is not None:
        with db.write() as session:
            tamper(session)
    erasure.erase(db, clinic["José Núñez"], actor="manager", now=lambda: NOW)


def test_an_erasure_seals_the_trail_again_and_check_still_passes(db, clinic, book):
    from frontdesk.services import book_check

    _erase_after(db, clinic, book)
    report = book_check.check(db.url)
    assert report.sound, report.problems
    with db.read() as session:
        note = session.query(m.AuditEntry).filter_by(action=audit.RESEALED).one()
    assert note.after["breaks_before"] == 0 and note.after["rewritten"] >= 1
    assert _breaks(db)[0] == []


def test_an_erasure_does_not_hide_an_earlier_edit(db, clinic, book):
    from sqlalchemy import text

    from frontdesk.services import book_check

    def tamper(session):  # Zoë's booking, recorded after José's first entry, edited
        session.execute(text("UPDATE audit_log SET actor = 'nobody' "
                             "WHERE id = (SELECT max(id) FROM audit_log)"))

    _erase_after(db, clinic, book, tamper)
    report = book_check.check(db.url)
    assert [b.code for b in report.problems] == ["audit_resealed"]
    assert "over 1 break it had then" in report.problems[0].message
