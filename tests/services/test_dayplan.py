"""The resource calendar's layout (frontdesk.services.dayplan) from a real SQLite file.

The standard test clinic (tests/helpers.py): open every day 08:00-20:00; Ana works every day
09:00-17:00 with a break 12:00-12:30, Ben Mon-Fri 10:00-18:00, Cleo is inactive; rooms Cedar
and Willow are in use, Birch is not. Monday 2026-10-05 is the usual day; 2026-11-01 (25 hours)
and 2027-03-14 (23 hours) are the DST days. Expected instants are written as local wall-clock
times (or UTC by hand on DST days), never computed by the code under test.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import delete, update

from frontdesk.db import models as m
from frontdesk.domain.status import Status
from frontdesk.services import admin, dayplan, schedule
from frontdesk.services.catalog import load_catalog
from frontdesk.services.dayplan import Mode, Plan, ShadeKind
from tests.helpers import TZ, local

MONDAY = date(2026, 10, 5)
TUESDAY = date(2026, 10, 6)
WEDNESDAY = date(2026, 10, 7)
SATURDAY = date(2026, 10, 10)
SUNDAY = date(2026, 10, 11)
FALL = date(2026, 11, 1)     # clocks go back at 02:00 EDT: a 25-hour day
SPRING = date(2027, 3, 14)   # clocks jump forward at 02:00 EST: a 23-hour day


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)



@pytest.fixture
def plan(db, clinic):
    """The plan the window would show: ``plan(MONDAY, Mode.ROOMS, show_cancelled=True)``."""
    def do(day: date, mode: Mode = Mode.THERAPISTS, **kw) -> Plan:
        with db.read() as s:
            return dayplan.load(s, load_catalog(s), day, mode, **kw)
    return do


@pytest.fixture
def catalog(db, clinic):
    with db.read() as s:
        return load_catalog(s)


def titles(p: Plan) -> list[str]:
    return [c.title for c in p.columns]


def column(p: Plan, title: str):
    (found,) = [c for c in p.columns if c.title == title]
    return found


def shades(col, *kinds: ShadeKind) -> set[tuple[datetime, datetime, ShadeKind, str]]:
    return {(s.start, s.end, s.kind, s.label) for s in col.shades if not kinds or s.kind in kinds}


def placed(col) -> list[tuple[int, int, int]]:
    return [(b.appt.id, b.lane, b.lanes) for b in col.blocks]


def rows_on(db, day: date, count: int = 1):
    with db.read() as s:
        return schedule.days(s, day, count, TZ)


# -- which columns ------------------------------------------------------------------------


def test_weekday_columns_are_the_therapists_working(plan, clinic):
    p = plan(MONDAY)
    assert p.mode is Mode.THERAPISTS and p.first_day == MONDAY and p.days == 1
    assert titles(p) == ["Ana", "Ben"]
    assert [c.id for c in p.columns] == [clinic["Ana"], clinic["Ben"]]
    assert all(c.kind is Mode.THERAPISTS and c.day == MONDAY for c in p.columns)
    assert p.slot_minutes == 15 and p.tz == TZ


def test_saturday_has_no_ben(plan):
    assert titles(plan(SATURDAY)) == ["Ana"]


def test_ben_booked_over_hours_on_saturday_gets_a_column(plan, book):
    a = book("2026-10-10 11:00", therapist="Ben", override="covering for Ana")
    p = plan(SATURDAY)
    assert titles(p) == ["Ana", "Ben"]
    ben = column(p, "Ben")
    assert [b.appt.id for b in ben.blocks] == [a.id]
    # Ben does not work on Saturdays: his whole column is off hours.
    assert shades(ben, ShadeKind.OFF) == {(ben.origin, ben.end, ShadeKind.OFF, "")}
    assert p.find(a.id) == (1, ben.blocks[0])


def test_columns_are_laid_out_only_when_asked_for(plan, book):
    """A day of thirty columns shows about nine: the others' lanes wait until scrolled to."""
    a = book("2026-10-05 10:00", therapist="Ana")
    b = book("2026-10-05 10:30", therapist="Ben", room="Willow", client="Zoë Brontë")
    p = plan(MONDAY)
    ana, ben = column(p, "Ana"), column(p, "Ben")
    assert "blocks" not in vars(ana) and "blocks" not in vars(ben)
    assert (ana.occupied, ben.occupied) == (1, 1)
    assert p.find(b.id) == (1, ben.blocks[0])
    assert "blocks" in vars(ben) and "blocks" not in vars(ana)
    assert [x.appt.id for x in ana.blocks] == [a.id]


def test_a_cancelled_booking_gives_no_column_unless_cancellations_are_shown(plan, book,
                                                                            bookings):
    a = book("2026-10-10 11:00", therapist="Ben", override="covering for Ana")
    bookings.cancel(a.id, "client ill")
    assert titles(plan(SATURDAY)) == ["Ana"]
    assert titles(plan(SATURDAY, show_cancelled=True)) == ["Ana", "Ben"]


def test_inactive_therapist_is_not_shown(plan):
    assert "Cleo" not in titles(plan(MONDAY))
    assert "Cleo" not in titles(plan(SATURDAY))


def test_inactive_therapist_with_a_booking_is_shown(db, clinic, plan, book):
    admin.update_therapist(db, clinic["Cleo"], active=True)
    a = book("2026-10-05 10:00", therapist="Cleo")
    admin.update_therapist(db, clinic["Cleo"], active=False)
    p = plan(MONDAY)
    assert titles(p) == ["Ana", "Ben", "Cleo"]
    assert [b.appt.id for b in column(p, "Cleo").blocks] == [a.id]


def test_room_columns_are_the_rooms_in_use(plan, clinic):
    p = plan(MONDAY, Mode.ROOMS)
    assert p.mode is Mode.ROOMS
    assert titles(p) == ["Cedar", "Willow"]
    assert [c.id for c in p.columns] == [clinic["Cedar"], clinic["Willow"]]
    assert all(c.kind is Mode.ROOMS for c in p.columns)
    # Rooms have no shifts or breaks: on an ordinary day nothing is shaded.
    assert all(c.shades == () for c in p.columns)


def test_room_out_of_use_is_shown_when_something_is_booked_in_it(db, clinic, plan, book):
    admin.update_room(db, clinic["Birch"], active=True)
    a = book("2026-10-05 10:00", room="Birch")
    admin.update_room(db, clinic["Birch"], active=False)
    p = plan(MONDAY, Mode.ROOMS)
    assert titles(p) == ["Birch", "Cedar", "Willow"]
    assert [b.appt.id for b in column(p, "Birch").blocks] == [a.id]
    assert titles(plan(TUESDAY, Mode.ROOMS)) == ["Cedar", "Willow"]


# -- shading ------------------------------------------------------------------------------


def test_off_hours_and_break_of_a_working_day(plan):
    p = plan(MONDAY)
    assert p.hours == (time(8), time(20))
    ana, ben = p.columns
    assert (ana.origin, ana.end) == (local("2026-10-05 08:00"), local("2026-10-05 20:00"))
    assert shades(ana) == {
        (local("2026-10-05 08:00"), local("2026-10-05 09:00"), ShadeKind.OFF, ""),
        (local("2026-10-05 12:00"), local("2026-10-05 12:30"), ShadeKind.BREAK, "break"),
        (local("2026-10-05 17:00"), local("2026-10-05 20:00"), ShadeKind.OFF, ""),
    }
    assert shades(ben) == {
        (local("2026-10-05 08:00"), local("2026-10-05 10:00"), ShadeKind.OFF, ""),
        (local("2026-10-05 18:00"), local("2026-10-05 20:00"), ShadeKind.OFF, ""),
    }


def test_time_off_is_shaded_and_clipped_to_the_column(db, clinic, plan):
    with db.write() as s:
        s.add_all([
            m.TimeOff(therapist_id=clinic["Ana"], starts_at=local("2026-10-05 14:00"),
                      ends_at=local("2026-10-05 15:30"), reason="dentist"),
            # From Monday evening to Wednesday morning, no reason given.
            m.TimeOff(therapist_id=clinic["Ana"], starts_at=local("2026-10-05 19:00"),
                      ends_at=local("2026-10-07 10:00")),
        ])
    ana = column(plan(MONDAY), "Ana")
    assert shades(ana, ShadeKind.TIME_OFF) == {
        (local("2026-10-05 14:00"), local("2026-10-05 15:30"), ShadeKind.TIME_OFF, "dentist"),
        (local("2026-10-05 19:00"), local("2026-10-05 20:00"), ShadeKind.TIME_OFF, "time off"),
    }
    tuesday = column(plan(TUESDAY), "Ana")
    assert shades(tuesday, ShadeKind.TIME_OFF) == {
        (tuesday.origin, tuesday.end, ShadeKind.TIME_OFF, "time off")}
    assert shades(column(plan(MONDAY), "Ben"), ShadeKind.TIME_OFF) == set()
    assert shades(column(plan(date(2026, 10, 8)), "Ana"), ShadeKind.TIME_OFF) == set()


def test_closed_hours_after_a_late_booking(plan, book):
    book("2026-10-05 21:00", override="only time she can come")
    p = plan(MONDAY)
    assert p.hours == (time(8), time(22))
    for col in p.columns:
        assert col.end == local("2026-10-05 22:00")
        assert shades(col, ShadeKind.CLOSED) == {
            (local("2026-10-05 20:00"), local("2026-10-05 22:00"), ShadeKind.CLOSED, "")}
    assert (local("2026-10-05 17:00"), local("2026-10-05 22:00"), ShadeKind.OFF, "") in \
        shades(column(p, "Ana"))


def test_a_closed_day_is_shaded_closed_throughout(db, plan):
    with db.write() as s:
        s.execute(delete(m.OpeningHours).where(m.OpeningHours.weekday == 6))
    p = plan(SUNDAY)
    assert p.hours == (time(9), time(17))  # Ana's shift is all there is
    (ana,) = p.columns
    assert shades(ana, ShadeKind.CLOSED) == {(ana.origin, ana.end, ShadeKind.CLOSED, "")}
    assert all(c.shades == tuple(s for s in c.shades if s.kind is ShadeKind.CLOSED)
               for c in plan(SUNDAY, Mode.ROOMS).columns)


# -- blocks -------------------------------------------------------------------------------


def test_double_booked_therapist_gets_lanes(plan, book):
    a = book("2026-10-05 10:00", room="Cedar", client="José Núñez")
    b = book("2026-10-05 10:30", room="Willow", client="Zoë Brontë", override="squeezed in")
    c = book("2026-10-05 14:00", "Trigger Point 30", room="Cedar", client="李小龍")
    d = book("2026-10-05 13:00", therapist="Ben", room="Cedar", client="Zoë Brontë")
    p = plan(MONDAY)
    assert placed(column(p, "Ana")) == [(a.id, 0, 2), (b.id, 1, 2), (c.id, 0, 1)]
    assert placed(column(p, "Ben")) == [(d.id, 0, 1)]
    # In room mode the two are in different rooms, so each has its column to itself.
    rooms = plan(MONDAY, Mode.ROOMS)
    assert placed(column(rooms, "Cedar")) == [(a.id, 0, 1), (d.id, 0, 1), (c.id, 0, 1)]
    assert placed(column(rooms, "Willow")) == [(b.id, 0, 1)]


def test_band_is_rest_for_the_therapist_and_turnover_for_the_room(plan, book):
    deep = book("2026-10-05 10:00", "Deep Tissue 60")
    swedish = book("2026-10-05 14:00", "Swedish 60", client="Zoë Brontë")
    ana = column(plan(MONDAY), "Ana")
    by_id = {b.appt.id: b for b in ana.blocks}
    assert by_id[deep.id].band_end == local("2026-10-05 11:15") == deep.therapist_until
    assert by_id[swedish.id].band_end == local("2026-10-05 15:00") == swedish.end
    cedar = column(plan(MONDAY, Mode.ROOMS), "Cedar")
    by_id = {b.appt.id: b for b in cedar.blocks}
    assert by_id[deep.id].band_end == local("2026-10-05 11:10") == deep.room_until
    assert by_id[swedish.id].band_end == swedish.end


def test_cancelled_appointments_are_hidden_unless_asked_for(plan, book, bookings):
    a = book("2026-10-05 10:00")
    b = book("2026-10-05 14:00", client="Zoë Brontë")
    bookings.cancel(a.id, "client ill")
    bookings.cancel(b.id, "called on the day", late=True)
    c = book("2026-10-05 10:00", client="李小龍")  # the freed slot, booked again
    p = plan(MONDAY)
    assert placed(column(p, "Ana")) == [(c.id, 0, 1)]
    assert [r.id for r in p.appointments] == [c.id]
    shown = plan(MONDAY, show_cancelled=True)
    ana = column(shown, "Ana")
    assert {b.appt.id: b.appt.status for b in ana.blocks} == {
        a.id: Status.CANCELLED, b.id: Status.LATE_CANCEL, c.id: Status.BOOKED}
    # The cancelled visit and its replacement are drawn side by side.
    assert {(i, lanes) for i, _, lanes in placed(ana)} == {(a.id, 2), (c.id, 2), (b.id, 1)}


def test_plan_find_and_column_index(plan, book, clinic):
    a = book("2026-10-05 10:00", therapist="Ben")
    p = plan(MONDAY)
    assert p.column_index(clinic["Ben"], MONDAY) == 1
    assert p.column_index(clinic["Ben"], TUESDAY) is None
    assert p.column_index(clinic["Cleo"], MONDAY) is None
    i, block = p.find(a.id)
    assert i == 1 and block.appt.id == a.id
    assert p.find(a.id + 100) is None


# -- a week -------------------------------------------------------------------------------


def test_week_of_one_therapist_has_a_column_per_day(plan, book, clinic):
    a = book("2026-10-07 11:00", therapist="Ben")
    p = plan(MONDAY, days=7, therapist_id=clinic["Ben"])
    assert p.mode is Mode.THERAPISTS and p.days == 7
    assert [c.day for c in p.columns] == [MONDAY + timedelta(days=i) for i in range(7)]
    assert {(c.id, c.title) for c in p.columns} == {(clinic["Ben"], "Ben")}
    assert [[b.appt.id for b in c.blocks] for c in p.columns] == [[], [], [a.id], [], [], [],
                                                                  []]
    assert p.column_index(clinic["Ben"], WEDNESDAY) == 2
    for c in p.columns:
        assert c.origin == local(f"{c.day} 08:00") and c.end == local(f"{c.day} 20:00")
    # Ben works Monday to Friday: the weekend columns are off hours throughout.
    saturday, sunday = p.columns[5:]
    for c in (saturday, sunday):
        assert shades(c, ShadeKind.OFF) == {(c.origin, c.end, ShadeKind.OFF, "")}


def test_week_leaves_out_other_therapists(plan, book, clinic):
    book("2026-10-07 11:00", therapist="Ana")
    p = plan(MONDAY, days=7, therapist_id=clinic["Ben"])
    assert all(c.blocks == () for c in p.columns)
    assert p.appointments == ()


def test_week_of_one_room(plan, book, clinic):
    a = book("2026-10-06 11:00", room="Willow")
    book("2026-10-06 13:00", room="Cedar")
    p = plan(MONDAY, Mode.THERAPISTS, days=7, room_id=clinic["Willow"])
    assert p.mode is Mode.ROOMS
    assert len(p.columns) == 7 and {c.title for c in p.columns} == {"Willow"}
    assert [b.appt.id for c in p.columns for b in c.blocks] == [a.id]
    assert p.find(a.id)[0] == 1


# -- visible hours ------------------------------------------------------------------------


def test_visible_hours_cover_a_late_booking(plan, book):
    book("2026-10-05 21:00", override="after hours")
    assert plan(MONDAY).hours == (time(8), time(22))
    assert plan(TUESDAY).hours == (time(8), time(20))


def test_visible_hours_round_out_to_whole_hours(plan, book):
    book("2026-10-05 07:15", "Trigger Point 30", override="early bird")  # 07:15-07:45
    book("2026-10-05 20:00", "Trigger Point 30", client="Zoë Brontë",
         override="late")  # 20:00-20:30
    assert plan(MONDAY).hours == (time(7), time(21))


def test_visible_hours_run_to_midnight_for_a_booking_that_crosses_it(plan, book):
    book("2026-10-05 23:30", override="night owl")  # 23:30-00:30
    p = plan(MONDAY)
    assert p.hours == (time(8), time(0))
    assert p.columns[0].end == local("2026-10-06 00:00")
    # The next day starts at midnight so that its half hour shows too.
    tuesday = plan(TUESDAY)
    assert tuesday.hours == (time(0), time(20))
    assert column(tuesday, "Ana").blocks[0].appt.start == local("2026-10-05 23:30")


def test_week_visible_hours_cover_a_booking_that_crosses_midnight(plan, book, clinic):
    a = book("2026-10-06 23:30", override="night owl")  # Tuesday 23:30-00:30
    p = plan(MONDAY, days=7, therapist_id=clinic["Ana"])
    assert p.find(a.id) is not None


def test_visible_hours_ignore_inactive_therapists(db, clinic, plan):
    with db.write() as s:
        s.execute(update(m.TherapistHours).where(m.TherapistHours.therapist_id == clinic["Cleo"])
                  .values(starts=time(6), ends=time(23)))
    assert plan(MONDAY).hours == (time(8), time(20))


def test_visible_hours_of_an_empty_day(catalog):
    bare = dataclasses.replace(catalog, therapists={},
                               clinic=dataclasses.replace(catalog.clinic, opening=()))
    assert dayplan.visible_hours(bare, [MONDAY], []) == dayplan.DEFAULT_HOURS
    assert dayplan.visible_hours(catalog, [MONDAY], []) == (time(8), time(20))


# -- DST ----------------------------------------------------------------------------------


def test_fall_back_day_is_25_hours_long(plan, book):
    book("2026-11-01 00:30", override="night shift")
    book("2026-11-01 23:00", client="Zoë Brontë", override="night shift")  # until midnight
    p = plan(FALL)
    assert p.hours == (time(0), time(0))
    ana = column(p, "Ana")
    # Midnight EDT is 04:00 UTC; the next midnight, EST, is 05:00 UTC.
    assert (ana.origin, ana.end) == (utc(2026, 11, 1, 4), utc(2026, 11, 2, 5))
    assert ana.minutes(ana.end) == 25 * 60 == p.length_minutes
    # 09:00 EST is ten real hours after midnight EDT.
    assert (utc(2026, 11, 1, 4), utc(2026, 11, 1, 14), ShadeKind.OFF, "") in shades(ana)
    assert ana.minutes(utc(2026, 11, 1, 14)) == 600


def test_spring_forward_day_is_23_hours_long(plan, book):
    book("2027-03-14 00:30", override="night shift")
    book("2027-03-14 23:00", client="Zoë Brontë", override="night shift")
    p = plan(SPRING)
    assert p.hours == (time(0), time(0))
    ana = column(p, "Ana")
    # Midnight EST is 05:00 UTC; the next midnight, EDT, is 04:00 UTC.
    assert (ana.origin, ana.end) == (utc(2027, 3, 14, 5), utc(2027, 3, 15, 4))
    assert ana.minutes(ana.end) == 23 * 60 == p.length_minutes
    # 09:00 EDT (13:00 UTC) is eight real hours after midnight EST.
    assert (utc(2027, 3, 14, 5), utc(2027, 3, 14, 13), ShadeKind.OFF, "") in shades(ana)


def test_the_repeated_hour_holds_two_appointments_one_after_the_other(plan, book):
    first = book(utc(2026, 11, 1, 5, 30), override="night shift")   # 01:30 EDT
    second = book(utc(2026, 11, 1, 6, 30), client="Zoë Brontë",
                  override="night shift")                          # 01:30 EST
    p = plan(FALL)
    assert p.hours[0] == time(1)
    ana = column(p, "Ana")
    assert ana.origin == utc(2026, 11, 1, 5)  # 01:00 EDT, the first 01:00
    assert placed(ana) == [(first.id, 0, 1), (second.id, 0, 1)]
    assert [ana.minutes(b.appt.start) for b in ana.blocks] == [30, 90]


# -- replace_rows -------------------------------------------------------------------------


def test_replace_rows_swaps_removes_and_keeps_time_order(db, book, bookings):
    a = book("2026-10-05 10:00")
    b = book("2026-10-05 11:00", therapist="Ben", client="Zoë Brontë")
    c = book("2026-10-05 14:00", client="李小龍")
    rows = rows_on(db, MONDAY)
    assert [r.id for r in rows] == [a.id, b.id, c.id]

    assert dayplan.replace_rows(rows, {}) == rows
    moved = bookings.move(a.id, local("2026-10-05 15:00"))
    out = dayplan.replace_rows(rows, {a.id: moved})
    assert [r.id for r in out] == [b.id, c.id, a.id]
    assert out[-1] == moved and out[-1].version == 2
    assert rows[0].start == local("2026-10-05 10:00")  # the input is left alone

    assert [r.id for r in dayplan.replace_rows(rows, {b.id: None})] == [a.id, c.id]
    # A new appointment from another desk slots in by time.
    d = book("2026-10-05 12:30", client="Zoë Brontë")
    assert [r.id for r in dayplan.replace_rows(rows, {d.id: d, c.id: None})] == [a.id, b.id,
                                                                                  d.id]


def test_replace_rows_orders_a_tie_by_therapist_name(db, book):
    ben = book("2026-10-05 10:00", therapist="Ben", room="Willow")
    rows = rows_on(db, MONDAY)
    ana = book("2026-10-05 10:00", therapist="Ana", room="Cedar", client="Zoë Brontë")
    out = dayplan.replace_rows(rows, {ana.id: ana})
    assert [r.id for r in out] == [ana.id, ben.id]
    assert out == rows_on(db, MONDAY)


def test_replaced_rows_lay_out_like_a_fresh_read(db, catalog, book, bookings):
    a = book("2026-10-05 10:30")
    book("2026-10-05 10:00", therapist="Ben", room="Willow", client="Zoë Brontë")
    rows = rows_on(db, MONDAY)
    moved = bookings.reassign(a.id, therapist_id=catalog.therapist("Ben").id,
                              override="Ana is ill")
    patched = dayplan.build(catalog, MONDAY, dayplan.replace_rows(rows, {a.id: moved}))
    fresh = dayplan.build(catalog, MONDAY, rows_on(db, MONDAY))
    assert patched.columns == fresh.columns
    assert [(b.lane, b.lanes) for b in column(fresh, "Ben").blocks] == [(0, 2), (1, 2)]


def test_a_cancellation_patched_in_disappears_unless_cancellations_are_shown(db, catalog, book,
                                                                           bookings):
    a = book("2026-10-05 10:00")
    rows = rows_on(db, MONDAY)
    cancelled = bookings.cancel(a.id, "client ill")  # at another desk: the row comes back
    patched = dayplan.replace_rows(rows, {a.id: cancelled})
    assert [r.status for r in patched] == [Status.CANCELLED]
    p = dayplan.build(catalog, MONDAY, patched)
    assert p.find(a.id) is None and p.appointments == ()
    shown = dayplan.build(catalog, MONDAY, patched, show_cancelled=True)
    assert shown.find(a.id)[1].appt.status is Status.CANCELLED


# -- month_counts -------------------------------------------------------------------------


def counts(db, catalog, first: date, last: date) -> dict[date, int]:
    with db.read() as s:
        return dayplan.month_counts(s, catalog, first, last)


def test_month_counts_per_local_day(db, catalog, book, bookings):
    book("2026-10-05 10:00")
    book("2026-10-05 23:30", client="Zoë Brontë", override="night owl")  # 03:30 UTC on the 6th
    book("2026-10-06 00:30", therapist="Ben", room="Willow", client="李小龍",
         override="night owl")                                           # 04:30 UTC on the 6th
    # Two of Wednesday's three start at the same instant.
    book("2026-10-07 10:00")
    book("2026-10-07 10:00", therapist="Ben", room="Willow", client="Zoë Brontë")
    book("2026-10-07 11:00", therapist="Ben", client="李小龍")
    gone = book("2026-10-08 10:00")
    bookings.cancel(gone.id, "client ill")
    # Same instant as the cancelled one: only this one counts.
    book("2026-10-08 10:00", therapist="Ben", room="Willow", client="Zoë Brontë")
    late = book("2026-10-09 10:00")
    bookings.cancel(late.id, "called on the day", late=True)
    assert counts(db, catalog, date(2026, 10, 1), date(2026, 10, 31)) == {
        MONDAY: 2, TUESDAY: 1, WEDNESDAY: 3, date(2026, 10, 8): 1}
    # The bounds are local days too.
    assert counts(db, catalog, TUESDAY, TUESDAY) == {TUESDAY: 1}
    assert counts(db, catalog, MONDAY, MONDAY) == {MONDAY: 2}
    assert counts(db, catalog, date(2026, 10, 9), date(2026, 10, 31)) == {}


def test_month_counts_across_the_fall_back_day(db, catalog, book):
    book(utc(2026, 11, 1, 5, 30), override="night shift")                      # 01:30 EDT
    book(utc(2026, 11, 1, 6, 30), client="Zoë Brontë", override="night shift")  # 01:30 EST
    book("2026-11-01 23:30", client="李小龍", override="night shift")           # 04:30 UTC
    assert counts(db, catalog, date(2026, 11, 1), date(2026, 11, 30)) == {FALL: 3}
