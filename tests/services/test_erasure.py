"""Erasing a client's data (frontdesk.domain.erasure's rule, applied by services.erasure), on
the suite's engine: the card becomes a number, past visits stay as counts without notes, the
visit to come is cancelled, the waitlist entry goes, and no audit entry keeps what was erased.
Zoë's story is tests/client_story.py."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.db.migrate import sqlite_path
from frontdesk.domain import erasure as rule
from frontdesk.domain.errors import Refused
from frontdesk.domain.status import Status
from frontdesk.services import book_check, clients, erasure
from frontdesk.services.booking import Bookings
from frontdesk.services.client_record import record
from tests.client_story import LATER, SECRETS, zoe_story
from tests.helpers import TZ, local, request


@pytest.fixture
def story(db, clinic):
    return zoe_story(db, clinic)


def _everything(db) -> str:
    """Every row of every table the client's data could be in, and the whole audit trail,
    as text (JSON without escapes, so "Zoë" is "Zoë")."""
    with db.read() as s:
        rows = []
        for model in (m.Client, m.ClientPhone, m.ClientFlag, m.Appointment, m.WaitlistEntry,
                      m.AuditEntry):
            for row in s.scalars(select(model)):
                rows.append({c.key: getattr(row, c.key) for c in model.__mapper__.column_attrs})
    return json.dumps(rows, ensure_ascii=False, default=str)


def test_the_story_holds_her_data_everywhere_before_the_erase(db, story):
    text = _everything(db)
    assert all(s in text for s in SECRETS), [s for s in SECRETS if s not in text]


def test_erasing_keeps_a_numbered_card_and_past_visits_as_counts(db, story):
    with db.read() as s:
        counted = record(s, story.zoe, TZ, now=LATER).counts
    done = erasure.erase(db, story.zoe, actor="manager", now=lambda: LATER)
    assert (done.cards, done.cancelled, done.waitlist) == (
        (story.zoe, story.old_card), (story.visits["20"],), 1)
    with db.read() as s:
        for card_id in (story.zoe, story.old_card):
            card = s.get(m.Client, card_id)
            assert (card.name, card.email, card.email_key, card.notes, card.alert,
                    card.phones, card.flags, card.active) == (
                rule.erased_name(card_id), None, None, "", "", [], [], False)
        after = record(s, story.zoe, TZ, now=LATER)
        visits = {k: s.get(m.Appointment, v) for k, v in story.visits.items()}
        assert not s.scalars(select(m.WaitlistEntry)).all()
    # The counts stay, but for the visit to come, now cancelled.
    assert (after.counts.visits, after.counts.total, after.counts.cancelled) == (
        counted.visits, counted.total, counted.cancelled + 1)
    assert (visits["05"].status, visits["05"].notes) == (Status.COMPLETED.value, "")
    assert (visits["06"].status, visits["06"].cancel_reason) == (Status.CANCELLED.value,
                                                                 rule.MARK)
    assert (visits["20"].status, visits["20"].cancel_reason, visits["20"].notes) == (
        Status.CANCELLED.value, rule.CANCEL_REASON, "")
    assert visits["21"] is None  # withdrawn before: it stays out of the book
    # José's visit booked over hers named her; it names the number now.
    assert rule.erased_name(story.zoe) in visits["jose"].overridden
    assert visits["jose"].override_reason == "Ana takes two at once for a training day"


def test_nothing_she_told_the_desk_remains_in_the_book_or_its_audit_trail(db, story):
    erasure.erase(db, story.zoe, actor="manager", now=lambda: LATER)
    text = _everything(db)
    assert not [s for s in SECRETS if s in text]
    with db.read() as s:
        entry = s.scalars(select(m.AuditEntry).where(
            m.AuditEntry.entity == "clients", m.AuditEntry.entity_id == story.zoe,
            m.AuditEntry.action == "erase")).one()
    assert entry.actor == "manager"
    assert entry.before["name"] == rule.MARK and entry.before["phones"] == [rule.MARK]
    assert entry.after["name"] == rule.erased_name(story.zoe)
    assert entry.after["erase"]["cancelled"] == [story.visits["20"]]


def test_her_name_and_phone_find_no_card_and_the_book_still_holds_together(db, story):
    erasure.erase(db, story.zoe, actor="manager", now=lambda: LATER)
    with db.read() as s:
        assert clients.search(s, "Zoë") == [] and clients.search(s, "917 555 0102") == []
        assert clients.search(s, f"#{story.zoe}")[0].name == rule.erased_name(story.zoe)
    report = book_check.check(db.url)
    assert report.sound, report.problems


@pytest.mark.sqlite_only("the book's own file")
def test_the_book_file_keeps_no_bytes_of_what_was_erased(db, story):
    """SQLite zeroes what it frees (secure_delete) and the write-ahead log is emptied into
    the book after an erase: the data is not in the file, only unreadable to the program."""
    erasure.erase(db, story.zoe, actor="manager", now=lambda: LATER)
    db.close()
    book = sqlite_path(db.url)
    assert book is not None
    raw = b"".join(p.read_bytes() for p in book.parent.glob(f"{book.name}*")
                   if not p.name.endswith("-lock"))
    assert not [s for s in SECRETS if s.encode() in raw]


def test_a_visit_under_way_refuses_the_erase_and_nothing_changes(db, clinic, story):
    start = local("2026-10-10 10:00")
    during = start + timedelta(minutes=20)
    arriving = Bookings(db, actor="desk", now=lambda: LATER).book(
        request(clinic, start, "Swedish 60", client=story.zoe, room="Willow"))
    Bookings(db, actor="desk", now=lambda: during).set_status(arriving.id, Status.ARRIVED)
    before = _everything(db)
    with pytest.raises(Refused) as refused:
        erasure.erase(db, story.zoe, actor="manager", now=lambda: during)
    assert "close it" in str(refused.value) and f"#{arriving.id}" in str(refused.value)
    assert _everything(db) == before
    with db.read() as s:
        assert erasure.preview(s, story.zoe, during).under_way == (arriving.id,)


def test_the_preview_says_what_the_erase_will_do(db, story):
    with db.read() as s:
        plan = erasure.preview(s, story.zoe, LATER)
    assert (plan.cards, plan.kept, plan.to_cancel, plan.waitlist, plan.under_way) == (
        (story.zoe, story.old_card), 2, (story.visits["20"],), 1, ())
    assert "2 past visits kept as counts" in plan.describe()
    assert "1 visit to come cancelled" in plan.describe()


def test_her_web_bookings_keep_what_happened_but_not_who(db, story, tmp_path):
    from tests.client_story import web_bookings

    assert web_bookings(db, tmp_path) == {"901": "booked", "902": "refused", "903": "booked"}
    with db.read() as s:
        assert erasure.preview(s, story.zoe, LATER).web == 2
    done = erasure.erase(db, story.zoe, actor="manager", now=lambda: LATER)
    assert done.web == 2 and done.as_json()["web_bookings_cleared"] == 2
    with db.read() as s:
        rows = {w.web_id: w for w in s.scalars(select(m.WebBooking))}
    for web_id in ("901", "902"):
        assert (rows[web_id].customer, rows[web_id].phone, rows[web_id].email) == (
            rule.erased_name(story.zoe), "", "")
    assert rows["902"].state == "refused" and rows["902"].reason
    assert "Zo" not in rows["902"].reason, rows["902"].reason
    assert (rows["903"].customer, rows["903"].phone) == ("José Núñez", "212 555 0101")
    text = json.dumps([{c.key: getattr(r, c.key) for c in m.WebBooking.__mapper__.column_attrs}
                       for r in rows.values()], ensure_ascii=False, default=str)
    assert not [x for x in (*SECRETS, "Zoë", "Zoe B", "555-0102") if x in text]
