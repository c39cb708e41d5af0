"""Booking on the clinic's DST days, through the engine and a real SQLite file.

America/New_York: on Sunday 2026-11-01 the clocks go back (02:00 EDT -> 01:00 EST, a 25-hour
day); on Sunday 2027-03-14 they jump forward (02:00 EST -> 03:00 EDT, a 23-hour day). Ana
works every day 09:00-17:00 with a break 12:00-12:30; the clinic is open 08:00-20:00.
The UTC instants below are written out by hand, not computed by the code under test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from frontdesk.db import models as m
from frontdesk.domain.errors import Refused
from frontdesk.services import schedule
from tests.helpers import TZ, local

FALL = date(2026, 11, 1)
SPRING = date(2027, 3, 14)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def on_day(db, day: date, count: int = 1):
    with db.read() as s:
        return schedule.days(s, day, count, TZ)


def codes(exc: Refused) -> list[str]:
    return [v.code for v in exc.violations]


# -- the instant stored -------------------------------------------------------------------


def test_fall_day_ten_oclock_is_fifteen_utc(db, book):
    a = book(local("2026-11-01 10:00"))
    assert (a.start, a.end) == (utc(2026, 11, 1, 15), utc(2026, 11, 1, 16))
    with db.read() as s:
        row = s.get(m.Appointment, a.id)
    assert row.starts_at == utc(2026, 11, 1, 15) and row.ends_at == utc(2026, 11, 1, 16)
    js = a.as_json(TZ)
    assert js["start"] == "2026-11-01T10:00-05:00"
    assert js["end"] == "2026-11-01T11:00-05:00"


def test_spring_day_ten_oclock_is_fourteen_utc(db, book):
    a = book(local("2027-03-14 10:00"))
    assert (a.start, a.end) == (utc(2027, 3, 14, 14), utc(2027, 3, 14, 15))
    with db.read() as s:
        row = s.get(m.Appointment, a.id)
    assert row.starts_at == utc(2027, 3, 14, 14)
    js = a.as_json(TZ)
    assert js["start"] == "2027-03-14T10:00-04:00"
    assert js["end"] == "2027-03-14T11:00-04:00"


@pytest.mark.parametrize(("text", "instant", "offset"), [
    ("2026-10-31 10:00", utc(2026, 10, 31, 14), "-04:00"),  # the day before falling back
    ("2026-11-02 10:00", utc(2026, 11, 2, 15), "-05:00"),
    ("2027-03-13 10:00", utc(2027, 3, 13, 15), "-05:00"),  # the day before springing forward
    ("2027-03-15 10:00", utc(2027, 3, 15, 14), "-04:00"),
])
def test_days_around_the_changes(book, text, instant, offset):
    a = book(local(text))
    assert a.start == instant
    assert a.as_json(TZ)["start"] == text.replace(" ", "T") + offset


# -- hours on DST days are wall-clock hours -----------------------------------------------


@pytest.mark.parametrize("day", ["2026-11-01", "2027-03-14"])
def test_shift_on_dst_day_follows_the_wall_clock(book, day):
    assert book(local(f"{day} 09:00"), room="Cedar").start == local(f"{day} 09:00")
    assert book(local(f"{day} 16:00"), room="Willow").end == local(f"{day} 17:00")


@pytest.mark.parametrize(("day", "hm", "code"), [
    ("2026-11-01", "08:00", "therapist-hours"),
    ("2026-11-01", "16:30", "therapist-hours"),
    ("2026-11-01", "11:45", "therapist-break"),
    ("2027-03-14", "08:00", "therapist-hours"),
    ("2027-03-14", "16:30", "therapist-hours"),
    ("2027-03-14", "11:45", "therapist-break"),
])
def test_outside_shift_on_dst_day(book, day, hm, code):
    with pytest.raises(Refused) as exc:
        book(local(f"{day} {hm}"))
    assert codes(exc.value) == [code]


def test_clinic_hours_on_fall_day(book):
    # 19:00-20:00 EST fits the 08:00-20:00 opening; 19:30 runs past it.
    assert book(local("2026-11-01 19:00"), override="Ana stays late").end == utc(2026, 11, 2, 1)
    with pytest.raises(Refused) as exc:
        book(local("2026-11-01 19:30"), room="Willow", client="Zoë Brontë")
    assert "clinic-closed" in codes(exc.value)


# -- the repeated hour and the skipped hour -----------------------------------------------


def test_both_one_thirties_on_fall_day_are_different_instants(book):
    first = book(local("2026-11-01 01:30"), override="night event")
    assert first.start == utc(2026, 11, 1, 5, 30)
    second = book(utc(2026, 11, 1, 6, 30), client="Zoë Brontë", override="night event")
    assert first.end == second.start  # back to back in the same room, an hour apart
    assert first.as_json(TZ)["start"] == "2026-11-01T01:30-04:00"
    assert first.as_json(TZ)["end"] == "2026-11-01T01:30-05:00"
    assert second.as_json(TZ)["start"] == "2026-11-01T01:30-05:00"
    assert second.as_json(TZ)["end"] == "2026-11-01T02:30-05:00"


def test_clash_across_the_repeated_hour(book):
    book(local("2026-11-01 01:30"), override="night event")  # 05:30Z-06:30Z
    with pytest.raises(Refused) as exc:  # 01:00 EST = 06:00Z, inside the first visit
        book(utc(2026, 11, 1, 6), therapist="Ben", client="Zoë Brontë", override="x")
    assert "room-taken" in codes(exc.value)


def test_rest_across_the_repeated_hour(book):
    book(local("2026-11-01 01:00"), "Deep Tissue 60", override="x")  # 05:00Z-06:00Z, rest 15
    with pytest.raises(Refused) as exc:  # 01:10 EST = 06:10Z, while Ana rests
        book(utc(2026, 11, 1, 6, 10), room="Willow", client="Zoë Brontë", minutes=30)
    busy = [v for v in exc.value.violations if v.code == "therapist-busy"]
    assert busy and "resting until 01:15" in busy[0].message


def test_hour_across_spring_gap_lasts_sixty_minutes(book):
    a = book(local("2027-03-14 01:30"), override="night event")
    assert a.end - a.start == timedelta(minutes=60)
    assert a.as_json(TZ)["start"] == "2027-03-14T01:30-05:00"
    assert a.as_json(TZ)["end"] == "2027-03-14T03:30-04:00"


# -- the day's window ---------------------------------------------------------------------


@pytest.mark.parametrize("day", [FALL, SPRING])
def test_schedule_day_holds_that_local_day_only(db, book, day):
    prev, nxt = day - timedelta(days=1), day + timedelta(days=1)
    book(local(f"{prev} 16:00"))
    want = [book(local(f"{day} 09:00")).id, book(local(f"{day} 16:00")).id]
    book(local(f"{nxt} 09:00"))
    assert [a.id for a in on_day(db, day)] == want
    assert len(on_day(db, prev, 3)) == 4


def test_fall_day_window_is_25_hours(db, book):
    # 23:00 EST on Nov 1 is 04:00Z on Nov 2: 24 hours after the day began, still that day.
    late = book(local("2026-11-01 23:00"), "Trigger Point 30", override="night event")
    assert late.start == utc(2026, 11, 2, 4)
    early = book(local("2026-11-01 00:00"), "Trigger Point 30", override="night event")
    assert early.start == utc(2026, 11, 1, 4)
    nxt = book(local("2026-11-02 00:00"), "Trigger Point 30", override="night event")
    assert nxt.start == utc(2026, 11, 2, 5)
    assert [a.id for a in on_day(db, FALL)] == [early.id, late.id]
    assert on_day(db, FALL + timedelta(days=1))[0].id == nxt.id


def test_spring_day_window_is_23_hours(db, book):
    # 23:30 EDT on Mar 14 is 03:30Z on Mar 15; 00:30 EDT on Mar 15 (04:30Z) is the next day,
    # although it falls within 24 hours of the start of Mar 14.
    late = book(local("2027-03-14 23:30"), "Trigger Point 30", override="night event")
    assert late.start == utc(2027, 3, 15, 3, 30)
    nxt = book(local("2027-03-15 00:30"), "Trigger Point 30", override="night event")
    assert nxt.start == utc(2027, 3, 15, 4, 30)
    assert [a.id for a in on_day(db, SPRING)] == [late.id]
    assert [a.id for a in on_day(db, SPRING + timedelta(days=1))] == [nxt.id]
    assert late.as_json(TZ)["end"] == "2027-03-15T00:00-04:00"
