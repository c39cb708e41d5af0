"""Couples (and group) sessions: the rules of a party as a whole.

A party is a couples service's visits booked together: the same service, start, end and
room, each with a therapist and a client of its own. Each visit is an ordinary proposal,
judged by :func:`frontdesk.domain.rules.check` as any visit (the therapist's and the
client's clashes, hours, qualification, soft overrides); the rules' room check lets the
partners share their room, up to its capacity, and nobody else in. What only the party as
a whole can break is here: one rule each, asked by the booking engine alongside ``check``,
so a pair is never booked, moved or changed half.

Which changes go to the whole party and which to one visit is the domain's too
(:data:`TOGETHER`, :func:`together`): a party moves, is resized, changes room, is
cancelled and comes back together; each client arrives, is seen and may miss the visit on
their own, and each visit's therapist or client is changed alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from frontdesk.domain.errors import Violation
from frontdesk.domain.rules import Proposal, ServiceInfo
from frontdesk.domain.status import CANCELLATIONS, Status

#: The parts of a visit (domain.status.PARTS) a change gives the whole party at once.
TOGETHER = frozenset({"start", "minutes", "room"})
#: Parts a party's visit cannot change alone, nor the party together (another service is a
#: booking of its own: cancel the party and book again).
FIXED = frozenset({"service"})


def together(status: Status, current: Status, partner: Status) -> bool:
    """Whether giving a party's visit ``status`` (from ``current``) gives it to a partner
    whose status is ``partner`` too: a cancellation goes to every partner still holding the
    time, and the way back from one to the partners cancelled alike. Every other step is
    the visit's own."""
    if status in CANCELLATIONS:
        return partner.occupies_time
    if status.occupies_time and not current.occupies_time:
        return partner == current
    return False


def alone(service: ServiceInfo, party_id: int | None,
          appointment_id: int | None = None) -> list[Violation]:
    """A couples service's visit proposed on its own (not as one of a party): refused, so a
    couples room never holds half a booking (a series, an import, another service given to
    one visit)."""
    if service.party_size < 2 or party_id is not None:
        return []
    return [Violation("party-size", "service",
                      f"{service.name} is for {service.party_size} clients together: "
                      "book it with the second client (or a guest)",
                      appointment_id=appointment_id)]


def check_party(members: Sequence[Proposal]) -> list[Violation]:
    """Every rule the party of ``members`` breaks as a whole (each member is checked by
    ``rules.check`` besides); empty when it may stand. All are hard: a couples visit with
    one therapist for two clients, or half in another room, is not a couples visit."""
    if not members:
        return []
    first = members[0]
    service, size = first.service, first.service.party_size
    out: list[Violation] = []
    if size < 2:
        out.append(Violation("not-couples", "service",
                             f"{service.name} is not a couples service"))
    elif len(members) != size:
        out.append(Violation("party-size", "client",
                             f"{service.name} is for {size} clients together; "
                             f"{len(members)} given"))
    for p in members[1:]:
        if (p.start, p.end, p.room.id, p.service.id) != (first.start, first.end,
                                                          first.room.id, service.id):
            out.append(Violation("party-apart", "start",
                                 f"the visits of a {service.name} are at one time in one room",
                                 appointment_id=p.replaces))
            break
    seen: dict[int, Proposal] = {}
    for p in members:
        other = seen.setdefault(p.therapist.id, p)
        if other is not p:
            out.append(Violation(
                "party-therapist", "therapist",
                f"{p.therapist.name} cannot see two clients of one {service.name} at once; "
                "each client needs a therapist of their own", appointment_id=p.replaces,
                therapist_id=p.therapist.id, therapist=p.therapist.name))
    named: dict[int, Proposal] = {}
    for p in members:
        if p.client is not None and named.setdefault(p.client.id, p) is not p:
            out.append(Violation(
                "party-client", "client",
                f"{p.client.name} is booked twice in one {service.name}; the partner is "
                "another client (or left unnamed)", appointment_id=p.replaces,
                client_id=p.client.id, client=p.client.name))
    return out
