"""The one clash test: half-open holds with the therapist's rest and the room's turnover.

Properties are checked against the plainest possible reading of a clash: some whole minute
that both visits hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.domain.clash import (
    CLIENT,
    ROOM,
    THERAPIST,
    Timeline,
    clashes,
    first_clash,
    holds_clash,
    overlaps,
    until,
)

BASE = datetime(2026, 10, 5, 8, 0, tzinfo=UTC)


def t(minute: int) -> datetime:
    return BASE + timedelta(minutes=minute)


@dataclass(frozen=True)
class Visit:
    id: int
    start: datetime
    end: datetime
    therapist_until: datetime
    room_until: datetime


def visit(id: int, start: int, length: int, rest: int = 0, turnover: int = 0) -> Visit:
    return Visit(id, t(start), t(start + length), t(start + length + rest),
                 t(start + length + turnover))


def minutes_held(start: int, until: int) -> set[int]:
    """The whole minutes [start, until) holds: the explicit reading of a half-open span."""
    return set(range(start, until))


#: Spans of whole minutes, never empty: every hold lasts at least as long as its visit, and a
#: visit that does not end after it starts is refused by the length rule before any clash.
spans = st.tuples(st.integers(0, 600), st.integers(1, 300)).map(lambda p: (p[0], p[0] + p[1]))
visits = st.builds(visit, st.integers(1, 10_000), st.integers(0, 600), st.integers(1, 240),
                   st.integers(0, 60), st.integers(0, 60))
kinds = st.sampled_from([THERAPIST, ROOM, CLIENT])


# -- overlaps -----------------------------------------------------------------------------


@given(spans, spans)
def test_overlaps_is_symmetric(a, b):
    assert overlaps(t(a[0]), t(a[1]), t(b[0]), t(b[1])) == overlaps(
        t(b[0]), t(b[1]), t(a[0]), t(a[1]))


@given(spans, spans)
def test_overlaps_agrees_with_a_minute_by_minute_check(a, b):
    shared = minutes_held(*a) & minutes_held(*b)
    assert overlaps(t(a[0]), t(a[1]), t(b[0]), t(b[1])) == bool(shared)


def test_touching_spans_do_not_overlap():
    assert not overlaps(t(0), t(60), t(60), t(120))
    assert not overlaps(t(60), t(120), t(0), t(60))
    assert overlaps(t(0), t(61), t(60), t(120))


# -- holds with buffers -------------------------------------------------------------------


def test_each_kind_is_held_until_its_own_buffer_ends():
    v = visit(1, 60, 60, rest=15, turnover=10)
    assert (until(v, CLIENT), until(v, THERAPIST), until(v, ROOM)) == (t(120), t(135), t(130))


@given(visits, visits, kinds)
def test_holds_clash_is_symmetric(a, b, kind):
    assert holds_clash(a, b, kind) == holds_clash(b, a, kind)


@given(visits, visits, kinds)
def test_holds_clash_agrees_with_minutes_held_buffers_included(a, b, kind):
    def held(v: Visit) -> set[int]:
        return minutes_held(int((v.start - BASE) / timedelta(minutes=1)),
                            int((until(v, kind) - BASE) / timedelta(minutes=1)))
    assert holds_clash(a, b, kind) == bool(held(a) & held(b))


def test_room_turnover_blocks_the_next_visit_until_it_is_over():
    deep = visit(1, 60, 60, rest=15, turnover=10)  # 09:00-10:00, room until 10:10
    assert holds_clash(deep, visit(2, 125, 30), ROOM)
    assert not holds_clash(deep, visit(2, 130, 30), ROOM)
    assert not holds_clash(deep, visit(2, 120, 30), CLIENT)  # a client needs no buffer


def test_therapist_rest_blocks_the_next_visit_until_it_is_over():
    deep = visit(1, 60, 60, rest=15, turnover=10)  # therapist rests until 10:15
    assert holds_clash(deep, visit(2, 130, 30), THERAPIST)
    assert not holds_clash(deep, visit(2, 135, 30), THERAPIST)


# -- first_clash and clashes --------------------------------------------------------------


@given(st.lists(visits, max_size=8, unique_by=lambda v: v.id), visits, kinds)
def test_clashes_are_exactly_the_visits_whose_hold_overlaps(booked, p, kind):
    found = clashes(booked, kind, p.start, until(p, kind))
    assert found == [b for b in booked if holds_clash(p, b, kind)]
    first = first_clash(booked, kind, p.start, until(p, kind))
    assert first == (found[0] if found else None)


@given(st.lists(visits, min_size=1, max_size=8, unique_by=lambda v: v.id), kinds)
def test_the_visit_being_changed_never_clashes_with_itself(booked, kind):
    p = booked[0]
    found = clashes(booked, kind, p.start, until(p, kind), ignore=p.id)
    assert p not in found
    assert found == [b for b in booked[1:] if holds_clash(p, b, kind)]


# -- a timeline of claims -----------------------------------------------------------------


@given(st.lists(spans, max_size=30))
def test_a_timeline_claims_what_a_list_of_holds_would_accept(requests):
    line, held = Timeline(), []
    for a, b in requests:
        free = not any(overlaps(t(a), t(b), t(s), t(e)) for s, e in held)
        assert line.free(t(a), t(b)) == free
        assert line.claim(t(a), t(b)) == free
        if free:
            held.append((a, b))
    minutes = [m for s, e in held for m in range(s, e)]
    assert len(minutes) == len(set(minutes))  # nothing claimed twice


def test_a_timeline_accepts_back_to_back_claims():
    line = Timeline()
    assert line.claim(t(60), t(130))
    assert line.claim(t(130), t(200))
    assert line.claim(t(0), t(60))
    assert not line.claim(t(129), t(131))


@pytest.mark.parametrize("kind", [THERAPIST, ROOM, CLIENT])
def test_an_unknown_visit_id_is_ignored_harmlessly(kind):
    v = visit(1, 0, 60)
    assert first_clash([v], kind, t(30), t(90), ignore=99) is v
