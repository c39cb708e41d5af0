"""A therapist's day agenda: order, client details, free gaps, DST days, cancelled visits.

Ana works every day 09:00-17:00 with a break 12:00-12:30 (tests/helpers.py); 2026-10-05 is
a Monday. The DST tests give her a night shift 00:00-06:00 on the two Sundays so the hour
that happens twice (2026-11-01) and the one that is skipped (2027-03-14) fall inside it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import event, select

from frontdesk.db import models as m
from frontdesk.domain.errors import BadInput
from frontdesk.services.agenda import agenda
from frontdesk.services.catalog import load_catalog
from tests.helpers import local

MONDAY = date(2026, 10, 5)
FALL = date(2026, 11, 1)
SPRING = date(2027, 3, 14)


def read(db, therapist_id: int, day: date, **kw):
    with db.read() as s:
        return agenda(s, load_catalog(s), therapist_id, day, **kw)


@pytest.fixture
def monday(db, clinic, book):
    """Three visits booked out of order, one of Ben's, and details on each client."""
    book("2026-10-05 14:00", "Deep Tissue 60", client="Zoë Brontë", room="Willow")
    book("2026-10-05 09:00", "Trigger Point 30", client="李小龍")
    book("2026-10-05 10:00", "Swedish 60", client="José Núñez", notes="wants the back only")
    book("2026-10-05 16:00", "Swedish 60", client="José Núñez", therapist="Ben")
    with db.write() as s:
        s.get(m.Client, clinic["José Núñez"]).notes = "Prefers firm pressure"
        s.get(m.Client, clinic["Zoë Brontë"]).alert = "Latex allergy: use nitrile gloves"
        s.add_all([
            m.ClientFlag(client_id=clinic["José Núñez"], flag="anticoagulants", note="warfarin"),
            m.ClientFlag(client_id=clinic["Zoë Brontë"], flag="pregnancy", note="due in spring"),
            m.ClientFlag(client_id=clinic["Zoë Brontë"], flag="varicose veins"),
        ])
    return clinic


def test_items_in_time_order_with_each_clients_details(db, monday):
    day = read(db, monday["Ana"], MONDAY)
    assert day.therapist.name == "Ana"
    assert [i.appointment.client for i in day.items] == ["李小龍", "José Núñez", "Zoë Brontë"]
    assert [f"{i.start_local:%H:%M}-{i.end_local:%H:%M}" for i in day.items] == [
        "09:00-09:30", "10:00-11:00", "14:00-15:00"]
    assert all(str(i.start_local.tzinfo) == "America/New_York" for i in day.items)
    small, jose, zoe = day.items
    assert small.flags == () and small.client_notes == "" and small.client_alert == ""
    assert jose.flags == (("anticoagulants", "warfarin"),)
    assert jose.client_notes == "Prefers firm pressure"
    assert jose.appointment.notes == "wants the back only"
    assert zoe.flags == (("pregnancy", "due in spring"), ("varicose veins", ""))
    assert zoe.client_alert == "Latex allergy: use nitrile gloves"
    assert day.client_count == 3


def test_shifts_breaks_and_free_gaps(db, monday):
    day = read(db, monday["Ana"], MONDAY)
    assert [(f"{p.start:%H:%M}", f"{p.end:%H:%M}") for p in day.shifts] == [("09:00", "17:00")]
    assert [(f"{p.start:%H:%M}", f"{p.end:%H:%M}") for p in day.breaks] == [("12:00", "12:30")]
    # from the shift's start; after 09:30; 11:00-14:00 less the half-hour break
    assert [i.gap_before_minutes for i in day.items] == [0, 30, 150]
    assert day.free_after_minutes == 120


def test_time_off_on_the_day_is_listed_and_not_free(db, monday):
    with db.write() as s:
        s.add_all([
            m.TimeOff(therapist_id=monday["Ana"], starts_at=local("2026-10-05 15:30"),
                      ends_at=local("2026-10-05 17:00"), reason="dentist"),
            m.TimeOff(therapist_id=monday["Ana"], starts_at=local("2026-10-01 09:00"),
                      ends_at=local("2026-10-02 17:00"), reason="earlier"),
        ])
    day = read(db, monday["Ana"], MONDAY)
    assert [(f"{p.start:%H:%M}", f"{p.end:%H:%M}", p.note) for p in day.time_off] == [
        ("15:30", "17:00", "dentist")]
    assert day.free_after_minutes == 30


def test_another_therapist_sees_only_their_own(db, monday):
    day = read(db, monday["Ben"], MONDAY)
    assert [i.appointment.client for i in day.items] == ["José Núñez"]
    assert day.items[0].flags == (("anticoagulants", "warfarin"),)
    assert day.items[0].gap_before_minutes == 6 * 60  # Ben starts at 10:00
    assert day.breaks == ()


def test_a_day_off_is_empty(db, monday):
    sunday = read(db, monday["Ben"], date(2026, 10, 4))
    assert sunday.shifts == () and sunday.items == () and sunday.free_after_minutes == 0
    assert sunday.client_count == 0


def test_cancelled_visits_are_left_out_unless_asked_for(db, monday, bookings):
    jose = read(db, monday["Ana"], MONDAY).items[1].appointment
    bookings.cancel(jose.id, "flu")
    day = read(db, monday["Ana"], MONDAY)
    assert [i.appointment.client for i in day.items] == ["李小龍", "Zoë Brontë"]
    assert day.items[1].gap_before_minutes == 270 - 30  # 09:30-14:00 less the break
    everything = read(db, monday["Ana"], MONDAY, include_cancelled=True)
    assert len(everything.items) == 3 and everything.client_count == 2
    assert everything.items[1].appointment.cancel_reason == "flu"


def test_two_queries_for_a_full_day(db, monday):
    """The appointments and then every client's flags and notes at once: no N+1."""
    with db.read() as s:
        catalog = load_catalog(s)
        seen: list[str] = []

        def count(_conn, _cursor, statement, *_args):
            if statement.lstrip().upper().startswith("SELECT"):
                seen.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            day = agenda(s, catalog, monday["Ana"], MONDAY)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert len(day.items) == 3
    assert len(seen) == 2


def test_unknown_therapist_is_bad_input(db, clinic):
    with pytest.raises(BadInput):
        read(db, 9999, MONDAY)


def night_shift(db, clinic, weekday: int = 6) -> None:
    """Ana (and the clinic) work 00:00-06:00 on Sundays instead."""
    with db.write() as s:
        for h in s.scalars(select(m.TherapistHours).where(
                m.TherapistHours.therapist_id == clinic["Ana"],
                m.TherapistHours.weekday == weekday)):
            s.delete(h)
        s.add(m.TherapistHours(therapist_id=clinic["Ana"], weekday=weekday, starts=time(0),
                               ends=time(6)))
        for o in s.scalars(select(m.OpeningHours).where(m.OpeningHours.weekday == weekday)):
            o.opens = time(0)


def test_fall_back_day_counts_the_hour_that_happens_twice(db, clinic, book):
    night_shift(db, clinic)
    book("2026-11-01 00:30", "Swedish 60", client="José Núñez", minutes=180)
    day = read(db, clinic["Ana"], FALL)
    (item,) = day.items
    assert (f"{item.start_local:%H:%M %Z}", f"{item.end_local:%H:%M %Z}") == (
        "00:30 EDT", "02:30 EST")
    assert item.minutes == 180  # two hours on the wall, three in real time
    assert item.end_local - item.start_local == timedelta(hours=2)  # wall clock: not real
    assert item.gap_before_minutes == 30
    assert day.shifts[0].minutes == 7 * 60
    assert day.free_after_minutes == 3 * 60 + 30  # 02:30 EST - 06:00 EST


def test_spring_forward_day_skips_the_missing_hour(db, clinic, book):
    night_shift(db, clinic)
    book("2027-03-14 01:00", "Swedish 60", client="Zoë Brontë", minutes=180)
    day = read(db, clinic["Ana"], SPRING)
    (item,) = day.items
    assert (f"{item.start_local:%H:%M %Z}", f"{item.end_local:%H:%M %Z}") == (
        "01:00 EST", "05:00 EDT")
    assert item.minutes == 180
    assert item.gap_before_minutes == 60
    assert day.shifts[0].minutes == 5 * 60
    assert day.free_after_minutes == 60
    assert isinstance(item.start_local, datetime)
