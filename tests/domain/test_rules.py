"""The booking rules on their own: ``rules.check`` against a small world held in memory."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from frontdesk.domain.errors import Violation
from frontdesk.domain.hours import TimeOff, WeeklySpan, spans_on
from frontdesk.domain.rules import (
    Booked,
    ClientInfo,
    Proposal,
    RoomInfo,
    ServiceInfo,
    TherapistInfo,
    check,
)
from tests.helpers import local

TZ = ZoneInfo("America/New_York")
NOW = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)  # 08:00 EDT, Thursday
DAY = "2026-10-05"  # a Monday

DEEP = ServiceInfo(1, "Deep Tissue 60", 60, rest_after=15, turnover_after=10)
SWEDISH = ServiceInfo(2, "Swedish 60", 60)
HOT = ServiceInfo(3, "Hot Stone 90", 90, rest_after=15, turnover_after=20,
                  required_feature="hot stone")

WILLOW = RoomInfo(1, "Willow", frozenset({"hot stone"}))
CEDAR = RoomInfo(2, "Cedar")

ANA = TherapistInfo(
    1, "Ana", frozenset({1, 2, 3}),
    shifts=tuple(WeeklySpan(d, time(9), time(17)) for d in range(7)),
    breaks=tuple(WeeklySpan(d, time(12), time(12, 30)) for d in range(7)),
)
BEN = TherapistInfo(2, "Ben", frozenset({1, 2}),
                    shifts=tuple(WeeklySpan(d, time(10), time(18)) for d in range(5)))

JOSE = ClientInfo(1, "José Núñez")
ZOE = ClientInfo(2, "Zoë Brontë")

OPEN_EVERY_DAY = tuple(WeeklySpan(d, time(8), time(20)) for d in range(7))
#: Ana working round the clock without breaks, for tests about everything but her hours.
ALLDAY = replace(ANA, shifts=tuple(WeeklySpan(d, time(0), time(0)) for d in range(7)),
                 breaks=())


class MemoryWorld:
    """A World held in memory. ``booked`` hands back every appointment of the resource, so
    the rules' own clash tests (not this world's filtering) decide what clashes."""

    def __init__(self, booked: list[Booked] | None = None,
                 opening: tuple[WeeklySpan, ...] = OPEN_EVERY_DAY, now: datetime = NOW):
        self.tz = TZ
        self.now = now
        self.items = list(booked or [])
        self.pattern = opening
        self.asked: list[tuple[str, int]] = []

    def opening(self, day):
        return spans_on(day, self.pattern, self.tz)

    def shifts(self, therapist, day):
        return spans_on(day, therapist.shifts, self.tz)

    def breaks(self, therapist, day):
        return spans_on(day, therapist.breaks, self.tz)

    def booked(self, kind, key, start, end):
        self.asked.append((kind, key))
        attr = {"therapist": "therapist_id", "room": "room_id", "client": "client_id"}[kind]
        return [b for b in self.items if getattr(b, attr) == key]


def at(hm: str, day: str = DAY) -> datetime:
    return local(f"{day} {hm}")


def propose(hm: str, service: ServiceInfo = SWEDISH, therapist: TherapistInfo = ANA,
            room: RoomInfo = CEDAR, client: ClientInfo | None = JOSE, *,
            minutes: int | None = None, day: str = DAY, **kw) -> Proposal:
    start = at(hm, day)
    length = service.minutes if minutes is None else minutes
    return Proposal(start, start + timedelta(minutes=length), service, therapist, room, client,
                    **kw)


def booked(id: int, hm: str, service: ServiceInfo = SWEDISH, therapist: TherapistInfo = BEN,
           room: RoomInfo = WILLOW, client: ClientInfo | None = ZOE, *,
           minutes: int | None = None, day: str = DAY) -> Booked:
    start = at(hm, day)
    end = start + timedelta(minutes=service.minutes if minutes is None else minutes)
    return Booked(
        id, start, end, therapist.id, room.id, client.id if client else None,
        therapist_until=end + timedelta(minutes=service.rest_after),
        room_until=end + timedelta(minutes=service.turnover_after),
        client_name=client.name if client else "", service_name=service.name,
    )


def codes(problems: list[Violation]) -> list[str]:
    return [v.code for v in problems]


def only(problems: list[Violation], code: str) -> Violation:
    assert codes(problems) == [code], problems
    return problems[0]


# -- a clean proposal ---------------------------------------------------------------------


def test_clean_proposal_breaks_nothing():
    assert check(propose("10:00"), MemoryWorld()) == []


def test_clean_proposal_asks_world_about_room_client_and_therapist():
    world = MemoryWorld()
    check(propose("10:00"), world)
    assert set(world.asked) == {("room", CEDAR.id), ("client", JOSE.id),
                                ("therapist", ANA.id)}


def test_walk_in_without_client_is_not_checked_for_client():
    world = MemoryWorld([booked(5, "10:00", client=None)])
    assert check(propose("10:00", therapist=ANA, room=CEDAR, client=None), world) == []
    assert ("client", JOSE.id) not in world.asked


# -- basics: times and activity -----------------------------------------------------------


def test_start_in_the_past_is_hard():
    v = only(check(propose("10:00", day="2026-09-30"), MemoryWorld()), "in-past")
    assert v.field == "start" and not v.soft
    assert "2026-09-30 10:00" in v.message


def test_start_exactly_now_is_not_in_the_past():
    p = propose("08:00", day="2026-10-01", therapist=replace(
        ANA, shifts=(WeeklySpan(3, time(8), time(17)),)))
    assert p.start == NOW
    assert check(p, MemoryWorld()) == []


def test_start_one_minute_before_now_is_in_the_past():
    p = propose("07:59", day="2026-10-01")
    assert "in-past" in codes(check(p, MemoryWorld()))


def test_visit_under_way_may_keep_its_past_start():
    p = propose("10:00", minutes=90, original_start=at("10:00"))
    world = MemoryWorld(now=at("10:30"))
    assert check(p, world) == []


def test_visit_under_way_may_not_move_to_another_past_start():
    p = propose("09:45", original_start=at("10:00"))
    world = MemoryWorld(now=at("10:30"))
    assert codes(check(p, world)) == ["in-past"]


@pytest.mark.parametrize("minutes", [0, -30])
def test_end_not_after_start_is_hard(minutes):
    problems = check(propose("10:00", minutes=minutes), MemoryWorld())
    v = only(problems, "ends-before-start")
    assert v.field == "end" and not v.soft


def test_longer_than_twelve_hours_is_refused():
    shifts = tuple(WeeklySpan(d, time(0), time(0)) for d in range(7))
    p = propose("07:00", minutes=12 * 60 + 15, therapist=replace(ANA, shifts=shifts, breaks=()))
    world = MemoryWorld(opening=shifts)
    v = only(check(p, world), "too-long")
    assert v.field == "end" and not v.soft


def test_exactly_twelve_hours_is_not_too_long():
    shifts = tuple(WeeklySpan(d, time(0), time(0)) for d in range(7))
    p = propose("07:00", minutes=12 * 60, therapist=replace(ANA, shifts=shifts, breaks=()))
    assert check(p, MemoryWorld(opening=shifts)) == []


def test_inactive_service_is_hard():
    p = propose("10:00", service=replace(SWEDISH, active=False))
    v = only(check(p, MemoryWorld()), "inactive")
    assert v.field == "service" and not v.soft and "Swedish 60" in v.message


def test_inactive_therapist_is_hard():
    p = propose("10:00", therapist=replace(ANA, active=False))
    v = only(check(p, MemoryWorld()), "inactive")
    assert v.field == "therapist" and not v.soft and "Ana" in v.message


def test_inactive_room_is_hard():
    p = propose("10:00", room=replace(CEDAR, active=False))
    v = only(check(p, MemoryWorld()), "inactive")
    assert v.field == "room" and not v.soft and "Cedar" in v.message


# -- room ---------------------------------------------------------------------------------


def test_room_without_required_feature_is_hard():
    v = only(check(propose("10:00", service=HOT, room=CEDAR), MemoryWorld()), "room-feature")
    assert v.field == "room" and not v.soft
    assert "hot stone" in v.message and "Cedar" in v.message and "Hot Stone 90" in v.message


def test_room_with_required_feature_is_fine():
    assert check(propose("10:00", service=HOT, room=WILLOW), MemoryWorld()) == []


def test_room_taken_names_the_other_visit_and_is_hard():
    world = MemoryWorld([booked(7, "10:00", therapist=BEN, room=CEDAR, client=ZOE)])
    v = only(check(propose("10:30", therapist=ANA, room=CEDAR, client=JOSE), world),
             "room-taken")
    assert v.field == "room" and not v.soft
    assert "Cedar" in v.message
    assert "10:00-11:00" in v.message
    assert "Zoë Brontë" in v.message and "Swedish 60" in v.message


def test_room_taken_by_visit_without_client_names_the_appointment():
    world = MemoryWorld([booked(7, "10:00", therapist=BEN, room=CEDAR, client=None)])
    v = only(check(propose("10:30", room=CEDAR), world), "room-taken")
    assert "Swedish 60" in v.message


def test_room_taken_during_turnover_of_previous_visit():
    world = MemoryWorld([booked(7, "10:00", DEEP, therapist=BEN, room=CEDAR, client=ZOE)])
    v = only(check(propose("11:05", room=CEDAR, minutes=30), world), "room-taken")
    assert "10:00-11:00" in v.message and "turnover until 11:10" in v.message


def test_room_free_once_turnover_is_over():
    world = MemoryWorld([booked(7, "10:00", DEEP, therapist=BEN, room=CEDAR, client=ZOE)])
    assert check(propose("11:10", room=CEDAR, minutes=30), world) == []


def test_room_needs_own_turnover_before_next_visit():
    # Deep Tissue 09:00-10:00 needs the room until 10:10; the next visit starts 10:05.
    world = MemoryWorld([booked(7, "10:05", therapist=BEN, room=CEDAR, client=ZOE)])
    v = only(check(propose("09:00", DEEP, room=CEDAR), world), "room-taken")
    assert "10:05-11:05" in v.message


def test_room_own_turnover_may_end_as_next_visit_starts():
    world = MemoryWorld([booked(7, "10:10", therapist=BEN, room=CEDAR, client=ZOE)])
    assert check(propose("09:00", DEEP, room=CEDAR), world) == []


def test_other_room_busy_does_not_matter():
    world = MemoryWorld([booked(7, "10:00", therapist=BEN, room=WILLOW, client=ZOE)])
    assert check(propose("10:00", room=CEDAR), world) == []


# -- client -------------------------------------------------------------------------------


def test_client_booked_elsewhere_is_hard_and_named():
    world = MemoryWorld([booked(7, "10:00", DEEP, therapist=BEN, room=WILLOW, client=JOSE)])
    v = only(check(propose("10:30", therapist=ANA, room=CEDAR, client=JOSE), world),
             "client-busy")
    assert v.field == "client" and not v.soft
    assert "José Núñez" in v.message and "10:00-11:00" in v.message
    assert "Deep Tissue 60" in v.message


def test_client_needs_no_rest_or_turnover_between_visits():
    world = MemoryWorld([booked(7, "10:00", DEEP, therapist=BEN, room=WILLOW, client=JOSE)])
    assert check(propose("11:00", therapist=ANA, room=CEDAR, client=JOSE), world) == []


def test_client_visit_ending_as_other_starts_is_fine():
    world = MemoryWorld([booked(7, "11:00", therapist=BEN, room=WILLOW, client=JOSE)])
    assert check(propose("10:00", therapist=ANA, room=CEDAR, client=JOSE), world) == []


def test_other_client_busy_does_not_matter():
    world = MemoryWorld([booked(7, "10:00", therapist=BEN, room=WILLOW, client=ZOE)])
    assert check(propose("10:00", therapist=ANA, room=CEDAR, client=JOSE), world) == []


# -- clinic opening hours -----------------------------------------------------------------


def test_outside_opening_hours_is_soft():
    v = only(check(propose("19:30", therapist=ALLDAY), MemoryWorld()), "clinic-closed")
    assert v.field == "start" and v.soft
    assert "19:30-20:30" in v.message and "08:00-20:00" in v.message


def test_ending_exactly_at_closing_is_fine():
    assert check(propose("19:00", therapist=ALLDAY), MemoryWorld()) == []


def test_clinic_closed_all_day_says_closed():
    weekends_only = tuple(WeeklySpan(d, time(8), time(20)) for d in (5, 6))
    v = only(check(propose("10:00", therapist=ALLDAY), MemoryWorld(opening=weekends_only)),
             "clinic-closed")
    assert "closed" in v.message.split("outside opening hours")[1]


def test_opening_in_two_spans_covers_a_visit_across_their_join():
    split = tuple(w for d in range(7) for w in (WeeklySpan(d, time(8), time(12)),
                                                WeeklySpan(d, time(12), time(20))))
    assert check(propose("11:30", therapist=ALLDAY), MemoryWorld(opening=split)) == []


def test_opening_with_gap_does_not_cover_a_visit_across_the_gap():
    lunch = tuple(w for d in range(7) for w in (WeeklySpan(d, time(8), time(12)),
                                                WeeklySpan(d, time(13), time(20))))
    v = only(check(propose("11:30", therapist=ALLDAY), MemoryWorld(opening=lunch)),
             "clinic-closed")
    assert "08:00-12:00, 13:00-20:00" in v.message


# -- qualification ------------------------------------------------------------------------


def test_not_qualified_is_soft_and_named():
    v = only(check(propose("10:00", HOT, therapist=BEN, room=WILLOW), MemoryWorld()),
             "not-qualified")
    assert v.field == "therapist" and v.soft
    assert "Ben" in v.message and "Hot Stone 90" in v.message


# -- therapist hours, breaks, time off ----------------------------------------------------


def test_outside_therapist_hours_is_soft_and_shows_hours():
    v = only(check(propose("08:00"), MemoryWorld()), "therapist-hours")
    assert v.field == "therapist" and v.soft
    assert "Ana" in v.message and "08:00-09:00" in v.message and "09:00-17:00" in v.message


def test_running_past_end_of_shift_is_outside_hours():
    assert codes(check(propose("16:30"), MemoryWorld())) == ["therapist-hours"]


def test_ending_exactly_at_end_of_shift_is_fine():
    assert check(propose("16:00"), MemoryWorld()) == []


def test_therapist_not_working_that_day():
    v = only(check(propose("10:00", therapist=BEN, day="2026-10-03"), MemoryWorld()),
             "therapist-hours")  # a Saturday
    assert "not working that day" in v.message


def test_break_is_soft_and_shows_break():
    v = only(check(propose("11:45"), MemoryWorld()), "therapist-break")
    assert v.field == "therapist" and v.soft
    assert "Ana" in v.message and "12:00-12:30" in v.message


@pytest.mark.parametrize("hm", ["11:00", "12:30"])
def test_visit_touching_break_is_fine(hm):
    assert check(propose(hm), MemoryWorld()) == []


def test_visit_inside_break_is_a_break_clash():
    assert codes(check(propose("12:05", minutes=20), MemoryWorld())) == ["therapist-break"]


def test_time_off_is_soft_and_gives_dates_and_reason():
    off = TimeOff(at("13:00"), at("16:00", day="2026-10-07"), "conference")
    ana = replace(ANA, time_off=(off,))
    v = only(check(propose("14:00", therapist=ana), MemoryWorld()), "therapist-off")
    assert v.field == "therapist" and v.soft
    assert "Ana" in v.message and "conference" in v.message
    assert "2026-10-05 13:00" in v.message and "2026-10-07 16:00" in v.message


def test_time_off_touching_the_visit_is_fine():
    ana = replace(ANA, time_off=(TimeOff(at("11:00"), at("13:00")),))
    assert check(propose("10:00", therapist=ana), MemoryWorld()) == []
    assert check(propose("13:00", therapist=ana), MemoryWorld()) == []


def test_time_off_without_reason_has_no_empty_brackets():
    ana = replace(ANA, time_off=(TimeOff(at("09:00"), at("17:00")),))
    v = only(check(propose("10:00", therapist=ana), MemoryWorld()), "therapist-off")
    assert "()" not in v.message


# -- therapist double-booking and rest ----------------------------------------------------


def test_therapist_busy_is_soft_and_names_other_client_and_time():
    world = MemoryWorld([booked(7, "10:00", therapist=ANA, room=WILLOW, client=ZOE)])
    v = only(check(propose("10:30", therapist=ANA, room=CEDAR, client=JOSE), world),
             "therapist-busy")
    assert v.field == "therapist" and v.soft
    assert "Ana" in v.message and "10:00-11:00" in v.message
    assert "Zoë Brontë" in v.message and "Swedish 60" in v.message


def test_therapist_resting_after_previous_visit():
    world = MemoryWorld([booked(7, "10:00", DEEP, therapist=ANA, room=WILLOW, client=ZOE)])
    v = only(check(propose("11:10", room=CEDAR, minutes=30), world), "therapist-busy")
    assert "10:00-11:00" in v.message and "resting until 11:15" in v.message


def test_therapist_free_once_rest_is_over():
    world = MemoryWorld([booked(7, "10:00", DEEP, therapist=ANA, room=WILLOW, client=ZOE)])
    assert check(propose("11:15", room=CEDAR, minutes=30), world) == []


def test_therapist_needs_own_rest_before_next_visit():
    # Deep Tissue 09:00-10:00 leaves Ana resting until 10:15; the next visit starts 10:10.
    world = MemoryWorld([booked(7, "10:10", therapist=ANA, room=WILLOW, client=ZOE)])
    v = only(check(propose("09:00", DEEP, room=CEDAR), world), "therapist-busy")
    assert "10:10-11:10" in v.message
    assert "Deep Tissue 60 needs rest until 10:15" in v.message


def test_therapist_own_rest_may_end_as_next_visit_starts():
    world = MemoryWorld([booked(7, "10:15", therapist=ANA, room=WILLOW, client=ZOE)])
    assert check(propose("09:00", DEEP, room=CEDAR), world) == []


def test_other_therapist_busy_does_not_matter():
    world = MemoryWorld([booked(7, "10:00", therapist=BEN, room=WILLOW, client=ZOE)])
    assert check(propose("10:00", therapist=ANA, room=CEDAR, client=JOSE), world) == []


# -- back to back -------------------------------------------------------------------------


@pytest.mark.parametrize("hm", ["09:00", "11:00"])
def test_back_to_back_without_buffers_is_allowed(hm):
    # Same therapist, same room, same client, one right after the other.
    world = MemoryWorld([booked(7, "10:00", therapist=ANA, room=CEDAR, client=JOSE)])
    assert check(propose(hm, therapist=ANA, room=CEDAR, client=JOSE), world) == []


def test_back_to_back_after_buffered_visit_is_not_allowed():
    world = MemoryWorld([booked(7, "10:00", DEEP, therapist=ANA, room=CEDAR, client=JOSE)])
    assert codes(check(propose("11:00"), world)) == ["room-taken", "therapist-busy"]


# -- soft and hard, ordering --------------------------------------------------------------


def _scenarios() -> dict[str, tuple[Proposal, MemoryWorld]]:
    return {
        "in-past": (propose("10:00", day="2026-09-30"), MemoryWorld()),
        "ends-before-start": (propose("10:00", minutes=0), MemoryWorld()),
        "inactive": (propose("10:00", room=replace(CEDAR, active=False)), MemoryWorld()),
        "room-feature": (propose("10:00", HOT, room=CEDAR), MemoryWorld()),
        "room-taken": (propose("10:00"), MemoryWorld([booked(7, "10:00", therapist=BEN,
                                                             room=CEDAR)])),
        "client-busy": (propose("10:00"), MemoryWorld([booked(7, "10:00", therapist=BEN,
                                                              client=JOSE)])),
        "clinic-closed": (propose("21:00", therapist=ALLDAY), MemoryWorld()),
        "not-qualified": (propose("10:00", HOT, therapist=BEN, room=WILLOW), MemoryWorld()),
        "therapist-hours": (propose("08:00"), MemoryWorld()),
        "therapist-break": (propose("12:00"), MemoryWorld()),
        "therapist-off": (propose("10:00", therapist=replace(
            ANA, time_off=(TimeOff(at("09:00"), at("17:00")),))), MemoryWorld()),
        "therapist-busy": (propose("10:00"), MemoryWorld([booked(7, "10:00", therapist=ANA)])),
    }


SOFT = {"clinic-closed", "not-qualified", "therapist-hours", "therapist-break",
        "therapist-off", "therapist-busy"}


@pytest.mark.parametrize("code", sorted(_scenarios()))
def test_each_rule_alone_and_its_softness(code):
    p, world = _scenarios()[code]
    v = only(check(p, world), code)
    assert v.soft is (code in SOFT)


def test_hard_violations_come_before_soft_ones():
    world = MemoryWorld([booked(7, "08:00", therapist=ANA, room=CEDAR, client=ZOE)])
    problems = check(propose("08:00", HOT, therapist=BEN, room=CEDAR, client=JOSE), world)
    assert set(codes(problems)) == {"room-feature", "room-taken", "not-qualified",
                                    "therapist-hours"}
    softness = [v.soft for v in problems]
    assert softness == sorted(softness)
    assert softness.count(False) == 2


def test_every_broken_rule_is_reported_at_once():
    world = MemoryWorld([
        booked(7, "12:00", therapist=ANA, room=WILLOW, client=ZOE),
        booked(8, "12:00", therapist=BEN, room=CEDAR, client=JOSE, minutes=30),
    ])
    problems = check(propose("12:00", HOT, therapist=ANA, room=CEDAR, client=JOSE), world)
    assert codes(problems) == ["room-feature", "room-taken", "client-busy",
                               "therapist-break", "therapist-busy"]


# -- replaces -----------------------------------------------------------------------------


def test_moving_an_appointment_ignores_the_appointment_itself():
    world = MemoryWorld([booked(7, "10:00", DEEP, therapist=ANA, room=CEDAR, client=JOSE)])
    p = propose("10:30", DEEP, therapist=ANA, room=CEDAR, client=JOSE, replaces=7)
    assert check(p, world) == []


def test_without_replaces_the_same_slot_clashes_with_itself():
    world = MemoryWorld([booked(7, "10:00", DEEP, therapist=ANA, room=CEDAR, client=JOSE)])
    p = propose("10:30", DEEP, therapist=ANA, room=CEDAR, client=JOSE)
    assert codes(check(p, world)) == ["room-taken", "client-busy", "therapist-busy"]


def test_replaces_ignores_only_that_appointment():
    world = MemoryWorld([
        booked(7, "10:00", therapist=ANA, room=CEDAR, client=JOSE),
        booked(8, "11:00", therapist=BEN, room=CEDAR, client=ZOE),
    ])
    p = propose("10:30", therapist=ANA, room=CEDAR, client=JOSE, replaces=7)
    v = only(check(p, world), "room-taken")
    assert "Zoë Brontë" in v.message and "11:00-12:00" in v.message


def test_replaces_finds_a_later_clash_after_skipping_itself():
    # The appointment itself comes first in what the world returns; the clash after it counts.
    world = MemoryWorld([
        booked(7, "10:00", therapist=ANA, room=CEDAR, client=JOSE),
        booked(8, "10:30", therapist=ANA, room=WILLOW, client=ZOE),
    ])
    p = propose("10:15", therapist=ANA, room=CEDAR, client=JOSE, replaces=7)
    assert codes(check(p, world)) == ["therapist-busy"]


# -- whom a refusal concerns, without reading its words -----------------------------------


WHOM = {  # code: (therapist_id, room_id, client_id, clash_id) the scenario's refusal names
    "in-past": (None, None, None, None),
    "ends-before-start": (None, None, None, None),
    "inactive": (None, CEDAR.id, None, None),
    "room-feature": (None, CEDAR.id, None, None),
    "room-taken": (None, CEDAR.id, None, 7),
    "client-busy": (None, None, JOSE.id, 7),
    "clinic-closed": (None, None, None, None),
    "not-qualified": (BEN.id, None, None, None),
    "therapist-hours": (ANA.id, None, None, None),
    "therapist-break": (ANA.id, None, None, None),
    "therapist-off": (ANA.id, None, None, None),
    "therapist-busy": (ANA.id, None, None, 7),
}


@pytest.mark.parametrize("code", sorted(_scenarios()))
def test_each_refusal_names_whom_it_concerns_by_id_and_name(code):
    p, world = _scenarios()[code]
    v = only(check(p, world), code)
    assert (v.therapist_id, v.room_id, v.client_id, v.clash_id) == WHOM[code]
    assert v.therapist == (p.therapist.name if v.therapist_id else "")
    assert v.room == (p.room.name if v.room_id else "")
    assert v.client == (p.client.name if v.client_id else "")
    for name in (v.therapist, v.room, v.client):
        assert name in v.message
    assert v.detail in v.message
    assert v.appointment_id is None  # a new booking


@pytest.mark.parametrize("code", sorted(_scenarios()))
def test_a_change_to_an_existing_visit_names_it_on_every_refusal(code):
    p, world = _scenarios()[code]
    moved = replace(p, replaces=99, original_start=p.start + timedelta(days=1))
    assert [v.appointment_id for v in check(moved, world)] == [99]


@pytest.mark.parametrize(("code", "detail"), [
    ("therapist-busy", "is busy 10:00-11:00 (Swedish 60 for Zoë Brontë)"),
    ("room-taken", "is taken 10:00-11:00 (Swedish 60 for Zoë Brontë)"),
    ("client-busy", "is already booked 10:00-11:00 for Swedish 60"),
    ("not-qualified", "is not qualified for Hot Stone 90"),
    ("therapist-break", "has a break 12:00-12:30"),
    ("inactive", "is out of use"),
])
def test_detail_is_the_message_without_the_name_at_its_head(code, detail):
    p, world = _scenarios()[code]
    v = only(check(p, world), code)
    assert v.detail == detail
    head = {"therapist": v.therapist, "room": f"room {v.room}", "client": v.client}[v.field]
    assert v.message == f"{head} {detail}"


@pytest.mark.parametrize("code", ["room-feature", "therapist-hours", "clinic-closed"])
def test_detail_is_the_whole_message_when_no_name_leads_it(code):
    p, world = _scenarios()[code]
    v = only(check(p, world), code)
    assert v.detail == v.message
