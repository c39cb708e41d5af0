"""The book's invariants as plain rules: which pairs of visits hold one room or therapist."""

from __future__ import annotations

from datetime import UTC, datetime

from frontdesk.domain.invariants import Held, clashes


def _at(hour: float) -> datetime:
    return datetime(2026, 10, 5, int(hour), int(hour % 1 * 60), tzinfo=UTC)


def _h(id_: int, resource: int, start: float, until: float, reason: str = "") -> Held:
    return Held(id_, resource, _at(start), _at(until), reason)


def _pairs(held, **kw) -> set[tuple[int, int]]:
    ordered = sorted(held, key=lambda h: (h.resource_id, h.start, h.id))
    return {(a.id, b.id) for a, b in clashes(ordered, **kw)}


def test_overlapping_visits_on_one_resource_clash_touching_ones_do_not():
    held = [_h(1, 1, 9, 10), _h(2, 1, 10, 11), _h(3, 1, 10.5, 12), _h(4, 2, 10.5, 12)]
    assert _pairs(held, reason_excuses=False) == {(2, 3)}


def test_a_long_visit_clashes_with_each_it_covers():
    held = [_h(1, 1, 9, 13), _h(2, 1, 9.5, 10), _h(3, 1, 11, 12)]
    assert _pairs(held, reason_excuses=False) == {(1, 2), (1, 3)}


def test_a_recorded_reason_on_either_visit_excuses_a_therapist_not_a_room():
    held = [_h(1, 1, 9, 10, "walk-in squeezed"), _h(2, 1, 9.5, 10.5), _h(3, 1, 10.25, 11)]
    assert _pairs(held, reason_excuses=True) == {(2, 3)}
    assert _pairs(held, reason_excuses=False) == {(1, 2), (2, 3)}


def test_the_visits_of_one_party_share_a_room_and_nobody_else_does():
    pair = [Held(1, 1, _at(9), _at(10), party=7), Held(2, 1, _at(9), _at(10), party=7)]
    stranger = Held(3, 1, _at(9.5), _at(10.5))
    other_party = Held(4, 1, _at(9.75), _at(10.75), party=8)
    held = [*pair, stranger, other_party]
    assert _pairs(held, reason_excuses=False, parties_share=True) == {
        (1, 3), (2, 3), (1, 4), (2, 4), (3, 4)}
    assert (1, 2) in _pairs(held, reason_excuses=False)  # a therapist is never shared so
