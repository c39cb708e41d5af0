"""The editor's therapist and room lists: suitable ones first, reasons from the rules.

Against the standard test clinic (tests/helpers.py) on Monday 2026-10-05: Ana works
09:00-17:00 (break 12:00-12:30), Ben 10:00-18:00 and only Deep Tissue / Swedish; Willow is the
hot-stone room; Cleo and Birch are inactive.
"""

from __future__ import annotations

import pytest

from frontdesk.domain.errors import BadInput, Refused
from frontdesk.services.booking import BookingRequest
from frontdesk.services.catalog import load_catalog
from frontdesk.services.suitability import Ranking, rank
from tests.helpers import NOW, local

DAY = "2026-10-05"


@pytest.fixture
def ranked(db, clinic):
    """``ranked("Swedish 60", "10:00")``: the ranking as the editor would ask for it."""
    def do(service: str, hm: str, minutes: int | None = None, **kw) -> Ranking:
        with db.read() as session:
            catalog = load_catalog(session)
            service_id = clinic[service]
            return rank(session, catalog, service_id=service_id, start=local(f"{DAY} {hm}"),
                        minutes=minutes or catalog.services[service_id].minutes, now=NOW, **kw)
    return do


def names(choices) -> list[tuple[str, bool]]:
    return [(c.name, c.ok) for c in choices]


def test_free_and_qualified_are_ok_and_inactive_are_left_out(ranked):
    r = ranked("Swedish 60", "10:00")
    assert names(r.therapists) == [("Ana", True), ("Ben", True)]
    assert names(r.rooms) == [("Cedar", True), ("Willow", True)]
    assert all(c.reason == "" for c in [*r.therapists, *r.rooms])


def test_busy_therapist_and_taken_room_come_last_with_the_rules_reason(book, ranked):
    book(f"{DAY} 10:00")
    r = ranked("Swedish 60", "10:30")
    assert names(r.therapists) == [("Ben", True), ("Ana", False)]
    ana = r.therapists[1]
    assert ana.reason == "Ana is busy 10:00-11:00 (Swedish 60 for José Núñez)"
    assert ana.overridable  # a therapist double-booking is a soft rule
    assert names(r.rooms) == [("Willow", True), ("Cedar", False)]
    assert r.rooms[1].reason.startswith("room Cedar is taken 10:00-11:00")
    assert not r.rooms[1].overridable


def test_hot_stone_needs_the_hot_stone_room_and_a_qualified_therapist(ranked):
    r = ranked("Hot Stone 90", "14:00")
    assert names(r.rooms) == [("Willow", True), ("Cedar", False)]
    assert r.rooms[1].reason == "Hot Stone 90 needs a hot stone room; Cedar is not one"
    assert names(r.therapists) == [("Ana", True), ("Ben", False)]
    assert r.therapists[1].reason == "Ben is not qualified for Hot Stone 90"


def test_hours_and_length_count(ranked):
    r = ranked("Swedish 60", "09:00")
    assert names(r.therapists) == [("Ana", True), ("Ben", False)]
    assert "outside Ben's hours" in r.therapists[1].reason
    # Ana's 12:00 break only matters once the visit is long enough to reach it.
    assert names(ranked("Swedish 60", "11:00", 60).therapists)[0] == ("Ana", True)
    assert ("Ana", False) in names(ranked("Swedish 60", "11:00", 90).therapists)


def test_an_edited_appointment_does_not_clash_with_itself(book, ranked):
    appt = book(f"{DAY} 10:00")
    r = ranked("Swedish 60", "10:30", replaces=appt.id)
    assert ("Ana", True) in names(r.therapists)
    assert ("Cedar", True) in names(r.rooms)


def test_the_engine_agrees_with_every_choice(bookings, clinic, book, ranked):
    """What the list calls suitable books; what it does not is refused with that reason."""
    book(f"{DAY} 10:00")
    r = ranked("Deep Tissue 60", "10:30")
    room = next(c for c in r.rooms if c.ok)
    for t in r.therapists:
        request = BookingRequest(service_id=clinic["Deep Tissue 60"],
                                 start=local(f"{DAY} 10:30"), therapist_id=t.id,
                                 room_id=room.id)
        if t.ok:
            assert bookings.book(request).therapist == t.name
        else:
            with pytest.raises(Refused) as refused:
                bookings.book(request)
            assert t.reason in [v.message for v in refused.value.violations
                                if v.field == "therapist"]


def test_unknown_service_is_bad_input(db, clinic):
    with db.read() as session, pytest.raises(BadInput) as bad:
        rank(session, load_catalog(session), service_id=999, start=local(f"{DAY} 10:00"),
             minutes=60, now=NOW)
    assert bad.value.field == "service"
