"""Standing appointments through the engine, on a real SQLite file: wall-clock time across
DST, conflicts listed before booking, partial booking, and changing this-and-following."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from frontdesk.db import models as m
from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput, Refused
from frontdesk.domain.recurrence import Repeat, wall_times
from frontdesk.domain.status import Status
from frontdesk.services import series
from frontdesk.services.booking import BookingRequest, Change
from tests.helpers import TZ, local


def _req(clinic, start, **kw):
    kw.setdefault("therapist_id", clinic["Ana"])
    kw.setdefault("client_id", clinic["José Núñez"])
    return BookingRequest(service_id=clinic["Swedish 60"], start=start, **kw)


def _local_times(views):
    return [f"{clock.to_local(v.start, TZ):%Y-%m-%d %H:%M}" for v in views]


def test_a_weekly_series_keeps_its_wall_clock_time_across_the_fall_dst_change(clinic,
                                                                             bookings):
    when = series.starts(bookings, local("2026-10-20 10:00"), Repeat(count=4))
    outcomes = series.book(bookings, _req(clinic, when[0]), when)
    assert all(o.booked for o in outcomes)
    views = [o.appointment for o in outcomes]
    assert _local_times(views) == ["2026-10-20 10:00", "2026-10-27 10:00",
                                   "2026-11-03 10:00", "2026-11-10 10:00"]
    # ...which is 14:00 UTC before the change and 15:00 UTC after it.
    assert [v.start.hour for v in views] == [14, 14, 15, 15]


def test_every_two_weeks_until_a_date_includes_the_last_day():
    times = wall_times(local("2026-10-05 09:00").replace(tzinfo=None),
                       Repeat(every_weeks=2, until=date(2026, 11, 30)))
    assert [t.date().isoformat() for t in times] == [
        "2026-10-05", "2026-10-19", "2026-11-02", "2026-11-16", "2026-11-30"]


@pytest.mark.parametrize("kw, field", [
    ({"count": 0}, "count"), ({"count": 3, "until": date(2027, 1, 1)}, "count"),
    ({}, "count"), ({"every_weeks": 0, "count": 2}, "every"), ({"count": 105}, "count")])
def test_a_series_without_a_sensible_length_is_bad_input(kw, field):
    with pytest.raises(BadInput) as caught:
        Repeat(**kw)
    assert caught.value.field == field


def test_preview_lists_each_visit_with_its_conflict_and_books_nothing(db, clinic, bookings,
                                                                      book):
    book("2026-10-27 10:30", therapist="Ana", room="Willow", client="Zoë Brontë")
    when = series.starts(bookings, local("2026-10-20 10:00"), Repeat(count=3))
    visits = series.preview(bookings, _req(clinic, when[0]), when)
    assert [v.free for v in visits] == [True, False, True]
    assert "Ana is busy" in visits[1].reason
    assert visits[0].therapist == "Ana" and visits[0].room
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(m.Appointment)) == 1


def test_booking_a_series_books_the_free_visits_and_reports_the_refused_one(db, clinic,
                                                                            bookings, book):
    book("2026-10-27 10:30", therapist="Ana", room="Willow", client="Zoë Brontë")
    when = series.starts(bookings, local("2026-10-20 10:00"), Repeat(count=3))
    outcomes = series.book(bookings, _req(clinic, when[0]), when)
    assert [o.booked for o in outcomes] == [True, False, True]
    assert "Ana is busy" in outcomes[1].reason
    js = outcomes[1].as_json(TZ)
    assert js == {"start": "2026-10-27T10:00-04:00", "booked": False,
                  "reason": outcomes[1].reason}
    with db.read() as s:
        ids = s.scalars(select(m.Appointment.series_id).where(
            m.Appointment.series_id.is_not(None))).all()
    assert len(ids) == 2 and len(set(ids)) == 1


def test_a_skipped_visit_is_left_out_and_a_moved_one_booked_where_it_was_moved(clinic,
                                                                              bookings, book):
    book("2026-10-27 10:30", therapist="Ana", room="Willow", client="Zoë Brontë")
    when = series.starts(bookings, local("2026-10-20 10:00"), Repeat(count=3))
    moved = [when[0], local("2026-10-27 14:00"), when[2]]
    outcomes = series.book(bookings, _req(clinic, when[0]), moved)
    assert _local_times(o.appointment for o in outcomes) == [
        "2026-10-20 10:00", "2026-10-27 14:00", "2026-11-03 10:00"]
    skipped = series.book(bookings, _req(clinic, when[0], client_id=clinic["李小龍"],
                                         therapist_id=clinic["Ben"]), [when[0], when[2]])
    assert len(skipped) == 2 and all(o.booked for o in skipped)


def test_a_series_none_of_which_books_leaves_nothing_behind(db, clinic, bookings):
    when = series.starts(bookings, local("2026-10-18 07:00"), Repeat(count=2))  # closed
    outcomes = series.book(bookings, _req(clinic, when[0]), when)
    assert not any(o.booked for o in outcomes)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(m.Series)) == 0


def test_cancelling_this_and_following_leaves_the_earlier_visits(clinic, bookings):
    when = series.starts(bookings, local("2026-10-20 10:00"), Repeat(count=4))
    views = [o.appointment for o in series.book(bookings, _req(clinic, when[0]), when)]
    cancelled = series.cancel_following(bookings, views[2].id, "moving away")
    assert [v.id for v in cancelled] == [views[2].id, views[3].id]
    assert all(v.status == Status.CANCELLED for v in cancelled)
    with bookings.db.read() as s:
        assert s.get(m.Appointment, views[1].id).status == Status.BOOKED.value


def test_cancelling_one_visit_leaves_the_rest_of_the_series(clinic, bookings):
    when = series.starts(bookings, local("2026-10-20 10:00"), Repeat(count=3))
    views = [o.appointment for o in series.book(bookings, _req(clinic, when[0]), when)]
    bookings.cancel(views[1].id, "away that week")
    left = series.cancel_following(bookings, views[0].id, "stops coming")
    assert [v.id for v in left] == [views[0].id, views[2].id]


def test_moving_this_and_following_keeps_the_new_wall_clock_time_across_dst(clinic, bookings):
    when = series.starts(bookings, local("2026-10-20 10:00"), Repeat(count=4))
    views = [o.appointment for o in series.book(bookings, _req(clinic, when[0]), when)]
    changed = series.change_following(bookings, views[1].id,
                                      Change(start=local("2026-10-28 14:00")))
    assert _local_times(changed) == ["2026-10-28 14:00", "2026-11-04 14:00",
                                     "2026-11-11 14:00"]
    with bookings.db.read() as s:
        first = s.get(m.Appointment, views[0].id)
        assert clock.to_local(first.starts_at, TZ).hour == 10


def test_moving_this_and_following_is_all_or_nothing(clinic, bookings, book):
    when = series.starts(bookings, local("2026-10-20 10:00"), Repeat(count=3))
    views = [o.appointment for o in series.book(bookings, _req(clinic, when[0]), when)]
    book("2026-11-03 15:00", therapist="Ana", room="Willow", client="Zoë Brontë")
    with pytest.raises(Refused) as caught:
        series.change_following(bookings, views[0].id,
                                Change(start=local("2026-10-20 15:00")))
    assert "Tue 3 Nov" in str(caught.value) or "2026-11-03" in str(caught.value)
    with bookings.db.read() as s:
        starts = [s.get(m.Appointment, v.id).starts_at for v in views]
    assert starts == [v.start for v in views]


def test_moving_a_whole_series_by_a_day_does_not_clash_with_itself(clinic, bookings):
    # Daily-adjacent: every week on Tuesday, moved to Wednesday at the same time.
    when = series.starts(bookings, local("2026-10-20 10:00"), Repeat(count=2))
    views = [o.appointment for o in series.book(bookings, _req(clinic, when[0]), when)]
    changed = series.change_following(bookings, views[0].id,
                                      Change(start=views[0].start + timedelta(days=1)))
    assert _local_times(changed) == ["2026-10-21 10:00", "2026-10-28 10:00"]
