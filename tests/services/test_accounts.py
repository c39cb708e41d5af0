"""Staff accounts and what the services let each role do (on the suite's engine).

Passwords are real argon2id hashes (about a quarter of a second each here), so each test
makes only the accounts it needs.
"""

from __future__ import annotations

from datetime import UTC

import pytest
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.domain.access import Role, Staff
from frontdesk.domain.errors import BadInput, Forbidden
from frontdesk.domain.status import Status
from frontdesk.services import accounts, admin, client_cards, client_record, waitlist
from frontdesk.services.booking import Bookings
from tests.cli.conftest import table_contents
from tests.helpers import NOW, request

MANAGER_PW, DESK_PW, TOM_PW = "manager-pw-1", "desk-pw-12", "therapist-1"


@pytest.fixture
def staffed(db, clinic):
    """The test clinic with a manager (Maria), a desk (Dana) and Ana's account (Tom);
    nobody signed in."""
    accounts.add(db, "Maria", Role.MANAGER, MANAGER_PW, now=lambda: NOW)
    db.staff = Staff("Maria", Role.MANAGER)
    accounts.add(db, "Dana", Role.DESK, DESK_PW, now=lambda: NOW)
    accounts.add(db, "Tom", Role.THERAPIST, TOM_PW, therapist_id=clinic["Ana"], now=lambda: NOW)
    db.staff = None
    return clinic


def test_the_first_account_must_be_a_managers_and_starts_the_sign_in(db, clinic):
    with pytest.raises(BadInput, match="first account must be a manager"):
        accounts.add(db, "Dana", Role.DESK, DESK_PW)
    made = accounts.add(db, "Maria", Role.MANAGER, MANAGER_PW, now=lambda: NOW)
    assert (made.name, made.role) == ("Maria", Role.MANAGER)
    # From now on a change needs someone signed in.
    with pytest.raises(Forbidden, match="sign in first"):
        admin.add_room(db, "Oak")
    with pytest.raises(Forbidden, match="sign in first"):
        accounts.add(db, "Dana", Role.DESK, DESK_PW)
    with db.read() as session:
        entry = session.scalars(select(m.AuditEntry).where(
            m.AuditEntry.entity == "staff_accounts")).one()
    assert entry.actor == "Maria"
    assert "password_hash" not in entry.after and MANAGER_PW not in str(entry.after)


def test_passwords_are_kept_as_argon2id_hashes_only(db, staffed):
    with db.read() as session:
        rows = session.scalars(select(m.StaffAccount)).all()
        trail = [str(e.after) + str(e.before) for e in session.scalars(select(m.AuditEntry))]
    assert {r.name for r in rows} == {"Maria", "Dana", "Tom"}
    for row in rows:
        assert row.password_hash.startswith("$argon2id$")
        assert not any(pw in row.password_hash for pw in (MANAGER_PW, DESK_PW, TOM_PW))
    assert not any("$argon2" in t or DESK_PW in t for t in trail)


def test_sign_in_checks_the_password_and_names_are_found_in_any_case(db, staffed):
    with pytest.raises(Forbidden, match=r"^wrong name or password"):
        accounts.sign_in(db, "Dana", "not-her-password")
    assert db.staff is None
    with pytest.raises(Forbidden, match=r"^wrong name or password"):
        accounts.sign_in(db, "Nobody", DESK_PW)
    staff = accounts.sign_in(db, "  dana ", DESK_PW)
    assert staff == Staff("Dana", Role.DESK) == db.staff
    tom = accounts.sign_in(db, "TOM", TOM_PW)
    assert (tom.role, tom.therapist_id) == (Role.THERAPIST, staffed["Ana"])


def test_account_names_are_unique_whatever_their_case(db, staffed):
    db.staff = Staff("Maria", Role.MANAGER)
    with pytest.raises(BadInput, match="already an account"):
        accounts.add(db, "DANA", Role.DESK, DESK_PW)
    with pytest.raises(BadInput, match="--therapist"):
        accounts.add(db, "Ben", Role.THERAPIST, DESK_PW)


def test_only_a_manager_adds_accounts_or_lists_them(db, staffed):
    accounts.sign_in(db, "Dana", DESK_PW)
    with pytest.raises(Forbidden, match=r"Dana \(desk\) may not manage staff accounts"):
        accounts.add(db, "Eve", Role.DESK, DESK_PW)
    with pytest.raises(Forbidden), db.read() as session:
        accounts.accounts(session)
    accounts.sign_in(db, "Maria", MANAGER_PW)
    with db.read() as session:
        listed = accounts.accounts(session)
    assert [(a.name, a.role, a.therapist) for a in listed] == [
        ("Dana", Role.DESK, ""), ("Maria", Role.MANAGER, ""), ("Tom", Role.THERAPIST, "Ana")]


def test_a_password_is_changed_by_its_owner_or_a_manager(db, staffed):
    accounts.sign_in(db, "Dana", DESK_PW)
    accounts.set_password(db, "Dana", "new-desk-pw")
    with pytest.raises(Forbidden):
        accounts.set_password(db, "Tom", "hijacked-pw")
    with pytest.raises(Forbidden):
        accounts.sign_in(db, "Dana", DESK_PW)
    accounts.sign_in(db, "Dana", "new-desk-pw")
    accounts.sign_in(db, "Maria", MANAGER_PW)
    accounts.set_password(db, "Tom", "reset-by-maria")
    assert accounts.sign_in(db, "Tom", "reset-by-maria").name == "Tom"


def test_the_desk_may_not_change_the_set_up_and_nothing_changes(db, staffed, copy_db):
    accounts.sign_in(db, "Dana", DESK_PW)
    before = table_contents(copy_db(db))
    with pytest.raises(Forbidden, match="may not change the clinic's set-up"):
        admin.add_room(db, "Oak")
    with pytest.raises(Forbidden):
        admin.save_clinic(db, name="Renamed", timezone="America/New_York", country="US",
                          slot_minutes=15)
    assert table_contents(copy_db(db)) == before


def test_changes_are_recorded_under_the_signed_in_name(db, staffed):
    accounts.sign_in(db, "Dana", DESK_PW)
    appt = Bookings(db, "Dana", lambda: NOW).book(request(staffed, "2026-10-05 10:00"))
    with db.read() as session:
        entry = session.scalars(select(m.AuditEntry).where(
            m.AuditEntry.entity == "appointments", m.AuditEntry.entity_id == appt.id)).one()
    assert entry.actor == "Dana"


def test_a_therapist_sets_their_own_visits_status_and_nothing_else(db, staffed):
    accounts.sign_in(db, "Dana", DESK_PW)
    desk = Bookings(db, "Dana", lambda: NOW)
    ana_visit = desk.book(request(staffed, "2026-10-01 09:00", therapist="Ana"))
    ben_visit = desk.book(request(staffed, "2026-10-01 10:00", therapist="Ben",
                                  client="Zoë Brontë"))
    accounts.sign_in(db, "Tom", TOM_PW)
    tom = Bookings(db, "Tom", lambda: NOW)
    assert tom.set_status(ana_visit.id, Status.ARRIVED).status == Status.ARRIVED
    with pytest.raises(Forbidden, match="only for their own"):
        tom.set_status(ben_visit.id, Status.ARRIVED)
    with pytest.raises(Forbidden, match="may not book, move or cancel"):
        tom.cancel(ana_visit.id, "ill")
    with pytest.raises(Forbidden, match="may not book"):
        tom.book(request(staffed, "2026-10-05 11:00"))
    with pytest.raises(Forbidden):
        waitlist.add(db, waitlist.Wish(client_id=staffed["José Núñez"],
                                       service_id=staffed["Swedish 60"]))
    with pytest.raises(Forbidden, match="may not add, merge"):
        client_cards.add(db, "New Person")
    with db.read() as session:
        assert session.get(m.Appointment, ben_visit.id).status == Status.BOOKED.value


def test_a_therapist_edits_notes_of_their_own_clients_only(db, staffed):
    accounts.sign_in(db, "Dana", DESK_PW)
    Bookings(db, "Dana", lambda: NOW).book(request(staffed, "2026-10-05 10:00",
                                                   therapist="Ana"))
    accounts.sign_in(db, "Tom", TOM_PW)
    jose, zoe = staffed["José Núñez"], staffed["Zoë Brontë"]

    def edit(client_id, **change):
        with db.read() as session:
            rec = client_record.record(session, client_id, UTC, limit=0)
        fields = dict(name=rec.name, phone=rec.phone, email=rec.email, notes=rec.notes,
                      alert=rec.alert, flags=list(rec.flags)) | change
        client_record.update_client(db, client_id, **fields)

    edit(jose, notes="prefers firm pressure", flags=["diabetes"])
    with pytest.raises(Forbidden, match="only for their own"):
        edit(zoe, notes="not my client")
    with pytest.raises(Forbidden, match="contact details"):
        edit(jose, phone="+1 212 555 0199")
    with db.read() as session:
        assert session.get(m.Client, jose).notes == "prefers firm pressure"
        assert session.get(m.Client, zoe).notes == ""


def test_a_change_slipping_past_the_services_is_still_refused_before_it_is_written(db, staffed):
    """The last check (frontdesk.db.signed) reads what the audit entries say is changing."""
    accounts.sign_in(db, "Dana", DESK_PW)
    with pytest.raises(Forbidden, match="may not change the clinic's set-up"), \
            db.write() as session:
        session.get(m.Room, staffed["Cedar"]).name = "Renamed"
        session.add(m.AuditEntry(at=NOW, actor="Dana", action="update", entity="rooms",
                                 entity_id=staffed["Cedar"]))
    with db.read() as session:
        assert session.get(m.Room, staffed["Cedar"]).name == "Cedar"


def test_a_book_without_accounts_works_as_before(db, clinic):
    admin.add_room(db, "Oak")
    Bookings(db, "tester", lambda: NOW).book(request(clinic, "2026-10-05 10:00"))
    with db.read() as session:
        assert not accounts.has_accounts(session)


# -- what a therapist may see ------------------------------------------------------------

@pytest.fixture
def two_clients(db, staffed):
    """José has a visit with Ana (Tom's), Zoë only with Ben; both carry an alert, notes and
    a contraindication, and each visit a note. Signed in: nobody."""
    accounts.sign_in(db, "Maria", MANAGER_PW)
    for name in ("José Núñez", "Zoë Brontë"):
        with db.read() as session:
            rec = client_record.record(session, staffed[name], UTC, limit=0)
        client_record.update_client(db, staffed[name], name=rec.name, phone=rec.phone,
                                    email="", notes=f"notes on {name}",
                                    alert=f"alert on {name}", flags=["pregnancy"])
    desk = Bookings(db, "Maria", lambda: NOW)
    ana = desk.book(request(staffed, "2026-10-05 09:00", "Deep Tissue 60", therapist="Ana",
                            notes="Ana's visit note", acknowledge=True))
    ben = desk.book(request(staffed, "2026-10-05 11:00", "Deep Tissue 60", therapist="Ben",
                            client="Zoë Brontë", notes="Ben's visit note", acknowledge=True))
    db.staff = None
    return ana, ben


def test_a_therapist_reads_other_therapists_clients_without_their_details(db, staffed,
                                                                          two_clients):
    from frontdesk.services import agenda, clients, schedule
    from frontdesk.services.catalog import load_catalog
    from tests.helpers import TZ

    ana_visit, ben_visit = two_clients
    jose, zoe = staffed["José Núñez"], staffed["Zoë Brontë"]
    accounts.sign_in(db, "Tom", TOM_PW)
    with db.read() as session:
        day = {v.id: v for v in schedule.days(session, ana_visit.start.date(), 1, TZ)}
        mine, theirs = day[ana_visit.id], day[ben_visit.id]
        assert (mine.client_alert, mine.client_flagged, mine.notes) == (
            "alert on José Núñez", True, "Ana's visit note")
        assert (theirs.client, theirs.client_alert, theirs.client_flagged, theirs.notes) == (
            "Zoë Brontë", "", False, "")
        assert schedule.appointment(session, ben_visit.id).notes == ""
        assert schedule.by_ids(session, [ben_visit.id])[ben_visit.id].client_alert == ""
        own = client_record.record(session, jose, TZ)
        other = client_record.record(session, zoe, TZ)
        assert (own.withheld, own.notes, own.flag_names) == (
            False, "notes on José Núñez", ("pregnancy",))
        assert (other.withheld, other.notes, other.alert, other.flags) == (True, "", "", ())
        assert other.phone and other.history[0].notes == ""  # the contact stays
        found = {c.id: c for c in clients.search(session, "Zo")}
        assert (found[zoe].alert, found[zoe].flags) == ("", ())
        assert clients.card(session, jose).alert == "alert on José Núñez"
        assert clients.flags_of(session, zoe) == []
        bens_day = agenda.agenda(session, load_catalog(session), staffed["Ben"],
                                 ana_visit.start.date())
        item = next(i for i in bens_day.items if i.appointment.id == ben_visit.id)
        assert (item.client_alert, item.client_notes, item.flags) == ("", "", ())


def test_the_desk_and_the_manager_see_every_clients_details(db, staffed, two_clients):
    from frontdesk.services import schedule
    from tests.helpers import TZ

    _ana_visit, ben_visit = two_clients
    for who, password in (("Dana", DESK_PW), ("Maria", MANAGER_PW)):
        accounts.sign_in(db, who, password)
        with db.read() as session:
            theirs = schedule.appointment(session, ben_visit.id)
            rec = client_record.record(session, staffed["Zoë Brontë"], TZ)
        assert (theirs.client_alert, theirs.notes) == ("alert on Zoë Brontë", "Ben's visit note")
        assert not rec.withheld and rec.notes == "notes on Zoë Brontë"
