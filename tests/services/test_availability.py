"""The availability search against the booking engine and a brute-force search of its own.

The known test clinic (tests/helpers.py): open 08:00-20:00 every day; Ana works every day
09:00-17:00 (break 12:00-12:30) and does everything; Ben works Mon-Fri 10:00-18:00 and does
Deep Tissue 60 and Swedish 60; Cleo and room Birch are inactive; only Willow has hot stones.
NOW is Thursday 2026-10-01 08:00 local. ``booked_book`` puts a few appointments on Friday
2026-10-02 and Saturday 2026-10-03 so that some slots are taken, some only by rest/turnover.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import pairwise

import pytest
from sqlalchemy import select, update

from frontdesk.db import models as m
from frontdesk.db.migrate import open_database
from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput
from frontdesk.domain.rules import ClientInfo, Proposal, check
from frontdesk.services import availability
from frontdesk.services.availability import Query
from frontdesk.services.booking import BookingRequest, Bookings, NewClient
from frontdesk.services.catalog import load_catalog
from frontdesk.services.world import SessionWorld
from tests.helpers import NOW, TZ, local

SERVICES = ["Swedish 60", "Deep Tissue 60", "Hot Stone 90", "Trigger Point 30"]
FRIDAY = local("2026-10-02 00:00")
FALL = date(2026, 11, 1)
SPRING = date(2027, 3, 14)


def now() -> datetime:
    return NOW


@pytest.fixture
def booked_book(clinic, bookings, book):
    """The clinic with a few bookings in place."""
    # Ana busy 10:00-11:00 and resting until 11:15; Willow turned over until 11:10.
    book("2026-10-02 10:00", "Deep Tissue 60", therapist="Ana", room="Willow", client="José Núñez")
    # Ben busy 13:00-14:00, resting until 14:15; Cedar turned over until 14:10.
    book("2026-10-02 13:00", "Deep Tissue 60", therapist="Ben", room="Cedar", client="Zoë Brontë")
    # Ana 14:00-15:30, resting until 15:45; Willow until 15:50.
    book("2026-10-02 14:00", "Hot Stone 90", therapist="Ana", room="Willow", client="李小龍")
    # A walk-in without a client record; no buffers.
    book("2026-10-02 16:30", "Swedish 60", therapist="Ben", room="Willow", client=None)
    # Saturday: Ana in Cedar; Ben (not working Saturdays) booked over with a reason in Willow.
    book("2026-10-03 09:30", "Swedish 60", therapist="Ana", room="Cedar", client="José Núñez")
    book("2026-10-03 11:00", "Swedish 60", therapist="Ben", room="Willow", client="Zoë Brontë",
         override="covering")
    # Cancelled: holds nothing.
    gone = book("2026-10-02 11:30", "Swedish 60", therapist="Ben", room="Cedar", client="李小龍")
    bookings.cancel(gone.id, "changed plans")
    return clinic


def brute_force(db, service: str, ids, earliest: datetime, days: int, *,
                client: str | None = None, therapist: str | None = None,
                room: str | None = None) -> list[tuple[str, str, datetime]]:
    """(therapist, room, start) the search should offer, found by asking the rules of every
    grid start, every active qualified therapist (by name) and every room (by name)."""
    with db.read() as s:
        catalog = load_catalog(s)
        world = SessionWorld(s, catalog, NOW)
        svc = catalog.services[ids[service]]
        therapists = sorted(
            (t for t in catalog.therapists.values()
             if (t.id == ids[therapist] if therapist else
                 t.active and svc.id in t.service_ids)), key=lambda t: t.name)
        rooms = sorted((r for r in catalog.rooms.values()
                        if (r.id == ids[room] if room else r.active)), key=lambda r: r.name)
        who = ClientInfo(ids[client], client) if client else None
        length = timedelta(minutes=svc.minutes)
        earliest = max(earliest, NOW)
        first = clock.to_local(earliest, TZ).date()
        out = []
        for d in range(days):
            for start in clock.slot_grid(first + timedelta(days=d), TZ, 15):
                if start < earliest:
                    continue
                for t in therapists:
                    for r in rooms:
                        if not check(Proposal(start, start + length, svc, t, r, who), world):
                            out.append((t.name, r.name, start))
                            break
        return out


def _local_hm(instant: datetime) -> str:
    return clock.to_local(instant, TZ).strftime("%H:%M")


def triples(options) -> list[tuple[str, str, datetime]]:
    return [(o.therapist, o.room, o.start) for o in options]


def search_all(db, query: Query) -> list[availability.Option]:
    with db.read() as s:
        return list(availability.search(s, query, NOW))


# -- (b) nothing bookable is missed, nothing unbookable offered ---------------------------


@pytest.mark.parametrize("client", [None, "José Núñez", "Zoë Brontë"])
@pytest.mark.parametrize("service", SERVICES)
def test_search_offers_exactly_what_the_rules_accept(db, booked_book, service, client):
    ids = booked_book
    query = Query(ids[service], earliest=FRIDAY, days=2, count=1,
                  client_id=ids[client] if client else None, client_name=client or "")
    got = triples(search_all(db, query))
    want = brute_force(db, service, ids, FRIDAY, 2, client=client)
    assert got == want
    assert len(want) > 10


@pytest.mark.parametrize("service", SERVICES)
def test_find_returns_the_first_options_the_rules_accept(db, booked_book, service):
    ids = booked_book
    earliest = local("2026-10-02 09:52")  # off the grid: the first start tried is 10:00
    got = availability.find(db, Query(ids[service], earliest=earliest, count=12), now=now)
    assert len(got) == 12
    want = brute_force(db, service, ids, earliest, 3)
    assert len(want) >= 12
    assert triples(got) == want[:12]
    # Up to the last option's start, no bookable (therapist, start) was skipped.
    last = got[-1].start
    assert {(t, s) for t, _r, s in want if s < last} == {
        (o.therapist, o.start) for o in got if o.start < last}


def test_friday_swedish_options_worked_out_by_hand(db, booked_book):
    """Swedish 60 has no buffers of its own; the bookings around it do."""
    ids = booked_book
    options = search_all(db, Query(ids["Swedish 60"], earliest=FRIDAY, days=1))
    ana = {_local_hm(o.start): o.room for o in options if o.therapist == "Ana"}
    ben = {_local_hm(o.start): o.room for o in options if o.therapist == "Ben"}
    # Ana: 09:00 ends as her 10:00 Deep Tissue starts; she rests until 11:15, but 11:15-12:15
    # would run into her 12:00-12:30 break; 12:30 and 13:00 need Willow (Ben has Cedar at
    # 13:00) and 13:00 ends as her 14:00 Hot Stone starts; after it she rests until 15:45.
    assert ana == {"09:00": "Cedar", "12:30": "Willow", "12:45": "Willow", "13:00": "Willow",
                   "15:45": "Cedar", "16:00": "Cedar"}
    # Ben works 10:00-18:00: free until 13:00 (the cancelled 11:30 holds nothing), resting
    # until 14:15 after his Deep Tissue, then free until his 16:30-17:30 walk-in, after which
    # an hour would run past 18:00.
    assert list(ben) == [
        *(f"{h}:{q:02d}" for h in (10, 11) for q in (0, 15, 30, 45)), "12:00",
        "14:15", "14:30", "14:45", "15:00", "15:15", "15:30"]
    assert set(ben.values()) == {"Cedar"}


# -- (a) every option books ---------------------------------------------------------------


@pytest.mark.parametrize("client", [None, "Zoë Brontë"])
@pytest.mark.parametrize("service", SERVICES)
def test_every_option_books(db, booked_book, copy_db, service, client):
    ids = booked_book
    query = Query(ids[service], earliest=FRIDAY, days=3, client_id=ids[client] if client else None,
                  client_name=client or "")
    options = search_all(db, query)
    assert len(options) > 20
    # The first ones and a spread over the three days, each booked on its own copy of the book.
    chosen = options[:8] + options[8::max(1, len(options) // 8)]
    for option in chosen:
        copy = open_database(copy_db(db))
        try:
            view = Bookings(copy, actor="tester", now=now).book(BookingRequest(
                service_id=ids[service], start=option.start, therapist_id=option.therapist_id,
                room_id=option.room_id, client_id=query.client_id))
        finally:
            copy.close()
        assert (view.therapist, view.room, view.start, view.end) == (
            option.therapist, option.room, option.start, option.end)
        assert view.override_reason == ""


@pytest.mark.parametrize("service", SERVICES)
def test_booking_the_first_option_again_and_again(db, booked_book, bookings, service):
    """In sequence, each time for a new client: the first option always books, and the first
    option never moves earlier as the book fills up."""
    ids = booked_book
    previous = None
    for i in range(15):
        [first] = availability.find(db, Query(ids[service], earliest=FRIDAY, count=1), now=now)
        if previous is not None:
            assert first.start >= previous
        previous = first.start
        view = bookings.book(BookingRequest(
            service_id=ids[service], start=first.start, therapist_id=first.therapist_id,
            room_id=first.room_id, client_id=None,
            new_client=NewClient(f"Walk In {i}")))
        assert (view.therapist_id, view.room_id, view.start) == (
            first.therapist_id, first.room_id, first.start)


# -- (c) filters --------------------------------------------------------------------------


def test_therapist_filter(db, booked_book):
    ids = booked_book
    got = triples(search_all(db, Query(ids["Swedish 60"], earliest=FRIDAY, days=2,
                                       therapist_id=ids["Ben"])))
    assert got and {t for t, _r, _s in got} == {"Ben"}
    assert got == brute_force(db, "Swedish 60", ids, FRIDAY, 2, therapist="Ben")
    # Ben does not work on Saturday.
    assert all(clock.to_local(s, TZ).date() == date(2026, 10, 2) for _t, _r, s in got)


def test_room_filter(db, booked_book):
    ids = booked_book
    got = triples(search_all(db, Query(ids["Deep Tissue 60"], earliest=FRIDAY, days=2,
                                       room_id=ids["Willow"])))
    assert got and {r for _t, r, _s in got} == {"Willow"}
    assert got == brute_force(db, "Deep Tissue 60", ids, FRIDAY, 2, room="Willow")
    # Willow holds the Friday 10:00 Deep Tissue and turns over until 11:10: Ben, free at
    # 11:00, cannot have Willow then, but can at 11:15.
    assert ("Ben", "Willow", local("2026-10-02 11:00")) not in got
    assert ("Ben", "Willow", local("2026-10-02 11:15")) in got
    anywhere = triples(search_all(db, Query(ids["Deep Tissue 60"], earliest=FRIDAY, days=1)))
    assert ("Ben", "Cedar", local("2026-10-02 11:00")) in anywhere


@pytest.mark.parametrize("query", [
    dict(room_id="Birch"),  # inactive room
    dict(therapist_id="Cleo"),  # inactive therapist
    dict(therapist_id="Ben", service="Hot Stone 90"),  # not qualified
    dict(room_id="Cedar", service="Hot Stone 90"),  # no hot stones in Cedar
])
def test_filters_that_allow_nothing(db, booked_book, query):
    ids = booked_book
    query = dict(query)
    service = query.pop("service", "Swedish 60")
    filters = {k: ids[v] for k, v in query.items()}
    assert search_all(db, Query(ids[service], earliest=FRIDAY, days=3, **filters)) == []


def test_client_filter_hides_times_the_client_is_booked(db, booked_book):
    ids = booked_book
    q = Query(ids["Swedish 60"], earliest=FRIDAY, days=1, count=500)
    anyone = availability.find(db, q, now=now)
    jose = availability.find(db, Query(**{**q.__dict__, "client_id": ids["José Núñez"],
                                          "client_name": "José Núñez"}), now=now)
    # José has Deep Tissue 10:00-11:00: a Swedish 60 starting 09:15-10:45 would overlap it.
    clash = {local(f"2026-10-02 {h}") for h in
             ("09:15", "09:30", "09:45", "10:00", "10:15", "10:30", "10:45")}
    assert {o.start for o in anyone} & clash  # Ben is free at 10:00 for someone else
    assert not {o.start for o in jose} & clash
    assert [o for o in anyone if o.start not in clash] == jose


def test_earliest(db, booked_book):
    ids = booked_book
    earliest = local("2026-10-02 13:07")
    got = availability.find(db, Query(ids["Swedish 60"], earliest=earliest, count=5), now=now)
    assert got and all(o.start >= earliest for o in got)
    # 13:15: Ana would run into her 14:00 Hot Stone and Ben is busy; Ben rests until 14:15.
    assert triples(got[:1]) == [("Ben", "Cedar", local("2026-10-02 14:15"))]


def test_earliest_in_the_past_means_now(db, booked_book):
    ids = booked_book
    got = availability.find(db, Query(ids["Swedish 60"], earliest=local("2026-09-01 09:00"),
                                      count=3), now=now)
    assert got[0].start == local("2026-10-01 09:00")  # NOW is 08:00; Ana starts at 09:00
    assert all(o.start >= NOW for o in got)
    default = availability.find(db, Query(ids["Swedish 60"], count=3), now=now)
    assert default == got


@pytest.mark.parametrize("days, last_day", [(1, date(2026, 10, 2)), (2, date(2026, 10, 3)),
                                            (5, date(2026, 10, 6))])
def test_days_limits_the_local_days_searched(db, booked_book, days, last_day):
    ids = booked_book
    got = availability.find(
        db, Query(ids["Swedish 60"], earliest=FRIDAY, days=days, count=10_000), now=now)
    local_days = {clock.to_local(o.start, TZ).date() for o in got}
    assert max(local_days) == last_day
    assert min(local_days) == date(2026, 10, 2)
    assert len(local_days) == days


def test_hot_stone_only_with_ana_in_willow(db, booked_book):
    ids = booked_book
    got = availability.find(
        db, Query(ids["Hot Stone 90"], earliest=FRIDAY, days=7, count=10_000), now=now)
    assert len(got) > 50
    assert {(o.therapist, o.room) for o in got} == {("Ana", "Willow")}
    assert all(o.end - o.start == timedelta(minutes=90) for o in got)
    # Friday: 09:00 runs into Ana's 10:00; 11:15 into her break; 12:30-14:00 leaves no time
    # for its own rest and turnover before her 14:00 Hot Stone; after it she is resting until
    # 15:45, too late to finish by 17:00. Saturday: Willow is Ben's until 12:00, then the
    # break; 12:30 is the first start, 15:30 the last.
    by_day = {}
    for o in got:
        by_day.setdefault(clock.to_local(o.start, TZ).date(), []).append(_local_hm(o.start))
    assert date(2026, 10, 2) not in by_day
    assert by_day[date(2026, 10, 3)] == [f"{h}:{q:02d}" for h in (12, 13, 14, 15)
                                         for q in (0, 15, 30, 45)][2:-1]


# -- (d) order ----------------------------------------------------------------------------


@pytest.mark.parametrize("service", ["Swedish 60", "Deep Tissue 60"])
def test_options_in_time_then_therapist_order(db, booked_book, service):
    ids = booked_book
    got = availability.find(db, Query(ids[service], count=200), now=now)
    assert len(got) == 200
    keys = [(o.start, o.therapist) for o in got]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)  # one option per therapist and start
    # Ana and Ben both offered at the same start somewhere: the order really was tested.
    starts = [o.start for o in got]
    assert len(set(starts)) < len(starts)


# -- (e) DST days -------------------------------------------------------------------------


@pytest.mark.parametrize("day, offset", [(FALL, -5), (SPRING, -4), (date(2026, 10, 25), -4)])
def test_dst_day_options_have_the_right_wall_clock_times(db, clinic, day, offset):
    """Only Ana works Sundays, 09:00-17:00, break 12:00-12:30: Swedish 60 may start at
    09:00-11:00 and 12:30-16:00 local, whatever the length of the day."""
    start_of_day, _ = clock.day_bounds(day, TZ)
    got = availability.find(db, Query(clinic["Swedish 60"], earliest=start_of_day, days=1,
                                      count=100), now=now)
    hms = [_local_hm(o.start) for o in got]
    want = [f"{h:02d}:{q:02d}" for h in range(9, 17) for q in (0, 15, 30, 45)
            if (9, 0) <= (h, q) <= (11, 0) or (12, 30) <= (h, q) <= (16, 0)]
    assert hms == want
    first = got[0]
    assert clock.to_local(first.start, TZ).utcoffset() == timedelta(hours=offset)
    assert first.start == datetime.combine(day, time(9 - offset), tzinfo=clock.UTC)
    assert first.as_json(TZ)["start"] == f"{day.isoformat()}T09:00{offset:+03d}:00"
    for o in got:
        loc = clock.to_local(o.start, TZ)
        assert loc.date() == day and clock.exists(loc.replace(tzinfo=None), TZ)
        assert o.end - o.start == timedelta(minutes=60)
        assert {(o.therapist, o.room)} == {("Ana", "Cedar")}


@pytest.fixture
def night_clinic(db, clinic):
    """Sundays: the clinic open from midnight, Ana working 00:00-06:00."""
    with db.write() as s:
        s.execute(update(m.OpeningHours).where(m.OpeningHours.weekday == 6)
                  .values(opens=time(0), closes=time(20)))
        s.execute(update(m.TherapistHours).where(
            m.TherapistHours.therapist_id == clinic["Ana"], m.TherapistHours.weekday == 6,
            m.TherapistHours.kind == "work").values(starts=time(0), ends=time(6)))
        assert s.scalar(select(m.TherapistHours.starts).where(
            m.TherapistHours.therapist_id == clinic["Ana"],
            m.TherapistHours.weekday == 6, m.TherapistHours.kind == "work")) == time(0)
    return clinic


def test_spring_forward_night_skips_the_missing_hour(db, night_clinic):
    start_of_day, _ = clock.day_bounds(SPRING, TZ)
    got = availability.find(db, Query(night_clinic["Trigger Point 30"], earliest=start_of_day,
                                      days=1, count=100), now=now)
    hms = [_local_hm(o.start) for o in got]
    assert hms == [f"{h:02d}:{q:02d}" for h in (0, 1, 3, 4, 5) for q in (0, 15, 30, 45)][:-1]
    for o in got:
        loc = clock.to_local(o.start, TZ).replace(tzinfo=None)
        assert clock.exists(loc, TZ)
        assert o.end - o.start == timedelta(minutes=30)
    # 01:45 EST + 30 minutes is 03:15 EDT.
    last_before = next(o for o in got if _local_hm(o.start) == "01:45")
    assert _local_hm(last_before.end) == "03:15"


def test_fall_back_night_offers_the_repeated_hour_twice(db, night_clinic):
    start_of_day, _ = clock.day_bounds(FALL, TZ)
    got = availability.find(db, Query(night_clinic["Trigger Point 30"], earliest=start_of_day,
                                      days=1, count=100), now=now)
    hms = [_local_hm(o.start) for o in got]
    assert len(got) == 27  # 00:00-05:30 with 01:00-01:45 twice
    assert hms == ([f"00:{q:02d}" for q in (0, 15, 30, 45)]
                   + [f"01:{q:02d}" for q in (0, 15, 30, 45)] * 2
                   + [f"{h:02d}:{q:02d}" for h in (2, 3, 4, 5) for q in (0, 15, 30, 45)][:-1])
    starts = [o.start for o in got]
    assert starts == sorted(starts) and len(set(starts)) == 27
    assert all(b - a == timedelta(minutes=15) for a, b in pairwise(starts))


# -- (f) bad input ------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [dict(count=0), dict(count=-1), dict(days=0)])
def test_bad_count_or_days(db, clinic, bad):
    query = Query(clinic["Swedish 60"], **bad)
    with pytest.raises(BadInput):
        availability.find(db, query, now=now)
    with db.read() as s, pytest.raises(BadInput):
        next(availability.search(s, query, NOW))


def test_unknown_service(db, clinic):
    with pytest.raises(BadInput):
        availability.find(db, Query(999), now=now)
