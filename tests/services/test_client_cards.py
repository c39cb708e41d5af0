"""Client cards: the duplicate check on every way in, finding a card by its number,
deactivating and merging (frontdesk.services.client_cards)."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, text

from frontdesk.db import models as m
from frontdesk.domain.errors import BadInput, Refused
from frontdesk.services import client_cards, clients, waitlist
from frontdesk.services.booking import NewClient
from frontdesk.services.client_cards import DuplicateClient
from tests.helpers import NOW, request


@pytest.fixture
def book(bookings, clinic):
    def do(when: str, **kw):
        kw.setdefault("therapist", None)
        kw.setdefault("room", None)
        return bookings.book(request(clinic, when, **kw))
    return do


def add(db, name, **kw):
    return client_cards.add(db, name, actor="tester", now=lambda: NOW, **kw)


def count(db, model) -> int:
    with db.read() as s:
        return len(s.scalars(select(model)).all())


def test_booking_the_same_new_client_twice_is_refused_naming_the_card(db, clinic, book):
    jana = NewClient("Jana Novak", phone="646 555 0199")
    first = book("2026-10-05 10:00", client=None, new_client=jana)
    before = count(db, m.Client)
    with pytest.raises(DuplicateClient) as refused:
        book("2026-10-06 10:00", client=None, new_client=jana)
    assert isinstance(refused.value, BadInput) and refused.value.exit_code == 2
    assert f"Jana Novak #{first.client_id} (same phone)" in str(refused.value)
    assert [d.id for d in refused.value.matches] == [first.client_id]
    assert count(db, m.Client) == before  # nothing written
    again = book("2026-10-06 10:00", client=None,
                 new_client=NewClient("Jana Novak", "646 555 0199", allow_duplicate=True))
    assert again.client_id != first.client_id


def test_duplicates_by_phone_in_any_format_email_in_any_case_and_similar_name(db, clinic):
    jana = add(db, "Jana Novak", phone="646 555 0199", email="Jana@Example.com")
    with db.read() as s:
        by_phone = client_cards.duplicates_of(s, "Someone Else", "+1 (646) 555-0199")
        by_email = client_cards.duplicates_of(s, "Someone Else", email="jana@EXAMPLE.com ")
        by_name = client_cards.duplicates_of(s, "Novak, Jana")
        by_slip = client_cards.duplicates_of(s, "Jana Nowak")
        by_all = client_cards.duplicates_of(s, "Jana Nowak", "6465550199", "jana@example.com")
        itself = client_cards.duplicates_of(s, "Jana Novak", "646 555 0199",
                                            exclude_id=jana.id)
        none = client_cards.duplicates_of(s, "Jan Novak", "646 555 0100", "jan@example.com")
    assert [(d.id, d.reason) for d in by_phone] == [(jana.id, "same phone")]
    assert [(d.id, d.reason) for d in by_email] == [(jana.id, "same e-mail")]
    assert [(d.id, d.reason) for d in by_name] == [(jana.id, "similar name")]
    assert [(d.id, d.reason) for d in by_slip] == [(jana.id, "similar name")]
    assert [(d.id, d.reason) for d in by_all] == [(jana.id, "same phone")]
    assert itself == [] and none == []


def test_adding_a_duplicate_card_is_refused_unless_allowed(db, clinic):
    add(db, "Jana Novak", phone="646 555 0199")
    with pytest.raises(DuplicateClient, match="Jana Novak #"):
        add(db, "jana novák")
    other = add(db, "jana novák", allow_duplicate=True)
    assert other.name == "jana novák"


@pytest.mark.sqlite_only("reads SQLite's EXPLAIN QUERY PLAN")
def test_the_duplicate_check_reads_indexes_only(db, clinic):
    """Fast on 100,000 cards: every statement is an index search, never a table scan."""
    statements = []

    def seen(conn, cursor, statement, params, context, many):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        with db.read() as s:
            client_cards.duplicates_of(s, "Jana Novak", "646 555 0199", "jana@example.com")
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert len(statements) >= 4
    with db.engine.connect() as conn:
        for statement, params in statements:
            plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params).all()
            scans = [row[-1] for row in plan if row[-1].startswith("SCAN")]
            assert not scans, (statement, plan)


def test_a_card_is_found_by_its_number_with_or_without_hash(db, clinic):
    zora = add(db, "Zora Adams", phone="718 555 0177")
    with db.read() as s:
        assert clients.resolve(s, f"#{zora.id}").id == zora.id
        assert clients.resolve(s, f"{zora.id}").id == zora.id
        assert clients.resolve(s, "0177").id == zora.id  # phone digits still work
        with pytest.raises(BadInput, match="no client #9999"):
            clients.resolve(s, "#9999")


def test_a_deactivated_card_leaves_searches_but_keeps_its_number(db, clinic, book):
    zora = add(db, "Zora Adams", phone="718 555 0177")
    book("2026-10-05 10:00", client=zora.id)
    client_cards.set_active(db, zora.id, False, actor="tester", now=lambda: NOW)
    with db.read() as s:
        assert clients.search(s, "zora") == []
        assert clients.search(s, "0177") == []
        assert clients.resolve(s, f"#{zora.id}").id == zora.id
        assert [c.active for c in clients.search(s, f"#{zora.id}")] == [False]
        assert client_cards.duplicates_of(s, "Zora Adams", "718 555 0177") == []
        entries = s.scalars(select(m.AuditEntry.action).where(
            m.AuditEntry.entity == "clients", m.AuditEntry.entity_id == zora.id)).all()
    assert "deactivate" in entries
    client_cards.set_active(db, zora.id, True, actor="tester", now=lambda: NOW)
    with db.read() as s:
        assert [c.id for c in clients.search(s, "zora")] == [zora.id]


def test_two_cards_alike_are_told_apart_by_number_and_a_deactivated_one_is_named(db,
                                                                                 clinic):
    one = add(db, "Jana Novak", phone="646 555 0199")
    two = add(db, "Jana Novak", phone="646 555 0199", allow_duplicate=True)
    with db.read() as s:
        with pytest.raises(BadInput) as asked:
            clients.resolve(s, "0199")
        assert f"#{one.id} Jana Novak" in str(asked.value)
        assert f"#{two.id} Jana Novak" in str(asked.value)
        assert "card number" in str(asked.value)
    client_cards.set_active(db, two.id, False, actor="tester", now=lambda: NOW)
    client_cards.set_active(db, one.id, False, actor="tester", now=lambda: NOW)
    with db.read() as s, pytest.raises(BadInput,
                                       match=r"Jana Novak \(#\d+\) is deactivated"):
        clients.resolve(s, "jana  novak")


def test_merge_moves_visits_waitlist_phones_flags_and_keeps_the_number(db, clinic, book):
    kept = add(db, "Jana Novak", phone="646 555 0199", notes="Prefers Ana",
               flags=("pregnancy",))
    gone = add(db, "Jana Nowak", phone="917 555 0123", email="jana@example.com",
               notes="Allergic to almond oil", alert="Latex allergy",
               flags=("pregnancy", "diabetes"), allow_duplicate=True)
    visit = book("2026-10-05 10:00", client=gone.id)
    waitlist.add(db, waitlist.Wish(gone.id, clinic["Swedish 60"]), actor="tester",
                 now=lambda: NOW)
    done = client_cards.merge(db, kept.id, gone.id, actor="tester", now=lambda: NOW)
    assert (done.appointments, done.waitlist, done.phones, done.flags) == (1, 1, 1, 1)
    with db.read() as s:
        card = s.get(m.Client, kept.id)
        assert [p.e164 for p in card.phones] == ["+16465550199", "+19175550123"]
        assert sorted(f.flag for f in card.flags) == ["diabetes", "pregnancy"]
        assert card.email == "jana@example.com"
        assert "Prefers Ana" in card.notes and "Allergic to almond oil" in card.notes
        assert card.alert == "Latex allergy"
        appt = s.get(m.Appointment, visit.id)
        assert appt.client_id == kept.id and appt.version == visit.version + 1
        assert s.scalars(select(m.WaitlistEntry.client_id)).all() == [kept.id]
        old = s.get(m.Client, gone.id)
        assert (old.active, old.merged_into_id) == (False, kept.id)
        assert clients.resolve(s, f"#{gone.id}").id == kept.id
        actions = set(s.scalars(select(m.AuditEntry.action).where(
            m.AuditEntry.action.in_(["merge", "merged", "merge client"]))))
    assert actions == {"merge", "merged", "merge client"}


def test_merge_refusals(db, clinic, book):
    kept = add(db, "Jana Novak", phone="646 555 0199")
    gone = add(db, "Jana Nowak", allow_duplicate=True)
    off = add(db, "Otto Off")
    client_cards.set_active(db, off.id, False, actor="tester", now=lambda: NOW)
    with pytest.raises(BadInput, match="itself"):
        client_cards.merge(db, kept.id, kept.id)
    with pytest.raises(BadInput, match="not an active card"):
        client_cards.merge(db, off.id, gone.id)
    book("2026-10-05 10:00", client=kept.id, therapist="Ana", room="Cedar")
    clash = book("2026-10-05 10:30", client=gone.id, therapist="Ben", room="Willow")
    with pytest.raises(Refused, match="same time"):
        client_cards.merge(db, kept.id, gone.id)
    with db.read() as s:
        assert s.get(m.Client, gone.id).merged_into_id is None
        assert s.get(m.Appointment, clash.id).client_id == gone.id
    with db.write() as s:  # the clash cancelled: the merge goes through, once
        s.execute(text("UPDATE appointments SET status = 'cancelled' WHERE id = :a"),
                  {"a": clash.id})
    client_cards.merge(db, kept.id, gone.id)
    with pytest.raises(BadInput, match="already merged"):
        client_cards.merge(db, kept.id, gone.id)
    with pytest.raises(BadInput, match="not an active card"):
        client_cards.merge(db, gone.id, off.id)
